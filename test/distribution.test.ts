import { describe, expect, it } from 'vitest';
import { removedBy } from '../src/chain.js';
import { defaultSampling, nextDistribution } from '../src/distribution.js';
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

describe('the chain: norm → temperature → top-k → top-p → min-p', () => {
  const post = model();
  const window = [3, 1, 4];
  const options = { ...defaultSampling };
  const support = (probs: Float64Array): string[] => post.tokens.filter((_, i) => probs[i] > 0);

  it('leaves the distribution alone by default: no stages', () => {
    const d = nextDistribution(post, window, options);
    expect(d.stages).toEqual([]);
    expect(d.probs).toBe(d.normalized);
    expect(d.greedy).toBe(false);
  });

  it('softmax on the post logits puts everything on azul, and divides by Σ exp((z − 4500)/T)', () => {
    const d = nextDistribution(post, window, { ...options, norm: 'softmax' });
    expect([...d.probs]).toEqual([1, 0, 0, 0, 0]);
    expect(d.total).toBe(1);
    const hot = nextDistribution(post, window, { ...options, norm: 'softmax', temperature: 300 });
    expect(hot.probs[2] / hot.probs[0]).toBeCloseTo(Math.exp(-3), 12);
    expect(hot.stages).toEqual([]); // softmax applies T itself
  });

  it('runs the filters in order, each on the survivors of the one before', () => {
    const d = nextDistribution(post, window, { ...options, topK: 3, topP: 0.6, minP: 0.5 });
    expect(d.stages.map((s) => s.name)).toEqual(['top-k', 'top-p', 'min-p']);
    const before = [d.normalized, ...d.stages.map((s) => s.probs)];
    const removed = d.stages.map((s, k) => removedBy(before[k], s.probs).map((i) => post.tokens[i]));
    expect(removed).toEqual([['el', 'es'], ['cielo'], []]);
    // top-p sees azul at 4500/9360 = 0.48 after top-k, so 0.6 needs frío too.
    expect(support(d.probs)).toEqual(['azul', 'frío']);
  });

  it('greedy and T = 0 put everything on the most probable token and skip the filters', () => {
    for (const d of [
      nextDistribution(post, window, { ...options, greedy: true, topK: 3 }),
      nextDistribution(post, window, { ...options, temperature: 0 }),
    ]) {
      expect(d.greedy).toBe(true);
      expect(d.stages.map((s) => s.name)).toEqual(['greedy']);
      expect([...d.probs]).toEqual([1, 0, 0, 0, 0]);
    }
  });

  it('applies temperature to the post norm as p^(1/T)', () => {
    const d = nextDistribution(post, window, { ...options, temperature: 2 });
    expect(d.stages.map((s) => s.name)).toEqual(['temperature']);
    expect(d.probs[0] / d.probs[2]).toBeCloseTo(Math.sqrt(4500 / 3600), 14);
  });

  it('--norm softmax accepts negative logits that norm refuses', () => {
    const m = model({ a: 1, b: 2 }, { f1: [1], f2: { a: 1, b: -1 } });
    const d = nextDistribution(m, [1], { ...options, norm: 'softmax' });
    expect(d.probs[0]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + Math.exp(-2)), 15);
  });
});
