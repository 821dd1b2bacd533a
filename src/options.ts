import { usageError } from './errors.js';
import type { Lang } from './i18n/lang.js';
import { PRESETS, SETTINGS, type StageName, stageNamed } from './samplers/index.js';

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

/** Every stage off, in Hugging Face's order: the post's own sampler. */
export const defaultSampling: SamplingOptions = {
  norm: 'sum',
  samplers: PRESETS.hf,
  greedy: false,
  minKeep: 0,
  ...Object.fromEntries(SETTINGS.map((setting) => [setting.key, setting.default])),
} as SamplingOptions;

/**
 * The options, complete and checked, as the library and the CLI both take them: what is not
 * given takes its default, and a bad value is a usage error naming the option, never a NaN later.
 */
export function samplingOptions(given: Partial<SamplingOptions> = {}): SamplingOptions {
  const options = { ...defaultSampling, ...definedOnly(given) };
  for (const setting of SETTINGS) {
    const value = options[setting.key];
    if (!setting.check(value)) {
      throw usageError((m) => m.optionInvalid(setting.flag, setting.expects[m.lang as Lang], describe(value)));
    }
  }
  if (options.norm !== 'sum' && options.norm !== 'softmax') {
    throw usageError((m) => m.normInvalid(describe(options.norm)));
  }
  if (typeof options.greedy !== 'boolean') throw usageError((m) => m.greedyInvalid(describe(options.greedy)));
  if (!Number.isSafeInteger(options.minKeep) || options.minKeep < 0) {
    throw usageError((m) => m.minKeepInvalid(describe(options.minKeep)));
  }
  if (!Array.isArray(options.samplers) || options.samplers.some((name) => stageNamed(name) === undefined)) {
    throw usageError((m) => m.samplersInvalid(describe(options.samplers)));
  }
  if (new Set(options.samplers).size !== options.samplers.length) {
    throw usageError((m) => m.samplersTwice());
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
