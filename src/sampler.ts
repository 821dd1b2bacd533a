import { dataError, quote, shown, usageError } from './errors.js';
import type { Messages } from './i18n/en.js';
import type { Model } from './model.js';
import { defaultSampling, type NormKind, type SamplingOptions, samplingOptions } from './options.js';
import { f1, f2 } from './pipeline.js';
import { Candidates, divideBy, softmaxInto } from './samplers/candidates.js';
import { activeStages } from './samplers/index.js';
import { type Report, type Stage, type StageContext, same } from './samplers/stage.js';
import { areLogits, checkHistory, checkModel, checkWindow } from './validate.js';
import { human } from './views/table.js';

/** What one stage did to one distribution, for the views. */
export interface Step {
  readonly stage: Stage;
  /** The logits after it, by token: changed by a processor, -Infinity where a token is banned or removed. */
  readonly logits: Float64Array;
  /** The distribution after it, by token; a processor, before norm, has none. */
  readonly probs?: Float64Array;
  readonly report?: Report;
}

/** The candidates a token is drawn from: their probabilities, and their positions in canonical order. */
export interface Drawn {
  /** The token of each slot; none when no candidate was removed, slot i being token i. */
  readonly ids?: Int32Array;
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
  /** The logits after the processors (the same array when none is active). */
  readonly processed: Float64Array;
  /** What normalisation divided by: Σ logits for sum, Σ exp(z − max z) for softmax. */
  readonly total: number;
  /** The normalised distribution, before the filters: softmax over every candidate under softmax. */
  readonly normalized: Float64Array;
  /** Every active stage, in chain order, with what it did. */
  readonly steps: readonly Step[];
  /** The probabilities the draw uses, by token. */
  readonly probs: Float64Array;
  /** The same, as the candidates that are left. */
  readonly candidates: Drawn;
  /** Whether the token is taken without a draw. */
  readonly greedy: boolean;
}

/** What a distribution depends on besides the window: the history, the stages' states, a coin. */
export interface Moment {
  /** The phrase's tokens, then those generated so far in this continuation (default: the window). */
  readonly history?: ArrayLike<number>;
  /** One state per active stage (see Sampler.initialStates); made from the history if not given. */
  readonly states?: readonly unknown[];
  /** XTC's own draw. Without one, XTC is shown as when it fires. */
  readonly coin?: () => number;
  /**
   * The logits themselves, by token, in place of f1 → f2: a captured distribution's (--logits).
   * -Infinity leaves a token out, as a list that does not name it does.
   */
  readonly logits?: ArrayLike<number>;
}

/** --greedy: not a stage of the list, but the end of every chain when asked for. */
const greedyStage: Stage = {
  name: 'greedy',
  group: 'truncation',
  acts: 'probs',
  settings: [],
  active: (o) => o.greedy,
  label: () => same('greedy'),
  title: () => ({ en: 'greedy: all on the most probable token', es: 'voraz (greedy): todo al token más probable' }),
  apply(c) {
    const best = c.best();
    c.keep((s) => s === best);
    return undefined;
  },
};

/**
 * The post's pipeline and the chain for one model and one set of options: f1 → f2 → the logit
 * processors → norm (or softmax) → the filters, in the order the options list → the candidates
 * a token is drawn from. It owns the candidates a generation reuses, so that a long run allocates
 * nothing per token; `distribution` returns fresh arrays and every step, for the views.
 */
export class Sampler {
  readonly options: SamplingOptions;
  /** The active stages in chain order. */
  readonly stages: readonly Stage[];
  /** Whether every token is taken without a draw. */
  readonly greedy: boolean;
  /** Whether the distribution depends on nothing but the window, so that it can be reused. */
  readonly reusable: boolean;
  /** Whether every continuation's first token has the same distribution (no coin of its own). */
  readonly firstReusable: boolean;
  /** Whether a stage keeps state that moves with the chosen tokens. */
  readonly stateful: boolean;
  /**
   * Whether a stage's state moves with what it received (see Stage.recalls): each run records it,
   * so a continuation's tokens must each come from a run of their own, the first included.
   */
  readonly recalls: boolean;
  private readonly prepared: unknown[];
  /** For each stage that recalls: the last run's probabilities as the stage received them, by token. */
  private readonly received: (Float64Array | undefined)[];
  /** The processors, as the messages of norm name them; none when no processor is active. */
  private readonly ran?: Ran;
  /** Made on first use: a run of one-token continuations never needs them. */
  private own?: Candidates;
  /** The largest |weight| of f2, which bounds the logits: made for the second token (see overflows). */
  private heaviest?: number;
  /** Whether f2's logits were scanned, as the first token's are (see overflows). */
  private scanned = false;
  /** The last phrase's candidates, which every continuation of it starts from, and its distribution once asked for. */
  private phrase?: {
    readonly window: readonly number[];
    readonly history: ArrayLike<number>;
    /** A captured distribution's logits, the same array for the same position. */
    readonly logits?: ArrayLike<number>;
    candidates?: Drawn;
    d?: Distribution;
  };

