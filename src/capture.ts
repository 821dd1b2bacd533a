import { dataError, quote, shown } from './errors.js';
import { type Model, modelOfTokens } from './model.js';
import { areLogits } from './validate.js';
import type { VocabPairs } from './vocab-text.js';

/** The files --logits reads, by the tool that writes them. */
export type CaptureFormat =
  | 'llama.cpp'
  | 'llama.cpp (older)'
  | 'openai chat'
  | 'openai completions'
  | 'ollama'
  | 'map'
  | 'pairs'
  | 'npy';

/** What a capture's numbers are: probabilities, their logarithms, or logits. */
export type CaptureKind = 'prob' | 'logprob' | 'logit';

/** One generated position: the listed tokens and their numbers, as the file has them. */
export interface CapturedPosition {
  readonly tokens: readonly string[];
  readonly values: readonly number[];
  /** The tokens' ids and bytes, where the file gives them. */
  readonly ids?: readonly (number | undefined)[];
  readonly bytes?: readonly (readonly number[] | undefined)[];
  /** The token the run chose here, where the file says: the history of the positions after it. */
  readonly chosen?: string;
  /** The path of the list in the file, for messages: `completion_probabilities[3].top_logprobs`. */
  readonly path: string;
  /** Its own prompt, in a list of [prompt, map] pairs, each of which stands alone. */
  readonly prompt?: string;
}

export interface Capture {
  readonly format: CaptureFormat;
  readonly kind: CaptureKind;
  /** The prompt the run continued, where the file has it. */
  readonly prompt?: string;
  readonly positions: readonly CapturedPosition[];
  /** Whether its tokens carry their own spaces (a runtime's pieces) or are words (a plain map's). */
  readonly pieces: boolean;
}

type Json = Record<string, unknown>;
type Expected = 'list' | 'object' | 'string' | 'number' | 'id' | CaptureKind;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field's value, or one line naming the file, the JSON path and what it should be. */
function field(source: string) {
  const fail = (path: string, expects: Expected, value: unknown): never => {
    // JSON has no NaN or Infinity: a number that is one came from a reader that allows them.
    throw dataError((m) =>
      m.captureField(source, path === '' ? '(top)' : path, m.captureExpects[expects], shown(value)),
    );
  };
  const list = (value: unknown, path: string): unknown[] => (Array.isArray(value) ? value : fail(path, 'list', value));
  const object = (value: unknown, path: string): Json => (isObject(value) ? value : fail(path, 'object', value));
  const text = (value: unknown, path: string): string =>
    typeof value === 'string' ? value : fail(path, 'string', value);
  const number = (value: unknown, path: string, kind: CaptureKind): number => {
    if (typeof value !== 'number' || Number.isNaN(value)) return fail(path, 'number', value);
    if (kind === 'prob' && !(value >= 0 && value <= 1)) return fail(path, 'prob', value);
    if (kind === 'logprob' && !(value <= 0 && value > Number.NEGATIVE_INFINITY)) return fail(path, 'logprob', value);
    if (kind === 'logit' && !Number.isFinite(value)) return fail(path, 'logit', value);
    return value;
  };
  return { fail, list, object, text, number };
}

/** One list of candidates as the runtimes write them: entries with a token and a number. */
function entries(
  source: string,
  list: unknown,
  path: string,
  names: { token: string; value: string; kind: CaptureKind },
  chosen?: string,
): CapturedPosition {
  const f = field(source);
  const tokens: string[] = [];
  const values: number[] = [];
  const ids: (number | undefined)[] = [];
  const bytes: (readonly number[] | undefined)[] = [];
  const seen = new Set<string>();
  f.list(list, path).forEach((entry, i) => {
    const at = `${path}[${i}]`;
    const e = f.object(entry, at);
    const token = f.text(e[names.token], `${at}.${names.token}`);
    if (seen.has(token)) throw dataError((m) => m.captureTwice(source, `${at}.${names.token}`, quote(token)));
    seen.add(token);
    tokens.push(token);
    values.push(f.number(e[names.value], `${at}.${names.value}`, names.kind));
    ids.push(typeof e.id === 'number' ? e.id : undefined);
    bytes.push(Array.isArray(e.bytes) ? (e.bytes as number[]) : undefined);
  });
  return { tokens, values, ids, bytes, chosen, path };
}

/**
 * OpenAI's chat rows and Ollama's, alike: for each generated token, the token chosen and its
 * `top_logprobs` list.
 */
