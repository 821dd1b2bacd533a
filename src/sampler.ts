import { dataError, quote, usageError } from './errors.js';
import type { Messages } from './i18n/en.js';
import type { Model } from './model.js';
import { defaultSampling, type NormKind, type SamplingOptions, samplingOptions } from './options.js';
import { f1, f2, sum } from './pipeline.js';
import { argmax } from './samplers/filter.js';
import { activeStages } from './samplers/index.js';
import { type Candidates, type Report, type Stage, type StageContext, same } from './samplers/stage.js';
import { temperature } from './samplers/temperature.js';

/** What one stage did to one distribution, for the views. */
export interface Step {
  readonly stage: Stage;
  /** The logits after it: changed by a processor, -Infinity where a filter removed a token. */
  readonly logits: Float64Array;
  /** The distribution after it; a processor, before norm, has none. */
  readonly probs?: Float64Array;
  readonly report?: Report;
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
  /** What normalisation divided by: Σ logits for sum, Σ exp((z − max z)/T) for softmax. */
  readonly total: number;
  /** The temperature softmax applied itself (1 for sum, or when temperature comes later). */
  readonly normTemperature: number;
  /** The normalised distribution, before the filters. */
  readonly normalized: Float64Array;
  /** Every active stage, in chain order, with what it did. */
  readonly steps: readonly Step[];
  /** The probabilities the draw uses, canonical order. */
  readonly probs: Float64Array;
  /** Whether the token is taken without a draw. */
  readonly greedy: boolean;
}

/** What a distribution depends on besides the window: the history, the stages' states, a coin. */
export interface Moment {
  /** The phrase's tokens, then those generated so far in this continuation (default: the window). */
  readonly history?: ArrayLike<number>;
  /** One state per active stage (see Sampler.initialStates). */
  readonly states?: readonly number[];
  /** XTC's own draw. Without one, XTC is shown as when it fires. */
  readonly coin?: () => number;
}

/** --greedy: not a stage of the list, but the end of every chain when asked for. */
const greedyStage: Stage = {
  name: 'greedy',
  acts: 'probs',
  settings: [],
  active: (o) => o.greedy,
  label: () => same('greedy'),
  title: () => ({ en: 'greedy: all on the most probable token', es: 'greedy: todo al token más probable' }),
  apply({ probs }) {
    const best = argmax(probs);
    probs.fill(0);
    probs[best] = 1;
    return undefined;
  },
};

const NO_PROBS = new Float64Array(0);

/** f2's logits, the working logits the chain changes, and the distribution. */
interface Buffers {
  readonly raw: Float64Array;
  readonly logits: Float64Array;
  readonly probs: Float64Array;
}

const buffersOf = (size: number): Buffers => ({
  raw: new Float64Array(size),
  logits: new Float64Array(size),
  probs: new Float64Array(size),
});

/**
 * The post's pipeline and the chain for one model and one set of options: f1 → f2 → the logit
 * processors → norm (or softmax) → the filters, in the order the options list → the draw's
 * distribution. It owns the buffers a generation reuses, so that a long run allocates nothing per
 * token; `distribution` returns fresh arrays and every step, for the views.
 */
export class Sampler {
  readonly options: SamplingOptions;
  /** The active stages in chain order (less a temperature that softmax applies itself). */
  readonly stages: readonly Stage[];
  readonly normTemperature: number;
  /** Whether every token is taken without a draw. */
  readonly greedy: boolean;
  /** Whether the distribution depends on nothing but the window, so that it can be reused. */
  readonly reusable: boolean;
  /** Whether every continuation's first token has the same distribution (no coin of its own). */
  readonly firstReusable: boolean;
  private readonly prepared: unknown[];
  /** Made on first use: a run of one-token continuations never needs them. */
  private buffers?: Buffers;

  constructor(
    readonly model: Model,
    options: Partial<SamplingOptions> = defaultSampling,
  ) {
    this.options = samplingOptions(options);
    const o = this.options;
    // The processors act on the logits, before norm makes a distribution of them: they run first,
    // in the order listed, whatever the order places them among the filters.
    const ordered = activeStages(o);
    let stages = [...ordered.filter((s) => s.acts === 'logits'), ...ordered.filter((s) => s.acts === 'probs')];
    // Softmax divides the logits by T itself when temperature is the first stage after it: one
    // pass instead of two, and the numbers of the post's contract.
    const firstFilter = stages.find((stage) => stage.acts === 'probs');
    this.normTemperature = 1;
    if (o.norm === 'softmax' && firstFilter === temperature && o.dynatempRange === 0 && o.temperature > 0) {
      this.normTemperature = o.temperature;
      stages = stages.filter((stage) => stage !== temperature);
    }
    if (o.greedy) stages.push(greedyStage);
    this.stages = stages;
    this.greedy = stages.some((stage) => stage === greedyStage || stage.greedy?.(o) === true);
    this.reusable = stages.every((stage) => stage.depends === undefined);
    this.firstReusable = stages.every((stage) => stage.depends !== 'coin');
    this.prepared = stages.map((stage) => stage.prepare?.(o, model));
  }

  /** One state per active stage, as a continuation starts (mirostat's μ = 2τ). */
  initialStates(): number[] {
    return this.stages.map((stage) => stage.initial?.(this.options) ?? 0);
  }

  /** After a token is chosen: each stateful stage updates its state from the token's final probability. */
  accept(states: number[], probability: number): void {
    this.stages.forEach((stage, k) => {
      if (stage.accept) states[k] = stage.accept(states[k], probability, this.options);
    });
  }

