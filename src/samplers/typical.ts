import { entropyOf, keeping, reaches } from './filter.js';
import { numberSetting } from './setting.js';
import { QUANTITY, type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly typical: number;
  }
}

/**
 * Locally typical sampling (transformers' TypicalLogitsWarper, llama.cpp's typ_p): tokens ranked
 * by how far their surprise −ln p lies from the entropy H, the closest first (ties in canonical
 * order), kept until their mass reaches p, as top-p keeps its tokens. A candidate whose
 * probability underflowed is infinitely far, so last.
 */
export const typical: Stage = {
  name: 'typ_p',
  acts: 'probs',
  settings: [
    numberSetting({
      key: 'typical',
      default: 1,
      flag: 'typical',
      argument: '<p>',
      description: {
        en: 'locally typical: keep the tokens nearest the entropy until their sum reaches p (1: off)',
        es: 'localmente típico: conserva los tokens más cercanos a la entropía hasta que su suma alcance p (1: apagado)',
      },
      min: 0,
      max: 1,
      openMin: true,
    }),
  ],
  active: (o) => o.typical < 1,
  label: (o) => same(`typical ${o.typical}`),
  title: (o) => ({
    en: `typical ${o.typical}: keep the tokens whose surprise −ln p is nearest the entropy, until their sum reaches ${o.typical}`,
    es: `typical ${o.typical}: conserva los tokens cuya sorpresa −ln p está más cerca de la entropía, hasta que su suma alcance ${o.typical}`,
  }),
  apply(c, { options: o }) {
    const h = entropyOf(c);
    const probs = c.probabilities();
    const distance = Float64Array.from(probs.subarray(0, c.size), (p) => Math.abs(-Math.log(p) - h));
    // Infinity − Infinity is NaN: two underflowed candidates keep their canonical order.
    const order = Array.from(distance.keys()).sort((a, b) => distance[a] - distance[b] || a - b);
    const need = keeping(o.minKeep);
    const kept = new Uint8Array(c.size);
    let mass = 0;
    for (let n = 0; n < order.length && !(n >= need && reaches(mass, o.typical)); n++) {
      kept[order[n]] = 1;
      mass += probs[order[n]];
    }
    c.keep((s) => kept[s] === 1);
    return { quantities: [[QUANTITY.entropy, h]] };
  },
};
