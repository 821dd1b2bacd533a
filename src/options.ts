import { usageError } from './errors.js';
import { PRESETS, SETTINGS, type StageName, stageNamed } from './samplers/index.js';
import type { LogitBias } from './samplers/logit-bias.js';

export type NormKind = 'sum' | 'softmax';

/** Everything that shapes the distribution a token is drawn from. Each stage documents its own. */
export interface SamplingOptions {
  /** `sum`: the post's norm, logits ÷ their sum. `softmax`: what real models use. */
  readonly norm: NormKind;
  /** The order of the chain: stage names, as --samplers lists them. Only the active ones run. */
  readonly samplers: readonly StageName[];
  /** Always take the most probable token at the end of the chain, drawing nothing. */
  readonly greedy: boolean;
  /** Every filter keeps at least this many tokens (and never fewer than 1). */
  readonly minKeep: number;
  readonly logitBias: readonly LogitBias[];
  readonly repeatPenalty: number;
  readonly repeatLastN: number;
  readonly presencePenalty: number;
  readonly frequencyPenalty: number;
  readonly noRepeatNgram: number;
  readonly dryMultiplier: number;
  readonly dryBase: number;
  readonly dryAllowedLength: number;
  readonly dryPenaltyLastN: number;
  readonly drySequenceBreakers: readonly string[];
  /** T ≥ 0: p′ ∝ p^(1/T), for softmax softmax(z/T); 1 changes nothing, 0 is greedy. */
  readonly temperature: number;
  readonly dynatempRange: number;
  readonly dynatempExp: number;
  readonly topNSigma: number;
  /** Keep the k most probable tokens; 0 is off. */
  readonly topK: number;
  /** Keep the most probable tokens until their cumulative probability reaches p; 1 is off. */
  readonly topP: number;
  /** Keep the tokens with p ≥ m·p_max; 0 is off. */
  readonly minP: number;
  readonly typical: number;
  readonly epsilon: number;
  readonly eta: number;
  readonly xtcProbability: number;
  readonly xtcThreshold: number;
  readonly mirostat: number;
  readonly mirostatEnt: number;
  readonly mirostatLr: number;
}

/** Every stage off, in Hugging Face's order: the post's own sampler. */
export const defaultSampling: SamplingOptions = {
  norm: 'sum',
  samplers: PRESETS.hf,
  greedy: false,
  minKeep: 0,
  logitBias: [],
  repeatPenalty: 1,
  repeatLastN: 64,
  presencePenalty: 0,
  frequencyPenalty: 0,
  noRepeatNgram: 0,
  dryMultiplier: 0,
  dryBase: 1.75,
  dryAllowedLength: 2,
  dryPenaltyLastN: -1,
  drySequenceBreakers: [],
  temperature: 1,
  dynatempRange: 0,
  dynatempExp: 1,
  topNSigma: 0,
  topK: 0,
  topP: 1,
  minP: 0,
  typical: 1,
  epsilon: 0,
  eta: 0,
  xtcProbability: 0,
  xtcThreshold: 0.1,
  mirostat: 0,
  mirostatEnt: 5,
  mirostatLr: 0.1,
};

/**
 * The options, complete and checked, as the library and the CLI both take them: what is not
 * given takes its default, and a bad value is a usage error naming the option, never a NaN later.
 */
export function samplingOptions(given: Partial<SamplingOptions> = {}): SamplingOptions {
  const options = { ...defaultSampling, ...definedOnly(given) };
  for (const setting of SETTINGS) {
    const value = options[setting.key];
    if (!setting.check(value)) {
      throw usageError(`--${setting.flag} must be ${setting.expects}; got ${describe(value)}`);
    }
  }
  if (options.norm !== 'sum' && options.norm !== 'softmax') {
    throw usageError(`--norm must be sum or softmax; got ${describe(options.norm)}`);
  }
  if (typeof options.greedy !== 'boolean')
    throw usageError(`greedy must be true or false; got ${describe(options.greedy)}`);
  if (!Number.isSafeInteger(options.minKeep) || options.minKeep < 0) {
    throw usageError(`--min-keep must be a whole number ≥ 0; got ${describe(options.minKeep)}`);
  }
  if (!Array.isArray(options.samplers) || options.samplers.some((name) => stageNamed(name) === undefined)) {
    throw usageError(`--samplers must list stage names; got ${describe(options.samplers)}`);
  }
  if (new Set(options.samplers).size !== options.samplers.length) {
    throw usageError(`--samplers lists a stage twice; list each stage once`);
  }
  return options;
}

/** Options given as undefined take their default, as if left out. */
function definedOnly(given: Partial<SamplingOptions>): Partial<SamplingOptions> {
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
}

const describe = (value: unknown): string => {
  const text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
};
