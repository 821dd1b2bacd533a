import { keeping, keepTop, rankedProbabilities } from './filter.js';
import { numberSetting } from './setting.js';
import { type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly tfs: number;
  }
}

/**
 * Tail-free sampling (Phillips, 2019), as llama.cpp computed it before it removed it, and as
 * koboldcpp and text-generation-webui still do: over the probabilities sorted descending, the
 * absolute second differences, normalised to sum 1 (each 1/(n−2) when they sum to 1e-6 or less);
 * the tokens kept are those before the first i, at least --min-keep, where their running sum
 * passes z. Fewer than three candidates are kept whole.
 */
export const tfs: Stage = {
  name: 'tfs',
  group: 'truncation',
  acts: 'probs',
  keepsTop: true,
  settings: [
    numberSetting({
      key: 'tfs',
      default: 1,
      flag: 'tfs',
      label: { en: 'tail-free z', es: 'z de cola libre' },
      argument: '<z>',
      description: {
        en: 'tail-free sampling: cut where the curve of sorted p flattens (1: off)',
        es: 'muestreo sin cola: corta donde se aplana la curva de las p ordenadas (1: apagado)',
      },
      min: 0,
      max: 1,
    }),
  ],
  active: (o) => o.tfs < 1,
  label: (o) => same(`tfs ${o.tfs}`),
  title: (o) => ({
    en: `tail-free ${o.tfs}: cut where the sorted probabilities stop bending`,
    es: `sin cola ${o.tfs}: corta donde las probabilidades ordenadas dejan de curvarse`,
  }),
  apply(c, { options: o }) {
    const n = c.size;
    if (n <= 2) return undefined;
    const sorted = rankedProbabilities(c);
    // |p[i] − 2 p[i+1] + p[i+2]|: the first differences' differences, in place of the first n − 2.
    let sum = 0;
    for (let i = 0; i < n - 2; i++) {
      sorted[i] = Math.abs(sorted[i] - sorted[i + 1] - (sorted[i + 1] - sorted[i + 2]));
      sum += sorted[i];
    }
    let kept = n;
    let running = 0;
    for (let i = 0; i < n - 2; i++) {
      running += sum > 1e-6 ? sorted[i] / sum : 1 / (n - 2);
      if (running > o.tfs && i >= o.minKeep) {
        kept = i;
        break;
      }
    }
    // llama.cpp kept none when the first difference already passed z with --min-keep 0; one stays here.
    keepTop(c, Math.max(kept, keeping(o.minKeep)));
    return undefined;
  },
};
