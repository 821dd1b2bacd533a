/**
 * Plain reference versions of the filters' fast paths, on dense arrays by token: every candidate
 * (a token whose logit is not -Infinity) sorted by logit, descending, ties in canonical order, and
 * a prefix kept. No histogram, no narrowing, no compaction: the property tests compare the fast
 * paths with these on random candidates, underflowed ones among them.
 */

/** The candidates by logit, descending, ties in canonical order. */
export function byLogit(logits: ArrayLike<number>): number[] {
  const order: number[] = [];
  for (let i = 0; i < logits.length; i++) if (logits[i] !== Number.NEGATIVE_INFINITY) order.push(i);
  return order.sort((a, b) => logits[b] - logits[a] || a - b);
}

/** The ranked prefix up to the first candidate at which `enough(count, mass)` holds, in canonical order. */
export function leadersByRanking(
  logits: ArrayLike<number>,
  probs: ArrayLike<number>,
  enough: (count: number, mass: number) => boolean,
): number[] {
  const order = byLogit(logits);
  let kept = 0;
  let mass = 0;
  while (kept < order.length && !enough(kept, mass)) mass += probs[order[kept++]];
  return order.slice(0, kept).sort((a, b) => a - b);
}

/** The candidates that pass, or the first `need` ranked ones if fewer pass, in canonical order. */
export function thresholdByRanking(logits: ArrayLike<number>, passes: (i: number) => boolean, need: number): number[] {
  const order = byLogit(logits);
  const passing = order.filter(passes);
  return (passing.length >= need ? passing : order.slice(0, need)).sort((a, b) => a - b);
}
