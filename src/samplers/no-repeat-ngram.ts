import type { Localized } from '../i18n/lang.js';
import { numberSetting } from './setting.js';
import { type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly noRepeatNgram: number;
  }
}

/**
 * transformers' NoRepeatNGramLogitsProcessor: bans every token that would complete an n-gram
 * already in the history, that is, that followed the last n − 1 tokens somewhere before.
 */
export const noRepeatNgram: Stage = {
  name: 'no_repeat_ngram',
  acts: 'logits',
  depends: 'history',
  settings: [
    numberSetting({
      key: 'noRepeatNgram',
      default: 0,
      flag: 'no-repeat-ngram',
      argument: '<n>',
      description: {
        en: 'ban every token that would repeat an n-gram of the history (0: off)',
        es: 'prohíbe todo token que repetiría un n-grama del historial (0: apagado)',
      },
      min: 0,
      integer: true,
    }),
  ],
  active: (o) => o.noRepeatNgram > 0,
  label: (o) => same(`no-repeat-ngram ${o.noRepeatNgram}`),
  title: (o) => ({
    en: `no-repeat-ngram ${o.noRepeatNgram}: bans each token that would repeat a ${o.noRepeatNgram}-gram`,
    es: `no-repeat-ngram ${o.noRepeatNgram}: prohíbe cada token que repetiría un ${o.noRepeatNgram}-grama`,
  }),
  apply({ logits }, { options, history }) {
    const n = options.noRepeatNgram;
    const reasons = new Map<number, Localized>();
    const prefix = history.length - (n - 1);
    for (let start = 0; start + n <= history.length; start++) {
      let same = true;
      for (let k = 0; k < n - 1 && same; k++) same = history[start + k] === history[prefix + k];
      if (!same) continue;
      const banned = history[start + n - 1];
      logits[banned] = Number.NEGATIVE_INFINITY;
      reasons.set(banned, {
        en: `banned: would repeat the ${n}-gram at token ${start + 1} of the history`,
        es: `prohibido: repetiría el ${n}-grama del token ${start + 1} del historial`,
      });
    }
    return { reasons };
  },
};
