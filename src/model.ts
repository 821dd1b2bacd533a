import { type Entries, entriesOf, readVocabulary, readWeights, type Spans } from './entries.js';
import { dataError, printable, quote, shown, UNSAFE } from './errors.js';
import { parseJson } from './json.js';
import { freshSeed, TokenIndex } from './token-index.js';

/**
 * The post's model: a vocabulary (token → id) and the weights of f1 (one per context position)
 * and f2 (one per token). Everything per token is held in canonical order: ascending id.
 */
export interface Model {
  /** Tokens in canonical order. */
  readonly tokens: readonly string[];
  /** Ids in canonical order (ascending). */
  readonly ids: readonly number[];
  /** f1's weights, one per context position; its length is the context size C. */
  readonly f1: readonly number[];
  /** f2's weights in canonical order. */
  readonly f2: Float64Array;
  /** A token's position in canonical order, or undefined; `__proto__` is an ordinary token. */
  positionOf(token: string): number | undefined;
  /** Token → its position in canonical order, as a Map (made on first use). */
  readonly positions: ReadonlyMap<string, number>;
}

/** The model as loaded: the index finds tokens; a Map of them is made only if asked for. */
class LoadedModel implements Model {
  constructor(
    readonly tokens: readonly string[],
    readonly ids: readonly number[],
    readonly f1: readonly number[],
    readonly f2: Float64Array,
    private readonly index: Pick<TokenIndex, 'get'>,
  ) {}

  positionOf(token: string): number | undefined {
    return this.index.get(token);
  }

  get positions(): ReadonlyMap<string, number> {
    let map = maps.get(this);
    if (map === undefined) {
      map = new Map(this.tokens.map((token, position) => [token, position]));
      maps.set(this, map);
    }
    return map;
  }
}

const maps = new WeakMap<LoadedModel, Map<string, number>>();

