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

/**
 * DRY's runs as llama.cpp finds them for every token: the last `window` tokens of the history
 * backwards, the Z-algorithm over them, each length capped at the nearest breaker, and for each
 * token that followed a run of at least `allowed`, the longest. The whole window every time.
 */
export function dryRuns(
  history: readonly number[],
  window: number,
  allowed: number,
  breakers: ReadonlySet<number>,
): Map<number, number> {
  const found = new Map<number, number>();
  const seq = history.slice(Math.max(0, history.length - window)).reverse();
  const n = seq.length;
  if (n <= allowed) return found;
  const breaker = seq.findIndex((token) => breakers.has(token));
  const limit = breaker === -1 ? n : breaker;
  if (limit < allowed) return found;
  const z = new Array<number>(n).fill(0);
  let [left, right] = [0, 0];
  for (let k = 1; k < n; k++) {
    let length = k < right ? Math.min(right - k, z[k - left]) : 0;
    while (k + length < n && seq[length] === seq[k + length]) length++;
    z[k] = length;
    if (k + length > right) [left, right] = [k, k + length];
  }
  for (let k = 1; k < n; k++) {
    const run = Math.min(z[k], limit);
    if (run >= allowed && run > (found.get(seq[k - 1]) ?? -1)) found.set(seq[k - 1], run);
  }
  return found;
}
