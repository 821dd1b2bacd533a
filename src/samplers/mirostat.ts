import { keepAtLeast, keeping, keepTop, rankedProbabilities } from './filter.js';
import { numberSetting } from './setting.js';
import { type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly mirostat: number;
    readonly mirostatEnt: number;
    readonly mirostatLr: number;
  }
}

/** How many of the most probable tokens mirostat v1 estimates Zipf's exponent from: llama.cpp's m. */
const M = 100;

/**
 * How many tokens mirostat v1 (Basu et al., as llama.cpp computes it) keeps at μ: from the m most
 * probable, the Zipf exponent ŝ = Σ tᵢbᵢ / Σ tᵢ², with tᵢ = ln((i+2)/(i+1)) and bᵢ = ln(pᵢ/pᵢ₊₁);
 * then k = (ε̂·2^μ / (1 − n^−ε̂))^(1/ŝ), ε̂ = ŝ − 1, n the vocabulary's size. A k that is not a
 * finite number below 2³¹ (one token's exponent, or a probability that underflowed) keeps one
 * token: what llama.cpp's int(k) gives there on x86.
 */
export function mirostatK(sorted: ArrayLike<number>, n: number, mu: number): number {
  let products = 0;
  let squares = 0;
  for (let i = 0; i < Math.min(M - 1, sorted.length - 1); i++) {
    const t = Math.log((i + 2) / (i + 1));
    products += t * Math.log(sorted[i] / sorted[i + 1]);
    squares += t * t;
  }
  const s = products / squares;
  const epsilon = s - 1;
  const k = ((epsilon * 2 ** mu) / (1 - n ** -epsilon)) ** (1 / s);
  return Number.isFinite(k) && k < 2 ** 31 ? Math.max(Math.trunc(k), 1) : 1;
}

/**
 * llama.cpp's mirostat. v2 keeps the tokens whose surprise −log₂ p is at most μ; v1 keeps the k
 * most probable, k from μ and the distribution's Zipf exponent (mirostatK). Once the token is
 * drawn (with the token's one u), μ moves towards the target surprise τ: μ ← μ − η·(−log₂ p − τ),
 * p being the chosen token's final probability. μ starts at 2τ for each continuation.
 */
export const mirostat: Stage<undefined, number> = {
  name: 'mirostat',
  group: 'extras',
  acts: 'probs',
  keepsTop: true,
  depends: 'state',
  settings: [
    {
      key: 'mirostat',
      default: 0,
      flag: 'mirostat',
      label: { en: 'mirostat version', es: 'versión de mirostat' },
      argument: '<version>',
      description: {
        en: 'mirostat: 1 or 2 for llama.cpp’s mirostat v1 or v2, 0 off',
        es: 'mirostat: 1 o 2 para el mirostat v1 o v2 de llama.cpp, 0 apagado',
      },
      expects: {
        en: '0 (off), 1 (mirostat) or 2 (mirostat v2)',
        es: '0 (apagado), 1 (mirostat) o 2 (mirostat v2)',
      },
      parse: (text) => (/^[012]$/.test(text) ? Number(text) : undefined),
      check: (value) => value === 0 || value === 1 || value === 2,
    },
    numberSetting({
      key: 'mirostatEnt',
      default: 5,
      flag: 'mirostat-ent',
      label: { en: 'target surprise τ', es: 'sorpresa objetivo τ' },
      slider: [0, 10],
      argument: '<tau>',
      description: { en: 'mirostat: the target surprise τ, in bits', es: 'mirostat: la sorpresa objetivo τ, en bits' },
      min: 0,
    }),
    numberSetting({
      key: 'mirostatLr',
      default: 0.1,
      flag: 'mirostat-lr',
      label: { en: 'learning rate η', es: 'tasa de aprendizaje η' },
      slider: [0, 1],
      argument: '<eta>',
      description: { en: 'mirostat: the learning rate η', es: 'mirostat: la tasa de aprendizaje η' },
      min: 0,
    }),
  ],
  active: (o) => o.mirostat !== 0,
  label: (o) => same(`mirostat${o.mirostat === 1 ? '' : ' v2'} τ ${o.mirostatEnt}`),
  title: (o) =>
    o.mirostat === 1
      ? {
          en: `mirostat (τ ${o.mirostatEnt}, η ${o.mirostatLr}): keep the k most probable, k from μ and the Zipf exponent`,
          es: `mirostat (τ ${o.mirostatEnt}, η ${o.mirostatLr}): conserva los k más probables, k según μ y el exponente de Zipf`,
        }
      : {
          en: `mirostat v2 (τ ${o.mirostatEnt}, η ${o.mirostatLr}): keep the tokens with surprise −log₂ p ≤ μ`,
          es: `mirostat v2 (τ ${o.mirostatEnt}, η ${o.mirostatLr}): conserva los tokens con sorpresa −log₂ p ≤ μ`,
        },
  init: (o) => 2 * o.mirostatEnt,
  accept: (mu, _token, probability, o) => mu - o.mirostatLr * (-Math.log2(probability) - o.mirostatEnt),
  apply(c, { options: o, state: mu }) {
    if (o.mirostat === 1) {
      // The m most probable, sorted: the exponent reads only them.
      const sorted = rankedProbabilities(c);
      // The candidates' arrays hold a slot for every token of the vocabulary: n is their length.
      const k = mirostatK(sorted.subarray(0, Math.min(M, c.size)), c.logits.length, mu);
      keepTop(c, Math.max(k, keeping(o.minKeep)));
      return {
        quantities: [
          [same('μ'), mu],
          [same('k'), k],
        ],
      };
    }
    const probs = c.probabilities();
    keepAtLeast(c, (s) => -Math.log2(probs[s]) <= mu, keeping(o.minKeep));
    return { quantities: [[same('μ'), mu]] };
  },
};
