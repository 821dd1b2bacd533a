import { numberSetting } from './setting.js';
import type { Stage } from './stage.js';

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
      description: 'ban every token that would repeat an n-gram of the history (0: off)',
      min: 0,
      integer: true,
    }),
  ],
  active: (o) => o.noRepeatNgram > 0,
  label: (o) => `no-repeat-ngram ${o.noRepeatNgram}`,
  title: (o) => `no-repeat-ngram ${o.noRepeatNgram}: bans each token that would repeat a ${o.noRepeatNgram}-gram`,
  apply({ logits }, { options, history }) {
    const n = options.noRepeatNgram;
    const reasons = new Map<number, string>();
    const prefix = history.length - (n - 1);
    for (let start = 0; start + n <= history.length; start++) {
      let same = true;
      for (let k = 0; k < n - 1 && same; k++) same = history[start + k] === history[prefix + k];
      if (!same) continue;
      const banned = history[start + n - 1];
      logits[banned] = Number.NEGATIVE_INFINITY;
      reasons.set(banned, `banned: would repeat the ${n}-gram at token ${start + 1} of the history`);
    }
    return { reasons };
  },
};