function logprobRows(source: string, rows: unknown[], path: string): CapturedPosition[] {
  const names = { token: 'token', value: 'logprob', kind: 'logprob' } as const;
  return rows.map((row, j) => {
    const at = `${path}[${j}]`;
    const r = field(source).object(row, at);
    const chosen = typeof r.token === 'string' ? r.token : undefined;
    return entries(source, r.top_logprobs, `${at}.top_logprobs`, names, chosen);
  });
}

/** A {token: value} map: its kind as the file's numbers show it, unless told. */
function mapped(source: string, map: Json, path: string, kind: CaptureKind): CapturedPosition {
  const f = field(source);
  const tokens = Object.keys(map);
  const values = tokens.map((token) => f.number(map[token], `${path}[${JSON.stringify(token)}]`, kind));
  return { tokens, values, path };
}

/** What plain maps' numbers look like: probabilities, each list summing to at most 1; log-probabilities ≤ 0; or logits. */
function kindOf(lists: readonly (readonly unknown[])[]): CaptureKind {
  const numbers = lists.map((list) => list.filter((v): v is number => typeof v === 'number'));
  const all = numbers.flat();
  if (all.every((v) => v >= 0 && v <= 1) && numbers.every((list) => list.reduce((a, b) => a + b, 0) <= 1 + 1e-6)) {
    return 'prob';
  }
  return all.every((v) => v <= 0) ? 'logprob' : 'logit';
}

/**
 * A capture, told by its shape: llama.cpp's `completion_probabilities` (today's `top_logprobs`, or
 * `top_probs` with `post_sampling_probs`, or the older `probs` with `tok_str`), OpenAI's chat
 * `choices[0].logprobs.content` or completions `choices[0].logprobs.top_logprobs`, Ollama's
 * `logprobs`, a {token: value} map, or a list of [prompt, map] pairs. `kind` overrides what a plain
 * map's numbers are taken to be.
 */
export function readCapture(json: unknown, source: string, kind?: CaptureKind): Capture {
  const f = field(source);
  if (isObject(json) && Array.isArray(json.completion_probabilities)) {
    const rows = json.completion_probabilities;
    const prompt = typeof json.prompt === 'string' ? json.prompt : undefined;
    const old = rows.length > 0 && isObject(rows[0]) && 'probs' in rows[0];
    const post = rows.length > 0 && isObject(rows[0]) && 'top_probs' in rows[0];
    const positions = rows.map((row, j) => {
      const at = `completion_probabilities[${j}]`;
      const r = f.object(row, at);
      if (old) {
        const chosen = typeof r.content === 'string' ? r.content : undefined;
        return entries(source, r.probs, `${at}.probs`, { token: 'tok_str', value: 'prob', kind: 'prob' }, chosen);
      }
      const list = post ? 'top_probs' : 'top_logprobs';
      const names = { token: 'token', value: post ? 'prob' : 'logprob', kind: post ? 'prob' : 'logprob' } as const;
      return entries(source, r[list], `${at}.${list}`, names, typeof r.token === 'string' ? r.token : undefined);
    });
    const format = old ? 'llama.cpp (older)' : 'llama.cpp';
    return { format, kind: old || post ? 'prob' : 'logprob', prompt, positions, pieces: true };
  }
  if (isObject(json) && Array.isArray(json.choices)) {
    const choice = f.object(json.choices[0], 'choices[0]');
    const logprobs = f.object(choice.logprobs, 'choices[0].logprobs');
    if (Array.isArray(logprobs.content)) {
      const positions = logprobRows(source, logprobs.content, 'choices[0].logprobs.content');
      return { format: 'openai chat', kind: 'logprob', positions, pieces: true };
    }
    const tops = f.list(logprobs.top_logprobs, 'choices[0].logprobs.top_logprobs');
    const chosen = Array.isArray(logprobs.tokens) ? logprobs.tokens : [];
    const positions = tops.map((top, j) => {
      const at = `choices[0].logprobs.top_logprobs[${j}]`;
      const position = mapped(source, f.object(top, at), at, 'logprob');
      return { ...position, chosen: typeof chosen[j] === 'string' ? (chosen[j] as string) : undefined };
    });
    return { format: 'openai completions', kind: 'logprob', positions, pieces: true };
  }
  if (isObject(json) && Array.isArray(json.logprobs)) {
    const positions = logprobRows(source, json.logprobs, 'logprobs');
    return { format: 'ollama', kind: 'logprob', positions, pieces: true };
  }
  if (
    Array.isArray(json) &&
    json.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string')
  ) {
    const maps = json.map((pair, j) => f.object((pair as unknown[])[1], `[${j}][1]`));
    const found = kind ?? kindOf(maps.map((map) => Object.values(map)));
    const positions = maps.map((map, j) => ({
      ...mapped(source, map, `[${j}][1]`, found),
      prompt: (json[j] as string[])[0],
    }));
    return { format: 'pairs', kind: found, positions, pieces: false };
  }
  if (isObject(json) && Object.keys(json).length > 0 && Object.values(json).every((v) => typeof v === 'number')) {
    const found = kind ?? kindOf([Object.values(json)]);
    return { format: 'map', kind: found, positions: [mapped(source, json, '', found)], pieces: false };
  }
  throw dataError((m) => m.captureNone(source));
}

