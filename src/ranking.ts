/**
 * Rankings of a whole distribution in canonical order, for the views and the library: what is
 * most probable, what has a chance, what a stage removed. The chain itself works on candidates
 * (samplers/candidates.ts); these read the dense arrays a traced distribution gives.
 */

/** Positions by descending value, ties in canonical order. */
export function descending(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
}

/** The tokens with a chance, most probable first, ties in canonical order. */
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

/** The largest value's position, the first in canonical order among equals. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * How many tokens have a chance, counted up to `most`: a caller that asks whether one is left
 * stops at the second, usually among the first few, where a loop over a wide vocabulary's every
 * probability would run once, in the interpreter, boxing each of them.
 */
export function survivors(probs: ArrayLike<number>, most = Number.POSITIVE_INFINITY): number {
  let count = 0;
  for (let i = 0; i < probs.length && count < most; i++) if (probs[i] > 0) count++;
  return count;
}

/** Shannon entropy in nats, −Σ p·ln p over the tokens with a chance. */
export function entropy(probs: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < probs.length; i++) if (probs[i] > 0) h -= probs[i] * Math.log(probs[i]);
  return h;
}

/**
 * The positions a distribution lists, in canonical order: those with a logit above -Infinity. All
 * of a model's; of a capture, the position's own list.
 */
export function listed(logits: ArrayLike<number>): number[] {
  const positions: number[] = [];
  for (let i = 0; i < logits.length; i++) if (logits[i] !== Number.NEGATIVE_INFINITY) positions.push(i);
  return positions;
}

/** How many positions a distribution lists: listed(logits).length, with no array of 200,000 made for it. */
export function listedCount(logits: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < logits.length; i++) if (logits[i] !== Number.NEGATIVE_INFINITY) count++;
  return count;
}

/**
 * The positions a stage removed, from the logits before and after it: a removed token's logit is
 * -Infinity. A token whose probability merely underflowed to 0 is still a candidate, not removed.
 */
export function removedBy(before: ArrayLike<number>, after: ArrayLike<number>): number[] {
  const removed: number[] = [];
  for (let i = 0; i < before.length; i++) {
    if (before[i] !== Number.NEGATIVE_INFINITY && after[i] === Number.NEGATIVE_INFINITY) removed.push(i);
  }
  return removed;
}
