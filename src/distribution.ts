import { greedy, minP, removedBy, temperature, topK, topP } from './chain.js';
import { dataError } from './errors.js';
import type { Model } from './model.js';
import { exponentials, f1, f2, norm, sum } from './pipeline.js';

export type NormKind = 'sum' | 'softmax';

/** Everything that shapes the distribution a token is drawn from. */
export interface SamplingOptions {
  /** `sum`: the post's norm, logits ÷ their sum. `softmax`: what real models use. */
  readonly norm: NormKind;
  /** T ≥ 0: p′ ∝ p^(1/T), for softmax softmax(z/T); 1 changes nothing, 0 is greedy. */
  readonly temperature: number;
  /** Keep the k most probable tokens; 0 is off. */
  readonly topK: number;
  /** Keep the most probable tokens until their cumulative probability reaches p; 1 is off. */
  readonly topP: number;
  /** Keep the tokens with p ≥ m·p_max; 0 is off. */
  readonly minP: number;
  /** Always take the most probable token, drawing nothing. */
  readonly greedy: boolean;
}

export const defaultSampling: SamplingOptions = {
  norm: 'sum',
  temperature: 1,
  topK: 0,
  topP: 1,
  minP: 0,
  greedy: false,
};

export type StageName = 'temperature' | 'top-k' | 'top-p' | 'min-p' | 'greedy';

/** One step of the chain after normalisation, with the tokens it removed. */
export interface Stage {
  readonly name: StageName;
  readonly probs: Float64Array;
  readonly removed: readonly number[];
}

/** The next-token distribution for one context window, with every number that made it. */
export interface Distribution {
  /** The ids of the context window, oldest first. */
  readonly windowIds: readonly number[];
  /** f1 of the window. */
  readonly score: number;
  /** f2 of the score: one logit per token, canonical order. */
  readonly logits: Float64Array;
  /** What normalisation divided by: Σ logits for sum, Σ exp((z − max z)/T) for softmax. */
  readonly total: number;
  /** The normalised distribution, before the filters. */
  readonly normalized: Float64Array;
  /** The chain after normalisation: temperature, top-k, top-p, min-p, greedy, each only when it is on. */
  readonly stages: readonly Stage[];
  /** The probabilities the draw uses, canonical order. */
  readonly probs: Float64Array;
  /** Whether the token is taken without a draw. */
  readonly greedy: boolean;
}

/**
 * Runs the pipeline on a window of token positions: f1 → f2 → norm (or softmax) → temperature →
 * top-k → top-p → min-p, the Hugging Face order. Greedy (or T = 0) puts all the probability on the
 * most probable token, which no filter removes.
 */
export function nextDistribution(
  model: Model,
  window: readonly number[],
  options: SamplingOptions = defaultSampling,
): Distribution {
  const windowIds = window.map((position) => model.ids[position]);
  const score = f1(windowIds, model.f1);
  const logits = f2(score, model.f2);
  checkFinite(logits, model);
  const isGreedy = options.greedy || options.temperature === 0;
  const softmaxed = options.norm === 'softmax';
  const base = softmaxed ? exponentials(logits, options.temperature || 1) : logits;
  const total = softmaxed ? sum(base) : checkNormable(logits, model);
  const normalized = norm(base, undefined, total);
  const stages: Stage[] = [];
  const apply = (name: StageName, on: boolean, filter: (probs: Float64Array) => Float64Array): void => {
    if (!on) return;
    const before = stages.at(-1)?.probs ?? normalized;
    const after = filter(before);
    stages.push({ name, probs: after, removed: removedBy(before, after) });
  };
  apply('temperature', !softmaxed && options.temperature !== 1 && !isGreedy, (p) =>
    temperature(p, options.temperature),
  );
  if (isGreedy) {
    apply('greedy', true, greedy);
  } else {
    apply('top-k', options.topK > 0, (p) => topK(p, options.topK));
    apply('top-p', options.topP < 1, (p) => topP(p, options.topP));
    apply('min-p', options.minP > 0, (p) => minP(p, options.minP));
  }
  const probs = stages.at(-1)?.probs ?? normalized;
  return { windowIds, score, logits, total, normalized, stages, probs, greedy: isGreedy };
}

function checkFinite(logits: Float64Array, model: Model): void {
  for (let j = 0; j < logits.length; j++) {
    if (!Number.isFinite(logits[j])) {
      throw dataError(
        `the logit of ${JSON.stringify(model.tokens[j])} overflows to ${logits[j]}; use smaller ids or weights`,
      );
    }
  }
}

/** norm divides by the sum of the logits: they must all be ≥ 0 and add up to a positive, finite number. */
function checkNormable(logits: Float64Array, model: Model): number {
  for (let j = 0; j < logits.length; j++) {
    if (logits[j] < 0) {
      throw dataError(
        `the logit of ${JSON.stringify(model.tokens[j])} is ${logits[j]}, and norm cannot make a probability of a negative logit; use --norm softmax, which takes any logits, or make the weights non-negative`,
      );
    }
  }
  const total = sum(logits);
  if (total === 0) {
    throw dataError(
      'the logits sum to 0, so norm cannot divide by them; use --norm softmax, or give f2 a positive weight',
    );
  }
  if (!Number.isFinite(total)) throw dataError('the logits sum overflows to Infinity; use smaller ids or weights');
  return total;
}
