import { describe, expect, it } from 'vitest';
import { modelFromJson } from '../src/model.js';
import { Sampler } from '../src/sampler.js';
import { lines, sample } from './helpers/cli.js';
import { modelFiles, sources } from './helpers/models.js';

/**
 * llama.cpp's test_sampler_queue (tests/test-sampling.cpp): 10,000 tokens whose logits are ln(id),
 * so that p ∝ id, and top-k, top-p and min-p applied in every order. Token 0, whose logit is
 * ln 0 = -Infinity, is banned here: llama.cpp keeps it in its array with p = 0, this chain removes a
 * ban at norm, so the sizes below count it nowhere.
 */
const N = 10_000;
const names = Array.from({ length: N }, (_, i) => `t${i}`);
const vocab = Object.fromEntries(names.map((name, i) => [name, i + 1]));
// f1 = [1] and the phrase t0 (id 1): the score is 1, and the logits are f2's weights.
const weights = { f1: [1], f2: Object.fromEntries(names.map((name, i) => [name, i === 0 ? 0 : Math.log(i)])) };
const model = modelFromJson(vocab, weights, sources);
const flags = { k: 'top_k', p: 'top_p', m: 'min_p' } as const;

interface Expected {
  readonly size: number;
  readonly min: number;
}

/**
 * What each stage leaves, worked from p ∝ id over the ids [min, N): top-k keeps the k largest;
 * top-p the largest down to the first whose running sum of ids reaches ⌈p·Σ⌉ (llama.cpp's own
 * integer check); min-p the ids ≥ m·(N − 1), p_max being (N − 1)/Σ.
 */
function expected(sequence: string, topK: number, topP: number, minP: number): Expected[] {
  let min = 1;
  return [...sequence].map((s) => {
    if (s === 'k') min = Math.max(min, N - topK);
    if (s === 'p') {
      const divisor = (N * (N - 1)) / 2 - (min * (min - 1)) / 2;
      const target = Math.ceil(topP * divisor);
      let sum = 0;
      let id = N;
      do sum += --id;
      while (sum < target && id > min);
      min = id;
    }
    if (s === 'm') min = Math.max(min, Math.ceil(minP * (N - 1)));
    return { size: N - min, min };
  });
}

const cases: [string, number, number, number][] = [
  ['k', 10000, 1, 1],
  ['k', 1, 1, 1],
  ['p', 10000, 1, 1],
  ['p', 10000, 0.0002, 1],
  ['m', 10000, 1, 1e-12],
  ['k', 100, 1, 1],
  ['p', 10000, 0.0002, 1],
  ['p', 10000, 0.8, 1],
  ['m', 10000, 1, 9997.9 / 9999],
  ['m', 10000, 1, 0.1],
  ...['kp', 'km', 'pk', 'pm', 'mk', 'mp', 'kpm', 'kmp', 'pkm', 'pmk', 'mkp', 'mpk'].map(
    (sequence): [string, number, number, number] => [sequence, 100, 0.8, 0.1],
  ),
  ['mp', 100, 0.8, 9997.9 / 9999],
];

/** The options of a case: the chain in its order, softmax, token 0 banned. */
const optionsOf = (sequence: string, topK: number, topP: number, minP: number) => ({
  norm: 'softmax' as const,
  samplers: ['logit_bias', ...[...sequence].map((s) => flags[s as keyof typeof flags])],
  logitBias: [{ token: 't0', bias: Number.NEGATIVE_INFINITY }],
  topK,
  topP,
  minP,
});

describe("llama.cpp's test_sampler_queue: top-k, top-p and min-p in every order on 10,000 tokens", () => {
  it.each(cases)('%s with k %d, p %d, m %d, in the library: every step', (sequence, topK, topP, minP) => {
    const d = new Sampler(model, optionsOf(sequence, topK, topP, minP)).distribution([0], { history: [0] });
    const steps = d.steps.filter((step) => step.probs !== undefined);
    const seen = steps.map(({ logits }) => {
      const kept = [...logits.keys()].filter((i) => logits[i] !== Number.NEGATIVE_INFINITY);
      expect(kept.at(-1)).toBe(N - 1);
      return { size: kept.length, min: kept[0] };
    });
    // top-p 1 is off, as llama.cpp's returns at once: it takes no step.
    const active = (s: string): boolean => s !== 'p' || topP < 1;
    expect(seen).toEqual(expected(sequence, topK, topP, minP).filter((_, k) => active(sequence[k])));
  });

  it.each(cases)('%s with k %d, p %d, m %d, through the CLI', async (sequence, topK, topP, minP) => {
    const files = modelFiles(vocab, weights);
    const o = optionsOf(sequence, topK, topP, minP);
    const run = await sample([
      't0',
      ...['--vocab', files.vocab, '--weights', files.weights, '--norm', 'softmax', '--logit-bias', 't0=-inf'],
      ...['--samplers', o.samplers.join(';'), '-k', String(topK), '-p', String(topP), '--min-p', String(minP)],
      ...['--probs', '-f', 'tsv'],
    ]);
    expect(run.code).toBe(0);
    const kept = lines(run.stdout)
      .slice(1)
      .map((line) => line.split('\t'))
      .filter((row) => Number(row[3]) > 0)
      .map((row) => Number(row[0].slice(1)));
    const last = expected(sequence, topK, topP, minP).at(-1);
    expect({ size: kept.length, min: kept[0] }).toEqual(last);
  });
});
