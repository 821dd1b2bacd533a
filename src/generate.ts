import { argmax } from './chain.js';
import {
  type Distribution,
  defaultSampling,
  nextDistribution,
  type SamplingOptions,
  type Workspace,
  workspace,
} from './distribution.js';
import { type Cdf, cdf, drawFrom, guided } from './draw.js';
import type { Model } from './model.js';
import type { Rng } from './rng.js';
import { contextWindow } from './tokenize.js';

export interface GenerateRequest {
  readonly model: Model;
  /** The phrase as token positions (see tokenize). */
  readonly phrase: readonly number[];
  /** How many continuations. */
  readonly count: number;
  /** New tokens per continuation (default 1). */
  readonly length?: number;
  readonly options?: SamplingOptions;
  readonly rng: Rng;
  /** The phrase's next-token distribution under these options, if the caller has it already. */
  readonly distribution?: Distribution;
}

/**
 * Continuations in struct-of-arrays batches, so that millions of samples cost no object each.
 * Continuation i of the batch holds entries [i·length, (i+1)·length) of each array.
 * A batch's arrays are reused: read one before asking for the next.
 */
export interface Batch {
  /** Continuations in this batch. */
  readonly count: number;
  /** New tokens per continuation. */
  readonly length: number;
  /** The new tokens, as positions. */
  readonly tokens: Int32Array;
  /** The probability each new token had in the distribution it was drawn from. */
  readonly probs: Float64Array;
  /** The u each token consumed; NaN where greedy drew none. */
  readonly draws: Float64Array;
}

const BATCH_SIZE = 8192;
/** Below this many draws, building a guide table costs more than it saves. */
const GUIDE_WORTH = 1024;

/**
 * Draws `count` continuations of `length` tokens, one after another from one RNG stream, each
 * token consuming exactly one u = rng() (none when greedy). Autoregressive: each chosen token
 * joins the context, and the next distribution comes from the last C tokens.
 */
export function* generateBatches(request: GenerateRequest, batchSize = BATCH_SIZE): Generator<Batch> {
  const { model, count, rng, length = 1, options = defaultSampling } = request;
  const start = Int32Array.from(contextWindow(request.phrase, model));
  // Every continuation's first token comes from the phrase's window: its sampler is made once,
  // in buffers of its own; the later tokens' samplers share one workspace.
  const phraseDistribution = request.distribution ?? nextDistribution(model, Array.from(start), options);
  const first = sampler(phraseDistribution, { reused: count > GUIDE_WORTH });
  const samplerFor = lastSampler(model, options, length > 1 ? workspace(model.tokens.length) : undefined);
  const window = new Int32Array(start.length);
  const size = Math.min(batchSize, count) * length;
  const tokens = new Int32Array(size);
  const probs = new Float64Array(size);
  const draws = new Float64Array(size);
  const pick = (sampler: Sampler, slot: number): void => {
    const u = sampler.greedy === undefined ? rng() : Number.NaN;
    const token = sampler.greedy ?? drawFrom(sampler.cdf, u);
    tokens[slot] = token;
    probs[slot] = sampler.probs[token];
    draws[slot] = u;
  };
  for (let done = 0; done < count; done += batchSize) {
    const continuations = Math.min(batchSize, count - done);
    for (let slot = 0; slot < continuations * length; slot += length) {
      pick(first, slot);
      if (length > 1) window.set(start);
      for (let k = 1; k < length; k++) {
        window.copyWithin(0, 1);
        window[window.length - 1] = tokens[slot + k - 1];
        pick(samplerFor(window), slot + k);
      }
    }
    yield { count: continuations, length, tokens, probs, draws };
  }
}

interface Sampler {
  readonly probs: Float64Array;
  readonly cdf: Cdf;
  /** The token greedy takes, when greedy. */
  readonly greedy: number | undefined;
}

/** The sampler for a later token's window, reusing the last one while the window repeats. */
function lastSampler(model: Model, options: SamplingOptions, space?: Workspace): (window: Int32Array) => Sampler {
  const key = new Int32Array(model.f1.length).fill(-1);
  const cumulative = space && new Float64Array(model.tokens.length);
  let last: Sampler | undefined;
  return (window) => {
    if (last !== undefined && window.every((position, i) => position === key[i])) return last;
    key.set(window);
    last = sampler(nextDistribution(model, Array.from(window), options, space), { cumulative });
    return last;
  };
}

/**
 * The sampler of a distribution. One drawn from many times, as the phrase's is, gets a guide
 * table; one drawn from once, as a later token's, is searched directly in reused buffers.
 */
function sampler(distribution: Distribution, how: { reused?: boolean; cumulative?: Float64Array }): Sampler {
  const cumulative = cdf(distribution.probs, how.cumulative);
  return {
    probs: distribution.probs,
    cdf: how.reused ? guided(cumulative) : cumulative,
    greedy: distribution.greedy ? argmax(distribution.probs) : undefined,
  };
}

/** One continuation, as the library hands it out. */
export interface Continuation {
  /** The new tokens. */
  readonly tokens: string[];
  /** Their ids. */
  readonly ids: number[];
  /** The probability each had when it was chosen. */
  readonly probs: number[];
  /** The u each consumed; null where greedy drew none. */
  readonly draws: (number | null)[];
}

/** The continuations one by one: convenient, where generateBatches is fast. */
export function* generate(request: GenerateRequest): Generator<Continuation> {
  for (const batch of generateBatches(request)) {
    for (let slot = 0; slot < batch.count * batch.length; slot += batch.length) {
      yield continuationAt(request.model, batch, slot);
    }
  }
}

/** The continuation that starts at `slot` of a batch, as a plain object. */
export function continuationAt(model: Model, batch: Batch, slot: number): Continuation {
  const positions = Array.from(batch.tokens.subarray(slot, slot + batch.length));
  return {
    tokens: positions.map((p) => model.tokens[p]),
    ids: positions.map((p) => model.ids[p]),
    probs: Array.from(batch.probs.subarray(slot, slot + batch.length)),
    draws: Array.from(batch.draws.subarray(slot, slot + batch.length), (u) => (Number.isNaN(u) ? null : u)),
  };
}