  constructor(
    readonly model: Model,
    options: Partial<SamplingOptions> = defaultSampling,
  ) {
    checkModel(model);
    this.options = samplingOptions(options);
    const o = this.options;
    // The processors act on the logits, before norm makes a distribution of them: they run first,
    // in the order listed, whatever the order places them among the filters.
    const ordered = activeStages(o);
    const stages = [...ordered.filter((s) => s.acts === 'logits'), ...ordered.filter((s) => s.acts === 'probs')];
    if (o.greedy) stages.push(greedyStage);
    this.stages = stages;
    this.greedy = stages.some((stage) => stage === greedyStage || stage.greedy?.(o) === true);
    this.reusable = stages.every((stage) => stage.depends === undefined);
    this.firstReusable = stages.every((stage) => stage.depends !== 'coin');
    this.stateful = stages.some((stage) => stage.accept !== undefined);
    this.recalls = stages.some((stage) => stage.recalls === true);
    this.received = stages.map((stage) => (stage.recalls ? new Float64Array(model.tokens.length) : undefined));
    this.prepared = stages.map((stage) => stage.prepare?.(o, model));
    const processors = stages.filter((s) => s.acts === 'logits');
    if (processors.length > 0) {
      const names = processors.map((s) => s.name).join(', ');
      this.ran = { names, after: (m) => m.after(names) };
    }
  }

  /** One state per active stage, as a continuation starts after these tokens (mirostat's μ = 2τ). */
  initialStates(history: ArrayLike<number>): unknown[] {
    return this.stages.map((stage, k) => stage.init?.(this.options, history, this.prepared[k]));
  }

  /**
   * After a token is chosen from the last run's candidates: each stateful stage moves its state
   * with it, its final probability and, for a stage that recalls, what the stage received.
   */
  accept(states: unknown[], token: number, probability: number): void {
    this.stages.forEach((stage, k) => {
      if (!stage.accept) return;
      const incoming = this.received[k]?.[token] ?? probability;
      states[k] = stage.accept(states[k], token, probability, this.options, incoming);
    });
  }

  /** The distribution for a window, in fresh arrays, with every step: for the views. */
  distribution(window: readonly number[], moment: Moment = {}): Distribution {
    if (moment.history !== undefined) checkHistory(moment.history, this.model);
    if (moment.coin !== undefined && typeof moment.coin !== 'function') throw usageError((m) => m.rngNotFunction());
    return this.run(window, moment, true) as Distribution;
  }

  /**
   * The distribution of a phrase's first token, remembered: the views and every continuation of
   * the phrase share it. Not for a chain with a coin, whose first distribution varies.
   */
  phraseDistribution(window: readonly number[], history: ArrayLike<number>, logits?: ArrayLike<number>): Distribution {
    const phrase = this.phraseOf(window, history, logits);
    phrase.d ??= this.distribution(window, { history, logits });
    return phrase.d;
  }

  /**
   * The candidates of a phrase's first token, remembered, without the distribution's arrays by
   * token and every step: what a run that shows none of them draws from. The same numbers as the
   * distribution's candidates, to the bit (see byToken).
   */
  phraseCandidates(window: readonly number[], history: ArrayLike<number>, logits?: ArrayLike<number>): Drawn {
    const phrase = this.phraseOf(window, history, logits);
    if (phrase.candidates !== undefined) return phrase.candidates;
    if (phrase.d !== undefined) {
      phrase.candidates = phrase.d.candidates;
    } else {
      checkHistory(history, this.model);
      // Copied out of the sampler's own candidates, which the next run overwrites.
      const c = this.candidatesFor(window, { history, logits });
      phrase.candidates = { ids: c.tokens()?.slice(), probs: c.probabilities().slice(0, c.size) };
    }
    return phrase.candidates;
  }

