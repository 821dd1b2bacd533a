import type { Candidates } from './candidates.js';

/**
 * What the filters share. A filter removes candidates (Candidates.keep); the leaders are ranked
 * by logit, descending, ties in canonical order, as llama.cpp sorts its candidates, so a token
 * whose probability underflowed to 0 still has its rank. Each function has a plain version in
 * reference.ts that sorts everything, which the property tests compare it with.
 */

/** Every filter keeps at least this many tokens: --min-keep, and never fewer than 1. */
export const keeping = (minKeep: number): number => Math.max(1, minKeep);

/**
 * Whether a running sum reaches p. Sums of a few hundred thousand doubles are off by far less
 * than 1e-9, and the runtimes sum in float32, off by about 1e-7: a sum within 1e-9 of p counts as
 * reaching it, so that the mass the arithmetic means exactly (0.5 + 0.3 for p = 0.8) never flips
 * on its last bit.
 */
export const reaches = (mass: number, p: number): boolean => mass >= p - 1e-9;

/** Below this many candidates, sorting them costs less than a histogram's pass. */
const SMALL = 1024;

/** Keeps the k leading candidates, by logit. */
export function keepTop(c: Candidates, k: number): void {
  if (k >= c.size) return;
  const { logit, ties } = cut(c, k);
  let left = ties;
  c.keep((s) => c.logits[s] > logit || (c.logits[s] === logit && left-- > 0));
}

/**
 * Keeps the leading candidates up to the first at which `enough(count, mass)` holds, mass being
 * the sum of their probabilities in rank order. A probability never decreases with the logit, so
 * the probabilities in rank order are the probabilities sorted: only they are sorted, and only the
 * few above a threshold that certainly holds the leaders (see narrowed).
 */
export function keepLeaders(c: Candidates, enough: (count: number, mass: number) => boolean): void {
  const probs = c.probabilities();
  const values = c.scratch;
  let m = 0;
  if (c.size > SMALL) {
    const threshold = narrowed(probs.subarray(0, c.size), enough);
    for (let s = 0; s < c.size; s++) if (probs[s] >= threshold) values[m++] = probs[s];
  }
  let kept = m > 0 ? walk(values, m, enough) : -1;
  if (kept < 0) {
    // Not enough among the narrowed few (--min-keep past the tokens with a chance): all of them.
    values.set(probs.subarray(0, c.size));
    kept = walk(values, c.size, enough);
  }
  keepTop(c, kept < 0 ? c.size : kept);
}

/** How many of the m values, largest first, make `enough` hold; -1 if all of them do not. */
function walk(values: Float64Array, m: number, enough: (count: number, mass: number) => boolean): number {
  const sorted = values.subarray(0, m).sort(); // ascending: the leaders are read from the end
  let kept = 0;
  let mass = 0;
  while (kept < m && !enough(kept, mass)) mass += sorted[m - 1 - kept++];
  return enough(kept, mass) ? kept : -1;
}

/**
 * Keeps the candidates that pass a threshold (min-p, epsilon, eta, top-n-sigma, mirostat) or, if
 * fewer than `need` pass, the `need` leading ones. The candidates above a threshold are always
 * leaders, so this is the union both runtimes compute. `passes` reads its own slot only.
 */
export function keepAtLeast(c: Candidates, passes: (slot: number) => boolean, need: number): void {
  let passing = 0;
  for (let s = 0; s < c.size; s++) if (passes(s)) passing++;
  if (passing >= need) c.keep(passes);
  else keepTop(c, need);
}

/** Shannon entropy in nats of the candidates' distribution. */
export function entropyOf(c: Candidates): number {
  const probs = c.probabilities();
  let h = 0;
  for (let s = 0; s < c.size; s++) if (probs[s] > 0) h -= probs[s] * Math.log(probs[s]);
  return h;
}

/** The largest probability among the candidates. */
export function largest(c: Candidates): number {
  const probs = c.probabilities();
  let max = 0;
  for (let s = 0; s < c.size; s++) if (probs[s] > max) max = probs[s];
  return max;
}

const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * The k-th largest logit, and how many candidates equal to it are among the k leaders (the first
 * ones in canonical order). Only the logits in the top buckets of a histogram are sorted.
 */
function cut(c: Candidates, k: number): { logit: number; ties: number } {
  const { logits, size } = c;
  const values = c.scratch;
  let m = 0;
  if (size > SMALL) {
    const words = new Uint32Array(logits.buffer, logits.byteOffset, size * 2);
    const counts = logitHistogram.fill(0);
    for (let s = 0; s < size; s++) counts[orderKey(words[2 * s + HIGH_WORD])]++;
    let bucket = LOGIT_BUCKETS - 1;
    let count = counts[bucket];
    while (count < k) count += counts[--bucket];
    for (let s = 0; s < size; s++) if (orderKey(words[2 * s + HIGH_WORD]) >= bucket) values[m++] = logits[s];
  } else {
    values.set(logits.subarray(0, size));
    m = size;
  }
  const sorted = values.subarray(0, m).sort();
  const logit = sorted[m - k];
  let above = 0;
  while (sorted[m - 1 - above] > logit) above++;
  return { logit, ties: k - above };
}

/** Buckets of a logit: its sign, exponent and the top 4 bits of its mantissa, in the order of the values. */
const LOGIT_BUCKETS = 1 << 16;
const logitHistogram = new Int32Array(LOGIT_BUCKETS);

/** A double's high word as a key that sorts as the doubles do: negatives flipped, positives above them. */
const orderKey = (high: number): number => ((high & 0x80000000) !== 0 ? ~high >>> 16 : (high >>> 16) | 0x8000);

/** Buckets of a probability: an exponent and the top 4 bits of the mantissa, 16 to an octave. */
const MANTISSA_BITS = 4;
const BUCKETS = 1 << (11 + MANTISSA_BITS);
const histogram = new Int32Array(BUCKETS);

/**
 * A probability at or above which the leaders certainly lie: the lower bound of the highest bucket
 * such that the tokens in it and above are enough. The buckets are read from the bits of each
 * double, counting only, in one cheap pass; a bucket's mass is taken at its lower bound (at most
 * 1/16 below the truth), with a margin for rounding, so the leaders' true mass is certainly
 * enough. Where no bucket is, every token with a chance.
 */
function narrowed(probs: Float64Array, enough: (count: number, mass: number) => boolean): number {
  const words = new Uint32Array(probs.buffer, probs.byteOffset, probs.length * 2);
  // One histogram for every call: a long generation narrows once per token.
  const counts = histogram.fill(0);
  for (let i = 0; i < probs.length; i++) counts[words[2 * i + HIGH_WORD] >>> (20 - MANTISSA_BITS)]++;
  const margin = probs.length * Number.EPSILON;
  let count = 0;
  let mass = 0;
  for (let bucket = BUCKETS - 1; bucket >= 1 << MANTISSA_BITS; bucket--) {
    if (counts[bucket] === 0) continue;
    const exponent = bucket >>> MANTISSA_BITS;
    const fraction = bucket & ((1 << MANTISSA_BITS) - 1);
    const floor = 2 ** (exponent - 1023) * (1 + fraction / (1 << MANTISSA_BITS));
    count += counts[bucket];
    mass += counts[bucket] * floor;
    if (enough(count, mass - margin)) return floor;
  }
  // Subnormal probabilities share the buckets of 0.
  return Number.MIN_VALUE;
}