/** The name of the candidate that stands for the mass a list leaves out. */
export const REST = '(rest)';

/** A capture as a model the chain runs on, position by position. */
export interface CapturedModel {
  readonly format: CaptureFormat;
  readonly kind: CaptureKind;
  /** How many positions it holds. */
  readonly count: number;
  /** Every token the capture lists or chose, in canonical order (by id where the file gives ids), and the rest when kept. */
  readonly model: Model;
  /** Position k's logits by token: ln p, the log-probability or the logit; -Infinity for a token its list leaves out. */
  logits(k: number): Float64Array;
  /** The mass position k's list leaves out, 1 − Σp; undefined for logits, which have no mass. */
  missing(k: number): number | undefined;
  /** The tokens chosen before position k, as positions: the history the penalties see. */
  history(k: number): number[];
  /** The text before position k: the prompt, then the tokens chosen before it. */
  before(k: number): string;
  /** Each token's bytes, by position in the model, where the file gives them. */
  readonly bytes: readonly (readonly number[] | undefined)[];
  /** What joins a token to the text before it: nothing for a runtime's pieces, which carry their own spaces; a space for a map's words. */
  readonly glue: string;
}

/**
 * The capture's vocabulary and logits. A list's probabilities sum to at most 1 (a little over is
 * rounding); with `rest`, what they leave out is one more candidate, `(rest)`, with that mass.
 */
export function capturedModel(capture: Capture, source: string, rest = false): CapturedModel {
  const { positions, kind } = capture;
  const found = new Map<string, number | undefined>();
  const add = (token: string, id: number | undefined): void => {
    if (!found.has(token) || found.get(token) === undefined) found.set(token, id);
  };
  for (const p of positions) {
    p.tokens.forEach((token, i) => {
      add(token, p.ids?.[i]);
    });
    if (p.chosen !== undefined) add(p.chosen, undefined);
  }
  const missing = positions.map((p) => {
    if (kind === 'logit') return undefined;
    const total = p.values.reduce((sum, v) => sum + (kind === 'prob' ? v : Math.exp(v)), 0);
    // Six digits: the sum a person checks, not its rounding.
    if (total > 1 + 1e-6) throw dataError((m) => m.captureOverOne(source, p.path, Number(total.toPrecision(6))));
    return Math.max(0, 1 - total);
  });
  // The file's ids where every token has one, each its own; else the order the file lists them in.
  const listed = [...found];
  const ids = listed.map(([, id]) => id);
  const own = ids.every((id) => id !== undefined) && new Set(ids).size === ids.length;
  const ordered = own ? listed.sort((a, b) => (a[1] as number) - (b[1] as number)) : listed;
  const tokens = ordered.map(([token]) => token);
  const tokenIds = ordered.map(([, id], i) => (own ? (id as number) : i));
  const keepRest = rest && kind !== 'logit';
  if (keepRest) {
    let name = REST;
    while (found.has(name)) name += '′';
    tokens.push(name);
    tokenIds.push((tokenIds.at(-1) ?? -1) + 1);
  }
  // No context and no f2: the capture gives the logits.
  const model = modelOfTokens(tokens, tokenIds, [], new Float64Array(tokens.length));
  const at = (token: string): number => model.positionOf(token) as number;
  const chosen = positions.map((p) => (p.chosen === undefined ? undefined : at(p.chosen)));
  const bytes: (readonly number[] | undefined)[] = new Array(tokens.length).fill(undefined);
  for (const p of positions) {
    p.tokens.forEach((token, i) => {
      bytes[at(token)] ??= p.bytes?.[i];
    });
  }
  const glue = capture.pieces ? '' : ' ';
  return {
    format: capture.format,
    kind,
    count: positions.length,
    model,
    bytes,
    glue,
    logits(k) {
      const p = positions[k];
      const logits = new Float64Array(tokens.length).fill(Number.NEGATIVE_INFINITY);
      p.tokens.forEach((token, i) => {
        logits[at(token)] = kind === 'prob' ? Math.log(p.values[i]) : p.values[i];
      });
      const left = missing[k];
      if (keepRest && left !== undefined && left > 0) logits[tokens.length - 1] = Math.log(left);
      return logits;
    },
    missing: (k) => missing[k],
    history: (k) =>
      positions[k].prompt !== undefined
        ? []
        : chosen.slice(0, k).filter((position): position is number => position !== undefined),
    before(k) {
      const own = positions[k].prompt;
      if (own !== undefined) return own;
      const words = positions.slice(0, k).flatMap((p) => (p.chosen === undefined ? [] : [p.chosen]));
      return [capture.prompt ?? '', ...words].filter((w) => w !== '').join(glue);
    },
  };
}