  /** The last phrase's entry if this is the same phrase, else a new one. */
  private phraseOf(window: readonly number[], history: ArrayLike<number>, logits?: ArrayLike<number>) {
    const last = this.phrase;
    const same =
      last !== undefined && last.logits === logits && equal(last.window, window) && equal(last.history, history);
    if (!same) this.phrase = { window: [...window], history: Array.from(history), logits };
    return this.phrase as NonNullable<Sampler['phrase']>;
  }

  /**
   * The distribution a token is drawn from on average: the distribution itself, or, with a stage
   * that draws a coin (XTC), the mix of the distributions when it acts and when it does not, in
   * the coin's proportions. What --stats checks the counts against.
   */
  expected(window: readonly number[], moment: Moment = {}): Float64Array {
    const stage = this.stages.find((s) => s.depends === 'coin');
    const acting = this.distribution(window, { ...moment, coin: () => 0 }).probs;
    const chance = stage?.chance?.(this.options) ?? 1;
    if (chance >= 1) return acting;
    // u = 1 is above any chance below 1: the coin leaves the stage idle.
    const idle = this.distribution(window, { ...moment, coin: () => 1 }).probs;
    return acting.map((p, i) => chance * p + (1 - chance) * idle[i]);
  }

  /** The candidates to draw from for a window, in the sampler's own buffers: valid until the next call. */
  candidatesFor(window: ArrayLike<number>, moment: Moment): Candidates {
    this.run(window, moment, false);
    return this.own as Candidates;
  }

  /**
   * Whether f2's logits for this score may hold ±Infinity or NaN, for checkFinite to name. The
   * first token's are scanned (see areLogits), where a loop over f2 for the bound would run once,
   * in the interpreter. Later tokens use the bound, made once:
   * |score × w| ≤ |score| × max |w|, rounding included, so that when it is finite so is every logit.
   */
  private overflows(score: number, logits: Float64Array): boolean {
    if (!this.scanned) {
      this.scanned = true;
      return !areLogits(logits) || logits.indexOf(Number.NEGATIVE_INFINITY) !== -1;
    }
    this.heaviest ??= heaviest(this.model.f2);
    return !Number.isFinite(Math.abs(score) * this.heaviest);
  }

  /** The chain for a window: traced, a Distribution in fresh arrays; untraced, into the sampler's own candidates. */
  private run(window: ArrayLike<number>, moment: Moment, trace: boolean): Distribution | undefined {
    const { model, options } = this;
    const size = model.tokens.length;
    checkWindow(window, model);
    if (moment.states !== undefined && !(Array.isArray(moment.states) && moment.states.length === this.stages.length)) {
      throw usageError((m) => m.statesInvalid(this.stages.length));
    }
    const windowIds = Array.from(window, (position) => model.ids[position]);
    this.own ??= new Candidates(size, options.norm);
    const c = trace ? new Candidates(size, options.norm) : this.own;
    const given = moment.logits;
    let score = Number.NaN;
    let logits: Float64Array;
    if (given !== undefined) {
      checkLogits(given, size);
      logits = trace ? Float64Array.from(given) : c.logits;
      if (!trace) c.logits.set(given);
    } else {
      score = f1(windowIds, model.f1);
      // Untraced, f2 writes straight into the candidates; traced, its logits are kept for the views.
      logits = f2(score, model.f2, trace ? new Float64Array(size) : c.logits);
      if (this.overflows(score, logits)) checkFinite(logits, model);
    }
    c.fill(logits);
    const states = moment.states ?? this.initialStates(moment.history ?? window);
    const steps: Step[] = [];
    const context = (k: number): StageContext => ({
      options,
      prepared: this.prepared[k],
      state: states[k],
      trace,
      coin: moment.coin ?? noCoin,
    });
    let k = 0;
    for (; k < this.stages.length && this.stages[k].acts === 'logits'; k++) {
      const report = this.stages[k].apply(c, context(k));
      if (trace) steps.push({ stage: this.stages[k], logits: c.logits.slice(0, size), report });
    }
    const processed = k === 0 || !trace ? logits : steps[k - 1].logits;
    const total = normalise(c, this.ran, model, given !== undefined);
    const normalized = trace ? byToken(c, size).probs : undefined;
    for (; k < this.stages.length; k++) {
      const received = this.received[k];
      if (received !== undefined) {
        // The token drawn is one of these candidates: only their slots are read back.
        const probs = c.probabilities();
        for (let s = 0; s < c.size; s++) received[c.token(s)] = probs[s];
      }
      const report = this.stages[k].apply(c, context(k));
      if (trace) steps.push({ stage: this.stages[k], ...byToken(c, size), report });
    }
    const probs = c.probabilities();
    if (!trace) return undefined;
    const final = steps.length === 0 && normalized !== undefined ? normalized : byToken(c, size).probs;
    return {
      windowIds,
      score,
      logits,
      processed,
      total: options.norm === 'softmax' ? softmaxInto(processed, new Float64Array(size), size) : total,
      normalized: normalized as Float64Array,
      steps,
      probs: final,
      candidates: { ids: c.tokens()?.slice(), probs: probs.slice(0, c.size) },
      greedy: this.greedy,
    };
  }
}

