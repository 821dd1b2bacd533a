import { type Cdf, cdf, drawAll, drawFrom, drawOnce, guided } from './draw.js';
import { usageError } from './errors.js';
import type { Model } from './model.js';
import { defaultSampling, type SamplingOptions } from './options.js';
import { argmax } from './ranking.js';
import type { Rng } from './rng.js';
import { type Distribution, type Drawn, Sampler } from './sampler.js';
import type { Candidates } from './samplers/candidates.js';
import { contextWindow } from './tokenize.js';
import { checkCount, checkPhrase, checkU } from './validate.js';

/** What generateBatches needs besides the chain: the phrase, how many, how long, the stream. */
interface Request {
  /** The phrase as token positions (see tokenize). */
  readonly phrase: readonly number[];
  /** How many continuations. */
  readonly count: number;
  /** New tokens per continuation (default 1). */
  readonly length?: number;
  readonly rng: Rng;
  /**
   * Called with the distribution the very first token was drawn from, every step of it; with
   * `traceEach`, with the one each continuation's first token was drawn from, as it is drawn
   * (once only, for continuation 0, when they all share the phrase's).
   */
  readonly trace?: (distribution: Distribution, continuation: number) => void;
  /** The page explains each draw against its own distribution: XTC's coin may give each another. */
  readonly traceEach?: boolean;
  /**
   * The first token's logits, in place of f1 → f2: a captured distribution's. The model has nothing
   * to continue with after it, so only one-token continuations take them.
   */
  readonly logits?: ArrayLike<number>;
}

/**
 * The chain comes one way only: a Sampler (which holds its model and options), or a model and
 * options to make one from. Nothing computed outside it can disagree with its options.
 */
export type GenerateRequest = Request &
  (
    | { readonly sampler: Sampler; readonly model?: undefined; readonly options?: undefined }
    | { readonly model: Model; readonly options?: Partial<SamplingOptions>; readonly sampler?: undefined }
  );

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
  const { count, rng, length = 1 } = request;
  const sampler = request.sampler ?? new Sampler(request.model, request.options ?? defaultSampling);
  const { model } = sampler;
  checkCount(count, length);
  checkPhrase(request.phrase, model);
  if (request.logits !== undefined && length !== 1) throw usageError((m) => m.capturedLength());
  if (typeof rng !== 'function') throw usageError((m) => m.rngNotFunction());
  const batchSize = Math.max(1, Math.min(most, BATCH_SIZE, Math.floor(BATCH_TOKENS / length)));
  const start = contextWindow(request.phrase, model);
  // A state moves only from one token to the next: one-token continuations all start from the same.
  const stateful = sampler.stateful && length > 1;
  // The stages' states carry what they need of the history: the phrase, then each chosen token.
  // Every u is checked as it is drawn: an rng outside [0, 1) would pick a wrong band silently.
  const draw = (): number => checkU(rng());
  const moment = { states: sampler.initialStates(request.phrase), coin: draw, logits: request.logits };
  // Every continuation's first token has the phrase's distribution, unless a stage draws a coin:
  // its drawer is made once, with a guide table when it is drawn from often.
  // A stage that recalls what it received needs each token's own run, the first one's included.
  const reuse = sampler.firstReusable && !(stateful && sampler.recalls);
  // Its distribution, every array of the views', only for a trace: the draws need the candidates.
  const first = reuse && request.trace ? sampler.phraseDistribution(start, request.phrase, request.logits) : undefined;
  // The distribution's own candidates where it was made (phraseCandidates remembers it).
  const phrase = reuse
    ? drawer(sampler.phraseCandidates(start, request.phrase, request.logits), sampler.greedy, count)
    : undefined;
  const later = sampler.reusable ? lastDrawer(sampler) : undefined;
  const window = new Int32Array(start.length);
  const size = Math.min(batchSize, count) * length;
  const tokens = new Int32Array(size);
  const probs = new Float64Array(size);
  const draws = new Float64Array(size);
  let traced = request.trace === undefined;
  if (!traced && first) {
    // Every first token is drawn from the phrase's distribution: that is the one traced.
    request.trace?.(first, 0);
    traced = true;
  }
  /** The drawer for token k of a continuation: the phrase's or the window's when they can be reused, else made afresh. */
  const drawerFor = (k: number, continuation: number): Drawer => {
    if (k === 0 && phrase) return phrase;
    if (k > 0 && later) return later(window);
    if (!traced || (request.traceEach === true && k === 0)) {
      const d = sampler.distribution(Array.from(window), moment);
      request.trace?.(d, continuation);
      traced = true;
      return drawer(d.candidates, sampler.greedy, 1);
    }
    return drawer(drawn(sampler.candidatesFor(window, moment)), sampler.greedy, 1);
  };
  const pick = (slot: number, k: number, continuation: number): void => {
    const d = drawerFor(k, continuation);
    const u = d.greedy === undefined ? draw() : Number.NaN;
    const at = d.greedy ?? (d.cdf ? drawFrom(d.cdf, u) : drawOnce(d.probs, u));
    const token = d.ids === undefined ? at : d.ids[at];
    tokens[slot + k] = token;
    probs[slot + k] = d.probs[at];
    draws[slot + k] = u;
    if (stateful) sampler.accept(moment.states, token, d.probs[at]);
  };
  // One-token continuations from the phrase's own drawer, the common case of millions of
  // samples: the same draws as pick's, in a loop with nothing else in it.
  const single = length === 1 && phrase && traced ? phrase : undefined;
  const slots = single?.ids === undefined ? tokens : new Int32Array(size);
  for (let done = 0; done < count; done += batchSize) {
    const continuations = Math.min(batchSize, count - done);
    if (single) {
      const { greedy, cdf: sums, probs: distribution, ids } = single;
      // The coin first, then the lookups: apart from the generator's chain, the lookups of a wide
      // vocabulary's table wait on memory side by side instead of one after another.
      for (let slot = 0; slot < continuations; slot++) draws[slot] = greedy === undefined ? draw() : Number.NaN;
      if (greedy !== undefined) slots.fill(greedy, 0, continuations);
      else if (sums) drawAll(sums, draws, continuations, slots);
      else for (let slot = 0; slot < continuations; slot++) slots[slot] = drawOnce(distribution, draws[slot]);
      if (ids !== undefined) for (let slot = 0; slot < continuations; slot++) tokens[slot] = ids[slots[slot]];
      // Every token here has the phrase's distribution: its probability is looked up only if a
      // writer reads it (jsonl, json), which a wide vocabulary's text run does not.
      let filled = false;
      yield {
        count: continuations,
        length,
        tokens,
        draws,
        get probs() {
          if (!filled) for (let slot = 0; slot < continuations; slot++) probs[slot] = distribution[slots[slot]];
          filled = true;
          return probs;
        },
      };
      continue;
    }
    for (let slot = 0; slot < continuations * length; slot += length) {
      // The window matters past the first token, or for a first token drawn afresh (XTC).
      if (length > 1 || !phrase) window.set(start);
      if (stateful) moment.states = sampler.initialStates(request.phrase);
      for (let k = 0; k < length; k++) {
        if (k > 0) {
          window.copyWithin(0, 1);
          window[window.length - 1] = tokens[slot + k - 1];
        }
        pick(slot, k, done + slot / length);
      }
    }
    yield { count: continuations, length, tokens, probs, draws };
  }
}

