import { entropyOf, keeping, orderBy, reaches } from './filter.js';
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
  group: 'truncation',
  acts: 'probs',
  settings: [
    numberSetting({
      key: 'typical',
      default: 1,
      flag: 'typical',
      label: { en: 'typical mass', es: 'masa típica' },
      aliases: ['--typical-p'],
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
    es: `muestreo típico ${o.typical}: conserva los tokens cuya sorpresa −ln p está más cerca de la entropía, hasta que su suma alcance ${o.typical}`,
  }),
  apply(c, { options: o }) {
    const h = entropyOf(c);
    const probs = c.probabilities();
    const { size, picked: order } = c;
    const distance = c.scratch;
    for (let s = 0; s < size; s++) {
      distance[s] = Math.abs(-Math.log(probs[s]) - h);
      order[s] = s;
    }
    // Two underflowed candidates, both infinitely far, keep their canonical order.
    orderBy(order, size, distance);
    const need = keeping(o.minKeep);
    let kept = 0;
    let mass = 0;
    while (kept < size && !(kept >= need && reaches(mass, o.typical))) mass += probs[order[kept++]];
    // The kept back in canonical order with no sort: each position's rank, then a pass in order.
    for (let r = 0; r < size; r++) distance[order[r]] = r;
    let n = 0;
    for (let s = 0; s < size; s++) if (distance[s] < kept) order[n++] = s;
    c.retain(order, kept);
    return { quantities: [[QUANTITY.entropy, h]] };
  },
};
