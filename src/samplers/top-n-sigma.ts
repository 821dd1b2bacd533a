import { keepAtLeast, keeping } from './filter.js';
import { numberSetting } from './setting.js';
import { QUANTITY, type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly topNSigma: number;
  }
}

/**
 * llama.cpp's top-n-sigma: keep the tokens whose logit is ≥ max − n·σ, σ being the standard
 * deviation of the logits of the candidates, as llama.cpp computes it over its candidates.
 */
export const topNSigma: Stage = {
  name: 'top_n_sigma',
  group: 'truncation',
  acts: 'probs',
  keepsTop: true,
  settings: [
    numberSetting({
      key: 'topNSigma',
      default: 0,
      flag: 'top-n-sigma',
      label: { en: 'σ below the top logit', es: 'σ por debajo del logit mayor' },
      slider: [0, 5],
      aliases: ['--top-nsigma'],
      argument: '<n>',
      description: {
        en: 'keep the tokens whose logit is ≥ max − n·σ (0: off)',
        es: 'conserva los tokens cuyo logit es ≥ máx − n·σ (0: apagado)',
      },
      min: 0,
    }),
  ],
  active: (o) => o.topNSigma > 0,
  label: (o) => same(`top-n-sigma ${o.topNSigma}`),
  title: (o) => ({
    en: `top-n-sigma ${o.topNSigma}: keep the logits ≥ max − ${o.topNSigma}σ`,
    es: `top-n-sigma ${o.topNSigma}: conserva los logits ≥ máx − ${o.topNSigma}σ`,
  }),
  apply(c, { options: o }) {
    const { logits, size: n } = c;
    if (n <= 1) return undefined;
    const max = logits[c.best()];
    let total = 0;
    for (let s = 0; s < n; s++) total += logits[s];
    const mean = total / n;
    let squares = 0;
    for (let s = 0; s < n; s++) squares += (logits[s] - mean) ** 2;
    const sigma = Math.sqrt(squares / n);
    const cutoff = max - o.topNSigma * sigma;
    keepAtLeast(c, (s) => logits[s] >= cutoff, keeping(o.minKeep));
    return {
      quantities: [
        [QUANTITY.max, max],
        [same('σ'), sigma],
        [QUANTITY.cutoff, cutoff],
      ],
    };
  },
};
