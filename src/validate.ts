import { usageError } from './errors.js';
import type { Model } from './model.js';

/** The longest continuation: its tokens, history and text are held whole. */
export const MAX_LENGTH = 1_000_000;

/** The library checks what the CLI checks: a bad count or length is a usage error, never a silent 0. */
export function checkCount(count: unknown, length: unknown): void {
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw usageError((m) => m.countInvalid(String(count)));
  }
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 1 || length > MAX_LENGTH) {
    throw usageError((m) => m.lengthInvalid(MAX_LENGTH, String(length)));
  }
}

/** A phrase is token positions of the model: whole numbers in range, never a string read as 0. */
export function checkPhrase(phrase: unknown, model: Model): void {
  const size = model.tokens.length;
  const valid = (p: unknown): boolean => typeof p === 'number' && Number.isInteger(p) && p >= 0 && p < size;
  if (!Array.isArray(phrase) || !phrase.every(valid)) {
    throw usageError((m) => m.phraseInvalid(size - 1));
  }
}

const isPosition = (p: unknown, size: number): boolean =>
  typeof p === 'number' && Number.isInteger(p) && p >= 0 && p < size;

/** A context window: exactly C positions of the model, as contextWindow gives them. */
export function checkWindow(window: unknown, model: Model): void {
  const size = model.tokens.length;
  const positions = window as ArrayLike<unknown>;
  let valid = isArrayLike(window) && positions.length === model.f1.length;
  for (let i = 0; valid && i < positions.length; i++) valid = isPosition(positions[i], size);
  if (!valid) throw usageError((m) => m.windowInvalid(model.f1.length, size - 1));
}

/** A history: positions of the model, any number of them. */
export function checkHistory(history: unknown, model: Model): void {
  const size = model.tokens.length;
  const positions = history as ArrayLike<unknown>;
  let valid = isArrayLike(history);
  for (let i = 0; valid && i < positions.length; i++) valid = isPosition(positions[i], size);
  if (!valid) throw usageError((m) => m.historyInvalid(size - 1));
}

const isArrayLike = (value: unknown): boolean =>
  Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));

/**
 * Whether every value is a logit, finite or -Infinity (a token left out): no NaN, no +Infinity.
 * By the typed array's own scans, which box nothing; a loop over a wide vocabulary runs once, in
 * the interpreter, which boxes every value it reads, and that garbage makes the collector copy
 * everything just loaded.
 */
export const areLogits = (values: Float64Array): boolean =>
  values.indexOf(Number.POSITIVE_INFINITY) === -1 && !values.includes(Number.NaN);

/** A model as loadModel and modelFromJson make it, not an object that merely looks like one in part. */
export function checkModel(model: unknown): asserts model is Model {
  const m = model as Model;
  const valid =
    typeof model === 'object' &&
    model !== null &&
    Array.isArray(m.tokens) &&
    Array.isArray(m.ids) &&
    m.ids.length === m.tokens.length &&
    Array.isArray(m.f1) &&
    m.f2 instanceof Float64Array &&
    m.f2.length === m.tokens.length &&
    typeof m.positionOf === 'function';
  if (!valid) throw usageError((msg) => msg.modelInvalid());
}

/** A u from the stream: a number in [0, 1), or a usage error that says what the rng returned. */
export function checkU(u: unknown): number {
  // The check alone, the message elsewhere: small enough to inline where millions of u's are
  // drawn, so that none is boxed on its way (a heap number per sample, and a collection every
  // hundred thousand).
  return typeof u === 'number' && u >= 0 && u < 1 ? u : outOfRange(u);
}

function outOfRange(u: unknown): never {
  throw usageError((m) => m.rngOutOfRange(typeof u === 'number' ? String(u) : typeof u));
}