interface Drawer {
  /** The token of each slot; none when slot i is token i (no candidate was removed). */
  readonly ids?: Int32Array;
  /** The probability of each slot. */
  readonly probs: Float64Array;
  /** The CDF to search; none for a distribution drawn from once, which drawOnce scans. */
  readonly cdf?: Cdf;
  /** The slot greedy takes, when greedy. */
  readonly greedy: number | undefined;
}

/**
 * The drawer of some candidates for `draws` draws: drawn from many times, as the phrase's are, it
 * gets a guide table; a few, a CDF; once, as a later token's, none: drawOnce scans. The candidates
 * are in canonical order, so the running sums are those of the whole vocabulary, to the bit.
 */
function drawer({ ids, probs }: Drawn, greedy: boolean, draws: number, cumulative?: Float64Array): Drawer {
  const sums = draws > 1 ? cdf(probs, cumulative?.subarray(0, probs.length)) : undefined;
  return {
    ids,
    probs,
    cdf: sums && draws > GUIDE_WORTH ? guided(sums) : sums,
    greedy: greedy ? argmax(probs) : undefined,
  };
}

/** The sampler's own candidates, as a drawer reads them: valid until it computes the next. */
const drawn = (c: Candidates): Drawn => ({ ids: c.tokens(), probs: c.probs.subarray(0, c.size) });
/** The drawer for a later token's window, reusing the last one while the window repeats. */
function lastDrawer(sampler: Sampler): (window: Int32Array) => Drawer {
  const key = new Int32Array(sampler.model.f1.length).fill(-1);
  const cumulative = new Float64Array(sampler.model.tokens.length);
  // A reusable chain keeps no state: one empty set of states serves every window.
  const moment = { states: sampler.initialStates([]) };
  let last: Drawer | undefined;
  return (window) => {
    if (last !== undefined && window.every((position, i) => position === key[i])) return last;
    key.set(window);
    last = drawer(drawn(sampler.candidatesFor(window, moment)), sampler.greedy, 2, cumulative);
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
  const model = request.sampler === undefined ? request.model : request.sampler.model;
  for (const batch of generateBatches(request)) {
    for (let slot = 0; slot < batch.count * batch.length; slot += batch.length) {
      yield continuationAt(model, batch, slot);
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
