import { sum } from '../pipeline.js';
import type { Candidates } from './stage.js';

/**
 * What the filters share. A filter removes tokens in place: each removed token's probability
 * becomes 0 and its logit -Infinity, and the survivors are renormalised with the post's norm
 * (divided by their sum, taken in canonical order), so the next stage sees a distribution. A
 * filter that removes nothing leaves the numbers untouched.
 */

/** Positions by descending value, ties in canonical order. */
export function descending(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
}

/** The tokens with a chance, most probable first, ties in canonical order: the order filters take them in. */
export function ranked(probs: ArrayLike<number>): number[] {
  return descending(probs).filter((i) => probs[i] > 0);
}

/**
 * The k most probable tokens, ties in canonical order, in one pass: sorting 200,000 tokens on
 * every change of a page's control would cost more than computing them. The same as
 * ranked(probs).slice(0, k), which tests compare it with.
 */
export function mostProbable(probs: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] <= 0 || (top.length === k && probs[i] <= probs[top[k - 1]])) continue;
    let at = top.length;
    while (at > 0 && probs[top[at - 1]] < probs[i]) at--;
    top.splice(at, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}

/** The most probable token, the first in canonical order among equals. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** How many tokens have a chance. */
export function survivors(probs: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < probs.length; i++) if (probs[i] > 0) count++;
  return count;
}

/** Shannon entropy in nats, −Σ p·ln p over the tokens with a chance. */
export function entropy(probs: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < probs.length; i++) if (probs[i] > 0) h -= probs[i] * Math.log(probs[i]);
  return h;
}

/** Every filter keeps at least this many tokens: --min-keep, and never fewer than 1. */
export const keeping = (minKeep: number): number => Math.max(1, minKeep);

/** Removes every token with a chance for which `keep` is false; renormalises if it removed any. */
export function removeUnless(c: Candidates, keep: (i: number) => boolean): void {
  const { probs, logits } = c;
  let removed = false;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] > 0 && !keep(i)) {
      probs[i] = 0;
      logits[i] = Number.NEGATIVE_INFINITY;
      removed = true;
    }
  }
  if (removed) renormalise(probs);
}

export function renormalise(probs: Float64Array): void {
  const total = sum(probs);
  for (let i = 0; i < probs.length; i++) probs[i] /= total;
}

/**
 * Keeps the tokens that pass a threshold (min-p, epsilon, eta, top-n-sigma, mirostat) or, if
 * fewer than `need` pass, the `need` most probable. The tokens above a threshold are always the
 * leaders, so this is the union both runtimes compute.
 */
export function keepAtLeast(c: Candidates, passes: (i: number) => boolean, need: number): void {
  let passing = 0;
  for (let i = 0; i < c.probs.length; i++) if (c.probs[i] > 0 && passes(i)) passing++;
  if (passing >= need) removeUnless(c, passes);
  else keepLeaders(c, (count) => count >= need);
}

/**
 * Keeps the leading tokens — by descending probability, ties in canonical order — up to the
 * first at which `enough(count, cumulative mass)` holds. Sorting 200,000 tokens per draw would
 * cost far more than computing them, so the leaders are narrowed first to the tokens above a
 * threshold (see narrowed), and only their values are sorted: that gives the exact cumulative
 * sums, since tokens of equal probability add equal amounts whichever comes first.
 */
export function keepLeaders(c: Candidates, enough: (count: number, mass: number) => boolean): void {
  const { probs } = c;
  const { threshold, count } = narrowed(probs, enough);
  const leaders = new Float64Array(count);
  let n = 0;
  for (let i = 0; i < probs.length; i++) if (probs[i] >= threshold) leaders[n++] = probs[i];
  leaders.sort(); // ascending: the leaders are read from the end
  let mass = 0;
  let kept = 0;
  while (kept < count && !enough(kept, mass)) mass += leaders[count - 1 - kept++];
  const last = leaders[count - kept];
  let above = 0;
  while (leaders[count - 1 - above] > last) above++;
  // The first `ties` tokens in canonical order equal to the last leader stay too.
  let ties = kept - above;
  removeUnless(c, (i) => probs[i] > last || (probs[i] === last && ties-- > 0));
}

const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
/** Buckets are an exponent and the top 4 bits of the mantissa: 16 to an octave. */
const MANTISSA_BITS = 4;
const BUCKETS = 1 << (11 + MANTISSA_BITS);
const histogram = new Int32Array(BUCKETS);

/**
 * A probability at or above which the leaders certainly lie, and how many tokens are at or above
 * it: the lower bound of the highest bucket such that the tokens in it and above are enough. The
 * buckets are read from the bits of each double, counting only, in one cheap pass; a bucket's
 * mass is taken at its lower bound (at most 1/16 below the truth), with a margin for rounding,
 * so the leaders' true mass is certainly enough.
 */
function narrowed(
  probs: Float64Array,
  enough: (count: number, mass: number) => boolean,
): { threshold: number; count: number } {
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
    if (enough(count, mass - margin)) return { threshold: floor, count };
  }
  // Subnormal probabilities share the buckets of 0: take every token above 0.
  let positive = count;
  for (const p of probs) if (p > 0 && p < 2 ** -1022) positive++;
  return { threshold: Number.MIN_VALUE, count: positive };
}

/** The positions a stage removed: positive before it, zero after. */
export function removedBy(before: ArrayLike<number>, after: ArrayLike<number>): number[] {
  const removed: number[] = [];
  for (let i = 0; i < before.length; i++) if (before[i] > 0 && after[i] === 0) removed.push(i);
  return removed;
}
