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
  const first = firstAbove(cumulative, u, 0, cumulative.length);
  return first < cumulative.length ? first : last;
}

/** The first position in [low, high) whose cumulative value exceeds u, or high. */
function firstAbove(cumulative: Float64Array, u: number, low: number, high: number): number {
  let from = low;
  let to = high;
  while (from < to) {
    const middle = (from + to) >>> 1;
    if (cumulative[middle] > u) to = middle;
    else from = middle + 1;
  }
  return from;
}

const GUIDE_SIZE = 1024;

/**
 * drawFrom for a CDF drawn from many times, sped up by a guide table (Chen and Asau's indexed
 * search): for each of 1024 slices of [0, 1), the first token any u in it can draw. The search
 * then starts there and ends at the next slice's token, often the same one: the same token as
 * drawFrom, for every u, with fewer comparisons.
 */
export function guided(c: Cdf): (u: number) => number {
  const { cumulative, last } = c;
  const guide = new Int32Array(GUIDE_SIZE + 1);
  for (let slice = 0; slice <= GUIDE_SIZE; slice++) {
    guide[slice] = firstAbove(cumulative, slice / GUIDE_SIZE, 0, cumulative.length);
  }
  return (u) => {
    const slice = Math.floor(u * GUIDE_SIZE);
    const first = firstAbove(cumulative, u, guide[slice], Math.min(guide[slice + 1] + 1, cumulative.length));
    return first < cumulative.length ? first : last;
  };
}

export const draw = (probs: Float64Array, u: number): number => drawFrom(cdf(probs), u);
