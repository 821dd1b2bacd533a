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

/**
 * A fresh seed for an unseeded run: a decimal string, short enough to retype. Math.random is
 * seeded by the system at start-up, and a seed needs no more: loading node:crypto would cost
 * more than the rest of a one-sample run.
 */
export function freshSeed(): string {
  return String(Math.floor(Math.random() * 2 ** 47));
}
