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
