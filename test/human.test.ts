import { describe, expect, it } from 'vitest';
import { human } from '../src/views/table.js';

describe('numbers as the views show them', () => {
  it.each([
    [1800, '1800'],
    [10620, '10620'],
    [100654.41103999999, '100654'],
    [9761.538461538461, '9761.54'],
    [0.22360897908588329, '0.223609'],
    [-1.4216212406844857, '-1.42162'],
    [Number.NEGATIVE_INFINITY, '−∞'],
    [Number.POSITIVE_INFINITY, '∞'],
    [1e-320, '1e-320'],
    [1.23456789e-9, '1.23457e-9'],
    [5e-324, '5e-324'],
    [1e308, '1e+308'],
    [2 ** 60, '1.15292e+18'],
    [0, '0'],
  ])('%d as %s', (x, shown) => {
    expect(human(x)).toBe(shown);
  });
});
