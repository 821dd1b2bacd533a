import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { chiSquare, chiSquareSurvival, pooled } from '../src/stats.js';
import { memoryIo } from './helpers/memory-io.js';

describe('chiSquareSurvival', () => {
  it.each([
    // Critical values from standard chi-square tables.
    [3.841459, 1, 0.05],
    [9.487729, 4, 0.05],
    [18.46683, 4, 0.001],
    [13.2767, 4, 0.01],
    [1.063623, 4, 0.9],
    [124.3421, 100, 0.05],
  ])('P(χ² ≥ %f | k = %i) = %f', (x, k, p) => {
    expect(chiSquareSurvival(x, k)).toBeCloseTo(p, 6);
  });

  it('is 1 at 0 and 0 at infinity', () => {
    expect(chiSquareSurvival(0, 4)).toBe(1);
    expect(chiSquareSurvival(Infinity, 4)).toBe(0);
  });
});

describe('chiSquare', () => {
  it('is 0 with p = 1 for counts that match exactly', () => {
    expect(chiSquare([50, 30, 20], [0.5, 0.3, 0.2])).toEqual({ statistic: 0, degreesOfFreedom: 2, pValue: 1 });
  });

  it('adds (O − E)²/E over the tokens with a chance', () => {
    const result = chiSquare([60, 40, 0], [0.5, 0.5, 0]);
    expect(result.statistic).toBeCloseTo(4, 12);
    expect(result.degreesOfFreedom).toBe(1);
    expect(result.pValue).toBeCloseTo(0.0455, 4);
  });

  it('calls an observed impossible token a misfit', () => {
    expect(chiSquare([5, 1], [1, 0]).pValue).toBe(0);
  });
});

describe('the cells of the test: none expected fewer than 5 times', () => {
  it('pools the rare cells into one, which joins the smallest other if still rare', () => {
    // 100 draws of the post: el is expected 3.39 times, es 8.47; el alone is rare.
    const post = [4500, 1260, 3600, 360, 900].map((z) => z / 10620);
    expect(pooled([40, 12, 35, 4, 9], post)).toEqual({
      observed: [40, 12, 35, 13],
      probs: [post[0], post[1], post[2], post[3] + post[4]],
      pooled: 1,
    });
    // 20 draws: cielo (2.4), el (0.7) and es (1.7) pooled make 4.7, still rare: they join frío.
    expect(pooled([9, 3, 6, 0, 2], post).observed).toEqual([9, 11]);
  });

  it('keeps a cell expected never but observed, so that the test fails on it', () => {
    expect(pooled([10, 0, 3], [1, 0, 0])).toEqual({ observed: [10, 3], probs: [1, 0], pooled: 0 });
  });
});

describe('--stats tells the truth', () => {
  const stats = async (count: string) => {
    const io = memoryIo('');
    await main(['el cielo es', '-n', count, '--stats', '--seed', '1'], io);
    return io.err();
  };
  it.each([
    ['5', /no chi-square test: too few continuations/],
    ['1', /the first new token of 1 continuation of/],
    ['0', /no continuation drawn: nothing to test/],
    ['100', /the counts fit \(1 token expected fewer than 5 times pooled into one cell\)/],
  ])('-n %s', async (count, said) => {
    expect(await stats(count)).toMatch(said);
  });
});
