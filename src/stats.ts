/**
 * Pearson's chi-square goodness-of-fit test, so the sampler can check its own statistics:
 * observed counts against the counts the distribution expects.
 */
export interface ChiSquare {
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  /** P(χ² ≥ statistic) under the distribution: small means the counts do not fit. */
  readonly pValue: number;
}

/** Tokens with expected probability 0 are left out; observing one is reported as a misfit (p = 0). */
export function chiSquare(observed: ArrayLike<number>, probs: ArrayLike<number>): ChiSquare {
  let total = 0;
  for (let i = 0; i < observed.length; i++) total += observed[i];
  let statistic = 0;
  let cells = 0;
  for (let i = 0; i < observed.length; i++) {
    const expected = total * probs[i];
    if (expected > 0) {
      statistic += (observed[i] - expected) ** 2 / expected;
      cells++;
    } else if (observed[i] > 0) {
      statistic = Infinity;
    }
  }
  const degreesOfFreedom = Math.max(cells - 1, 0);
  return { statistic, degreesOfFreedom, pValue: chiSquareSurvival(statistic, degreesOfFreedom) };
}

/** P(χ²_k ≥ x) = Q(k/2, x/2), the regularised upper incomplete gamma function. */
export function chiSquareSurvival(x: number, k: number): number {
  if (k === 0) return x > 0 ? 0 : 1;
  return upperGamma(k / 2, x / 2);
}

/** Q(a, x) by its series below a + 1 and its continued fraction above (Numerical Recipes, §6.2). */
function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  if (!Number.isFinite(x)) return 0;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let series = term;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(series) * 1e-16; n++) {
      term *= x / (a + n);
      series += term;
    }
    return 1 - series * front;
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    fraction *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return fraction * front;
}

/** ln Γ(a) by the Lanczos approximation (g = 7, n = 9), accurate to about 1e-15. */
function logGamma(a: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (a < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * a)) - logGamma(1 - a);
  const z = a - 1;
  let x = g[0];
  for (let i = 1; i < g.length; i++) x += g[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(x);
}

/**
 * The cells of a chi-square test with none expected below 5, as the test needs: the rare cells
 * pooled into one, which joins the smallest of the others if it is still rare itself. A cell
 * expected never but observed stays, so that the test fails on it. `pooled`: how many were merged.
 */
export function pooled(
  observed: ArrayLike<number>,
  probs: ArrayLike<number>,
): { observed: number[]; probs: number[]; pooled: number } {
  let total = 0;
  for (let i = 0; i < observed.length; i++) total += observed[i];
  const counts: number[] = [];
  const shares: number[] = [];
  let [restCount, restShare, merged] = [0, 0, 0];
  for (let i = 0; i < observed.length; i++) {
    if (probs[i] > 0 && total * probs[i] < 5) {
      restCount += observed[i];
      restShare += probs[i];
      merged++;
    } else if (probs[i] > 0 || observed[i] > 0) {
      counts.push(observed[i]);
      shares.push(probs[i]);
    }
  }
  if (merged > 0 && (total * restShare >= 5 || counts.length === 0)) {
    counts.push(restCount);
    shares.push(restShare);
  } else if (merged > 0) {
    let smallest = 0;
    for (let k = 1; k < shares.length; k++)
      if (shares[k] > 0 && (shares[smallest] === 0 || shares[k] < shares[smallest])) smallest = k;
    counts[smallest] += restCount;
    shares[smallest] += restShare;
  }
  return { observed: counts, probs: shares, pooled: merged };
}

/** What the counts say: nothing drawn, too few draws for the test to mean anything, or the test itself. */
export type Verdict =
  | { readonly kind: 'none' }
  | { readonly kind: 'few' }
  | { readonly kind: 'test'; readonly fit: ChiSquare; readonly pooled: number };

/**
 * The chi-square test of --stats and the page: the rare tokens pooled first; a test of one cell,
 * or of cells still expected below 5 times, means nothing, and says so instead.
 */
export function verdict(observed: ArrayLike<number>, probs: ArrayLike<number>, total: number): Verdict {
  if (total === 0) return { kind: 'none' };
  const cells = pooled(observed, probs);
  const fit = chiSquare(cells.observed, cells.probs);
  const least = Math.min(...cells.probs.filter((p) => p > 0).map((p) => p * total));
  if (least < 5 || fit.degreesOfFreedom === 0) return { kind: 'few' };
  return { kind: 'test', fit, pooled: cells.pooled };
}

/** Below this p-value, the counts do not fit. */
export const MISFIT = 0.001;
