import { ranked } from './samplers/filter.js';

/**
 * Plain reference versions of the filters' fast paths: sort every token, walk the ranking, keep a
 * prefix, renormalise. No histogram, no early exit: the property tests compare the fast paths with
 * these on random distributions.
 */

/** Keeps the ranked prefix up to the first token at which `enough(count, mass)` holds. */
export function leadersByRanking(probs: Float64Array, enough: (count: number, mass: number) => boolean): Float64Array {
  const order = ranked(probs);
  let kept = 0;
  let mass = 0;
  while (kept < order.length && !enough(kept, mass)) mass += probs[order[kept++]];
  return prefix(probs, order, kept);
}

/** Keeps the ranked tokens that pass, or the first `need` of them if fewer pass. */
export function thresholdByRanking(probs: Float64Array, passes: (i: number) => boolean, need: number): Float64Array {
  const order = ranked(probs);
  const passing = order.filter(passes).length;
  return prefix(
    probs,
    order,
    passing >= need ? passing : Math.min(need, order.length),
    passing >= need ? passes : undefined,
  );
}

function prefix(probs: Float64Array, order: number[], kept: number, passes?: (i: number) => boolean): Float64Array {
  const keep = passes ? order.filter(passes) : order.slice(0, kept);
  if (keep.length === order.length) return probs;
  const out = new Float64Array(probs.length);
  for (const i of keep) out[i] = probs[i];
  let total = 0;
  for (const p of out) total += p;
  return out.map((p) => p / total);
}
