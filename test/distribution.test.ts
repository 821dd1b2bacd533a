import { describe, expect, it } from 'vitest';
import { nextDistribution } from '../src/distribution.js';
import { failure } from './helpers/errors.js';
import { model } from './helpers/models.js';

describe('nextDistribution', () => {
  it("computes the post's numbers for 'el cielo es'", () => {
    const d = nextDistribution(model(), [3, 1, 4]);
    expect(d.windowIds).toEqual([578, 350, 698]);
    expect(d.score).toBe(1800);
    expect([...d.logits]).toEqual([4500, 1260, 3600, 360, 900]);
    expect(d.total).toBe(10620);
    expect([...d.probs].map((p) => p.toFixed(4))).toEqual(['0.4237', '0.1186', '0.3390', '0.0339', '0.0847']);
  });

  it('names the token whose negative logit norm cannot use', () => {
    const m = model({ a: 1, b: 2 }, { f1: [1], f2: { a: 1, b: -1 } });
    const error = failure(() => nextDistribution(m, [1]));
    expect(error.kind).toBe('data');
    expect(error.message).toMatch(/^the logit of "b" is -2, and norm cannot make a probability of a negative logit/);
  });

  it('refuses logits that sum to zero', () => {
    const m = model({ a: 0, b: 2 }, { f1: [1], f2: { a: 1, b: 1 } });
    expect(failure(() => nextDistribution(m, [0])).message).toMatch(/^the logits sum to 0, so norm cannot divide/);
  });

  it('refuses logits that overflow', () => {
    const m = model({ a: 1, b: 2 }, { f1: [1e308], f2: { a: 1, b: 10 } });
    expect(failure(() => nextDistribution(m, [0])).message).toBe(
      'the logit of "b" overflows to Infinity; use smaller ids or weights',
    );
    const n = model({ a: 1, b: 2 }, { f1: [1e308], f2: { a: 1, b: 1 } });
    expect(failure(() => nextDistribution(n, [0])).message).toMatch(/^the logits sum overflows/);
  });
});
