import type { Localized } from '../i18n/lang.js';
import type { Model } from '../model.js';
import { resolveToken } from '../tokenize.js';
import { tail } from './recent.js';
import { Repeats } from './repeats.js';
import { numberSetting } from './setting.js';
import { type Stage, same } from './stage.js';

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
 * What --dry-penalty-last-n -1 looks at: llama.cpp reads -1 as its context size, 4096 tokens by
 * default, so that DRY's cost per token is bounded by a window, never by the whole history.
 */
export const DRY_CONTEXT = 4096;

/**
 * llama.cpp's DRY ("don't repeat yourself"): where the end of the history repeats an earlier
 * run of at least `allowed` tokens, the token that followed that run gets its logit lowered by
 * multiplier × base^(run − allowed). A sequence breaker stops runs from reaching past it, and is
 * never penalised itself. Breakers here are whole tokens, as this model's tokens are words.
 */
export const dry: Stage<Set<number>, Repeats> = {
  name: 'dry',
  group: 'penalties',
  acts: 'logits',
  depends: 'history',
  settings: [
    numberSetting({
      key: 'dryMultiplier',
      default: 0,
      flag: 'dry-multiplier',
      label: { en: 'DRY multiplier', es: 'multiplicador de DRY' },
      slider: [0, 2],
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
      label: { en: 'DRY base', es: 'base de DRY' },
      slider: [1, 4],
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
      label: { en: 'repeat length allowed', es: 'repetición permitida' },
      slider: [0, 10],
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
      label: { en: 'DRY window', es: 'ventana de DRY' },
      slider: [0, 128],
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
      label: { en: 'sequence breakers', es: 'cortes de secuencia' },
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
  init(o, history, breakers) {
    const repeats = new Repeats(o.dryPenaltyLastN === -1 ? DRY_CONTEXT : o.dryPenaltyLastN, breakers);
    const last = tail(history, repeats.window);
    for (let i = 0; i < last.length; i++) repeats.push(last[i]);
    return repeats;
  },
  accept(repeats, token) {
    repeats.push(token);
    return repeats;
  },
  apply({ logits }, { options: o, prepared: breakers, state, trace }) {
    const longest = state.longest(o.dryAllowedLength);
    if (longest.size === 0) return undefined;
    const cap = o.dryBase > 1.000001 ? Math.floor(FLOAT_MAX_LOG / Math.log(o.dryBase)) : 0;
    const reasons = new Map<number, Localized>();
    for (const [position, run] of longest) {
      if (breakers.has(position)) continue;
      const exponent = cap > 0 ? Math.min(run - o.dryAllowedLength, cap) : run - o.dryAllowedLength;
      const penalty = o.dryMultiplier * o.dryBase ** exponent;
      logits[position] -= penalty;
      if (trace) {
        reasons.set(position, {
          en: `would extend a repeated run of ${run}: − ${penalty}`,
          es: `alargaría una secuencia repetida de ${run}: − ${penalty}`,
        });
      }
    }
    return trace ? { reasons } : undefined;
  },
};
