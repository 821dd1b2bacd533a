import { keeping, keepLeaders, reaches } from './filter.js';
import { numberSetting } from './setting.js';
import { type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly topP: number;
  }
}

/** Top-p (nucleus): keep the most probable tokens through the one whose cumulative probability reaches p. */
export const topP: Stage = {
  name: 'top_p',
  group: 'truncation',
  acts: 'probs',
  keepsTop: true,
  settings: [
    numberSetting({
      key: 'topP',
      default: 1,
      flag: 'top-p',
      label: { en: 'cumulative probability', es: 'probabilidad acumulada' },
      short: 'p',
      argument: '<p>',
      description: {
        en: 'keep the most probable tokens until their sum reaches p (1: off)',
        es: 'conserva los tokens más probables hasta que su suma alcance p (1: apagado)',
      },
      min: 0,
      max: 1,
      openMin: true,
    }),
  ],
  active: (o) => o.topP < 1,
  label: (o) => same(`top-p ${o.topP}`),
  title: (o) => ({
    en: `top-p ${o.topP}: keep the most probable until their sum reaches ${o.topP}`,
    es: `top-p ${o.topP}: conserva los más probables hasta que su suma alcance ${o.topP}`,
  }),
  apply(c, { options: o }) {
    const need = keeping(o.minKeep);
    keepLeaders(c, (count, mass) => count >= need && reaches(mass, o.topP));
    return undefined;
  },
};
