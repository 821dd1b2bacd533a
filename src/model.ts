import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dataError, quote } from './errors.js';

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
    parseJson(readText(paths.vocab, 'vocabulary', '--vocab'), paths.vocab),
    parseJson(readText(paths.weights, 'weights', '--weights'), paths.weights),
    paths,
  );
}

function readText(path: string, what: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code;
    throw dataError(`cannot read the ${what} file ${path}: ${reason}; pass a readable JSON file with ${option}`);
  }
}

/** JSON.parse with an error that names the file and the line and column of the fault. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message;
    const at = /at position (\d+)/.exec(reason);
    const where = at ? ` at ${lineAndColumn(text, Number(at[1]))}` : '';
    throw dataError(`${source}: invalid JSON${where}: ${reason}`);
  }
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const WHITESPACE = /\s/u;

/** Validates parsed vocab.json and weights.json and builds the model in canonical order. */
export function modelFromJson(vocab: unknown, weights: unknown, sources: ModelPaths): Model {
  const entries = vocabularyEntries(vocab, sources.vocab);
  const positions = new Map(entries.map(([token], position) => [token, position]));
  const { f1, f2 } = weightsFor(weights, entries, positions, sources.weights);
  return { tokens: entries.map(([token]) => token), ids: entries.map(([, id]) => id), f1, f2, positions };
}

/** The vocabulary's [token, id] pairs, NFC-normalised, checked, in ascending id order. */
function vocabularyEntries(vocab: unknown, source: string): [string, number][] {
  if (!isPlainObject(vocab)) {
    throw dataError(`${source}: the vocabulary must be a JSON object mapping each token to its id, like {"azul": 227}`);
  }
  const entries: [string, number][] = [];
  const seen = new Map<string, string>();
  for (const [raw, id] of Object.entries(vocab)) {
    const token = raw.normalize('NFC');
    if (token === '') throw dataError(`${source}: a token is empty; every token needs at least one character`);
    if (WHITESPACE.test(token)) {
      throw dataError(
        `${source}: token ${quote(raw)} holds whitespace; phrases are split on whitespace, so it could never be typed`,
      );
    }
    const twin = seen.get(token);
    if (twin !== undefined) {
      throw dataError(
        `${source}: tokens ${quote(twin)} and ${quote(raw)} are the same after NFC normalisation; keep one`,
      );
    }
    seen.set(token, raw);
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
      throw dataError(
        `${source}: the id of ${JSON.stringify(raw)} is ${JSON.stringify(id) ?? String(id)}; ids must be whole numbers ≥ 0`,
      );
    }
    entries.push([token, id]);
  }
  if (entries.length === 0) throw dataError(`${source}: the vocabulary is empty; it needs at least one token`);
  if (!isAscending(entries)) entries.sort((a, b) => a[1] - b[1]);
  for (let i = 1; i < entries.length; i++) {
    const [previous, current] = [entries[i - 1], entries[i]];
    if (previous[1] === current[1]) {
      throw dataError(
        `${source}: tokens ${JSON.stringify(previous[0])} and ${JSON.stringify(current[0])} share the id ${current[1]}; ids must be unique`,
      );
    }
  }
  return entries;
}

function isAscending(entries: [string, number][]): boolean {
  for (let i = 1; i < entries.length; i++) {
    if (entries[i - 1][1] > entries[i][1]) return false;
  }
  return true;
}

function finiteWeight(value: unknown, source: string, where: string): number {
  if (typeof value !== 'number') {
    throw dataError(`${source}: ${where} is ${JSON.stringify(value)}; weights must be numbers`);
  }
  if (!Number.isFinite(value)) {
    throw dataError(`${source}: ${where} is too large for a number (it overflows to ${value}); use a finite weight`);
  }
  return value;
}

function weightsFor(
  weights: unknown,
  entries: [string, number][],
  positions: ReadonlyMap<string, number>,
  source: string,
): { f1: number[]; f2: Float64Array } {
  const shape = `the weights must be an object {"f1": [one weight per context position], "f2": {"token": weight, …}}`;
  if (!isPlainObject(weights) || !Array.isArray(weights.f1) || !isPlainObject(weights.f2)) {
    throw dataError(`${source}: ${shape}`);
  }
  if (weights.f1.length === 0) throw dataError(`${source}: f1 is empty; it needs one weight per context position`);
  const f1 = weights.f1.map((w, i) => finiteWeight(w, source, `f1[${i}]`));
  const f2 = new Float64Array(entries.length);
  const given = new Uint8Array(entries.length);
  for (const [raw, w] of Object.entries(weights.f2)) {
    const position = positions.get(raw.normalize('NFC'));
    if (position === undefined) {
      throw dataError(
        `${source}: f2 has a weight for ${JSON.stringify(raw)}, which the vocabulary lacks; remove it or add the token to the vocabulary`,
      );
    }
    if (given[position])
      throw dataError(`${source}: f2 names ${JSON.stringify(raw)} twice after NFC normalisation; keep one`);
    given[position] = 1;
    f2[position] = finiteWeight(w, source, `f2[${JSON.stringify(raw)}]`);
  }
  const missing = given.indexOf(0);
  if (missing !== -1) {
    throw dataError(
      `${source}: f2 has no weight for ${JSON.stringify(entries[missing][0])}; it needs one weight per token`,
    );
  }
  return { f1, f2 };
}
