import { entropyOf, keepAtLeast, keeping } from './filter.js';
import { numberSetting } from './setting.js';
import { QUANTITY, type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly eta: number;
  }
}

/** transformers' EtaLogitsWarper: keep the tokens with p ≥ min(η, √η·e^−H), H in nats. */
export const eta: Stage = {
  name: 'eta',
  group: 'truncation',
  acts: 'probs',
  keepsTop: true,
  settings: [
    numberSetting({
      key: 'eta',
      default: 0,
      flag: 'eta',
      label: { en: 'eta cutoff', es: 'umbral eta' },
      argument: '<e>',
      description: {
        en: 'eta sampling: keep p ≥ min(e, √e × e^-entropy) (0: off)',
        es: 'muestreo eta: conserva p ≥ min(e, √e × e^-entropía) (0: apagado)',
      },
      min: 0,
      max: 1,
    }),
  ],
  active: (o) => o.eta > 0,
  label: (o) => same(`eta ${o.eta}`),
  title: (o) => ({
    en: `eta ${o.eta}: keep p ≥ min(${o.eta}, √${o.eta} × e^−H)`,
    es: `eta ${o.eta}: conserva p ≥ min(${o.eta}, √${o.eta} × e^−H)`,
  }),
  apply(c, { options: o }) {
    const h = entropyOf(c);
    const cutoff = Math.min(o.eta, Math.sqrt(o.eta) * Math.exp(-h));
    const probs = c.probabilities();
    keepAtLeast(c, (s) => probs[s] >= cutoff, keeping(o.minKeep));
    return {
      quantities: [
        [QUANTITY.entropy, h],
        [QUANTITY.cutoff, cutoff],
      ],
    };
  },
};