export interface ModelPaths {
  readonly vocab: string;
  readonly weights: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Tokens with no whitespace, no control character, no soft hyphen (the one invisible character
 * below U+0300) and no character from U+0300 up (where combining marks, every character NFC can
 * change, and the other invisible ones begin) need no further check: the fast path for most
 * vocabularies.
 */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the range starts at the combining marks on purpose.
const PLAIN = /^[^\s\p{Cc}\u00ad\u0300-\u{10ffff}]+$/u;
const WHITESPACE = /\s/u;
/** A mark first would join the text before the token, as a combining accent joins its letter. */
const JOINING = /^\p{M}/u;

/** Validates parsed vocab.json and weights.json and builds the model in canonical order. */
export function modelFromJson(vocab: unknown, weights: unknown, paths: ModelPaths): Model {
  const sources = { vocab: printable(paths.vocab), weights: printable(paths.weights) };
  const entries = vocabularyEntries(vocab, sources.vocab);
  return modelFromEntries(entries, weightsEntries(weights, sources.weights), sources, freshSeed());
}

/** The model from the texts of vocab.json and weights.json, as read from files or embedded in a page. */
export function modelFromTexts(vocabText: string, weightsText: string, paths: ModelPaths): Model {
  const sources = { vocab: printable(paths.vocab), weights: printable(paths.weights) };
  // The fast readers take the entries straight from the text, their keys hashed under the index's
  // seed; JSON.parse decides whatever they leave, the vocabulary first, for its error to come first.
  // weights.json is read first: its fractions take the reader's every path, and the vocabulary's
  // ids then run in code the JIT has already optimised (a tenth less time for both, measured).
  const seed = freshSeed();
  const fast = readWeights(weightsText, seed);
  const vocab =
    readVocabulary(vocabText, seed) ?? vocabularyEntries(parseJson(vocabText, sources.vocab), sources.vocab);
  const weights = fast ?? weightsEntries(parseJson(weightsText, sources.weights), sources.weights);
  return modelFromEntries(vocab, weights, sources, seed);
}

/**
 * Builds the model from the files' entries, however they were read; `sources` are printable, and
 * `seed` is the one the entries' hashes, where they have them, were taken under.
 */
function modelFromEntries(vocab: Entries, weights: WeightEntries, sources: ModelPaths, seed: number): Model {
  const checked = vocabulary(vocab, sources.vocab, seed);
  const { f1, f2 } = weightsFor(weights, checked, sources.weights);
  return new LoadedModel(checked.tokens, checked.ids, f1, f2, checked.index);
}

/**
 * A model over tokens already checked elsewhere, in canonical order (ids ascending): a capture's
 * vocabulary, whose real tokens hold spaces and newlines that a vocab.json may not.
 */
export function modelOfTokens(
  tokens: readonly string[],
  ids: readonly number[],
  f1: readonly number[],
  f2: Float64Array,
): Model {
  // Built on the first lookup: a capture's 128,256 tokens are looked up only by a bias or a breaker.
  let index: TokenIndex | undefined;
  const built = (): TokenIndex => {
    if (index === undefined) {
      index = new TokenIndex(tokens);
      for (let p = 0; p < tokens.length; p++) index.insert(p);
    }
    return index;
  };
  return new LoadedModel(tokens, ids, f1, f2, { get: (token) => built().get(token) });
}

export interface WeightEntries {
  readonly f1: unknown[];
  readonly f2: Entries | Spans;
}

export function vocabularyEntries(vocab: unknown, source: string): Entries {
  if (!isPlainObject(vocab)) {
    throw dataError((m) => m.vocabNotObject(source));
  }
  return entriesOf(vocab);
}

export function weightsEntries(weights: unknown, source: string): WeightEntries {
  if (!isPlainObject(weights) || !Array.isArray(weights.f1) || !isPlainObject(weights.f2)) {
    throw dataError((m) => m.weightsShape(source));
  }
  return { f1: weights.f1, f2: entriesOf(weights.f2) };
}

/** The vocabulary in canonical order, with the file's own order kept to read f2 by. */
interface Vocabulary {
  readonly tokens: string[];
  readonly ids: number[];
  readonly index: TokenIndex;
  /** The tokens as the file spells them, in the file's order. */
  readonly raw: string[];
  /** The canonical position of the file's i-th token. */
  readonly positionOfRaw: Int32Array;
}

function vocabulary({ keys: raw, values, plain, hashes }: Entries, source: string, seed: number): Vocabulary {
  const n = raw.length;
  const { bad, min, max } = idRange(values);
  // The file's errors in its order: a token before the first bad id fails first.
  const normalised = plain ? raw : checkedTokens(raw, bad === -1 ? n : bad, source);
  if (bad !== -1) throw idError(raw[bad], values[bad], source);
  if (n === 0) throw dataError((m) => m.vocabEmpty(source));
  const fileIds = values as ArrayLike<number>;
  // Ids that fill a range, as a tokenizer's do in any order, place each token at its id less the
  // least, in the pass below. Other ids are sorted.
  const sorted = max - min + 1 === n ? undefined : sparse(fileIds, raw, source);
  const tokens = new Array<string>(n);
  const ids = new Array<number>(n);
  const positionOfRaw = sorted ?? new Int32Array(n);
  const index = new TokenIndex(tokens, seed);
  const placing = { fileIds, min, sorted, normalised, raw, hashes, tokens, ids, positionOfRaw, index };
  const conflict = placeAll(placing);
  if (conflict !== -1) throw conflictAt(placing, conflict, source);
  return { tokens, ids, index, raw, positionOfRaw };
}

/**
 * The least and greatest of the ids, and the first entry whose id is not a safe integer of at
 * least 0 (`bad`), or -1. One loop and a return: code after a loop that the JIT compiled while it
 * ran has never run, and reaching it throws the compiled code away (see entries.ts).
 */
function idRange(values: ArrayLike<unknown>): { bad: number; min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const id = values[i];
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return { bad: i, min, max };
    if (id < min) min = id;
    if (id > max) max = id;
  }
  return { bad: -1, min, max };
}

function idError(token: string, id: unknown, source: string): Error {
  // 1e400 reads as Infinity: say it overflowed, not that it is Infinity.
  if (id === Number.POSITIVE_INFINITY || id === Number.NEGATIVE_INFINITY) {
    return dataError((m) => m.idOverflow(source, quote(token), id));
  }
  return dataError((m) => m.idInvalid(source, quote(token), shown(id)));
}

/** The first `end` tokens checked, the others as they are: the file's own strings where they are plain, a copy made for one that is not. */
function checkedTokens(raw: string[], end: number, source: string): string[] {
  let normalised = raw;
  for (let i = 0; i < end; i++) {
    if (PLAIN.test(raw[i])) continue;
    if (normalised === raw) normalised = raw.slice();
    normalised[i] = checkedToken(raw[i], source);
  }
  return normalised;
}

