import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextDistribution } from '../src/sampler.js';
import { contextWindow, tokenize } from '../src/tokenize.js';
import { arbitraryModelAndPhrase } from './helpers/arbitraries.js';
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
