/**
 * Every failure a user can cause is a SampleError: one line that names the problem and its fix.
 * `usage` means the command line was wrong (exit 2); `data` means an input file or phrase was (exit 1).
 */
export type ErrorKind = 'usage' | 'data';

export class SampleError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'SampleError';
  }
}

export const usageError = (message: string): SampleError => new SampleError('usage', message);
export const dataError = (message: string): SampleError => new SampleError('data', message);

export const exitCodeOf = (kind: ErrorKind): number => (kind === 'usage' ? 2 : 1);

/** A token quoted for a message, with combining marks and odd whitespace escaped so that invisible differences show. */
export const quote = (token: string): string =>
  JSON.stringify(token).replace(/[\p{M}\s]/gu, (c) =>
    c === ' ' ? c : `\\u${c.codePointAt(0)?.toString(16).padStart(4, '0')}`,
  );
