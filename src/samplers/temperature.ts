import { argmax, entropy, removeUnless, renormalise, survivors } from './filter.js';
import { numberSetting } from './setting.js';
import { type Candidates, QUANTITY, type Stage, same } from './stage.js';

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
 * T_min = max(0, T − range), T_max = T + range and n the tokens with a chance.
 */
export const temperature: Stage = {
  name: 'temperature',
  acts: 'probs',
  keepsTop: true,
  settings: [
    numberSetting({
      key: 'temperature',
      default: 1,
      flag: 'temperature',
      short: 'T',
      argument: '<t>',
      description: {
        en: 'p ∝ p^(1/T): < 1 sharper, > 1 flatter, 0 greedy',
        es: 'p ∝ p^(1/T): < 1 más afilada, > 1 más plana, 0 greedy',
      },
      min: 0,
    }),
    numberSetting({
      key: 'dynatempRange',
      default: 0,
      flag: 'dynatemp-range',
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
  title: (o) =>
    o.dynatempRange > 0
      ? {
          en: `dynamic temperature ${o.temperature} ± ${o.dynatempRange}: T from the entropy, then p^(1/T), renormalised`,
          es: `temperatura dinámica ${o.temperature} ± ${o.dynatempRange}: T a partir de la entropía, luego p^(1/T), renormalizada`,
        }
      : o.temperature === 0
        ? {
            en: 'temperature 0: greedy, only the most probable token stays',
            es: 'temperatura 0: greedy, solo queda el token más probable',
          }
        : {
            en: `temperature ${o.temperature}: p^(1/T), renormalised`,
            es: `temperatura ${o.temperature}: p^(1/T), renormalizada`,
          },
  apply(c, { options: o, norm }) {
    if (o.dynatempRange === 0) {
      heat(c, o.temperature, norm);
      return undefined;
    }
    const n = survivors(c.probs);
    if (n <= 1) return undefined;
    const h = entropy(c.probs);
    const low = Math.max(0, o.temperature - o.dynatempRange);
    const high = o.temperature + o.dynatempRange;
    const t = low + (high - low) * (h / Math.log(n)) ** o.dynatempExp;
    heat(c, t, norm);
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
 * p_max first keeps a small t from underflowing every token to 0. With softmax, p′ = softmax(z/t)
 * over the tokens still in the chain, as llama.cpp divides the logits: computing it from the
 * logits rather than from p keeps the tokens whose e^z had rounded to 0 at t = 1.
 */
export function heat(c: Candidates, t: number, norm: 'sum' | 'softmax'): void {
  const { probs, logits } = c;
  if (t === 1) return;
  // A temperature so small that 1/t overflows is greedy, its limit (1^Infinity would be NaN).
  if (!Number.isFinite(1 / t)) {
    const best = argmax(probs);
    removeUnless(c, (i) => i === best);
    return;
  }
  if (norm === 'sum') {
    const max = probs[argmax(probs)];
    for (let i = 0; i < probs.length; i++) probs[i] = (probs[i] / max) ** (1 / t);
  } else {
    const max = logits[argmax(logits)];
    for (let i = 0; i < probs.length; i++) probs[i] = Math.exp((logits[i] - max) / t);
  }
  renormalise(probs);
}
