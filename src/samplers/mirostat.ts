import { keepAtLeast, keeping } from './filter.js';
import { numberSetting } from './setting.js';
import { type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly mirostat: number;
    readonly mirostatEnt: number;
    readonly mirostatLr: number;
  }
}

/**
 * llama.cpp's mirostat v2: keep the tokens whose surprise −log₂ p is at most μ; once the token is
 * drawn (with the token's one u), μ moves towards the target surprise τ: μ ← μ − η·(−log₂ p − τ),
 * p being the chosen token's final probability. μ starts at 2τ for each continuation.
 */
export const mirostat: Stage<undefined, number> = {
  name: 'mirostat',
  acts: 'probs',
  keepsTop: true,
  depends: 'state',
  settings: [
    {
      key: 'mirostat',
      default: 0,
      flag: 'mirostat',
      argument: '<version>',
      description: {
        en: 'mirostat: 2 for llama.cpp’s mirostat v2, 0 off',
        es: 'mirostat: 2 para el mirostat v2 de llama.cpp, 0 apagado',
      },
      expects: { en: '0 (off) or 2 (mirostat v2)', es: '0 (apagado) o 2 (mirostat v2)' },
      parse: (text) => (/^[02]$/.test(text) ? Number(text) : undefined),
      check: (value) => value === 0 || value === 2,
    },
    numberSetting({
      key: 'mirostatEnt',
      default: 5,
      flag: 'mirostat-ent',
      argument: '<tau>',
      description: { en: 'mirostat: the target surprise τ, in bits', es: 'mirostat: la sorpresa objetivo τ, en bits' },
      min: 0,
    }),
    numberSetting({
      key: 'mirostatLr',
      default: 0.1,
      flag: 'mirostat-lr',
      argument: '<eta>',
      description: { en: 'mirostat: the learning rate η', es: 'mirostat: la tasa de aprendizaje η' },
      min: 0,
    }),
  ],
  active: (o) => o.mirostat === 2,
  label: (o) => same(`mirostat τ ${o.mirostatEnt}`),
  title: (o) => ({
    en: `mirostat v2 (τ ${o.mirostatEnt}, η ${o.mirostatLr}): keep the tokens with surprise −log₂ p ≤ μ`,
    es: `mirostat v2 (τ ${o.mirostatEnt}, η ${o.mirostatLr}): conserva los tokens con sorpresa −log₂ p ≤ μ`,
  }),
  init: (o) => 2 * o.mirostatEnt,
  accept: (mu, _token, probability, o) => mu - o.mirostatLr * (-Math.log2(probability) - o.mirostatEnt),
  apply(c, { options: o, state: mu }) {
    const probs = c.probabilities();
    keepAtLeast(c, (s) => -Math.log2(probs[s]) <= mu, keeping(o.minKeep));
    return { quantities: [[same('μ'), mu]] };
  },
};
