import { shown, usageError } from './errors.js';
import type { Lang } from './i18n/lang.js';
import { PRESETS, SETTINGS, type StageName, stageNamed } from './samplers/index.js';
import { nearestToken } from './suggest.js';

export type NormKind = 'sum' | 'softmax';

/**
 * Everything that shapes the distribution a token is drawn from: the chain's own options here,
 * and each stage's, which its module adds to this interface, with their defaults in its settings.
 */
export interface SamplingOptions {
  /** `sum`: the post's norm, logits ÷ their sum. `softmax`: what real models use. */
  readonly norm: NormKind;
  /** The order of the chain: stage names, as --samplers lists them. Only the active ones run. */
  readonly samplers: readonly StageName[];
  /** Always take the most probable token at the end of the chain, drawing nothing. */
  readonly greedy: boolean;
  /** Every filter keeps at least this many tokens (and never fewer than 1). */
  readonly minKeep: number;
}

/** Every stage off, in Hugging Face's order: the post's own sampler. Frozen: it is every run's default. */
export const defaultSampling: SamplingOptions = Object.freeze({
  norm: 'sum',
  samplers: PRESETS.hf,
  greedy: false,
  minKeep: 0,
  ...Object.fromEntries(SETTINGS.map((setting) => [setting.key, setting.default])),
} as SamplingOptions);

/**
 * The options, complete and checked, as the library and the CLI both take them: what is not
 * given takes its default, and a bad value is a usage error naming the option, never a NaN later.
 */
export function samplingOptions(given: Partial<SamplingOptions> = {}): SamplingOptions {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw usageError((m) => m.optionsNotObject(shown(given)));
  }
  for (const key of Object.keys(given)) {
    if (key in defaultSampling) continue;
    const nearest = nearestToken(key, Object.keys(defaultSampling));
    throw usageError((m) => m.unknownSetting(shown(key), nearest));
  }
  const options = { ...defaultSampling, ...definedOnly(given) };
  for (const setting of SETTINGS) {
    const value = options[setting.key];
    if (!setting.check(value)) {
      throw usageError((m) => m.optionInvalid(setting.flag, setting.expects[m.lang as Lang], shown(value)));
    }
  }
  if (options.norm !== 'sum' && options.norm !== 'softmax') {
    throw usageError((m) => m.normInvalid(shown(options.norm)));
  }
  if (typeof options.greedy !== 'boolean') throw usageError((m) => m.greedyInvalid(shown(options.greedy)));
  if (!Number.isSafeInteger(options.minKeep) || options.minKeep < 0) {
    throw usageError((m) => m.minKeepInvalid(shown(options.minKeep)));
  }
  if (!Array.isArray(options.samplers) || options.samplers.some((name) => stageNamed(name) === undefined)) {
    throw usageError((m) => m.samplersInvalid(shown(options.samplers)));
  }
  if (new Set(options.samplers).size !== options.samplers.length) {
    throw usageError((m) => m.samplersTwice());
  }
  return options;
}

/** The settings that shape the samples, taken out of a larger object (the command line's options). */
export function samplingOf(source: Partial<SamplingOptions>): Partial<SamplingOptions> {
  const keys = Object.keys(defaultSampling) as (keyof SamplingOptions)[];
  return Object.fromEntries(keys.map((key) => [key, source[key]]));
}

/** Options given as undefined take their default, as if left out. */
function definedOnly(given: Partial<SamplingOptions>): Partial<SamplingOptions> {
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
}
