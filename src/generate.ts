import { type Cdf, cdf, drawFrom, drawOnce, guided } from './draw.js';
import { usageError } from './errors.js';
import type { Model } from './model.js';
import { defaultSampling, type SamplingOptions } from './options.js';
import type { Rng } from './rng.js';
import { type Distribution, Sampler } from './sampler.js';
import { argmax } from './samplers/filter.js';
import { contextWindow } from './tokenize.js';
import { checkCount, checkPhrase } from './validate.js';

export interface GenerateRequest {
  readonly model: Model;
  /** The phrase as token positions (see tokenize). */
  readonly phrase: readonly number[];
  /** How many continuations. */
  readonly count: number;
  /** New tokens per continuation (default 1). */
  readonly length?: number;
  readonly options?: Partial<SamplingOptions>;
  readonly rng: Rng;
  /** The sampler for these options, if the caller has made one already. */
  readonly sampler?: Sampler;
  /** The phrase's next-token distribution under these options, if the caller has it already. */
  readonly distribution?: Distribution;
  /** Called once with the distribution the very first token was drawn from, every step of it. */
  readonly trace?: (distribution: Distribution) => void;
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
/** A batch holds at most this many tokens: long continuations come a few at a time. */
const BATCH_TOKENS = 1 << 16;
/** Below this many draws, building a guide table costs more than it saves. */
const GUIDE_WORTH = 1024;

/**
 * Draws `count` continuations of `length` tokens, one after another from one RNG stream.
 * Autoregressive: each chosen token joins the context and the history, and the next
 * distribution comes from the last C tokens. Each token consumes one u = rng() (none when
 * greedy), after the u's of the stages that draw their own (XTC).
 */
export function* generateBatches(request: GenerateRequest, most = BATCH_SIZE): Generator<Batch> {
  const { model, count, rng, length = 1 } = request;
  checkCount(count, length);
  checkPhrase(request.phrase, model);
  if (typeof rng !== 'function') throw usageError((m) => m.rngNotFunction());
  const batchSize = Math.max(1, Math.min(most, BATCH_SIZE, Math.floor(BATCH_TOKENS / length)));
  const sampler = request.sampler ?? new Sampler(model, request.options ?? defaultSampling);
  const start = Int32Array.from(contextWindow(request.phrase, model));
  const history = new Int32Array(request.phrase.length + length);
  history.set(request.phrase);
  const moment = { history: history.subarray(0, request.phrase.length), states: sampler.initialStates(), coin: rng };
  // Every continuation's first token has the phrase's distribution, unless a stage draws a coin:
  // its sampler is made once, with a guide table when it is drawn from often.
  const phrase =
    sampler.firstReusable &&
    drawer(request.distribution ?? sampler.distribution(Array.from(start), { history: request.phrase }), count);
  const later = sampler.reusable ? lastDrawer(sampler) : undefined;
  const window = new Int32Array(start.length);
  const size = Math.min(batchSize, count) * length;
  const tokens = new Int32Array(size);
  const probs = new Float64Array(size);
  const draws = new Float64Array(size);
  let traced = request.trace === undefined;
  if (!traced && phrase && phrase.distribution) {
    // Every first token is drawn from the phrase's distribution: that is the one traced.
    request.trace?.(phrase.distribution);
    traced = true;
  }
  const stateful = sampler.stages.some((stage) => stage.accept !== undefined);
  /** The drawer for token k: the phrase's or the window's when they can be reused, else made afresh. */
  const drawerFor = (k: number): Drawer => {
    if (k === 0 && phrase) return phrase;
    if (k > 0 && later) return later(window);
    moment.history = history.subarray(0, request.phrase.length + k);
    if (!traced) return drawer(sampler.distribution(Array.from(window), moment), 1);
    return drawer({ probs: sampler.probsFor(window, moment), greedy: sampler.greedy }, 1);
  };
  const pick = (slot: number, k: number): void => {
    const d = drawerFor(k);
    if (!traced) {
      request.trace?.(d.distribution ?? sampler.distribution(Array.from(window), moment));
      traced = true;
    }
    const u = d.greedy === undefined ? rng() : Number.NaN;
    const token = d.greedy ?? (d.cdf ? drawFrom(d.cdf, u) : drawOnce(d.probs, u));
    tokens[slot + k] = token;
    probs[slot + k] = d.probs[token];
    draws[slot + k] = u;
    history[request.phrase.length + k] = token;
    if (stateful) sampler.accept(moment.states, d.probs[token]);
  };
  // One-token continuations from the phrase's own drawer, the common case of millions of
  // samples: the same draws as pick's, in a loop with nothing else in it.
  const single = length === 1 && phrase && traced && !stateful ? phrase : undefined;
  for (let done = 0; done < count; done += batchSize) {
    const continuations = Math.min(batchSize, count - done);
    if (single) {
      const { greedy, cdf: sums, probs: distribution } = single;
      // The coin first, then the lookups: apart from the generator's chain, the lookups of a wide
      // vocabulary's table wait on memory side by side instead of one after another.
      for (let slot = 0; slot < continuations; slot++) draws[slot] = greedy === undefined ? rng() : Number.NaN;
      for (let slot = 0; slot < continuations; slot++) {
        const u = draws[slot];
        tokens[slot] = greedy ?? (sums ? drawFrom(sums, u) : drawOnce(distribution, u));
      }
      // Every token here has the phrase's distribution: its probability is looked up only if a
      // writer reads it (jsonl, json), which a wide vocabulary's text run does not.
      let filled = false;
      yield {
        count: continuations,
        length,
        tokens,
        draws,
        get probs() {
          if (!filled) for (let slot = 0; slot < continuations; slot++) probs[slot] = distribution[tokens[slot]];
          filled = true;
          return probs;
        },
      };
      continue;
    }
    for (let slot = 0; slot < continuations * length; slot += length) {
      // The window matters past the first token, or for a first token drawn afresh (XTC).
      if (length > 1 || !phrase) window.set(start);
      if (stateful) moment.states = sampler.initialStates();
      for (let k = 0; k < length; k++) {
        if (k > 0) {
          window.copyWithin(0, 1);
          window[window.length - 1] = tokens[slot + k - 1];
        }
        pick(slot, k);
      }
    }
    yield { count: continuations, length, tokens, probs, draws };
  }
}

interface Drawer {
  readonly probs: Float64Array;
  /** The CDF to search; none for a distribution drawn from once, which drawOnce scans. */
  readonly cdf?: Cdf;
  /** The token greedy takes, when greedy. */
  readonly greedy: number | undefined;
  /** The distribution it was made from, when it was traced. */
  readonly distribution?: Distribution;
}

/**
 * The drawer of a distribution for `draws` draws: one drawn from many times, as the phrase's is,
 * gets a guide table; a few, a CDF; one drawn from once, as a later token's, none: drawOnce scans.
 */
function drawer(d: Pick<Distribution, 'probs' | 'greedy'> & Partial<Distribution>, draws: number): Drawer {
  const sums = draws > 1 ? cdf(d.probs) : undefined;
  return {
    probs: d.probs,
    cdf: sums && draws > GUIDE_WORTH ? guided(sums) : sums,
    greedy: d.greedy ? argmax(d.probs) : undefined,
    distribution: d.windowIds === undefined ? undefined : (d as Distribution),
  };
}

/** The drawer for a later token's window, reusing the last one while the window repeats. */
function lastDrawer(sampler: Sampler): (window: Int32Array) => Drawer {
  const key = new Int32Array(sampler.model.f1.length).fill(-1);
  const cumulative = new Float64Array(sampler.model.tokens.length);
  let last: Drawer | undefined;
  return (window) => {
    if (last !== undefined && window.every((position, i) => position === key[i])) return last;
    key.set(window);
    const probs = sampler.probsFor(window, {});
    last = { probs, cdf: cdf(probs, cumulative), greedy: sampler.greedy ? argmax(probs) : undefined };
    return last;
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