/** What placeAll reads and fills. */
interface Placing {
  readonly fileIds: ArrayLike<number>;
  readonly min: number;
  readonly sorted: Int32Array | undefined;
  readonly normalised: string[];
  readonly raw: string[];
  readonly hashes: Int32Array | undefined;
  readonly tokens: string[];
  readonly ids: number[];
  readonly positionOfRaw: Int32Array;
  readonly index: TokenIndex;
}

/**
 * Places each token at its canonical position and into the index, in the file's order, where its
 * strings lie side by side in memory; canonical order would read them at random, as a wide
 * vocabulary's shuffled ids scatter them. Returns the first entry whose id or token is taken
 * already, or -1. One loop and a return (see idRange).
 */
function placeAll({
  fileIds,
  min,
  sorted,
  normalised,
  raw,
  hashes,
  tokens,
  ids,
  positionOfRaw,
  index,
}: Placing): number {
  for (let i = 0; i < fileIds.length; i++) {
    const p = sorted === undefined ? fileIds[i] - min : sorted[i];
    positionOfRaw[i] = p;
    if (tokens[p] !== undefined) return i;
    tokens[p] = normalised[i];
    ids[p] = fileIds[i];
    // A token's hash as the reader took it, unless NFC changed the token.
    if (index.insert(p, hashes !== undefined && normalised[i] === raw[i] ? hashes[i] : undefined) !== -1) return i;
  }
  return -1;
}

/** The error for the entry placeAll stopped at, named in the file's order, as the author wrote it. */
function conflictAt({ fileIds, raw, normalised, positionOfRaw, index }: Placing, i: number, source: string): Error {
  const p = positionOfRaw[i];
  const first = positionOfRaw.indexOf(p);
  // Two tokens share an id, as only a range with a gap elsewhere allows.
  if (first !== i) return idShared(source, raw[first], raw[i], fileIds[i]);
  const earlier = positionOfRaw.indexOf(index.get(normalised[i]) as number);
  if (raw[earlier] === raw[i]) return duplicateKey(source, raw[i]);
  return dataError((m) => m.sameAfterNfc(source, quote(raw[earlier]), quote(raw[i])));
}

/** The canonical position of each of the file's ids, sorted; two tokens with one id are named. */
function sparse(ids: ArrayLike<number>, raw: string[], source: string): Int32Array {
  const order = Int32Array.from({ length: ids.length }, (_, i) => i).sort((a, b) => ids[a] - ids[b] || a - b);
  const positions = new Int32Array(ids.length);
  for (let p = 0; p < order.length; p++) {
    if (p > 0 && ids[order[p]] === ids[order[p - 1]])
      throw idShared(source, raw[order[p - 1]], raw[order[p]], ids[order[p]]);
    positions[order[p]] = p;
  }
  return positions;
}

