import { usageError } from './errors.js';

/** The library checks what the CLI checks: a bad count or length is a usage error, never a silent 0. */
export function checkCount(count: unknown, length: unknown): void {
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw usageError(`the count must be a whole number ≥ 0; got ${String(count)}`);
  }
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 1) {
    throw usageError(`the length (tokens per continuation) must be a whole number ≥ 1; got ${String(length)}`);
  }
}
