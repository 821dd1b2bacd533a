import { renormalise } from './candidates.js';
import { largest } from './filter.js';
import { numberSetting } from './setting.js';
import { type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly smoothingFactor: number;
    readonly smoothingCurve: number;
  }
}

/**
 * The change quadratic smoothing makes to a logit d below the largest (d ≤ 0): −k·f·d² + s·f·d³,
 * k = (3 − c)/2, s = (c − 1)/2. Both terms are ≤ 0 for a curve c in [1, 3]; a term whose
 * coefficient is 0 is 0, not 0 × ∞, however far below d is.
 */
function smoothed(d: number, f: number, c: number): number {
  const k = (3 - c) / 2;
  const s = (c - 1) / 2;
  const square = k === 0 ? 0 : -k * f * d * d;
  const cube = s === 0 ? 0 : s * f * d * d * d;
  return square + cube;
}

/**
 * Quadratic smoothing, as text-generation-webui (QuadraticSamplingLogitsWarper) and koboldcpp
 * compute it: z′ = z_max − k·f·(z − z_max)² + s·f·(z − z_max)³. The leader keeps its logit; the
 * near ones come closer to it and the far ones fall away. Under the post's norm, ln p stands for
 * the logit (the same distance below the largest, as under softmax).
 */
export const smoothing: Stage = {
  name: 'smoothing',
  group: 'temperature',
  acts: 'probs',
  keepsTop: true,
  settings: [
    numberSetting({
      key: 'smoothingFactor',
      default: 0,
      flag: 'smoothing-factor',
      label: { en: 'smoothing factor', es: 'factor de suavizado' },
      slider: [0, 5],
      argument: '<f>',
      description: {
        en: 'quadratic smoothing: z_max − f·(z − z_max)² (0: off)',
        es: 'suavizado cuadrático: z_max − f·(z − z_max)² (0: apagado)',
      },
      min: 0,
    }),
    numberSetting({
      key: 'smoothingCurve',
      default: 1,
      flag: 'smoothing-curve',
      label: { en: 'smoothing curve', es: 'curva de suavizado' },
      argument: '<c>',
      description: {
        en: 'smoothing: 1 quadratic; up to 3, more of a cubic term',
        es: 'suavizado: 1 cuadrático; hasta 3, más de un término cúbico',
      },
      min: 1,
      max: 3,
    }),
  ],
  active: (o) => o.smoothingFactor > 0,
  label: (o) => same(`smoothing ${o.smoothingFactor}`),
  title: (o) => ({
    en: `smoothing ${o.smoothingFactor} (curve ${o.smoothingCurve}): logits pulled towards the largest, near ones closer`,
    es: `suavizado ${o.smoothingFactor} (curva ${o.smoothingCurve}): los logits se acercan al mayor, los cercanos más`,
  }),
  apply(c, { options: o }) {
    const n = c.size;
    const [f, curve] = [o.smoothingFactor, o.smoothingCurve];
    if (c.norm === 'sum') {
      const probs = c.probabilities();
      const max = largest(c);
      for (let s = 0; s < n; s++) if (probs[s] > 0) probs[s] = Math.exp(smoothed(Math.log(probs[s] / max), f, curve));
      renormalise(probs, n);
      return undefined;
    }
    const { logits } = c;
    const top = logits[c.best()];
    for (let s = 0; s < n; s++) logits[s] = Math.max(top + smoothed(logits[s] - top, f, curve), -Number.MAX_VALUE);
    c.logitsChanged();
    return undefined;
  },
};
