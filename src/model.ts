import { isUtf8 } from 'node:buffer';
import { readFileSync, type Stats, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dataError, inWords, printable, quote, SampleError, UNSAFE, usageError } from './errors.js';
import { parseJson } from './json.js';

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
  /** Token → its position in canonical order. A Map, so `__proto__` is an ordinary token. */
  readonly positions: ReadonlyMap<string, number>;
}

export interface ModelPaths {
  readonly vocab: string;
  readonly weights: string;
}

/** The model bundled with the package: found beside it, never in the current directory. */
export const bundledModelPaths: ModelPaths = {
  vocab: fileURLToPath(new URL('../vocab.json', import.meta.url)),
  weights: fileURLToPath(new URL('../weights.json', import.meta.url)),
};

export function loadModel(paths: ModelPaths = bundledModelPaths): Model {
  return modelFromJson(
    parseJson(readText(paths.vocab, 'vocabulary', '--vocab'), printable(paths.vocab)),
    parseJson(readText(paths.weights, 'weights', '--weights'), printable(paths.weights)),
    paths,
  );
}

/** Model files are refused past this size: a vocabulary of millions of tokens is far smaller. */
export const MAX_MODEL_BYTES = 256 * 1024 * 1024;

/**
 * A model file's text: a regular file of bounded size, in UTF-8. A device (/dev/zero), a FIFO or a
 * directory is refused before anything is read, so that no input can make the load hang or eat
 * memory.
 */
function readText(path: string, what: string, option: string): string {
  if (path === '') throw usageError(`${option} needs a file path, not an empty one`);
  const file = `the ${what} file ${printable(path)}`;
  const fix = `pass a readable JSON file with ${option}`;
  let bytes: Buffer;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw dataError(`${file} is ${kindOf(stats)}, not a regular file; ${fix}`);
    if (stats.size > MAX_MODEL_BYTES) {
      const size = (stats.size / 2 ** 20).toFixed(0);
      throw dataError(`${file} is ${size} MiB, over the limit of ${MAX_MODEL_BYTES / 2 ** 20} MiB; ${fix}`);
    }
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof SampleError) throw error;
    throw dataError(`cannot read ${file}: ${inWords(error)}; ${fix}`);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw dataError(`${file} is UTF-16 text; save it as UTF-8`);
  }
  if (!isUtf8(bytes) || bytes.includes(0)) {
    throw dataError(`${file} is not UTF-8 text (it looks binary); ${fix}`);
  }
  // Some editors begin a UTF-8 file with a byte-order mark, which JSON.parse refuses.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', start);
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Tokens with no whitespace, no control character and no character from U+0300 up (where
 * combining marks, every character NFC can change, and the invisible ones begin) need no further
 * check: the fast path for most vocabularies.
 */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the range starts at the combining marks on purpose.
const PLAIN = /^[^\s\p{Cc}\u0300-\u{10ffff}]+$/u;
const WHITESPACE = /\s/u;

/** Validates parsed vocab.json and weights.json and builds the model in canonical order. */
export function modelFromJson(vocab: unknown, weights: unknown, sources: ModelPaths): Model {
  const checked = vocabulary(vocab, printable(sources.vocab));
  const { f1, f2 } = weightsFor(weights, checked, printable(sources.weights));
  return { tokens: checked.tokens, ids: checked.ids, f1, f2, positions: checked.positions };
}

/** The vocabulary in canonical order, with the file's own order kept to read f2 by. */
interface Vocabulary {
  readonly tokens: string[];
  readonly ids: number[];
  readonly positions: Map<string, number>;
  /** The tokens as the file spells them, in the file's order. */
  readonly raw: string[];
  /** The canonical position of the file's i-th token. */
  readonly positionOfRaw: Int32Array;
}

