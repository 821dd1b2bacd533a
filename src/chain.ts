import { norm } from './pipeline.js';

/**
 * The filters real runtimes put between the distribution and the draw, as pure functions on a
 * distribution in canonical order. A filter that removes tokens zeroes them and renormalises the
 * survivors with the post's norm (dividing by their sum, in canonical order), so the next filter sees a
 * distribution, as in Hugging Face; one that removes nothing returns its input unchanged.
 * Each writes into `out` when given one, so that a long generation can reuse its buffers.
 */

/** Positions by descending value, ties in canonical order. */
export function descending(values: Float64Array): number[] {
  return Array.from(values.keys()).sort((a, b) => values[b] - values[a] || a - b);
}

/** The tokens with a chance, most probable first, ties in canonical order: the order top-k and top-p take them in. */
export function ranked(probs: Float64Array): number[] {
  return descending(probs).filter((i) => probs[i] > 0);
}

/** The most probable token, the first in canonical order among equals. */
export function argmax(probs: Float64Array): number {
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[best]) best = i;
  return best;
}

/** Greedy decoding as a distribution: all the probability on the most probable token. */
export function greedy(probs: Float64Array, out: Float64Array = new Float64Array(probs.length)): Float64Array {
  out.fill(0);
  out[argmax(probs)] = 1;
  return out;
}

/**
 * Temperature on an already normalised distribution: p′ ∝ p^(1/T), computed as (p/p_max)^(1/T)
 * so that a small T cannot underflow every token to 0. T = 1 changes nothing; T = 0 is greedy.
 */
export function temperature(
  probs: Float64Array,
  t: number,
  out: Float64Array = new Float64Array(probs.length),
): Float64Array {
  if (t === 1) return probs;
  if (t === 0) return greedy(probs, out);
  const max = probs[argmax(probs)];
  for (let i = 0; i < probs.length; i++) out[i] = (probs[i] / max) ** (1 / t);
  return norm(out, out);
}

/** Keeps the k most probable tokens, ties in canonical order; 0 is off. */
export function topK(probs: Float64Array, k: number, out: Float64Array = new Float64Array(probs.length)): Float64Array {
  if (k === 0) return probs;
  return keepLeaders(probs, (count) => count >= k, out);
}

/**
 * Keeps the smallest set of most probable tokens whose cumulative probability, summed in that
 * order, reaches p: the token that crosses p stays, so at least one survives. 1 is off.
 */
export function topP(probs: Float64Array, p: number, out: Float64Array = new Float64Array(probs.length)): Float64Array {
  if (p >= 1) return probs;
  return keepLeaders(probs, (_, mass) => mass >= p, out);
}

/** Keeps the tokens with p ≥ m·p_max; 0 is off. */
export function minP(probs: Float64Array, m: number, out: Float64Array = new Float64Array(probs.length)): Float64Array {
  if (m === 0) return probs;
  return keepAbove(probs, m * probs[argmax(probs)], Number.POSITIVE_INFINITY, out);
}

/**
 * Keeps the leading tokens — by descending probability, ties in canonical order — up to the
 * first at which `enough(count, cumulative mass)` holds. Sorting 200,000 tokens per draw would
 * cost far more than computing them, so the leaders are narrowed first to the tokens above a
 * threshold (see narrowed), and only their values are sorted: that gives the exact
 * cumulative sums, since tokens of equal probability add equal amounts whichever comes first.
 */
function keepLeaders(
  probs: Float64Array,
  enough: (count: number, mass: number) => boolean,
  out: Float64Array,
): Float64Array {
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
  return keepAbove(probs, last, kept - above, out);
}

const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
/** Buckets are an exponent and the top 4 bits of the mantissa: 16 to an octave. */
const MANTISSA_BITS = 4;
const BUCKETS = 1 << (11 + MANTISSA_BITS);

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
  const counts = new Int32Array(BUCKETS);
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

/**
 * Keeps every token above `threshold` and the first `ties`, in canonical order, of those equal
 * to it; renormalised, or the input itself if nothing was removed.
 */
function keepAbove(probs: Float64Array, threshold: number, ties: number, out: Float64Array): Float64Array {
  let removed = false;
  let tiesLeft = ties;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    if (p > threshold) out[i] = p;
    else if (p === threshold && tiesLeft > 0) {
      out[i] = p;
      tiesLeft--;
    } else {
      out[i] = 0;
      if (p > 0) removed = true;
    }
  }
  return removed ? norm(out, out) : probs;
}

/** The positions a filter removed: positive before it, zero after. */
export function removedBy(before: Float64Array, after: Float64Array): number[] {
  const removed: number[] = [];
  for (let i = 0; i < before.length; i++) if (before[i] > 0 && after[i] === 0) removed.push(i);
  return removed;
}
