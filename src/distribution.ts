import { greedy, minP, temperature, topK, topP } from './chain.js';
import { dataError, quote } from './errors.js';
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

/** One step of the chain after normalisation, with the distribution it left. */
export interface Stage {
  readonly name: StageName;
  readonly probs: Float64Array;
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
 * Buffers for one distribution at a time, so that a long generation allocates nothing per token.
 * A distribution computed in a workspace lasts until the next one computed in it.
 */
export interface Workspace {
  readonly logits: Float64Array;
  readonly normalized: Float64Array;
  /** One per stage of the chain. */
  readonly stages: readonly Float64Array[];
}

export function workspace(size: number): Workspace {
  const buffer = (): Float64Array => new Float64Array(size);
  return { logits: buffer(), normalized: buffer(), stages: [buffer(), buffer(), buffer(), buffer()] };
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
  space?: Workspace,
): Distribution {
  const windowIds = window.map((position) => model.ids[position]);
  const score = f1(windowIds, model.f1);
  const logits = f2(score, model.f2, space?.logits);
  checkFinite(logits, model);
  const isGreedy = options.greedy || options.temperature === 0;
  const softmaxed = options.norm === 'softmax';
  // softmax's exponentials are this function's own: they become the distribution in place.
  const base = softmaxed ? exponentials(logits, options.temperature || 1, space?.normalized) : logits;
  const total = softmaxed ? sum(base) : checkNormable(logits, model);
  const normalized = norm(base, softmaxed ? base : space?.normalized, total);
  const stages: Stage[] = [];
  const apply = (
    name: StageName,
    on: boolean,
    filter: (probs: Float64Array, out?: Float64Array) => Float64Array,
  ): void => {
    if (on) stages.push({ name, probs: filter(stages.at(-1)?.probs ?? normalized, space?.stages[stages.length]) });
  };
  apply('temperature', !softmaxed && options.temperature !== 1 && !isGreedy, (p, out) =>
    temperature(p, options.temperature, out),
  );
  if (isGreedy) {
    apply('greedy', true, greedy);
  } else {
    apply('top-k', options.topK > 0, (p, out) => topK(p, options.topK, out));
    apply('top-p', options.topP < 1, (p, out) => topP(p, options.topP, out));
    apply('min-p', options.minP > 0, (p, out) => minP(p, options.minP, out));
  }
  const probs = stages.at(-1)?.probs ?? normalized;
  return { windowIds, score, logits, total, normalized, stages, probs, greedy: isGreedy };
}

function checkFinite(logits: Float64Array, model: Model): void {
  for (let j = 0; j < logits.length; j++) {
    if (!Number.isFinite(logits[j])) {
      throw dataError(`the logit of ${quote(model.tokens[j])} overflows to ${logits[j]}; use smaller ids or weights`);
    }
  }
}

/** norm divides by the sum of the logits: they must all be ≥ 0 and add up to a positive, finite number. */
function checkNormable(logits: Float64Array, model: Model): number {
  for (let j = 0; j < logits.length; j++) {
    if (logits[j] < 0) {
      throw dataError(
        `the logit of ${quote(model.tokens[j])} is ${logits[j]}, and norm cannot make a probability of a negative logit; use --norm softmax, which takes any logits, or make the weights non-negative`,
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