const equal = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => x === b[i]);

/**
 * The candidates by token, for the views: logits with -Infinity where a token is gone, and the
 * probabilities over what is left, computed on the side when the chain has not needed them yet,
 * so that a traced run computes what an untraced one does, to the bit.
 */
function byToken(c: Candidates, size: number): { logits: Float64Array; probs: Float64Array } {
  const logits = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
  const probs = new Float64Array(size);
  const values = c.normalized ? c.probs : new Float64Array(c.size);
  if (!c.normalized) softmaxInto(c.logits, values, c.size);
  for (let s = 0; s < c.size; s++) {
    logits[c.token(s)] = c.logits[s];
    probs[c.token(s)] = values[s];
  }
  return { logits, probs };
}

/** The next-token distribution for a window: a Sampler made for one use. */
export function nextDistribution(
  model: Model,
  window: readonly number[],
  options: Partial<SamplingOptions> = defaultSampling,
  moment: Moment = {},
): Distribution {
  return new Sampler(model, options).distribution(window, moment);
}

/** The largest |w| of f2: a plain loop, where reduce's callback per token costs a wide vocabulary's first run. */
function heaviest(f2: Float64Array): number {
  let max = 0;
  for (let i = 0; i < f2.length; i++) max = Math.max(max, Math.abs(f2[i]));
  return max;
}

/**
 * norm, or softmax's turn: a banned token (logit -Infinity), or one a captured list leaves out
 * (`listed`), leaves the candidates here, for the rest of the chain. Under the post's norm each
 * candidate's probability is z / Σz, Σ in canonical order; returns Σ. Under softmax the
 * probabilities are computed when first needed (NaN).
 */
function normalise(c: Candidates, ran: Ran | undefined, model: Model, listed: boolean): number {
  const after = (m: Messages): string => (ran === undefined ? '' : ran.after(m));
  // f2's logits were checked as f2 made them, but a processor can push one past the largest
  // double (a repeat penalty of 1e-320 divides by it).
  if (ran !== undefined) checkFinite(c.logits.subarray(0, c.size), model, ran);
  if (ran !== undefined || listed) c.removeBanned();
  if (c.norm === 'softmax') {
    if (c.size === 0) throw dataError((m) => m.allBanned(after(m)));
    return Number.NaN;
  }
  const { logits, probs } = c;
  const total = copiedSum(logits, probs, c.size);
  if (total < 0) {
    // copiedSum's -1 - s: slot s holds a negative score.
    const s = -1 - total;
    const token = quote(model.tokens[c.token(s)]);
    // As a person reads it: a penalty leaves -188.80250342488287, the message -188.803.
    throw dataError((m) => m.negativeLogit(token, human(logits[s]), after(m), ran?.names));
  }
  checkTotal(total, ran);
  divideBy(probs, c.size, total);
  c.normalized = true;
  return total;
}

/**
 * The first n logits copied into probs, and their sum in canonical order; -1 - s where slot s is
 * the first negative one. One loop and a return (see candidates.ts).
 */
function copiedSum(logits: Float64Array, probs: Float64Array, n: number): number {
  let total = 0;
  for (let s = 0; s < n; s++) {
    const z = logits[s];
    if (z < 0) return -1 - s;
    probs[s] = z;
    total += z;
  }
  return total;
}

/** The processors that ran: what the messages say they ran, and their names. */
interface Ran {
  readonly after: (m: Messages) => string;
  readonly names: string;
}

function checkTotal(total: number, processors: Ran | undefined): void {
  if (total === 0 && processors !== undefined) throw dataError((m) => m.noneLeft(processors.after(m)));
  if (total === 0) throw dataError((m) => m.sumZero());
  if (Number.isFinite(total)) return;
  if (processors !== undefined) throw dataError((m) => m.processedSumOverflow(processors.after(m), processors.names));
  throw dataError((m) => m.sumOverflow());
}

