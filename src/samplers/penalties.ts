import { type Localized, plural } from '../i18n/lang.js';
import { Recent, tail } from './recent.js';
import { numberSetting } from './setting.js';
import type { Stage } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly repeatPenalty: number;
    readonly repeatLastN: number;
    readonly presencePenalty: number;
    readonly frequencyPenalty: number;
  }
}

/**
 * The tokens seen in the last n of a continuation, counted as they come, as llama.cpp keeps its
 * `token_count` beside its ring buffer: O(1) per token, however long the history. With n = -1
 * nothing is ever dropped, so no ring is kept.
 */
interface Seen {
  readonly recent?: Recent;
  readonly counts: Map<number, number>;
}

function see(seen: Seen, token: number): Seen {
  const { counts, recent } = seen;
  counts.set(token, (counts.get(token) ?? 0) + 1);
  const dropped = recent === undefined ? -1 : recent.push(token);
  if (dropped !== -1) {
    const left = (counts.get(dropped) ?? 0) - 1;
    if (left === 0) counts.delete(dropped);
    else counts.set(dropped, left);
  }
  return seen;
}

/**
 * llama.cpp's penalties sampler: over the last n tokens of the history, each token seen `count`
 * times has its logit divided by r if positive, multiplied by r otherwise (the repetition penalty
 * of llama.cpp and transformers), then lowered by count·frequency + presence (OpenAI's).
 */
export const penalties: Stage<undefined, Seen> = {
  name: 'penalties',
  group: 'penalties',
  acts: 'logits',
  depends: 'history',
  settings: [
    numberSetting({
      key: 'repeatPenalty',
      default: 1,
      flag: 'repeat-penalty',
      label: { en: 'repetition penalty', es: 'penalización por repetición' },
      slider: [0, 2],
      argument: '<r>',
      description: {
        en: 'divide a seen token’s positive logit by r, multiply a negative one (1: off)',
        es: 'divide por r el logit positivo de un token ya visto, multiplica uno negativo (1: apagado)',
      },
      min: 0,
      openMin: true,
    }),
    numberSetting({
      key: 'repeatLastN',
      default: 64,
      flag: 'repeat-last-n',
      label: { en: 'penalty window', es: 'ventana de penalización' },
      slider: [0, 128],
      argument: '<n>',
      description: {
        en: 'how many of the last tokens the penalties look at (0: off, -1: the whole history)',
        es: 'cuántos de los últimos tokens miran las penalizaciones (0: apagado, -1: todo el historial)',
      },
      min: 0,
      integer: true,
      special: -1,
    }),
    numberSetting({
      key: 'presencePenalty',
      default: 0,
      flag: 'presence-penalty',
      label: { en: 'presence penalty', es: 'penalización por presencia' },
      slider: [-2, 2],
      argument: '<a>',
      description: {
        en: 'lower the logit of every seen token by a (0: off)',
        es: 'resta a al logit de cada token ya visto (0: apagado)',
      },
      min: -Infinity,
    }),
    numberSetting({
      key: 'frequencyPenalty',
      default: 0,
      flag: 'frequency-penalty',
      label: { en: 'frequency penalty', es: 'penalización por frecuencia' },
      slider: [-2, 2],
      argument: '<a>',
      description: {
        en: 'lower a seen token’s logit by a × its count (0: off)',
        es: 'resta a × sus apariciones al logit de un token ya visto (0: apagado)',
      },
      min: -Infinity,
    }),
  ],
  active: (o) => o.repeatLastN !== 0 && (o.repeatPenalty !== 1 || o.presencePenalty !== 0 || o.frequencyPenalty !== 0),
  label: (o) => ({
    en: `penalties (repeat ${o.repeatPenalty}, presence ${o.presencePenalty}, frequency ${o.frequencyPenalty}, last ${o.repeatLastN})`,
    es: `penalizaciones (repetición ${o.repeatPenalty}, presencia ${o.presencePenalty}, frecuencia ${o.frequencyPenalty}, últimos ${o.repeatLastN})`,
  }),
  title: (o) => {
    const [r, f, a] = [o.repeatPenalty, o.frequencyPenalty, o.presencePenalty];
    return {
      en: `penalties over the last ${o.repeatLastN === -1 ? 'tokens of the history' : `${o.repeatLastN} tokens`}: a seen logit z > 0 becomes z / ${r}, any other z × ${r}; then − count × ${f} − ${a}`,
      es: `penalizaciones sobre los últimos ${o.repeatLastN === -1 ? 'tokens del historial' : `${o.repeatLastN} tokens`}: un logit ya visto z > 0 pasa a z / ${r}, cualquier otro a z × ${r}; luego − apariciones × ${f} − ${a}`,
    };
  },
  init(o, history) {
    const seen: Seen = { counts: new Map(), recent: o.repeatLastN === -1 ? undefined : new Recent(o.repeatLastN) };
    const last = tail(history, o.repeatLastN);
    for (let i = 0; i < last.length; i++) see(seen, last[i]);
    return seen;
  },
  accept: (seen, token) => see(seen, token),
  apply({ logits }, { options: o, state, trace }) {
    const reasons = new Map<number, Localized>();
    for (const [position, count] of state.counts) {
      const z = logits[position];
      logits[position] =
        (z > 0 ? z / o.repeatPenalty : z * o.repeatPenalty) - (count * o.frequencyPenalty + o.presencePenalty);
      if (trace) {
        reasons.set(position, {
          en: `seen ${count} ${plural('en', count, 'time', 'times')}`,
          es: `visto ${count} ${plural('es', count, 'vez', 'veces')}`,
        });
      }
    }
    return trace ? { reasons } : undefined;
  },
};
