import { LITTLE_ENDIAN } from '../endian.js';
import type { Candidates } from './candidates.js';

/**
 * What the filters share. A filter removes candidates (Candidates.keep); the leaders are ranked
 * by logit, descending, ties in canonical order, as llama.cpp sorts its candidates, so a token
 * whose probability underflowed to 0 still has its rank. Each function has a plain version in
 * reference.ts that sorts everything, which the property tests compare it with.
 */

/**
 * The first m values sorted ascending, in place. A few are sorted by insertion: on the post's five
 * tokens a filter runs once per token, and the typed array's own sort costs more than its work.
 */
function ascending(values: Float64Array, m: number): Float64Array {
  if (m > 16) return values.subarray(0, m).sort();
  for (let i = 1; i < m; i++) {
    const x = values[i];
    let j = i;
    for (; j > 0 && values[j - 1] > x; j--) values[j] = values[j - 1];
    values[j] = x;
  }
  return values;
}

/**
 * The first m positions of `order` sorted by key ascending, ties by position, in place: a few by
 * insertion, as `ascending` sorts values, where a comparator given to the typed array's sort costs
 * a call per comparison.
 */
export function orderBy(order: Int32Array, m: number, key: Float64Array): Int32Array {
  if (m > 16) return order.subarray(0, m).sort((a, b) => key[a] - key[b] || a - b);
  for (let i = 1; i < m; i++) {
    const x = order[i];
    let j = i;
    for (; j > 0 && (key[order[j - 1]] > key[x] || (key[order[j - 1]] === key[x] && order[j - 1] > x)); j--) {
      order[j] = order[j - 1];
    }
    order[j] = x;
  }
  return order;
}

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

/**
 * Keeps the k leading candidates, by logit. Past a few candidates, a pass picks the few that can
 * be leaders (see pickTop), so that only they are sorted and moved: top-k 40 of 128,000 compares
 * 128,000 logits once and sorts about a thousand.
 */
export function keepTop(c: Candidates, k: number): void {
  if (k >= c.size) return;
  const { logits, picked } = c;
  const values = c.scratch;
  const m = c.size > SMALL ? pickTop(c, k) : c.size;
  if (m === c.size) for (let s = 0; s < m; s++) picked[s] = s;
  for (let i = 0; i < m; i++) values[i] = logits[picked[i]];
  const sorted = ascending(values, m); // the leaders are read from the end
  const logit = sorted[m - k];
  let above = 0;
  while (sorted[m - 1 - above] > logit) above++;
  // The first candidates equal to the k-th, in canonical order, fill the k.
  let ties = k - above;
  let n = 0;
  for (let i = 0; i < m; i++) {
    const z = logits[picked[i]];
    if (z > logit || (z === logit && ties-- > 0)) picked[n++] = picked[i];
  }
  c.retain(picked, n);
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
  const sorted = ascending(values, m); // the leaders are read from the end
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

/**
 * The candidates' probabilities, largest first, in the scratch buffer, for a stage that reads
 * them in rank order (tail-free, top-H, mirostat v1): valid until the next filter uses it.
 */
export function rankedProbabilities(c: Candidates): Float64Array {
  const sorted = c.scratch.subarray(0, c.size);
  sorted.set(c.probabilities().subarray(0, c.size));
  ascending(sorted, c.size);
  return sorted.reverse();
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

/** The index, in a double's pair of 32-bit words, of the word that holds its sign and exponent. */
const HIGH_WORD = LITTLE_ENDIAN ? 1 : 0;

/** How many logits the strided sample reads to place the threshold of the leaders. */
const SAMPLE = 1024;

/**
 * Picks into c.picked, in canonical order, a few candidates among which the k leaders certainly
 * are: those at or above a threshold a little below where a strided sample places the k-th
 * largest logit, found with one comparison per candidate. Should the sample place it too high
 * (fewer than k at or above), the threshold moves down the sample, to -Infinity at worst.
 * Returns how many it picked.
 */
function pickTop(c: Candidates, k: number): number {
  const { logits, size, picked } = c;
  const stride = Math.max(1, Math.floor(size / SAMPLE));
  const sample = c.scratch;
  let n = 0;
  for (let s = 0; s < size; s += stride) sample[n++] = logits[s];
  const sorted = sample.subarray(0, n).sort();
  // Four standard deviations above the count the sample expects to see above the k-th.
  const expected = (k * n) / size;
  for (let rank = Math.ceil(expected + 4 * Math.sqrt(expected) + 4); ; rank *= 4) {
    const threshold = rank >= n ? Number.NEGATIVE_INFINITY : sorted[n - 1 - rank];
    let m = 0;
    for (let s = 0; s < size; s++) if (logits[s] >= threshold) picked[m++] = s;
    if (m >= k) return m;
  }
}

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