  /** The distribution for a window, in fresh arrays, with every step: for the views. */
  distribution(window: readonly number[], moment: Moment = {}): Distribution {
    return this.run(window, moment, true);
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

  /** The draw's probabilities for a window, in the sampler's own buffers: valid until the next call. */
  probsFor(window: ArrayLike<number>, moment: Moment): Float64Array {
    return this.run(window, moment, false).probs;
  }

  private ownBuffers(): Buffers {
    if (this.buffers === undefined) this.buffers = buffersOf(this.model.tokens.length);
    return this.buffers;
  }

  private run(window: ArrayLike<number>, moment: Moment, trace: boolean): Distribution {
    const { model, options } = this;
    const windowIds = Array.from(window, (position) => model.ids[position]);
    const score = f1(windowIds, model.f1);
    const size = model.tokens.length;
    const buffers = trace ? buffersOf(size) : this.ownBuffers();
    const logits = f2(score, model.f2, buffers.raw);
    checkFinite(logits, model);
    const working = buffers.logits;
    working.set(logits);
    const probs = buffers.probs;
    const candidates: Candidates = { logits: working, probs };
    const states = moment.states ?? this.initialStates();
    const steps: Step[] = [];
    const context = (k: number): StageContext => contextOf(options, moment, window, this.prepared[k], states[k]);
    let k = 0;
    for (; k < this.stages.length && this.stages[k].acts === 'logits'; k++) {
      const report = this.stages[k].apply({ logits: working, probs: NO_PROBS }, context(k));
      if (trace) steps.push({ stage: this.stages[k], logits: working.slice(), report });
    }
    const processed = k === 0 ? logits : trace ? steps[k - 1].logits : working;
    const total = normalise(working, probs, options.norm, this.normTemperature, this.stages.slice(0, k), model);
    const normalized = trace ? probs.slice() : probs;
    for (; k < this.stages.length; k++) {
      const report = this.stages[k].apply(candidates, context(k));
      if (trace) steps.push({ stage: this.stages[k], logits: working.slice(), probs: probs.slice(), report });
    }
    const final = trace && steps.length === 0 ? normalized : probs;
    return {
      windowIds,
      score,
      logits,
      processed,
      total,
      normTemperature: this.normTemperature,
      normalized,
      steps,
      probs: final,
      greedy: this.greedy,
    };
  }
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

/**
 * norm or softmax, from the processed logits into probs; returns what it divided by. A banned
 * token (logit -Infinity) gets probability 0 under both.
 */
function normalise(
  logits: Float64Array,
  probs: Float64Array,
  kind: NormKind,
  t: number,
  processors: readonly Stage[],
  model: Model,
): number {
  const names = processors.length === 0 ? undefined : processors.map((s) => s.name).join(', ');
  const after = (m: Messages): string => (names === undefined ? '' : m.after(names));
  const ran = names === undefined ? undefined : { after, names };
  // f2's logits were checked as f2 made them, but a processor can push one past the largest double (a
  // repeat penalty of 1e-320 divides by it).
  if (ran !== undefined) checkFinite(logits, model, ran);
  if (kind === 'softmax') {
    const max = logits[argmax(logits)];
    if (max === Number.NEGATIVE_INFINITY) {
      throw dataError((m) => m.allBanned(after(m)));
    }
    for (let j = 0; j < logits.length; j++) probs[j] = Math.exp((logits[j] - max) / t);
  } else {
    for (let j = 0; j < logits.length; j++) {
      const z = logits[j];
      if (z < 0 && z !== Number.NEGATIVE_INFINITY) {
        const token = quote(model.tokens[j]);
        throw dataError((m) => m.negativeLogit(token, z, after(m), names));
      }
      // A ban is probability 0; 0 adds nothing to the sum, so the sum is the same to the bit.
      probs[j] = z === Number.NEGATIVE_INFINITY ? 0 : z;
    }
  }
  const total = sum(probs);
  if (kind === 'sum') checkTotal(total, ran);
  for (let j = 0; j < probs.length; j++) probs[j] /= total;
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

/** What a stage reads besides the candidates; without a coin, XTC is shown as when it fires. */
function contextOf(
  options: SamplingOptions,
  moment: Moment,
  window: ArrayLike<number>,
  prepared: unknown,
  state: number,
): StageContext {
  return {
    options,
    norm: options.norm,
    history: moment.history ?? window,
    prepared,
    state,
    coin: moment.coin ?? noCoin,
  };
}

const noCoin = (): number => 0;

/**
 * One filter on its own, as a pure function: the distribution after `stage` acts on a copy of
 * `probs` (and of `logits`, for a stage that reads them; by default ln p, as the reference tests
 * give them). A stage that names tokens (logit_bias, dry's breakers) finds them in `moment.model`.
 * For the library's users and the tests; the chain itself runs in a Sampler.
 */
export function applyStage(
  stage: Stage,
  probs: ArrayLike<number>,
  options: Partial<SamplingOptions> = {},
  moment: Moment & { readonly logits?: ArrayLike<number>; readonly norm?: NormKind; readonly model?: Model } = {},
): Float64Array {
  const o = samplingOptions({ ...options, norm: moment.norm ?? options.norm });
  const candidates = {
    probs: Float64Array.from(probs),
    logits: Float64Array.from(moment.logits ?? Array.from(probs, Math.log)),
  };
  if (!stage.active(o)) return stage.acts === 'logits' ? candidates.logits : candidates.probs;
  const { model } = moment;
  if (stage.prepare !== undefined && model === undefined) throw usageError((m) => m.stageNeedsModel(stage.name));
  const prepared = model === undefined ? undefined : stage.prepare?.(o, model);
  stage.apply(candidates, contextOf(o, moment, [], prepared, moment.states?.[0] ?? stage.initial?.(o) ?? 0));
  return stage.acts === 'logits' ? candidates.logits : candidates.probs;
}
