import { quote } from '../errors.js';
import type { Model } from '../model.js';
import type { SamplingOptions } from '../options.js';
import type { Distribution, Sampler } from '../sampler.js';
import { descending, survivors } from '../samplers/filter.js';
import type { Stage } from '../samplers/stage.js';

/**
 * A warning where the settings leave a single token to draw, so nobody mistakes a degenerate
 * setting for a broken seed. Greedy decoding asked for by name needs none.
 */
export function collapseWarning(model: Model, d: Distribution, options: SamplingOptions): string | undefined {
  if (d.greedy || survivors(d.probs) > 1) return undefined;
  const only = quote(model.tokens[d.probs.findIndex((p) => p > 0)]);
  const step = d.steps.find((s) => s.probs !== undefined && survivors(s.probs) === 1);
  let cause = `only ${only} has a logit above 0`;
  if (step !== undefined && survivors(d.normalized) > 1) {
    cause = `${step.stage.label(options)} leaves only ${only}`;
  } else if (options.norm === 'softmax') {
    const lead = leadOf(d.processed);
    const t = d.normTemperature;
    const scaled = lead / t;
    const divided = t === 1 ? '' : ` (${scaled} after ÷ T)`;
    cause = `softmax gives ${only} all the probability: its logit leads the next by ${lead}${divided}, and e^-${scaled} rounds to 0`;
  } else if (d.steps.some((s) => s.probs === undefined)) {
    cause = `after ${d.steps.flatMap((s) => (s.probs === undefined ? [s.stage.label(options)] : [])).join(', ')}, only ${only} has a logit above 0`;
  }
  return `warning: ${cause}; every sample will be ${only}, whatever the seed`;
}

/** A stage whose options are set but which --samplers leaves out does nothing: say so. */
export function leftOutWarning(stage: Stage, options: SamplingOptions): string {
  return `warning: ${stage.label(options)} is set, but --samplers leaves out ${stage.name}, so it does nothing; add ${stage.name} to the list`;
}

/** --probs cannot draw XTC's coin: it shows the distribution as when XTC fires, and says so. */
export function xtcNote(sampler: Sampler): string | undefined {
  const stage = sampler.stages.find((s) => s.depends === 'coin');
  if (stage === undefined) return undefined;
  return `note: --probs shows the distribution as when ${stage.name} fires, which it does only for some tokens (${stage.title(sampler.options)})`;
}

/** How far the largest logit leads the second largest. */
function leadOf(logits: Float64Array): number {
  const [first, second = first] = descending(logits);
  return logits[first] - logits[second];
}
