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
 * where it first stood and the tokens that followed it, each with where its n-gram first stood.
 * A prefix is found by a hash of its tokens, then compared token by token, so that each token
 * costs O(n) to add and to look up, however long the history.
 */
interface Grams {
  readonly tokens: number[];
  /** By hash; a list only where two prefixes share one. */
  readonly prefixes: Map<number, Prefix | Prefix[]>;
}

/** A prefix: where it first stands, and what followed it with where that n-gram first stands. */
interface Prefix {
  readonly at: number;
  /** The first follower inline: most prefixes of a long n never have a second. */
  readonly next: number;
  readonly nextAt: number;
  more?: Map<number, number>;
}

/** FNV-1a over the n − 1 tokens from `from`. */
function hashOf(tokens: readonly number[], from: number, count: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < count; k++) h = Math.imul(h ^ tokens[from + k], 0x01000193);
  return h >>> 0;
}

/** The prefix equal to the n − 1 tokens from `from`, by its hash, or undefined. */
function prefixAt(grams: Grams, from: number, n: number, hash: number): Prefix | undefined {
  const { tokens } = grams;
  const same = (p: Prefix): boolean => {
    for (let k = 0; k < n - 1; k++) if (tokens[p.at + k] !== tokens[from + k]) return false;
    return true;
  };
  const filed = grams.prefixes.get(hash);
  if (filed === undefined || !Array.isArray(filed)) return filed !== undefined && same(filed) ? filed : undefined;
  return filed.find(same);
}

/** Each follower of a prefix, with where its n-gram first stands. */
function* followers(p: Prefix): Generator<readonly [number, number]> {
  yield [p.next, p.nextAt];
  if (p.more) yield* p.more;
}

function add(grams: Grams, token: number, n: number): Grams {
  const { tokens, prefixes } = grams;
  tokens.push(token);
  const start = tokens.length - n;
  if (start < 0) return grams;
  const hash = hashOf(tokens, start, n - 1);
  const found = prefixAt(grams, start, n, hash);
  if (found === undefined) {
    const made: Prefix = { at: start, next: token, nextAt: start };
    const filed = prefixes.get(hash);
    prefixes.set(hash, filed === undefined ? made : Array.isArray(filed) ? [...filed, made] : [filed, made]);
  } else if (found.next !== token && !found.more?.has(token)) {
    found.more ??= new Map();
    found.more.set(token, start);
  }
  return grams;
}

/**
 * transformers' NoRepeatNGramLogitsProcessor: bans every token that would complete an n-gram
 * already in the history, that is, that followed the last n − 1 tokens somewhere before.
 */
export const noRepeatNgram: Stage<undefined, Grams> = {
  name: 'no_repeat_ngram',
  group: 'penalties',
  acts: 'logits',
  depends: 'history',
  settings: [
    numberSetting({
      key: 'noRepeatNgram',
      default: 0,
      flag: 'no-repeat-ngram',
      label: { en: 'n-gram never repeated', es: 'n-grama que no se repite' },
      slider: [0, 5],
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
    const grams: Grams = { tokens: [], prefixes: new Map() };
    for (let i = 0; i < history.length; i++) add(grams, history[i], o.noRepeatNgram);
    return grams;
  },
  accept: (grams, token, _p, o) => add(grams, token, o.noRepeatNgram),
  apply({ logits }, { options, state, trace }) {
    const n = options.noRepeatNgram;
    const { tokens } = state;
    if (tokens.length < n - 1) return undefined;
    const from = tokens.length - n + 1;
    const banned = prefixAt(state, from, n, hashOf(tokens, from, n - 1));
    if (banned === undefined) return undefined;
    const reasons = new Map<number, Localized>();
    for (const [token, start] of followers(banned)) {
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
