import { numberSetting } from './setting.js';
import type { Stage } from './stage.js';
import { lastTokens } from './window.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly repeatPenalty: number;
    readonly repeatLastN: number;
    readonly presencePenalty: number;
    readonly frequencyPenalty: number;
  }
}

/**
 * llama.cpp's penalties sampler: over the last n tokens of the history, each token seen `count`
 * times has its logit divided by r if positive, multiplied by r otherwise (the repetition penalty
 * of llama.cpp and transformers), then lowered by count·frequency + presence (OpenAI's).
 */
export const penalties: Stage = {
  name: 'penalties',
  acts: 'logits',
  depends: 'history',
  settings: [
    numberSetting({
      key: 'repeatPenalty',
      default: 1,
      flag: 'repeat-penalty',
      argument: '<r>',
      description: 'divide a seen token’s positive logit by r, multiply a negative one (1: off)',
      min: 0,
      openMin: true,
    }),
    numberSetting({
      key: 'repeatLastN',
      default: 64,
      flag: 'repeat-last-n',
      argument: '<n>',
      description: 'how many of the last tokens the penalties look at (0: off, -1: the whole history)',
      min: 0,
      integer: true,
      special: -1,
    }),
    numberSetting({
      key: 'presencePenalty',
      default: 0,
      flag: 'presence-penalty',
      argument: '<a>',
      description: 'lower the logit of every seen token by a (0: off)',
      min: -Infinity,
    }),
    numberSetting({
      key: 'frequencyPenalty',
      default: 0,
      flag: 'frequency-penalty',
      argument: '<a>',
      description: 'lower a seen token’s logit by a × its count (0: off)',
      min: -Infinity,
    }),
  ],
  active: (o) => o.repeatLastN !== 0 && (o.repeatPenalty !== 1 || o.presencePenalty !== 0 || o.frequencyPenalty !== 0),
  label: (o) =>
    `penalties (repeat ${o.repeatPenalty}, presence ${o.presencePenalty}, frequency ${o.frequencyPenalty}, last ${o.repeatLastN})`,
  title: (o) =>
    `penalties over the last ${o.repeatLastN === -1 ? 'tokens of the history' : `${o.repeatLastN} tokens`}: a seen logit z > 0 becomes z / ${o.repeatPenalty}, any other z × ${o.repeatPenalty}; then − count × ${o.frequencyPenalty} − ${o.presencePenalty}`,
  apply({ logits }, { options: o, history }) {
    const counts = new Map<number, number>();
    const window = lastTokens(history, o.repeatLastN);
    for (let i = 0; i < window.length; i++) counts.set(window[i], (counts.get(window[i]) ?? 0) + 1);
    const reasons = new Map<number, string>();
    for (const [position, count] of counts) {
      const z = logits[position];
      logits[position] =
        (z > 0 ? z / o.repeatPenalty : z * o.repeatPenalty) - (count * o.frequencyPenalty + o.presencePenalty);
      reasons.set(position, `seen ${count} time${count === 1 ? '' : 's'}`);
    }
    return { reasons };
  },
};
