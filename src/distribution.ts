import { dataError } from './errors.js';
import type { Model } from './model.js';
import { f1, f2, norm, sum } from './pipeline.js';

/** The next-token distribution for one context window, with every number that made it. */
export interface Distribution {
  /** The ids of the context window, oldest first. */
  readonly windowIds: readonly number[];
  /** f1 of the window. */
  readonly score: number;
  /** f2 of the score: one logit per token, canonical order. */
  readonly logits: Float64Array;
  /** The sum norm divides by. */
  readonly total: number;
  /** The probabilities the draw uses, canonical order. */
  readonly probs: Float64Array;
}

/** Runs the post's pipeline, norm(f2(f1(window))), on a window of token positions. */
export function nextDistribution(model: Model, window: readonly number[]): Distribution {
  const windowIds = window.map((position) => model.ids[position]);
  const score = f1(windowIds, model.f1);
  const logits = f2(score, model.f2);
  checkFinite(logits, model);
  const total = checkNormable(logits, model);
  return { windowIds, score, logits, total, probs: norm(logits) };
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
        `the logit of ${JSON.stringify(model.tokens[j])} is ${logits[j]}, and norm cannot make a probability of a negative logit; make its f2 weight or the context's f1 score non-negative`,
      );
    }
  }
  const total = sum(logits);
  if (total === 0) throw dataError('the logits sum to 0, so norm cannot divide by them; give f2 a positive weight');
  if (!Number.isFinite(total)) throw dataError('the logits sum overflows to Infinity; use smaller ids or weights');
  return total;
}
