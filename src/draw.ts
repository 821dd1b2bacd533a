/**
 * The draw, as an inverse CDF: the token is the first in canonical order whose cumulative
 * probability exceeds u. Pure: the u comes from the caller, one per sampled token.
 */
export interface Cdf {
  /** Running sums of the probabilities, in canonical order. */
  readonly cumulative: Float64Array;
  /** The last token with probability > 0: where u lands if rounding leaves it past the final sum. */
  readonly last: number;
  /** For a CDF drawn from many times: where each slice of [0, 1) starts (see guided). */
  readonly guide?: Guide;
}

/**
 * For each slice of [0, 1), its first token t, with the place of t's edge (its running sum) inside
 * the slice in the bits above t's; or, for a slice to search, t's complement ~t (a negative number).
 */
export interface Guide {
  readonly entries: Int32Array;
  /** The low bits of an entry that hold its token: enough for every position. */
  readonly tokenBits: number;
}

/**
 * A guide has about as many slices as tokens (Chen and Asau's choice), within these bounds. More
 * slices settle more draws at the guide, but past 2^17 the table's own building and cache misses
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
 * The first position whose cumulative value exceeds u. Without a guide, a binary search over the
 * whole CDF, since the sums never decrease: the reference the guide and drawAll are tested
 * against. With one, u's slice most often settles it (see guided), else a search over the few
 * positions the slice allows.
 */
export function drawFrom(c: Cdf, u: number): number {
  const { cumulative, guide } = c;
  if (guide === undefined) return searched(c, u, 0, cumulative.length);
  const slice = Math.floor(u * (guide.entries.length - 1));
  const entry = guide.entries[slice];
  if (entry < 0) return searchedIn(c, guide, u, slice);
  const first = firstOf(guide, entry);
  return first + Number(u >= cumulative[first]);
}

/**
 * drawFrom for each of the first `count` u's, into `out`: the same positions, found in two sweeps.
 * The first settles each u at its slice, listing the u's whose slice is to search; the second
 * searches those. With no branch in the first sweep, its reads, each at random over the guide,
 * wait on memory side by side. It reads no running sum: u's place inside its slice, against the
 * edge's, tells which side of the edge u is, but where the two share a place; such a u is listed.
 */
export function drawAll(c: Cdf, us: Float64Array, count: number, out: Int32Array): void {
  const { guide } = c;
  if (guide === undefined) {
    for (let k = 0; k < count; k++) out[k] = drawFrom(c, us[k]);
    return;
  }
  if (left.length < count) left = new Int32Array(count);
  const { entries, tokenBits } = guide;
  const slices = entries.length - 1;
  const places = placesOf(tokenBits);
  const mask = maskOf(tokenBits);
  let listed = 0;
  for (let k = 0; k < count; k++) {
    // Exact: the slices and the places are powers of two.
    const x = us[k] * slices;
    const slice = Math.floor(x);
    const entry = entries[slice];
    const place = Math.floor((x - slice) * places);
    const edge = entry >>> tokenBits;
    out[k] = (entry & mask) + Number(place > edge);
    // Every u is written to the list, which moves on only past one to search or at the edge's place.
    left[listed] = k;
    listed += (entry >>> 31) | Number(place === edge);
  }
  for (let e = 0; e < listed; e++) out[left[e]] = drawFrom(c, us[left[e]]);
}

/** drawAll's list of the u's still to search: scratch, grown to the largest batch. */
let left = new Int32Array(0);

/** The places of a slice: as many as the bits above an entry's token and below its sign can count. */
const placesOf = (tokenBits: number): number => 2 ** (31 - tokenBits);

/** The bits of an entry that hold its token. */
const maskOf = (tokenBits: number): number => (1 << tokenBits) - 1;

/** A guide entry's first token, whether its slice is to search (~t) or not: an index in range either way. */
const firstOf = ({ tokenBits }: Guide, entry: number): number => (entry ^ (entry >> 31)) & maskOf(tokenBits);

/** The search of a slice marked for one: from its first token to the next slice's, which ends it. */
function searchedIn(c: Cdf, guide: Guide, u: number, slice: number): number {
  const high = firstOf(guide, guide.entries[slice + 1]) + 1;
  return searched(c, u, ~guide.entries[slice], Math.min(high, c.cumulative.length));
}

/** The first position in [low, high) whose cumulative value exceeds u, or `last` if none does. */
function searched({ cumulative, last }: Cdf, u: number, low: number, high: number): number {
  let from = low;
  let to = high;
  while (from < to) {
    const middle = (from + to) >>> 1;
    if (cumulative[middle] > u) to = middle;
    else from = middle + 1;
  }
  return from < cumulative.length ? from : last;
}

/**
 * A CDF with a guide (Chen and Asau's indexed search): for each of n slices of [0, 1), n about the
 * vocabulary's size, the first token whose cumulative value exceeds the slice's start. A u in the
 * slice can draw only the tokens from there (t) to the next slice's first. Most often that is t
 * alone, whose sum then exceeds every u in the slice, or t and t + 1, split at t's sum: either
 * way, the token is t + (u ≥ sum of t), with no search. A slice holding more than one band's edge,
 * or past the end, is marked ~t, and searched. Each other entry also holds where t's sum falls
 * inside the slice, cut to one of its places, so that drawAll compares most u's with no sum read.
 */
export function guided(c: Cdf): Cdf {
  const { cumulative } = c;
  const size = cumulative.length;
  let slices = GUIDE_MIN;
  while (slices < size && slices < GUIDE_MAX) slices *= 2;
  const entries = new Int32Array(slices + 1);
  // The bits of the last position, size − 1, in integers: no logarithm to round.
  const tokenBits = Math.max(1, 32 - Math.clz32(size - 1));
  const places = placesOf(tokenBits);
  let low = 0;
  while (low < size && cumulative[low] <= 0) low++;
  for (let slice = 0; slice < slices; slice++) {
    let high = low;
    const end = (slice + 1) / slices;
    while (high < size && cumulative[high] <= end) high++;
    // A first token past the end (a final sum short of 1) is written as the last position, so that
    // every entry names a position whose sum can be read; the slice's search then finds no token
    // in range, which draws last.
    const first = Math.min(low, size - 1);
    // The place of first's sum, which exceeds the slice's start; a sum at or past the slice's end
    // takes its last place, where drawAll reads the sum itself.
    const edge = Math.min(places - 1, Math.floor((cumulative[first] * slices - slice) * places));
    entries[slice] = high - low > 1 || high === size ? ~first : first | (edge << tokenBits);
    low = high;
  }
  entries[slices] = Math.min(low, size - 1);
  return { ...c, guide: { entries, tokenBits } };
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
