import { keepAtLeast, keeping, largest } from './filter.js';
import { numberSetting } from './setting.js';
import { QUANTITY, type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly minP: number;
  }
}

/**
 * Min-p: keep the tokens with p ≥ m·p_max, as llama.cpp's min_p and transformers' MinPLogitsWarper.
 * Under softmax that is z ≥ z_max + ln m, which llama.cpp compares, and which holds for a token
 * whose probability underflowed; under the post's norm, p itself.
 */
export const minP: Stage = {
  name: 'min_p',
  group: 'truncation',
  acts: 'probs',
  keepsTop: true,
  settings: [
    numberSetting({
      key: 'minP',
      default: 0,
      flag: 'min-p',
      label: { en: 'minimum probability', es: 'probabilidad mínima' },
      argument: '<m>',
      description: {
        en: 'keep the tokens with p ≥ m × the largest p (0: off)',
        es: 'conserva los tokens con p ≥ m × la mayor p (0: apagado)',
      },
      min: 0,
      max: 1,
    }),
  ],
  active: (o) => o.minP > 0,
  label: (o) => same(`min-p ${o.minP}`),
  title: (o) => ({
    en: `min-p ${o.minP}: keep p ≥ ${o.minP} × the largest p`,
    es: `min-p ${o.minP}: conserva p ≥ ${o.minP} × la mayor p`,
  }),
  apply(c, { options: o, trace }) {
    const cutoff = trace ? o.minP * largest(c) : 0;
    if (c.norm === 'softmax') {
      const floor = c.logits[c.best()] + Math.log(o.minP);
      keepAtLeast(c, (s) => c.logits[s] >= floor, keeping(o.minKeep));
    } else {
      const probs = c.probabilities();
      const least = o.minP * largest(c);
      keepAtLeast(c, (s) => probs[s] >= least, keeping(o.minKeep));
    }
    return trace ? { quantities: [[QUANTITY.cutoff, cutoff]] } : undefined;
  },
};
