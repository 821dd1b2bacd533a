/**
 * Token → position: an open-addressing hash table over the tokens' own strings, in one typed
 * array. Loading a 200,000-token model spends more on a Map's growth and hashing than on parsing
 * the file; this table is sized once, and finds a key given as a slice of a text without making
 * the string (the keys of weights.json, read straight from the file).
 *
 * The hash is seeded afresh for every index, so that no file can aim its tokens at one slot: a
 * vocabulary crafted to collide under a fixed hash would make every insertion walk all the
 * tokens before it, and a load quadratic in its size.
 */
export class TokenIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** `seed` is fresh unless a reader that hashed the tokens as it read them (see hashStep) gives its own. */
  constructor(
    private readonly tokens: readonly string[],
    private readonly seed = freshSeed(),
  ) {
    let size = 8;
    while (size < tokens.length * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /**
   * Adds the token at `position`; returns the position of an equal token already in, or -1. `hash`
   * is its hashOf under this seed, where the caller has it already.
   */
  insert(position: number, hash = hashOf(this.tokens[position], 0, this.tokens[position].length, this.seed)): number {
    const token = this.tokens[position];
    let slot = hash & this.mask;
    for (let held = this.slots[slot]; held !== -1; held = this.slots[slot]) {
      if (this.tokens[held] === token) return held;
      slot = (slot + 1) & this.mask;
    }
    this.slots[slot] = position;
    return -1;
  }

  get(token: string): number | undefined {
    return this.find(token, 0, token.length);
  }

  /** The position of the token spelled by text[start, end), if there is one. */
  find(text: string, start: number, end: number): number | undefined {
    const position = this.probe(text, start, end, hashOf(text, start, end, this.seed) & this.mask);
    return position === -1 ? undefined : position;
  }

  /**
   * find for many keys at once: for each i of `keys`, the position of text[starts[i], ends[i]) goes
   * to positions[i], or -1. Keys in a random order miss the caches at every step (the slot, the
   * token it holds, that token's characters), and one key at a time waits for each miss in turn;
   * a group's keys go through each step side by side, so that the processor overlaps their misses.
   * `hashes`, where given, are the keys' hashOf under this index's seed.
   */
  findAll(
    text: string,
    starts: Int32Array,
    ends: Int32Array,
    keys: Int32Array,
    positions: Int32Array,
    hashes?: Int32Array,
  ): void {
    const { slots, tokens, mask, seed } = this;
    const slot = new Int32Array(GROUP);
    const held = new Int32Array(GROUP);
    const length = new Int32Array(GROUP);
    for (let group = 0; group < keys.length; group += GROUP) {
      const size = Math.min(GROUP, keys.length - group);
      for (let k = 0; k < size; k++) {
        const i = keys[group + k];
        slot[k] = (hashes ? hashes[i] : hashOf(text, starts[i], ends[i], seed)) & mask;
      }
      for (let k = 0; k < size; k++) held[k] = slots[slot[k]];
      for (let k = 0; k < size; k++) length[k] = held[k] === -1 ? -1 : tokens[held[k]].length;
      for (let k = 0; k < size; k++) {
        const i = keys[group + k];
        const start = starts[i];
        const end = ends[i];
        // Most keys are the first token of their slot; the others probe on.
        const first = length[k] === end - start && text.startsWith(tokens[held[k]], start);
        positions[i] = first ? held[k] : this.probe(text, start, end, slot[k]);
      }
    }
  }

  /** The position of the token spelled by text[start, end), probing from `slot`, or -1. */
  private probe(text: string, start: number, end: number, from: number): number {
    const length = end - start;
    for (let slot = from, held = this.slots[slot]; held !== -1; held = this.slots[slot]) {
      const token = this.tokens[held];
      if (token.length === length && text.startsWith(token, start)) return held;
      slot = (slot + 1) & this.mask;
    }
    return -1;
  }
}

/** Keys looked up side by side in findAll. */
const GROUP = 64;

/**
 * FNV-1a over the UTF-16 code units of text[start, end), from a seeded start, then murmur3's
 * finaliser: FNV's low bits depend only on the characters' low bits, which a file could aim at;
 * the finaliser makes every bit of the slot depend on every bit of the seed and the text.
 */
export function hashOf(text: string, start: number, end: number, seed: number): number {
  let hash = hashStart(seed);
  for (let i = start; i < end; i++) hash = hashStep(hash, text.charCodeAt(i));
  return hashEnd(hash);
}

/** A seed no file can know in advance. */
export const freshSeed = (): number => (Math.random() * 2 ** 32) >>> 0;

/** hashOf in steps, for a reader that hashes a token's code units as it reads them. */
export const hashStart = (seed: number): number => 0x811c9dc5 ^ seed;
export const hashStep = (hash: number, code: number): number => Math.imul(hash ^ code, 0x01000193);
export function hashEnd(state: number): number {
  let hash = state;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
