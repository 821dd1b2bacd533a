import { keeping, keepTop, rankedProbabilities } from './filter.js';
import { numberSetting } from './setting.js';
import { QUANTITY, type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly topH: number;
  }
}

/** How many of the most probable tokens top-H weighs: transformers' top_n. */
const TOP_N = 100;

/**
 * Top-H, as transformers' TopHLogitsWarper computes it: over the 100 most probable, renormalised,
 * the entropy H; the tokens kept are the leaders whose running sum of −p·ln p stays within α·H,
 * the first always. A probability that underflowed adds nothing (0·ln 0 is taken as 0, where
 * PyTorch would make it NaN and keep only the first).
 */
export const topH: Stage = {
  name: 'top_h',
  group: 'truncation',
  acts: 'probs',
  keepsTop: true,
  settings: [
    numberSetting({
      key: 'topH',
      default: 0,
      flag: 'top-h',
      label: { en: 'share of the entropy', es: 'fracción de la entropía' },
      argument: '<alpha>',
      description: {
        en: 'keep the leaders whose entropy stays within alpha × the entropy of the top 100 (0: off)',
        es: 'conserva los primeros mientras su entropía no pase de alpha × la de los 100 primeros (0: apagado)',
      },
      min: 0,
      max: 1,
    }),
  ],
  active: (o) => o.topH > 0,
  label: (o) => same(`top-h ${o.topH}`),
  title: (o) => ({
    en: `top-h ${o.topH}: keep the leaders while their entropy ≤ ${o.topH} × H of the top ${TOP_N}`,
    es: `top-h ${o.topH}: conserva los primeros mientras su entropía ≤ ${o.topH} × H de los ${TOP_N} primeros`,
  }),
  apply(c, { options: o, trace }) {
    const n = Math.min(TOP_N, c.size);
    const sorted = rankedProbabilities(c);
    let mass = 0;
    for (let i = 0; i < n; i++) mass += sorted[i];
    const term = (p: number): number => (p > 0 ? -(p / mass) * Math.log(p / mass) : 0);
    let h = 0;
    for (let i = 0; i < n; i++) h += term(sorted[i]);
    const tau = o.topH * h;
    let kept = 1;
    let running = term(sorted[0]);
    while (kept < n && running + term(sorted[kept]) <= tau) running += term(sorted[kept++]);
    keepTop(c, Math.max(kept, keeping(o.minKeep)));
    return trace ? { quantities: [[QUANTITY.entropy, h]] } : undefined;
  },
};
