import { keepAtLeast, keeping, largest } from './filter.js';
import { numberSetting } from './setting.js';
import { QUANTITY, type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly topA: number;
  }
}

/**
 * Top-a: keep the tokens with p ≥ a·p_max², as koboldcpp and text-generation-webui compute it
 * (TopALogitsWarper): min-p whose bar drops as the leader weakens, so a confident step keeps
 * fewer tokens and an uncertain one more.
 */
export const topA: Stage = {
  name: 'top_a',
  group: 'truncation',
  acts: 'probs',
  keepsTop: true,
  settings: [
    numberSetting({
      key: 'topA',
      default: 0,
      flag: 'top-a',
      label: { en: 'top-a, against the top probability', es: 'top-a, frente a la probabilidad mayor' },
      argument: '<a>',
      description: {
        en: 'keep the tokens with p ≥ a × the largest p squared (0: off)',
        es: 'conserva los tokens con p ≥ a × el cuadrado de la mayor p (0: apagado)',
      },
      min: 0,
      max: 1,
    }),
  ],
  active: (o) => o.topA > 0,
  label: (o) => same(`top-a ${o.topA}`),
  title: (o) => ({
    en: `top-a ${o.topA}: keep p ≥ ${o.topA} × (the largest p)²`,
    es: `top-a ${o.topA}: conserva p ≥ ${o.topA} × (la mayor p)²`,
  }),
  apply(c, { options: o, trace }) {
    const probs = c.probabilities();
    const top = largest(c);
    const least = o.topA * top * top;
    keepAtLeast(c, (s) => probs[s] >= least, keeping(o.minKeep));
    return trace ? { quantities: [[QUANTITY.cutoff, least]] } : undefined;
  },
};
