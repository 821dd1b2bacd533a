import { nextDistribution } from './distribution.js';
import { cdf, drawFrom } from './draw.js';
import type { Model } from './model.js';
import type { Rng } from './rng.js';
import { contextWindow } from './tokenize.js';

export interface GenerateRequest {
  readonly model: Model;
  /** The phrase as token positions (see tokenize). */
  readonly phrase: readonly number[];
  /** How many continuations. */
  readonly count: number;
  readonly rng: Rng;
}

/**
 * Continuations in struct-of-arrays batches, so that millions of samples cost no object each.
 * A batch's arrays are reused: read one before asking for the next.
 */
export interface Batch {
  /** Continuations in this batch. */
  readonly count: number;
  /** Token positions, one per continuation. */
  readonly tokens: Int32Array;
  /** The probability each chosen token had. */
  readonly probs: Float64Array;
  /** The u each token consumed. */
  readonly draws: Float64Array;
}

export const BATCH_SIZE = 4096;

/**
 * Draws `count` continuations from one RNG stream, each consuming exactly one u = rng().
 * The distribution depends only on the window, so it is computed once and reused.
 */
export function* generateBatches(request: GenerateRequest, batchSize = BATCH_SIZE): Generator<Batch> {
  const { model, count, rng } = request;
  const distribution = nextDistribution(model, contextWindow(request.phrase, model));
  const sampler = cdf(distribution.probs);
  const tokens = new Int32Array(batchSize);
  const probs = new Float64Array(batchSize);
  const draws = new Float64Array(batchSize);
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    for (let i = 0; i < size; i++) {
      const u = rng();
      const token = drawFrom(sampler, u);
      tokens[i] = token;
      probs[i] = distribution.probs[token];
      draws[i] = u;
    }
    yield { count: size, tokens, probs, draws };
  }
}
