import { softmaxInto } from './candidates.js';
import { NUMBER, numberSetting } from './setting.js';
import { type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly adaptiveTarget: number;
    readonly adaptiveDecay: number;
  }
}

/** llama.cpp's constants: how wide the favoured band around the target is, its peak logit, and how fast logits fall away. */
const WIDTH = 0.3;
const PEAK = 5;
const SHARPNESS = 10;

/** The average of the chosen tokens' probabilities, each older one weighed by another decay. */
export interface Average {
  readonly weighted: number;
  readonly total: number;
}

/** The target as llama.cpp uses it: clamped to [0, 1]. */
const clamped = (x: number): number => Math.min(Math.max(x, 0), 1);

/**
 * The target this token aims at: 2·target − the average, clamped to [0, 1]. A run of too
 * probable tokens lowers it, and too improbable ones raise it.
 */
export const adaptedTarget = (target: number, { weighted, total }: Average): number =>
  clamped(total === 0 ? clamped(target) : 2 * clamped(target) - weighted / total);

/**
 * A probability's new logit: PEAK at the adapted target, falling with the distance d (in band
 * widths) as −SHARPNESS·d²/(1 + d): quadratic near the target, nearly linear far from it.
 */
export function adaptiveLogit(p: number, target: number): number {
  const d = Math.abs(p - target) / WIDTH;
  return PEAK - (SHARPNESS * d * d) / (1 + d);
}

/**
 * llama.cpp's adaptive-p (PR 17927): every candidate's logit becomes adaptiveLogit of its
 * probability, so the tokens whose probability is near an adapted target are the likely ones.
 * The target adapts to the average probability, as the stage received them, of the tokens chosen
 * so far in the continuation, which starts as if the target had always been met.
 */
export const adaptiveP: Stage<undefined, Average> = {
  name: 'adaptive_p',
  group: 'extras',
  acts: 'probs',
  // Not keepsTop: the most probable token after it is the one nearest the target, which --greedy then takes.
  depends: 'state',
  recalls: true,
  settings: [
    {
      key: 'adaptiveTarget',
      default: -1,
      flag: 'adaptive-target',
      label: { en: 'target probability', es: 'probabilidad objetivo' },
      argument: '<p>',
      description: {
        en: 'adaptive-p: favour tokens of about this probability (negative: off)',
        es: 'adaptive-p: favorece los tokens de más o menos esta probabilidad (negativo: apagado)',
      },
      expects: { en: 'a number ≤ 1 (negative: off)', es: 'un número ≤ 1 (negativo: apagado)' },
      parse: (text) => (NUMBER.test(text) ? Number(text) : undefined),
      check: (value) => typeof value === 'number' && Number.isFinite(value) && value <= 1,
    },
    numberSetting({
      key: 'adaptiveDecay',
      default: 0.9,
      flag: 'adaptive-decay',
      label: { en: 'decay of the average', es: 'decaimiento del promedio' },
      argument: '<d>',
      description: {
        en: 'adaptive-p: how slowly the average forgets, about 1/(1 − d) tokens',
        es: 'adaptive-p: cuán despacio olvida el promedio, unos 1/(1 − d) tokens',
      },
      min: 0,
      max: 0.99,
    }),
  ],
  active: (o) => o.adaptiveTarget >= 0,
  label: (o) => same(`adaptive-p ${o.adaptiveTarget}`),
  title: (o) => ({
    en: `adaptive-p ${o.adaptiveTarget} (decay ${o.adaptiveDecay}): favour the tokens whose probability is near a target that follows the choices`,
    es: `adaptive-p ${o.adaptiveTarget} (decaimiento ${o.adaptiveDecay}): favorece los tokens de probabilidad cercana a un objetivo que sigue a lo elegido`,
  }),
  init: (o) => ({ weighted: o.adaptiveTarget / (1 - o.adaptiveDecay), total: 1 / (1 - o.adaptiveDecay) }),
  accept: (average, _token, _p, o, incoming) => ({
    weighted: incoming + o.adaptiveDecay * average.weighted,
    total: 1 + o.adaptiveDecay * average.total,
  }),
  apply(c, { options: o, state, trace }) {
    const target = adaptedTarget(o.adaptiveTarget, state);
    const probs = c.probabilities();
    const { logits, size } = c;
    for (let s = 0; s < size; s++) logits[s] = adaptiveLogit(probs[s], target);
    if (c.norm === 'softmax') {
      c.logitsChanged();
    } else {
      // Under the post's norm the new logits go through softmax here, and the probabilities stand
      // in for the scores z, so that ranking by logit is ranking by the new probabilities.
      softmaxInto(logits, probs, size);
      logits.set(probs.subarray(0, size));
    }
    return trace ? { quantities: [[{ en: 'target', es: 'objetivo' }, target]] } : undefined;
  },
};
