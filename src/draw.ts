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

/**
 * A guide has about as many slices as tokens (Chen and Asau's choice), within these bounds. More
 * slices end more draws at the guide, but past 2^17 the table's own building and cache misses
 * cost more than they save for a million draws.
 */
const GUIDE_MIN = 1024;
const GUIDE_MAX = 1 << 17;

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
    // Slices are a power of two: u × slices is exact, and so is the slice u falls in.
    const slice = Math.floor(u * (guide.length - 1));
    low = guide[slice];
    // A slice inside one token's band draws that token for every u: nothing to search.
    if (guide[slice + 1] === low && low < cumulative.length) return low;
    high = Math.min(guide[slice + 1] + 1, high);
  }
  const first = firstAbove(cumulative, u, low, high);
  return first < cumulative.length ? first : last;
}

/**
 * drawFrom for each of the first `count` u's, into `out`: the same positions, found in two sweeps.
 * The first reads each u's slice of the guide and keeps its token, listing the u's whose slice
 * holds a band's edge; the second searches those. With no branch on the guide's answer in the
 * first sweep, its reads, each at random over the table, wait on memory side by side.
 */
export function drawAll(c: Cdf, us: Float64Array, count: number, out: Int32Array): void {
  const { cumulative, last, guide } = c;
  if (guide === undefined) {
    for (let k = 0; k < count; k++) out[k] = drawFrom(c, us[k]);
    return;
  }
  if (edges.length < count) edges = new Int32Array(count);
  const slices = guide.length - 1;
  const size = cumulative.length;
  let listed = 0;
  for (let k = 0; k < count; k++) {
    const slice = Math.floor(us[k] * slices);
    const low = guide[slice];
    out[k] = low;
    // Every u is written to the list, which moves on only past one to search: no branch. As in
    // drawFrom, a slice inside one band (and before the end) needs no search.
    edges[listed] = k;
    listed += Number(guide[slice + 1] !== low || low === size);
  }
  for (let e = 0; e < listed; e++) {
    const k = edges[e];
    const u = us[k];
    const high = Math.min(guide[Math.floor(u * slices) + 1] + 1, size);
    const first = firstAbove(cumulative, u, out[k], high);
    out[k] = first < size ? first : last;
  }
}

/** drawAll's list of the u's still to search: scratch, grown to the largest batch. */
let edges = new Int32Array(0);

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
 * each of n slices of [0, 1), the first token any u in it can draw, n about the vocabulary's size.
 * drawFrom then searches from there to the next slice's token, most often the same one: the same
 * token for every u, in a comparison or two, however wide the vocabulary.
 */
export function guided(c: Cdf): Cdf {
  let slices = GUIDE_MIN;
  while (slices < c.cumulative.length && slices < GUIDE_MAX) slices *= 2;
  const guide = new Int32Array(slices + 1);
  // One sweep: slice s starts at the first token whose cumulative value exceeds s / slices.
  let token = 0;
  for (let slice = 0; slice <= slices; slice++) {
    const u = slice / slices;
    while (token < c.cumulative.length && c.cumulative[token] <= u) token++;
    guide[slice] = token;
  }
  return { ...c, guide };
}

export const draw = (probs: Float64Array, u: number): number => drawFrom(cdf(probs), u);

/** Token i's band of [0, 1), [from(i), to(i)): the running sums the draw compares u with, for the views. */
export function bands(probs: Float64Array): { from(i: number): number; to(i: number): number } {
  const { cumulative } = cdf(probs);
  return { from: (i) => (i === 0 ? 0 : cumulative[i - 1]), to: (i) => cumulative[i] };
}

/**
 * The same draw for a distribution drawn from once: the running sum taken as it goes, stopping
 * at the token u falls in, with no CDF to build. The sums are the CDF's, bit for bit.
 */
export function drawOnce(probs: Float64Array, u: number): number {
  let running = 0;
  let last = -1;
  for (let i = 0; i < probs.length; i++) {
    running += probs[i];
    if (running > u) return i;
    if (probs[i] > 0) last = i;
  }
  return last;
}
