/**
 * The draw, as an inverse CDF: the token is the first in canonical order whose cumulative
 * probability exceeds u. Pure: the u comes from the caller, one per sampled token.
 */
export interface Cdf {
  /** Running sums of the probabilities, in canonical order. */
  readonly cumulative: Float64Array;
  /** The last token with probability > 0: where u lands if rounding leaves it past the final sum. */
  readonly last: number;
  /** For a CDF drawn from many times, where each slice of [0, 1) starts its search (see guided). */
  readonly guide?: Int32Array;
}

const GUIDE_SIZE = 1024;

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

/**
 * The first position whose cumulative value exceeds u: a binary search, since the sums never
 * decrease, over the whole CDF or, with a guide, over the few positions u's slice allows.
 */
export function drawFrom({ cumulative, last, guide }: Cdf, u: number): number {
  let low = 0;
  let high = cumulative.length;
  if (guide !== undefined) {
    const slice = Math.floor(u * GUIDE_SIZE);
    low = guide[slice];
    high = Math.min(guide[slice + 1] + 1, high);
  }
  const first = firstAbove(cumulative, u, low, high);
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

/**
 * A CDF with a guide table (Chen and Asau's indexed search), for one drawn from many times: for
 * each of 1024 slices of [0, 1), the first token any u in it can draw. drawFrom then searches
 * from there to the next slice's token, often the same one: the same token for every u, with
 * fewer comparisons.
 */
export function guided(c: Cdf): Cdf {
  const guide = new Int32Array(GUIDE_SIZE + 1);
  for (let slice = 0; slice <= GUIDE_SIZE; slice++) {
    guide[slice] = firstAbove(c.cumulative, slice / GUIDE_SIZE, 0, c.cumulative.length);
  }
  return { ...c, guide };
}

export const draw = (probs: Float64Array, u: number): number => drawFrom(cdf(probs), u);
