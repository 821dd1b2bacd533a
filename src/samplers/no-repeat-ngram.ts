import type { Localized } from '../i18n/lang.js';
import { numberSetting } from './setting.js';
import { type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly noRepeatNgram: number;
  }
}

/**
 * The n-grams of a continuation so far, indexed by their first n − 1 tokens: for each such prefix,
 * the tokens that followed it, each with where it first did. Each token adds one n-gram, so
 * finding what the last n − 1 tokens ban costs one look-up, however long the history.
 */
interface Grams {
  readonly tokens: number[];
  readonly followers: Map<string, Map<number, number>>;
}

const prefixKey = (tokens: readonly number[], end: number, n: number): string =>
  tokens.slice(end - n + 1, end).join(',');

function add(grams: Grams, token: number, n: number): Grams {
  const { tokens, followers } = grams;
  tokens.push(token);
  const start = tokens.length - n;
  if (start < 0) return grams;
  const key = prefixKey(tokens, tokens.length - 1, n);
  const next = followers.get(key) ?? new Map<number, number>();
  followers.set(key, next);
  if (!next.has(token)) next.set(token, start);
  return grams;
}

/**
 * transformers' NoRepeatNGramLogitsProcessor: bans every token that would complete an n-gram
 * already in the history, that is, that followed the last n − 1 tokens somewhere before.
 */
export const noRepeatNgram: Stage<undefined, Grams> = {
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
  init(o, history) {
    const grams: Grams = { tokens: [], followers: new Map() };
    for (let i = 0; i < history.length; i++) add(grams, history[i], o.noRepeatNgram);
    return grams;
  },
  accept: (grams, token, _p, o) => add(grams, token, o.noRepeatNgram),
  apply({ logits }, { options, state, trace }) {
    const n = options.noRepeatNgram;
    const { tokens } = state;
    if (tokens.length < n - 1) return undefined;
    const banned = state.followers.get(prefixKey(tokens, tokens.length, n));
    const reasons = new Map<number, Localized>();
    for (const [token, start] of banned ?? []) {
      logits[token] = Number.NEGATIVE_INFINITY;
      if (trace) {
        reasons.set(token, {
          en: `banned: would repeat the ${n}-gram at token ${start + 1} of the history`,
          es: `prohibido: repetiría el ${n}-grama del token ${start + 1} del historial`,
        });
      }
    }
    return trace ? { reasons } : undefined;
  },
};
