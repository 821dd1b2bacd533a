import { keepAtLeast, keeping } from './filter.js';
import { numberSetting } from './setting.js';
import { type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly epsilon: number;
  }
}

/** transformers' EpsilonLogitsWarper: keep the tokens with p ≥ ε. */
export const epsilon: Stage = {
  name: 'epsilon',
  group: 'truncation',
  acts: 'probs',
  keepsTop: true,
  settings: [
    numberSetting({
      key: 'epsilon',
      default: 0,
      flag: 'epsilon',
      label: { en: 'epsilon cutoff', es: 'umbral epsilon' },
      argument: '<e>',
      description: {
        en: 'epsilon sampling: keep the tokens with p ≥ e (0: off)',
        es: 'muestreo epsilon: conserva los tokens con p ≥ e (0: apagado)',
      },
      min: 0,
      max: 1,
    }),
  ],
  active: (o) => o.epsilon > 0,
  label: (o) => same(`epsilon ${o.epsilon}`),
  title: (o) => ({
    en: `epsilon ${o.epsilon}: keep p ≥ ${o.epsilon}`,
    es: `epsilon ${o.epsilon}: conserva p ≥ ${o.epsilon}`,
  }),
  apply(c, { options: o }) {
    const probs = c.probabilities();
    keepAtLeast(c, (s) => probs[s] >= o.epsilon, keeping(o.minKeep));
    return undefined;
  },
};
