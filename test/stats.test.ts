import { describe, expect, it } from 'vitest';
import { chiSquare, chiSquareSurvival } from '../src/stats.js';

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
