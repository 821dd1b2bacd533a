/**
 * The draw, as an inverse CDF: the token is the first in canonical order whose cumulative
 * probability exceeds u. Pure: the u comes from the caller, one per sampled token.
 */
export interface Cdf {
  /** Running sums of the probabilities, in canonical order. */
  readonly cumulative: Float64Array;
  /** The last token with probability > 0: where u lands if rounding leaves it past the final sum. */
  readonly last: number;
}

export function cdf(probs: Float64Array, cumulative: Float64Array = new Float64Array(probs.length)): Cdf {
  let running = 0;
  let last = -1;
  for (let i = 0; i < probs.length; i++) {
    running += probs[i];
    cumulative[i] = running;
    if (probs[i] > 0) last = i;
  }
  return { cumulative, last };
}

/** The first position whose cumulative value exceeds u; a binary search, since the sums never decrease. */
export function drawFrom({ cumulative, last }: Cdf, u: number): number {
  let low = 0;
  let high = cumulative.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cumulative[middle] > u) high = middle;
    else low = middle + 1;
  }
  return low < cumulative.length ? low : last;
}

export const draw = (probs: Float64Array, u: number): number => drawFrom(cdf(probs), u);
