import { descending } from '../chain.js';
import type { Distribution, SamplingOptions } from '../distribution.js';
import { quote } from '../errors.js';
import type { Model } from '../model.js';

/**
 * A warning where the settings leave a single token to draw, so nobody mistakes a degenerate
 * setting for a broken seed. Greedy decoding asked for by name needs none.
 */
export function collapseWarning(model: Model, d: Distribution, options: SamplingOptions): string | undefined {
  if (d.greedy || survivors(d.probs) > 1) return undefined;
  const only = quote(model.tokens[d.probs.findIndex((p) => p > 0)]);
  const stage = d.stages.find((s) => survivors(s.probs) === 1);
  const settings: Record<string, string> = {
    temperature: `temperature ${options.temperature}`,
    'top-k': `top-k ${options.topK}`,
    'top-p': `top-p ${options.topP}`,
    'min-p': `min-p ${options.minP}`,
  };
  let cause = `only ${only} has a logit above 0`;
  if (stage !== undefined) {
    cause = `${settings[stage.name]} leaves only ${only}`;
  } else if (options.norm === 'softmax') {
    const lead = leadOf(d.logits);
    const scaled = lead / options.temperature;
    const divided = options.temperature === 1 ? '' : ` (${scaled} after ÷ T)`;
    cause = `softmax gives ${only} all the probability: its logit leads the next by ${lead}${divided}, and e^-${scaled} rounds to 0`;
  }
  return `warning: ${cause}; every sample will be ${only}, whatever the seed`;
}

function survivors(probs: Float64Array): number {
  let count = 0;
  for (const p of probs) if (p > 0) count++;
  return count;
}

/** How far the largest logit leads the second largest. */
function leadOf(logits: Float64Array): number {
  const [first, second = first] = descending(logits);
  return logits[first] - logits[second];
}
