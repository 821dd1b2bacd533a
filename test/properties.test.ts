import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SampleError } from '../src/errors.js';
import { survivors } from '../src/ranking.js';
import { type Distribution, nextDistribution } from '../src/sampler.js';
import { PRESETS } from '../src/samplers/index.js';
import { contextWindow, tokenize } from '../src/tokenize.js';
import { collapses } from '../src/views/warnings.js';
import { arbitraryModelAndPhrase } from './helpers/arbitraries.js';
import { model } from './helpers/models.js';
import { sampledPositions } from './helpers/sampling.js';

describe('for random valid models and phrases', () => {
  it('probabilities are ≥ 0 and sum to 1 within 1e-12', () => {
    fc.assert(
      fc.property(arbitraryModelAndPhrase, ([model, phrase]) => {
        const { probs } = nextDistribution(model, contextWindow(phrase, model));
        let total = 0;
        for (const p of probs) {
          expect(p).toBeGreaterThanOrEqual(0);
          total += p;
        }
        expect(Math.abs(total - 1)).toBeLessThanOrEqual(1e-12);
      }),
    );
  });

  it('a distribution collapses where at most one token has a chance, and never under greedy decoding', () => {
    const probs = fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 12 });
    fc.assert(
      fc.property(probs, fc.boolean(), (p, greedy) => {
        expect(collapses(p, greedy)).toBe(!greedy && survivors(p) <= 1);
      }),
    );
  });

  it('every sample lies in the support, and the same seed gives the same samples', () => {
    fc.assert(
      fc.property(arbitraryModelAndPhrase, fc.string(), ([model, phrase], seed) => {
        const text = phrase.map((p) => model.tokens[p]).join(' ');
        expect(tokenize(text, model)).toEqual(phrase);
        const { probs } = nextDistribution(model, contextWindow(phrase, model));
        const samples = sampledPositions(model, text, seed, 50);
        for (const position of samples) expect(probs[position]).toBeGreaterThan(0);
        expect(sampledPositions(model, text, seed, 50)).toEqual(samples);
      }),
    );
  });
});

/** Numbers at the edges of the doubles, where a temperature's or a penalty's arithmetic overflows. */
const edge = fc.constantFrom(0, 5e-324, 1e-320, 1e-300, 1e-10, 0.5, 1, 2, 1e10, 1e300, 1e308);

describe('for random models, orders and options at the edges of the doubles', () => {
  const settings = fc.record({
    norm: fc.constantFrom('sum' as const, 'softmax' as const),
    samplers: fc.constantFrom(PRESETS.hf, PRESETS['llama.cpp']),
    temperature: edge,
    dynatempRange: fc.constantFrom(0, 0, 0.5, 1e308),
    topK: fc.nat(4),
    topP: fc.constantFrom(1, 0.5, 0.9),
    minP: fc.constantFrom(0, 0.1, 0.9),
    repeatPenalty: fc.constantFrom(1, 1.5, 1e-10, 1e300),
    frequencyPenalty: fc.constantFrom(0, 1, -1e300),
  });

  it('a removed or banned token never comes back, nothing is NaN, and a failure is a one-line data error', () => {
    fc.assert(
      fc.property(arbitraryModelAndPhrase, settings, fc.boolean(), ([model, phrase], o, ban) => {
        const logitBias = ban ? [{ token: model.tokens[0], bias: Number.NEGATIVE_INFINITY }] : [];
        let d: Distribution;
        try {
          d = nextDistribution(model, contextWindow(phrase, model), { ...o, logitBias }, { history: phrase });
        } catch (error) {
          expect(error).toBeInstanceOf(SampleError);
          expect((error as SampleError).kind).toBe('data');
          expect((error as SampleError).message).not.toMatch(/\n/);
          return;
        }
        let candidates = [...d.processed.keys()].filter((i) => d.processed[i] !== Number.NEGATIVE_INFINITY);
        for (const step of d.steps.filter((s) => s.probs !== undefined)) {
          const left = candidates.filter((i) => step.logits[i] !== Number.NEGATIVE_INFINITY);
          // Nothing outside the candidates before a stage is a candidate after it.
          for (let i = 0; i < model.tokens.length; i++) {
            if (!candidates.includes(i)) expect(step.logits[i]).toBe(Number.NEGATIVE_INFINITY);
          }
          candidates = left;
        }
        let total = 0;
        for (let i = 0; i < d.probs.length; i++) {
          expect(Number.isNaN(d.probs[i])).toBe(false);
          if (!candidates.includes(i)) expect(d.probs[i]).toBe(0);
          total += d.probs[i];
        }
        expect(total).toBeCloseTo(1, 9);
        if (ban) expect(d.probs[0]).toBe(0);
      }),
      { numRuns: 400 },
    );
  });

  it('T past 1/T overflowing is greedy; T = Infinity (dynatemp past the doubles) is uniform over the candidates', () => {
    const post = model();
    const banned = { logitBias: [{ token: 'azul', bias: Number.NEGATIVE_INFINITY }] };
    for (const norm of ['sum', 'softmax'] as const) {
      expect([...nextDistribution(post, [3, 1, 4], { norm, temperature: 1e-320 }).probs]).toEqual([1, 0, 0, 0, 0]);
      const spread = nextDistribution(post, [3, 1, 4], { ...banned, norm, temperature: 1e308, dynatempRange: 1e308 });
      if (norm === 'sum') expect([...spread.probs]).toEqual([0, 0.25, 0.25, 0.25, 0.25]);
      else expect([...spread.probs]).toEqual([0, 0, 1, 0, 0]); // softmax's entropy is 0: T_min = 0, greedy
      const llama = nextDistribution(post, [3, 1, 4], {
        norm,
        topK: 2,
        samplers: PRESETS['llama.cpp'],
        temperature: 1e308,
        dynatempRange: 1e308,
      });
      // Top-k 2 leaves azul and frío; under softmax frío's e^-900 is 0, the entropy 0, so T = 0.
      expect(llama.probs[1] + llama.probs[3] + llama.probs[4]).toBe(0);
    }
    // z / T past the doubles: the same distribution from (z − max) / T, all on azul.
    expect([...nextDistribution(post, [3, 1, 4], { norm: 'softmax', temperature: 1e-306 }).probs]).toEqual([
      1, 0, 0, 0, 0,
    ]);
  });
});