/** A vocabulary for a vector of logits, in canonical order: the vector's i-th number is its i-th token's. */
export interface VectorVocabulary {
  readonly tokens: readonly string[];
  readonly ids: readonly number[];
}

/**
 * The vocabulary of a .npy's logits: sample's own vocab.json or GPT-2's (both {token: id}), or a
 * Hugging Face tokenizer.json (its `model.vocab`, a map or Unigram's [piece, score] list, and its
 * `added_tokens`). Each id is a whole number ≥ 0 that names one token.
 */
export function vectorVocabulary(json: unknown, source: string): VectorVocabulary {
  const byId = new ById(source);
  const model = isObject(json) && isObject(json.model) ? json.model : undefined;
  if (model !== undefined) {
    const vocab = model.vocab;
    if (Array.isArray(vocab)) {
      vocab.forEach((entry, i) => {
        byId.add(byId.f.list(entry, `model.vocab[${i}]`)[0], i, () => `model.vocab[${i}]`);
      });
    } else {
      byId.each(byId.f.object(vocab, 'model.vocab'), 'model.vocab');
    }
    byId.added((json as Json).added_tokens);
  } else {
    byId.each(byId.f.object(json, ''), '');
  }
  return byId.vocabulary();
}

/** The same vocabulary from the pairs readVocabPairs took straight from the file's text. */
export function pairsVocabulary(pairs: VocabPairs, source: string): VectorVocabulary {
  const byId = new ById(source);
  const path = pairs.tokenizer ? 'model.vocab' : '';
  const { tokens, ids } = pairs;
  // Most tokenizers number their vocabulary 0 to n − 1 in the file's order: then it is in id
  // order already, and its tokens, unique as the reader found them, are taken as they are.
  let k = 0;
  while (k < ids.length && ids[k] === k) k++;
  if (k === ids.length) byId.take(tokens);
  else {
    byId.reserve(tokens.length);
    for (k = 0; k < tokens.length; k++) byId.put(tokens[k], ids[k], path);
  }
  byId.added(pairs.added);
  return byId.vocabulary();
}

/** Tokens by id, as a vocabulary file names them: most number theirs 0 to n − 1, so an array holds them in id order. */
class ById {
  readonly f: ReturnType<typeof field>;
  private byId: string[] = [];

  constructor(private readonly source: string) {
    this.f = field(source);
  }

