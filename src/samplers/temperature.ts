import { type Candidates, renormalise } from './candidates.js';
import { entropyOf, largest } from './filter.js';
import { numberSetting } from './setting.js';
import { QUANTITY, type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly temperature: number;
    readonly dynatempRange: number;
    readonly dynatempExp: number;
  }
}

/**
 * Temperature, and llama.cpp's dynamic temperature (dynatemp) when its range is set: T is then
 * chosen from the entropy H of the distribution, T_min + (T_max − T_min)·(H / ln n)^exp, with
 * T_min = max(0, T − range), T_max = T + range and n the candidates.
 */
export const temperature: Stage = {
  name: 'temperature',
  group: 'temperature',
  acts: 'probs',
  keepsTop: true,
  settings: [
    numberSetting({
      key: 'temperature',
      default: 1,
      flag: 'temperature',
      label: { en: 'temperature', es: 'temperatura' },
      slider: [0, 3],
      short: 'T',
      aliases: ['--temp'],
      argument: '<t>',
      description: {
        en: 'p ∝ p^(1/T): < 1 sharper, > 1 flatter, 0 greedy',
        es: 'p ∝ p^(1/T): < 1 más afilada, > 1 más plana, 0 voraz (siempre el más probable)',
      },
      min: 0,
    }),
    numberSetting({
      key: 'dynatempRange',
      default: 0,
      flag: 'dynatemp-range',
      label: { en: 'dynamic temperature range', es: 'rango de temperatura dinámica' },
      slider: [0, 3],
      argument: '<r>',
      description: {
        en: 'dynamic temperature: T ± r, chosen by the entropy (0: off)',
        es: 'temperatura dinámica: T ± r, elegida por la entropía (0: apagado)',
      },
      min: 0,
    }),
    numberSetting({
      key: 'dynatempExp',
      default: 1,
      flag: 'dynatemp-exp',
      label: { en: 'dynamic temperature exponent', es: 'exponente de temperatura dinámica' },
      slider: [0, 3],
      argument: '<e>',
      description: {
        en: 'dynamic temperature: the exponent on the normalised entropy',
        es: 'temperatura dinámica: el exponente de la entropía normalizada',
      },
      min: 0,
    }),
  ],
  active: (o) => o.temperature !== 1 || o.dynatempRange > 0,
  greedy: (o) => o.temperature === 0 && o.dynatempRange === 0,
  label: (o) =>
    o.dynatempRange > 0
      ? same(`dynatemp ${o.temperature} ± ${o.dynatempRange}`)
      : { en: `temperature ${o.temperature}`, es: `temperatura ${o.temperature}` },
  title: (o) => {
    // What T does: raises the post's probabilities to 1/T, or divides softmax's logits by it.
    const how =
      o.norm === 'softmax'
        ? { en: 'each logit ÷ T, then softmax', es: 'cada logit ÷ T, luego softmax' }
        : { en: 'p^(1/T), renormalised', es: 'p^(1/T), renormalizada' };
    if (o.dynatempRange > 0) {
      return {
        en: `dynamic temperature ${o.temperature} ± ${o.dynatempRange}: T from the entropy, then ${how.en}`,
        es: `temperatura dinámica ${o.temperature} ± ${o.dynatempRange}: T a partir de la entropía, luego ${how.es}`,
      };
    }
    if (o.temperature === 0) {
      return {
        en: 'temperature 0: greedy, only the most probable token stays',
        es: 'temperatura 0: voraz (greedy), solo queda el token más probable',
      };
    }
    return { en: `temperature ${o.temperature}: ${how.en}`, es: `temperatura ${o.temperature}: ${how.es}` };
  },
  apply(c, { options: o, trace }) {
    if (o.dynatempRange === 0) {
      heat(c, o.temperature);
      return trace ? { quantities: [[QUANTITY.temperature, o.temperature]] } : undefined;
    }
    const n = c.size;
    if (n <= 1) return undefined;
    const h = entropyOf(c);
    const low = Math.max(0, o.temperature - o.dynatempRange);
    const high = o.temperature + o.dynatempRange;
    const x = (h / Math.log(n)) ** o.dynatempExp;
    // At x = 0 T is T_min, even when T_max overflows to Infinity (∞ × 0 would be NaN).
    const t = x === 0 ? low : low + (high - low) * x;
    heat(c, t);
    return {
      quantities: [
        [QUANTITY.entropy, h],
        [QUANTITY.temperature, t],
      ],
    };
  },
};

/**
 * Applies temperature t to the candidates. With the post's norm, p′ ∝ (p/p_max)^(1/t): dividing by
 * p_max first keeps a small t from underflowing every token to 0. With softmax, the logits are
 * divided by t, as llama.cpp does, and the probabilities follow from them when asked: a candidate
 * whose e^z had rounded to 0 at t = 1 gets its chance back at a larger t.
 *
 * The limits, where the arithmetic overflows: a t so small that 1/t is Infinity is greedy (only the
 * largest logit stays, the first among equals); t = Infinity is uniform over the candidates; a
 * quotient z/t past the largest double is taken as (z − max)/t instead, the same distribution,
 * with a logit that falls below every double kept at the lowest one, so every logit stays finite.
 */
export function heat(c: Candidates, t: number): void {
  if (t === 1) return;
  if (!Number.isFinite(1 / t)) {
    const best = c.best();
    c.keep((s) => s === best);
    return;
  }
  const n = c.size;
  if (c.norm === 'sum') {
    const probs = c.probabilities();
    const max = largest(c);
    for (let s = 0; s < n; s++) probs[s] = (probs[s] / max) ** (1 / t);
    renormalise(probs, n);
    return;
  }
  const { logits } = c;
  const top = logits[c.best()];
  if (Number.isFinite(top / t) && Number.isFinite(logits[lowest(c)] / t)) {
    for (let s = 0; s < n; s++) logits[s] /= t;
  } else {
    for (let s = 0; s < n; s++) logits[s] = Math.max((logits[s] - top) / t, -Number.MAX_VALUE);
  }
  c.logitsChanged();
}

/** The slot of the smallest logit. */
function lowest(c: Candidates): number {
  let low = 0;
  for (let s = 1; s < c.size; s++) if (c.logits[s] < c.logits[low]) low = s;
  return low;
}
