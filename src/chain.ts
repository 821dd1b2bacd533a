/**
 * The filters real runtimes put between the distribution and the draw, as pure functions on a
 * distribution in canonical order. A filter that removes tokens zeroes them and renormalises the
 * survivors (dividing by their sum, taken in canonical order), so the next filter sees a
 * distribution, as in Hugging Face; one that removes nothing returns its input unchanged.
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
export function greedy(probs: Float64Array): Float64Array {
  const out = new Float64Array(probs.length);
  out[argmax(probs)] = 1;
  return out;
}

/**
 * Temperature on an already normalised distribution: p′ ∝ p^(1/T), computed as (p/p_max)^(1/T)
 * so that a small T cannot underflow every token to 0. T = 1 changes nothing; T = 0 is greedy.
 */
export function temperature(probs: Float64Array, t: number): Float64Array {
  if (t === 1) return probs;
  if (t === 0) return greedy(probs);
  const max = probs[argmax(probs)];
  const out = new Float64Array(probs.length);
  for (let i = 0; i < probs.length; i++) out[i] = (probs[i] / max) ** (1 / t);
  return renormalise(out);
}

/** Keeps the k most probable tokens; 0 is off. */
export function topK(probs: Float64Array, k: number): Float64Array {
  if (k === 0) return probs;
  return keepOnly(probs, ranked(probs).slice(0, k));
}

/**
 * Keeps the smallest set of most probable tokens whose cumulative probability reaches p: the
 * token that crosses p stays, so at least one survives. 1 is off.
 */
export function topP(probs: Float64Array, p: number): Float64Array {
  if (p >= 1) return probs;
  const order = ranked(probs);
  let cumulative = 0;
  let kept = 0;
  while (kept < order.length && cumulative < p) cumulative += probs[order[kept++]];
  return keepOnly(probs, order.slice(0, kept));
}

/** Keeps the tokens with p ≥ m·p_max; 0 is off. */
export function minP(probs: Float64Array, m: number): Float64Array {
  if (m === 0) return probs;
  const threshold = m * probs[argmax(probs)];
  return keepOnly(
    probs,
    Array.from(probs.keys()).filter((i) => probs[i] > 0 && probs[i] >= threshold),
  );
}

/** The distribution restricted to `survivors`, renormalised; the input itself if nothing was removed. */
function keepOnly(probs: Float64Array, survivors: readonly number[]): Float64Array {
  let positive = 0;
  for (const p of probs) if (p > 0) positive++;
  if (survivors.length === positive) return probs;
  const out = new Float64Array(probs.length);
  for (const i of survivors) out[i] = probs[i];
  return renormalise(out);
}

/** Divides by the sum, taken in canonical order; only for arrays the chain made itself. */
function renormalise(probs: Float64Array): Float64Array {
  let total = 0;
  for (const p of probs) total += p;
  for (let i = 0; i < probs.length; i++) probs[i] /= total;
  return probs;
}

/** The positions a filter removed: positive before it, zero after. */
export function removedBy(before: Float64Array, after: Float64Array): number[] {
  const removed: number[] = [];
  for (let i = 0; i < before.length; i++) if (before[i] > 0 && after[i] === 0) removed.push(i);
  return removed;
}