function vocabulary(vocab: unknown, source: string): Vocabulary {
  if (!isPlainObject(vocab)) {
    throw dataError(`${source}: the vocabulary must be a JSON object mapping each token to its id, like {"azul": 227}`);
  }
  const raw: string[] = [];
  const normalised: string[] = [];
  const fileIds: number[] = [];
  // for…in rather than Object.entries: five times faster on a 200,000-key object, and JSON.parse
  // makes no inherited enumerable keys.
  for (const token in vocab) {
    const id = vocab[token];
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
      throw dataError(
        `${source}: the id of ${quote(token)} is ${JSON.stringify(id) ?? String(id)}; ids must be whole numbers ≥ 0`,
      );
    }
    raw.push(token);
    normalised.push(PLAIN.test(token) ? token : checkedToken(token, source));
    fileIds.push(id);
  }
  if (raw.length === 0) throw dataError(`${source}: the vocabulary is empty; it needs at least one token`);
  const order = ascendingOrder(fileIds);
  const tokens = order ? Array.from(order, (i) => normalised[i]) : normalised;
  const ids = order ? Array.from(order, (i) => fileIds[i]) : fileIds;
  const fileIndex = (p: number): number => (order ? order[p] : p);
  const positionOfRaw = new Int32Array(raw.length);
  const positions = new Map<string, number>();
  for (let p = 0; p < tokens.length; p++) {
    if (p > 0 && ids[p] === ids[p - 1]) {
      throw dataError(
        `${source}: tokens ${quote(raw[fileIndex(p - 1)])} and ${quote(raw[fileIndex(p)])} share the id ${ids[p]}; ids must be unique`,
      );
    }
    positions.set(tokens[p], p);
    if (positions.size === p) {
      // Named in the file's order, as the author wrote them.
      const [first, second] = [fileIndex(tokens.indexOf(tokens[p])), fileIndex(p)].sort((x, y) => x - y);
      throw dataError(
        `${source}: tokens ${quote(raw[first])} and ${quote(raw[second])} are the same after NFC normalisation; keep one`,
      );
    }
    positionOfRaw[fileIndex(p)] = p;
  }
  return { tokens, ids, positions, raw, positionOfRaw };
}

/** A token that is not plain: NFC-normalised, and checked for emptiness and whitespace. */
function checkedToken(raw: string, source: string): string {
  const token = raw.normalize('NFC');
  if (token === '') throw dataError(`${source}: a token is empty; every token needs at least one character`);
  const unsafe = token.match(UNSAFE)?.[0];
  if (unsafe !== undefined) {
    const code = `U+${unsafe.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
    throw dataError(
      `${source}: token ${quote(raw)} holds the invisible or control character ${code}; tokens must be visible text, so remove it`,
    );
  }
  if (WHITESPACE.test(token)) {
    throw dataError(
      `${source}: token ${quote(raw)} holds whitespace; phrases are split on whitespace, so it could never be typed`,
    );
  }
  return token;
}

/** File indices by ascending id; undefined when the file is in id order already, as most are. */
function ascendingOrder(ids: number[]): Int32Array | undefined {
  for (let i = 1; i < ids.length; i++) {
    if (ids[i - 1] > ids[i]) return Int32Array.from(ids.keys()).sort((a, b) => ids[a] - ids[b]);
  }
  return undefined;
}

/** A weight, checked; `where` names it, built only for an error. */
function finiteWeight(value: unknown, source: string, where: () => string): number {
  if (typeof value !== 'number') {
    throw dataError(`${source}: ${where()} is ${JSON.stringify(value)}; weights must be numbers`);
  }
  if (!Number.isFinite(value)) {
    throw dataError(`${source}: ${where()} is too large for a number (it overflows to ${value}); use a finite weight`);
  }
  return value;
}

function weightsFor(weights: unknown, vocabulary: Vocabulary, source: string): { f1: number[]; f2: Float64Array } {
  const shape = `the weights must be an object {"f1": [one weight per context position], "f2": {"token": weight, …}}`;
  if (!isPlainObject(weights) || !Array.isArray(weights.f1) || !isPlainObject(weights.f2)) {
    throw dataError(`${source}: ${shape}`);
  }
  if (weights.f1.length === 0) throw dataError(`${source}: f1 is empty; it needs one weight per context position`);
  const f1 = weights.f1.map((w, i) => finiteWeight(w, source, () => `f1[${i}]`));
  const { tokens, positions, raw, positionOfRaw } = vocabulary;
  const f2 = new Float64Array(tokens.length);
  const given = new Uint8Array(tokens.length);
  let index = 0;
  for (const token in weights.f2) {
    // f2 usually lists the tokens in the vocabulary's own order: then no lookup is needed.
    const position =
      raw[index] === token ? positionOfRaw[index] : (positions.get(token) ?? positions.get(token.normalize('NFC')));
    index++;
    if (position === undefined) {
      throw dataError(
        `${source}: f2 has a weight for ${quote(token)}, which the vocabulary lacks; remove it or add the token to the vocabulary`,
      );
    }
    if (given[position]) {
      throw dataError(`${source}: f2 names ${quote(token)} twice after NFC normalisation; keep one`);
    }
    given[position] = 1;
    f2[position] = finiteWeight(weights.f2[token], source, () => `f2[${quote(token)}]`);
  }
  const missing = given.indexOf(0);
  if (missing !== -1) {
    throw dataError(`${source}: f2 has no weight for ${quote(tokens[missing])}; it needs one weight per token`);
  }
  return { f1, f2 };
}
