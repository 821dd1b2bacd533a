import { randomInt } from 'node:crypto';
import seedrandom from 'seedrandom';

/** A stream of uniform draws u ∈ [0, 1). */
export type Rng = () => number;

/**
 * The one place randomness comes from: seedrandom's default algorithm (ARC4), seeded with the
 * seed exactly as the user typed it. The string matters: seedrandom('42') ≠ seedrandom(42).
 */
export function createRng(seed: string): Rng {
  return seedrandom(seed);
}

/** A fresh seed for an unseeded run: a decimal string, short enough to retype. */
export function freshSeed(): string {
  return String(randomInt(0, 2 ** 47));
}
