/**
 * Token → position: an open-addressing hash table over the tokens' own strings, in one typed
 * array. Loading a 200,000-token model spends more on a Map's growth and hashing than on parsing
 * the file; this table is sized once, and finds a key given as a slice of a text without making
 * the string (the keys of weights.json, read straight from the file).
 */
export class TokenIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly tokens: readonly string[]) {
    let size = 8;
    while (size < tokens.length * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** Adds the token at `position`; returns the position of an equal token already in, or -1. */
  insert(position: number): number {
    const token = this.tokens[position];
    let slot = hashOf(token, 0, token.length) & this.mask;
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
    const length = end - start;
    // FNV-1a, inline: this runs once per key of f2, mostly before the JIT has compiled anything.
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    let slot = (hash >>> 0) & this.mask;
    for (let held = this.slots[slot]; held !== -1; held = this.slots[slot]) {
      const token = this.tokens[held];
      if (token.length === length && text.startsWith(token, start)) return held;
      slot = (slot + 1) & this.mask;
    }
    return undefined;
  }
}

/** FNV-1a over the UTF-16 code units of text[start, end). */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