/**
 * Refuses a logit no distribution can follow from: Infinity or NaN. From f2, -Infinity too; after
 * processors, -Infinity is a ban, and the error names the processors.
 */
function checkFinite(logits: Float64Array, model: Model, processors?: Ran): void {
  for (let j = 0; j < logits.length; j++) {
    const z = logits[j];
    if (Number.isFinite(z) || (processors !== undefined && z === Number.NEGATIVE_INFINITY)) continue;
    const token = quote(model.tokens[j]);
    throw dataError((m) =>
      processors === undefined
        ? m.logitOverflow(token, z)
        : m.processedOverflow(token, z, processors.after(m), processors.names),
    );
  }
}

const noCoin = (): number => 0;

/**
 * applyStage's probabilities: finite numbers; for a filter, a distribution (≥ 0, a sum of 1 within
 * rounding). A processor reads only their count, and ln p where no logits are given.
 */
function checkProbs(probs: unknown, distribution: boolean): asserts probs is ArrayLike<number> {
  const values = probs as ArrayLike<unknown>;
  let valid = (Array.isArray(probs) || ArrayBuffer.isView(probs)) && values.length > 0;
  let total = 0;
  for (let i = 0; valid && i < values.length; i++) {
    const p = values[i];
    valid = typeof p === 'number' && Number.isFinite(p) && (p >= 0 || !distribution);
    total += p as number;
  }
  if (valid && distribution) valid = Math.abs(total - 1) <= 1e-6;
  if (!valid) throw usageError((m) => m.probsInvalid(shown(probs)));
}

function checkLogits(logits: unknown, size: number): void {
  const values = logits as ArrayLike<unknown>;
  const valid = (Array.isArray(logits) || ArrayBuffer.isView(logits)) && values.length === size;
  if (!valid || !(logits instanceof Float64Array ? areLogits(logits) : everyLogit(values))) {
    throw usageError((m) => m.logitsInvalid(size));
  }
}

/** areLogits for values of any kind. */
function everyLogit(values: ArrayLike<unknown>): boolean {
  for (let i = 0; i < values.length; i++) {
    const z = values[i];
    if (!(typeof z === 'number' && (Number.isFinite(z) || z === Number.NEGATIVE_INFINITY))) return false;
  }
  return true;
}

/**
 * One stage on its own, as a pure function: the distribution after `stage` acts on `probs` (or,
 * for a processor, the logits after it). The candidates are the tokens with a logit above
 * -Infinity: `moment.logits`, by default ln p, as the reference tests give them, so a token of
 * probability 0 with a finite logit is a candidate whose probability underflowed. A stage that
 * names tokens (logit_bias, dry's breakers) finds them in `moment.model`; its state starts from
 * `moment.history`, or is `moment.states[0]`. For the library's users and the tests; the chain
 * itself runs in a Sampler.
 */
export function applyStage(
  stage: Stage,
  probs: ArrayLike<number>,
  options: Partial<SamplingOptions> = {},
  moment: Moment & { readonly logits?: ArrayLike<number>; readonly norm?: NormKind; readonly model?: Model } = {},
): Float64Array {
  const o = samplingOptions({ ...options, norm: moment.norm ?? options.norm });
  checkProbs(probs, stage.acts === 'probs');
  const size = probs.length;
  if (moment.logits !== undefined) checkLogits(moment.logits, size);
  const c = new Candidates(size, o.norm);
  c.fill(Float64Array.from(moment.logits ?? Array.from(probs, Math.log)));
  c.probs.set(probs);
  if (!stage.active(o)) return stage.acts === 'logits' ? c.logits.slice(0, size) : Float64Array.from(probs);
  const { model } = moment;
  if (stage.prepare !== undefined && model === undefined) throw usageError((m) => m.stageNeedsModel(stage.name));
  const prepared = model === undefined ? undefined : stage.prepare?.(o, model);
  const state = moment.states?.[0] ?? stage.init?.(o, moment.history ?? [], prepared);
  const context = { options: o, prepared, state, trace: true, coin: moment.coin ?? noCoin };
  if (stage.acts === 'logits') {
    stage.apply(c, context);
    return c.logits.slice(0, size);
  }
  c.removeBanned();
  c.normalized = true;
  stage.apply(c, context);
  return byToken(c, size).probs;
}
