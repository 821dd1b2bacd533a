import { keeping, keepTop } from './filter.js';
import { numberSetting } from './setting.js';
import { type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly topK: number;
  }
}

/** Top-k: keep the k candidates of largest logit, ties in canonical order. */
export const topK: Stage = {
  name: 'top_k',
  group: 'truncation',
  acts: 'probs',
  keepsTop: true,
  settings: [
    numberSetting({
      key: 'topK',
      default: 0,
      flag: 'top-k',
      label: { en: 'the k most probable', es: 'los k más probables' },
      slider: [0, 50],
      short: 'k',
      argument: '<k>',
      description: {
        en: 'keep the k most probable tokens (0: off)',
        es: 'conserva los k tokens más probables (0: apagado)',
      },
      min: 0,
      integer: true,
    }),
  ],
  active: (o) => o.topK > 0,
  label: (o) => same(`top-k ${o.topK}`),
  title: (o) => ({
    en: `top-k ${o.topK}: keep the ${o.topK} most probable`,
    es: `top-k ${o.topK}: conserva los ${o.topK} más probables`,
  }),
  apply(c, { options: o }) {
    keepTop(c, Math.max(o.topK, keeping(o.minKeep)));
    return undefined;
  },
};
