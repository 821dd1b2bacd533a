import { SampleError } from '../../src/errors.js';

/** Runs fn and returns the SampleError it throws; anything else fails the test. */
export function failure(fn: () => unknown): SampleError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SampleError) return error;
    throw error;
  }
  throw new Error('expected a SampleError, but nothing was thrown');
}