/** The code point a text starts with, as U+XXXX. */
const codePointOf = (text: string): string => `U+${text.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;

/** A token that is not plain: NFC-normalised, and checked for emptiness, invisible characters, whitespace and a mark first. */
function checkedToken(raw: string, source: string): string {
  const token = raw.normalize('NFC');
  if (token === '') throw dataError((m) => m.tokenEmpty(source));
  const unsafe = token.match(UNSAFE)?.[0];
  if (unsafe !== undefined) throw dataError((m) => m.tokenUnsafe(source, quote(raw), codePointOf(unsafe)));
  if (WHITESPACE.test(token)) {
    throw dataError((m) => m.tokenWhitespace(source, quote(raw)));
  }
  if (JOINING.test(token)) {
    throw dataError((m) => m.tokenJoins(source, quote(raw), codePointOf(token)));
  }
  return token;
}

const duplicateKey = (source: string, key: string): Error => dataError((m) => m.duplicateKey(source, quote(key)));

/** Two of the file's keys with one id: the same key given twice, or two tokens sharing the id. */
function idShared(source: string, first: string, second: string, id: number): Error {
  if (first === second) return duplicateKey(source, second);
  const [a, b] = [quote(first), quote(second)];
  return dataError((m) => m.sharedId(source, a, b, id));
}

/** A weight, checked; `where` names it. */
function finiteWeight(value: unknown, source: string, where: string): number {
  if (typeof value !== 'number') {
    throw dataError((m) => m.weightNotNumber(source, where, shown(value)));
  }
  if (!Number.isFinite(value)) {
    throw dataError((m) => m.weightOverflow(source, where, value));
  }
  return value;
}

function weightsFor(
  { f1: given1, f2: entries }: WeightEntries,
  vocabulary: Vocabulary,
  source: string,
): {
  f1: number[];
  f2: Float64Array;
} {
  if (given1.length === 0) throw dataError((m) => m.f1Empty(source));
  // Array.from visits a hole of a sparse array, which map skips: a hole is a missing weight.
  const f1 = Array.from(given1, (w, i) => finiteWeight(w, source, `f1[${i}]`));
  const { tokens, index, raw, positionOfRaw } = vocabulary;
  const keyAt = (i: number): string => {
    if (!('text' in entries)) return entries.keys[i];
    const { text, starts, ends } = entries;
    return text.slice(starts[i], ends[i]);
  };
  const { values } = entries;
  // Each key's canonical position, or -1 where it is not the vocabulary's token as spelled.
  const found = new Int32Array(values.length);
  if ('text' in entries) {
    // f2 usually lists the tokens in the vocabulary's own order: then no lookup is needed. Keys read
    // as spans of the file are found without making their strings, all together (findAll).
    const { text, starts, ends, hashes } = entries;
    const others = new Int32Array(values.length);
    const count = inOrder(entries, raw, positionOfRaw, found, others);
    index.findAll(text, starts, ends, others.subarray(0, count), found, hashes);
  } else {
    foundByKey(entries.keys, raw, positionOfRaw, index, found);
  }
  const f2 = new Float64Array(tokens.length);
  const given = new Int32Array(tokens.length).fill(-1);
  // The entries placed plainly stop at one that is not: a key to find after NFC, or an error.
  for (let i = placed(found, values, f2, given, 0); i !== -1; i = placed(found, values, f2, given, i + 1)) {
    const position = found[i] === -1 ? index.get(keyAt(i).normalize('NFC')) : found[i];
    if (position === undefined) {
      const token = quote(keyAt(i));
      throw dataError((m) => m.f2Unknown(source, token));
    }
    if (given[position] !== -1) {
      if (keyAt(given[position]) === keyAt(i)) throw duplicateKey(source, keyAt(i));
      const token = quote(keyAt(i));
      throw dataError((m) => m.f2Twice(source, token));
    }
    given[position] = i;
    f2[position] = finiteWeight(values[i], source, `f2[${quote(keyAt(i))}]`);
  }
  const missing = given.indexOf(-1);
  if (missing !== -1) {
    throw dataError((m) => m.f2Missing(source, quote(tokens[missing])));
  }
  return { f1, f2 };
}

/**
 * Where f2's i-th key is the vocabulary's i-th token, spelled alike, its position goes to
 * found[i]; the other keys are listed in `others`, and their count returned. One loop and a
 * return (see idRange).
 */
function inOrder(
  { text, starts, ends }: Spans,
  raw: readonly string[],
  positionOfRaw: Int32Array,
  found: Int32Array,
  others: Int32Array,
): number {
  let count = 0;
  for (let i = 0; i < found.length; i++) {
    const start = starts[i];
    const same = raw[i] !== undefined && raw[i].length === ends[i] - start && text.startsWith(raw[i], start);
    found[i] = same ? positionOfRaw[i] : -1;
    if (!same) others[count++] = i;
  }
  return count;
}

/** found for keys given as strings: the position of each, or -1. */
function foundByKey(
  keys: readonly string[],
  raw: readonly string[],
  positionOfRaw: Int32Array,
  index: TokenIndex,
  found: Int32Array,
): void {
  for (let i = 0; i < keys.length; i++) found[i] = raw[i] === keys[i] ? positionOfRaw[i] : (index.get(keys[i]) ?? -1);
}

/**
 * f2's weights into their positions, from entry `from` on, as long as each entry has a position
 * found, not given before, and a finite weight: then -1, else the first entry that has not, for
 * the caller to look up after NFC or to name. One loop and a return (see idRange).
 */
function placed(
  found: Int32Array,
  values: ArrayLike<unknown>,
  f2: Float64Array,
  given: Int32Array,
  from: number,
): number {
  for (let i = from; i < found.length; i++) {
    const position = found[i];
    const weight = values[i];
    if (position === -1 || given[position] !== -1 || typeof weight !== 'number' || !Number.isFinite(weight)) return i;
    given[position] = i;
    f2[position] = weight;
  }
  return -1;
}