  add(token: unknown, id: unknown, path: () => string): void {
    if (typeof token !== 'string') this.f.fail(path(), 'string', token);
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) this.f.fail(path(), 'id', id);
    const [text, at] = [token as string, id as number];
    const held = this.byId[at];
    if (held !== undefined && held !== text)
      throw dataError((m) => m.vocabIdTwice(this.source, at, quote(held), quote(text)));
    this.byId[at] = text;
  }

  /**
   * Room for n tokens, into an empty ById. An array grown by ids in the file's order, where a
   * writer moved the digit tokens first (JSON.stringify does: "0" has id 15), jumped far past its
   * end and fell back to a dictionary: a third of a 128,256-token vocabulary's placing.
   */
  reserve(n: number): void {
    if (this.byId.length === 0) this.byId = new Array(n);
  }

  /** Tokens numbered 0 to n − 1, into an empty ById. */
  take(tokens: string[]): void {
    this.byId = tokens.slice();
  }

  /** A token of the object at `path` and its id. */
  put(token: string, id: unknown, path: string): void {
    // The path is made only for a bad id: a closure per token would cost a wide vocabulary dearly.
    if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 && this.byId[id] === undefined)
      this.byId[id] = token;
    else this.add(token, id, () => `${path}[${JSON.stringify(token)}]`);
  }

  /** Object.keys and a lookup: Object.entries of a hundred thousand keys costs three times as much. */
  each(map: Json, path: string): void {
    const tokens = Object.keys(map);
    this.reserve(tokens.length);
    for (const token of tokens) this.put(token, map[token], path);
  }

  /** A tokenizer.json's added_tokens: [{content, id, …}]. */
  added(list: unknown): void {
    const added = Array.isArray(list) ? list : [];
    added.forEach((entry, i) => {
      const e = this.f.object(entry, `added_tokens[${i}]`);
      this.add(e.content, e.id, () => `added_tokens[${i}]`);
    });
  }

  /** Ids with no token between them are skipped: the vector's columns are the tokens in id order. */
  vocabulary(): VectorVocabulary {
    // Without a hole, the array is the tokens in id order, as they stand.
    const { byId } = this;
    if (firstHole(byId) === byId.length) return { tokens: byId, ids: upTo(byId.length) };
    const tokens: string[] = [];
    const ids: number[] = [];
    this.byId.forEach((token, id) => {
      tokens.push(token);
      ids.push(id);
    });
    return { tokens, ids };
  }
}

/**
 * The first id with no token, or the array's length. One loop and a return: the loop after it
 * would otherwise wait for a second compile (see candidates.ts).
 */
function firstHole(byId: readonly (string | undefined)[]): number {
  let k = 0;
  while (k < byId.length && byId[k] !== undefined) k++;
  return k;
}

/** The ids 0 to n − 1. A loop: Array.from with a function calls it per token, a tenth of a .npy's vocabulary. */
function upTo(n: number): number[] {
  const ids: number[] = [];
  for (let id = 0; id < n; id++) ids.push(id);
  return ids;
}

/**
 * A .npy's rows as a capture: the vocabulary's tokens, one row of logits (or what `kind` says)
 * per position, each row read only when the chain needs it. No history and no prompt: a tensor of
 * logits holds neither.
 */
export function vectorModel(
  vocabulary: VectorVocabulary,
  rows: number,
  row: (k: number) => Float64Array,
  kind: CaptureKind,
  source: string,
): CapturedModel {
  const { tokens, ids } = vocabulary;
  const model = modelOfTokens(tokens, ids, [], new Float64Array(tokens.length));
  const f = field(source);
  // A tensor's -Infinity is a masked token, left out; NaN and +Infinity are no logits. The last row
  // read is kept: its logits and its missing mass are asked for one after the other.
  let last: { k: number; numbers: Float64Array } | undefined;
  const values = (k: number): Float64Array => {
    if (last?.k === k) return last.numbers;
    const numbers = row(k);
    // Logits are checked by scans (areLogits), and a row that fails is read again for its first bad value.
    const checked = kind === 'logit' && areLogits(numbers);
    for (let i = 0; !checked && i < numbers.length; i++) {
      const v = numbers[i];
      if (v === Number.NEGATIVE_INFINITY && kind !== 'prob') continue;
      const valid = kind === 'prob' ? v >= 0 && v <= 1 : kind === 'logprob' ? v <= 0 : Number.isFinite(v);
      if (!valid) f.number(v, `[${k}][${i}]`, kind);
    }
    last = { k, numbers };
    return numbers;
  };
  return {
    format: 'npy',
    kind,
    count: rows,
    model,
    bytes: [],
    glue: '',
    logits: (k) => (kind === 'prob' ? values(k).map(Math.log) : values(k).slice()),
    missing(k) {
      if (kind === 'logit') return undefined;
      const numbers = values(k);
      let total = 0;
      for (const v of numbers) total += kind === 'prob' ? v : Math.exp(v);
      if (total > 1 + 1e-6) throw dataError((m) => m.captureOverOne(source, `[${k}]`, Number(total.toPrecision(6))));
      return Math.max(0, 1 - total);
    },
    history: () => [],
    before: () => '',
  };
}
