import { keeping } from './filter.js';
import { numberSetting } from './setting.js';
import { type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly xtcProbability: number;
    readonly xtcThreshold: number;
  }
}

/**
 * llama.cpp's XTC ("exclude top choices"): with probability p, remove every token with
 * probability ≥ t except the least probable of them, so that the model leaves its most obvious
 * choices. It draws its own u from the stream, before the token's u, and only when it can act:
 * p > 0, t ≤ 0.5 and two candidates or more, as llama.cpp checks. It fires when u ≤ p.
 */
export const xtc: Stage = {
  name: 'xtc',
  group: 'extras',
  acts: 'probs',
  depends: 'coin',
  chance: (o) => o.xtcProbability,
  settings: [
    numberSetting({
      key: 'xtcProbability',
      default: 0,
      flag: 'xtc-probability',
      label: { en: 'XTC probability', es: 'probabilidad de XTC' },
      argument: '<p>',
      description: {
        en: 'XTC: how often to remove the top choices (0: off)',
        es: 'XTC: con qué frecuencia quitar las opciones principales (0: apagado)',
      },
      min: 0,
      max: 1,
    }),
    numberSetting({
      key: 'xtcThreshold',
      default: 0.1,
      flag: 'xtc-threshold',
      label: { en: 'XTC threshold', es: 'umbral de XTC' },
      argument: '<t>',
      description: {
        en: 'XTC: the tokens with p ≥ t are the top choices (above 0.5: off)',
        es: 'XTC: los tokens con p ≥ t son las opciones principales (más de 0.5: apagado)',
      },
      min: 0,
      max: 1,
    }),
  ],
  active: (o) => o.xtcProbability > 0,
  label: (o) => same(`xtc ${o.xtcProbability} ${o.xtcThreshold}`),
  title: (o) => ({
    en: `XTC: with probability ${o.xtcProbability}, remove every token with p ≥ ${o.xtcThreshold} but the least probable of them`,
    es: `XTC: con probabilidad ${o.xtcProbability}, quita todo token con p ≥ ${o.xtcThreshold} salvo el menos probable de ellos`,
  }),
  apply(c, { options: o, coin }) {
    if (o.xtcThreshold > 0.5 || c.size < 2)
      return { note: { en: 'cannot act, so draws no u', es: 'no puede actuar, así que no sortea ningún u' } };
    const u = coin();
    if (u > o.xtcProbability) {
      const note = { en: `did not fire: u > ${o.xtcProbability}`, es: `no actuó: u > ${o.xtcProbability}` };
      return { quantities: [[same('u'), u]], note };
    }
    const { logits } = c;
    const probs = c.probabilities();
    // The top choices lead the ranking; the last of them (the smallest logit, the latest in
    // canonical order among equals) stays, the others go, if that leaves enough candidates.
    let top = 0;
    let last = -1;
    for (let s = 0; s < c.size; s++) {
      if (probs[s] < o.xtcThreshold) continue;
      top++;
      if (last < 0 || logits[s] <= logits[last]) last = s;
    }
    if (top >= 2 && c.size - (top - 1) >= keeping(o.minKeep)) c.keep((s) => probs[s] < o.xtcThreshold || s === last);
    return {
      quantities: [[same('u'), u]],
      note: { en: `fired: u ≤ ${o.xtcProbability}`, es: `actuó: u ≤ ${o.xtcProbability}` },
    };
  },
};
