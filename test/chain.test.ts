import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argmax, descending, greedy, minP, ranked, temperature, topK, topP } from '../src/chain.js';

const post = new Float64Array([4500, 1260, 3600, 360, 900].map((l) => l / 10620));
const positive = (p: Float64Array): number[] => Array.from(p.keys()).filter((i) => p[i] > 0);
const sum = (p: Float64Array): number => p.reduce((a, b) => a + b, 0);

describe('ranking', () => {
  it('orders by descending probability, ties in canonical order, and skips zeros', () => {
    expect(ranked(new Float64Array([0.2, 0, 0.4, 0.2, 0.2]))).toEqual([2, 0, 3, 4]);
    expect(descending(new Float64Array([-1, 3, 3]))).toEqual([1, 2, 0]);
  });

  it('argmax takes the first of equal maxima', () => {
    expect(argmax(new Float64Array([0.1, 0.45, 0.45]))).toBe(1);
    expect([...greedy(new Float64Array([0.1, 0.45, 0.45]))]).toEqual([0, 1, 0]);
  });
});

describe('temperature', () => {
  it('T = 1 returns the distribution itself; T = 0 is greedy', () => {
    expect(temperature(post, 1)).toBe(post);
    expect([...temperature(post, 0)]).toEqual([1, 0, 0, 0, 0]);
  });

  it('p′ ∝ p^(1/T): T = 0.5 squares the probabilities', () => {
    const squared = [...post].map((p) => p * p);
    const total = squared.reduce((a, b) => a + b);
    [...temperature(post, 0.5)].forEach((p, i) => {
      expect(p).toBeCloseTo(squared[i] / total, 14);
    });
  });

  it('a large T flattens towards uniform, a tiny T sharpens without underflowing to nothing', () => {
    for (const p of temperature(post, 1e6)) expect(p).toBeCloseTo(0.2, 4);
    expect([...temperature(post, 1e-4)]).toEqual([1, 0, 0, 0, 0]);
  });
});

describe('top-k', () => {
  it('keeps the k most probable and renormalises them', () => {
    const kept = topK(post, 2);
    expect(positive(kept)).toEqual([0, 2]);
    expect(kept[0]).toBeCloseTo(4500 / 8100, 15);
    expect(sum(kept)).toBeCloseTo(1, 15);
  });

  it('breaks ties in canonical order', () => {
    expect(positive(topK(new Float64Array([0.25, 0.25, 0.25, 0.25]), 2))).toEqual([0, 1]);
  });

  it('0 and k ≥ the vocabulary are off', () => {
    expect(topK(post, 0)).toBe(post);
    expect(topK(post, 5)).toBe(post);
  });

  it('k = 1 leaves only the most probable', () => {
    expect([...topK(post, 1)]).toEqual([1, 0, 0, 0, 0]);
  });
});

describe('top-p', () => {
  it('keeps the token that crosses p: azul (0.42) alone does not reach 0.5, so frío stays', () => {
    expect(positive(topP(post, 0.5))).toEqual([0, 2]);
  });

  it('stops at the token whose cumulative probability reaches p exactly', () => {
    const p = new Float64Array([0.5, 0.25, 0.25]);
    expect(positive(topP(p, 0.5))).toEqual([0]);
    expect(positive(topP(p, 0.75))).toEqual([0, 1]);
  });

  it('keeps at least one token, however small p is', () => {
    expect(positive(topP(post, 1e-9))).toEqual([0]);
  });

  it('breaks ties in canonical order', () => {
    expect(positive(topP(new Float64Array([0.2, 0.4, 0.2, 0.2]), 0.5))).toEqual([0, 1]);
  });

  it('1 is off', () => {
    expect(topP(post, 1)).toBe(post);
  });
});

describe('min-p', () => {
  it('keeps p ≥ m·p_max: 0.25 × 0.4237 = 0.106 keeps azul, cielo and frío', () => {
    expect(positive(minP(post, 0.25))).toEqual([0, 1, 2]);
  });

  it('keeps a token exactly at the threshold, and m = 1 keeps only the maxima', () => {
    expect(positive(minP(new Float64Array([0.5, 0.25, 0.25]), 0.5))).toEqual([0, 1, 2]);
    expect(positive(minP(new Float64Array([0.4, 0.4, 0.2]), 1))).toEqual([0, 1]);
  });

  it('0 is off', () => {
    expect(minP(post, 0)).toBe(post);
  });
});

describe('top-k and top-p narrow their candidates, and agree with sorting every token', () => {
  /** The definitions, done the slow way: sort all tokens, sum in that order, renormalise. */
  function reference(probs: Float64Array, stop: (kept: number, mass: number) => boolean): Float64Array {
    const order = ranked(probs);
    let kept = 0;
    let mass = 0;
    while (kept < order.length && !stop(kept, mass)) mass += probs[order[kept++]];
    if (kept === order.length) return probs;
    const out = new Float64Array(probs.length);
    for (const i of order.slice(0, kept)) out[i] = probs[i];
    const total = out.reduce((a, b) => a + b, 0);
    return out.map((p) => p / total);
  }

  // Distributions with ties, zeros and tiny values, over vocabularies small and large.
  const distribution = fc
    .array(fc.oneof(fc.constantFrom(0, 1, 2, 1e-300), fc.double({ min: 0, max: 100, noNaN: true })), {
      minLength: 1,
      maxLength: 3000,
    })
    .filter((xs) => xs.some((x) => x > 0))
    .map((xs) => {
      const total = xs.reduce((a, b) => a + b, 0);
      return Float64Array.from(xs, (x) => x / total);
    });

  it('top-k', () => {
    fc.assert(
      fc.property(distribution, fc.integer({ min: 1, max: 3500 }), (probs, k) => {
        expect(topK(probs, k)).toEqual(reference(probs, (kept) => kept >= k));
      }),
    );
  });

  it('top-p', () => {
    fc.assert(
      fc.property(distribution, fc.double({ min: 1e-9, max: 1, maxExcluded: true, noNaN: true }), (probs, p) => {
        expect(topP(probs, p)).toEqual(reference(probs, (_, mass) => mass >= p));
      }),
    );
  });
});
