import type { Localized } from '../i18n/lang.js';
import type { Model } from '../model.js';
import { resolveToken } from '../tokenize.js';
import { numberSetting } from './setting.js';
import { type Stage, same } from './stage.js';
import { lastTokens } from './window.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly dryMultiplier: number;
    readonly dryBase: number;
    readonly dryAllowedLength: number;
    readonly dryPenaltyLastN: number;
    readonly drySequenceBreakers: readonly string[];
  }
}

/** Past this exponent base^exponent overflows a float, as llama.cpp caps it. */
const FLOAT_MAX_LOG = 88.7228391;

/**
 * llama.cpp's DRY ("don't repeat yourself"): where the end of the history repeats an earlier
 * run of at least `allowed` tokens, the token that followed that run gets its logit lowered by
 * multiplier × base^(run − allowed). A sequence breaker stops runs from reaching past it, and is
 * never penalised itself. Breakers here are whole tokens, as this model's tokens are words.
 */
export const dry: Stage = {
  name: 'dry',
  acts: 'logits',
  depends: 'history',
  settings: [
    numberSetting({
      key: 'dryMultiplier',
      default: 0,
      flag: 'dry-multiplier',
      argument: '<m>',
      description: {
        en: 'DRY: penalise the token that would extend a repeated run (0: off)',
        es: 'DRY: penaliza el token que alargaría una secuencia repetida (0: apagado)',
      },
      min: 0,
    }),
    numberSetting({
      key: 'dryBase',
      default: 1.75,
      flag: 'dry-base',
      argument: '<b>',
      description: {
        en: 'DRY: the penalty grows as b^(run − allowed length)',
        es: 'DRY: la penalización crece como b^(secuencia − longitud permitida)',
      },
      min: 1,
    }),
    numberSetting({
      key: 'dryAllowedLength',
      default: 2,
      flag: 'dry-allowed-length',
      argument: '<n>',
      description: {
        en: 'DRY: runs up to n tokens go unpenalised',
        es: 'DRY: las secuencias de hasta n tokens no se penalizan',
      },
      min: 0,
      integer: true,
    }),
    numberSetting({
      key: 'dryPenaltyLastN',
      default: -1,
      flag: 'dry-penalty-last-n',
      argument: '<n>',
      description: {
        en: 'DRY: how many of the last tokens to look at (-1: the whole history)',
        es: 'DRY: cuántos de los últimos tokens mirar (-1: todo el historial)',
      },
      min: 0,
      integer: true,
      special: -1,
    }),
    {
      key: 'drySequenceBreakers',
      default: [],
      flag: 'dry-sequence-breaker',
      argument: '<token>',
      description: {
        en: 'DRY: a token that breaks runs (repeatable)',
        es: 'DRY: un token que corta las secuencias (repetible)',
      },
      expects: { en: 'a token of the vocabulary', es: 'un token del diccionario' },
      parse: (text) => (text === '' ? undefined : text),
      check: (value) => Array.isArray(value) && value.every((t) => typeof t === 'string' && t !== ''),
      repeatable: true,
    },
  ],
  active: (o) => o.dryMultiplier > 0 && o.dryPenaltyLastN !== 0,
  label: (o) => same(`dry ${o.dryMultiplier}`),
  title: (o) => ({
    en: `DRY: the token that would extend a repeated run of n ≥ ${o.dryAllowedLength} tokens loses ${o.dryMultiplier} × ${o.dryBase}^(n − ${o.dryAllowedLength})`,
    es: `DRY: el token que alargaría una secuencia repetida de n ≥ ${o.dryAllowedLength} tokens pierde ${o.dryMultiplier} × ${o.dryBase}^(n − ${o.dryAllowedLength})`,
  }),
  prepare: (o, model: Model) =>
    new Set(o.drySequenceBreakers.map((t) => resolveToken(t, model, '--dry-sequence-breaker'))),
  apply({ logits }, { options: o, history, prepared }) {
    const breakers = prepared as Set<number>;
    const tail = lastTokens(history, o.dryPenaltyLastN);
    const size = tail.length;
    const reasons = new Map<number, Localized>();
    if (size <= o.dryAllowedLength) return { reasons };
    // back(i): the i-th token from the end of the tail.
    const back = (i: number): number => tail[size - 1 - i];
    let limit = size;
    for (let i = 0; i < size; i++) {
      if (breakers.has(back(i))) {
        limit = i;
        break;
      }
    }
    if (limit < o.dryAllowedLength) return { reasons };
    // For each earlier end k tokens back, how far the run before it matches the tail's end.
    const longest = new Map<number, number>();
    for (let k = 1; k < size; k++) {
      let n = 0;
      while (n + k < size && back(n) === back(n + k)) n++;
      const run = Math.min(n, limit);
      const next = back(k - 1);
      if (run >= o.dryAllowedLength && run > (longest.get(next) ?? -1)) longest.set(next, run);
    }
    const cap = o.dryBase > 1.000001 ? Math.floor(FLOAT_MAX_LOG / Math.log(o.dryBase)) : 0;
    for (const [position, run] of longest) {
      if (breakers.has(position)) continue;
      const exponent = cap > 0 ? Math.min(run - o.dryAllowedLength, cap) : run - o.dryAllowedLength;
      const penalty = o.dryMultiplier * o.dryBase ** exponent;
      logits[position] -= penalty;
      reasons.set(position, {
        en: `would extend a repeated run of ${run}: − ${penalty}`,
        es: `alargaría una secuencia repetida de ${run}: − ${penalty}`,
      });
    }
    return { reasons };
  },
};
