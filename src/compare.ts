import { quote } from './errors.js';
import type { Messages } from './i18n/en.js';
import type { Model } from './model.js';
import type { SamplingOptions } from './options.js';
import { type Distribution, type Moment, Sampler, type Step } from './sampler.js';

/** Where two chains part: the stage that first removes a token the other chain keeps. */
export interface Parting {
  /** The stage's name (`top_p`), or `norm` when the two chains' norms part. */
  readonly stage: string;
  /** Which chain it acts in: 0, the first, or 1, the second. */
  readonly chain: 0 | 1;
  /** Its place in that chain's steps (norm's: the place of the first filter after it). */
  readonly step: number;
  /** The tokens it removes that the other chain keeps, as positions; none when both keep the same tokens and only their probabilities part. */
  readonly removed: readonly number[];
}

/** Two chains on one window: each one's options, resolved, and distribution, and where they part, if they do. */
export interface Comparison {
  readonly options: readonly [SamplingOptions, SamplingOptions];
  readonly distributions: readonly [Distribution, Distribution];
  readonly parting?: Parting;
}

/** Probabilities this close are the same: two orders that commute differ only in their rounding. */
const SAME = 1e-12;

/**
 * For each token, the step that removed it from the chain (a filter, or a processor's ban), or -1
 * for a token still a candidate at the end.
 */
export function removals(d: Distribution): Int32Array {
  const at = new Int32Array(d.logits.length).fill(-1);
  d.steps.forEach((step, k) => {
    for (let i = 0; i < at.length; i++) if (at[i] === -1 && step.logits[i] === Number.NEGATIVE_INFINITY) at[i] = k;
  });
  return at;
}

const differ = (a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined): boolean =>
  a === undefined || b === undefined
    ? a !== b
    : Array.prototype.some.call(a, (x: number, i: number) => Math.abs(x - b[i]) > SAME);

/**
 * Where two distributions of the same window part. The first stage, by its place in its own
 * chain, that removes a token the other chain keeps to the end (the first chain's on a tie); when
 * both keep the same tokens but their probabilities differ, the first place where the two chains'
 * stages, or what they give, differ. None when the two give the same distribution.
 */
export function parting(a: Distribution, b: Distribution): Parting | undefined {
  const [ra, rb] = [removals(a), removals(b)];
  let found: { chain: 0 | 1; step: number } | undefined;
  for (let i = 0; i < ra.length; i++) {
    const gone = ra[i] !== -1 && rb[i] === -1 ? { chain: 0 as const, step: ra[i] } : undefined;
    const other = rb[i] !== -1 && ra[i] === -1 ? { chain: 1 as const, step: rb[i] } : undefined;
    for (const candidate of [gone, other]) {
      if (candidate === undefined) continue;
      if (
        found === undefined ||
        candidate.step < found.step ||
        (candidate.step === found.step && candidate.chain < found.chain)
      )
        found = candidate;
    }
  }
  if (found !== undefined) {
    const { chain, step } = found;
    const [mine, theirs] = chain === 0 ? [ra, rb] : [rb, ra];
    const removed = Array.from(mine.keys()).filter((i) => mine[i] === step && theirs[i] === -1);
    return { stage: [a, b][chain].steps[step].stage.name, chain, step, removed };
  }
  if (!differ(a.probs, b.probs)) return undefined;
  const length = Math.max(a.steps.length, b.steps.length);
  // norm stands between the processors and the filters: a chain's first filter comes after it.
  const normAt = (d: Distribution): number => {
    const k = d.steps.findIndex((step) => step.probs !== undefined);
    return k === -1 ? d.steps.length : k;
  };
  const norms = [normAt(a), normAt(b)];
  for (let k = 0; k <= length; k++) {
    if (norms.includes(k) && differ(a.normalized, b.normalized))
      return { stage: 'norm', chain: 0, step: k, removed: [] };
    if (k === length) break;
    const [sa, sb] = [a.steps[k], b.steps[k]];
    if (
      sa === undefined ||
      sb === undefined ||
      sa.stage.name !== sb.stage.name ||
      differ(sa.probs ?? sa.logits, sb.probs ?? sb.logits)
    ) {
      // Of two different stages here, the one the other chain lacks altogether (a temperature only one has).
      const lacks = (step: Step | undefined, other: Distribution): boolean =>
        step !== undefined && !other.steps.some((s) => s.stage.name === step.stage.name);
      const chain = sa === undefined || (lacks(sb, a) && !lacks(sa, b)) ? 1 : 0;
      return { stage: ((chain === 0 ? sa : sb) as Step).stage.name, chain, step: k, removed: [] };
    }
  }
  // The same stages giving the same steps give the same distribution: this is never reached.
  return { stage: 'norm', chain: 0, step: length, removed: [] };
}

/** Two chains side by side on one window: the library's and the page's --compare. */
export function compareChains(
  model: Model,
  window: readonly number[],
  options: readonly [Partial<SamplingOptions>, Partial<SamplingOptions>],
  moment: Moment = {},
): Comparison {
  const samplers = options.map((o) => new Sampler(model, o));
  const distributions = samplers.map((s) => s.distribution(window, moment)) as [Distribution, Distribution];
  const resolved = samplers.map((s) => s.options) as [SamplingOptions, SamplingOptions];
  return { options: resolved, distributions, parting: parting(...distributions) };
}

/** Where two chains part, in a sentence: --compare's last line, and the page's. */
export function partingSentence(model: Model, first: Distribution, second: Distribution, m: Messages): string {
  const where = parting(first, second);
  if (where === undefined) return m.compareSame();
  if (where.removed.length === 0) return m.compareProbabilities(where.stage, where.chain + 1);
  return m.compareParting(where.stage, where.chain + 1, where.removed.map((i) => quote(model.tokens[i])).join(', '));
}
