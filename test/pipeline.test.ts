import { describe, expect, it } from 'vitest';
import { f1, f2, norm, softmax, sum } from '../src/pipeline.js';

const postF2 = new Float64Array([2.5, 0.7, 2.0, 0.2, 0.5]);

describe("the post's pipeline on 'el cielo es'", () => {
  it('f1 weighs the context ids: 578·1.0 + 350·0.5 + 698·1.5 = 1800', () => {
    expect(f1([578, 350, 698], [1.0, 0.5, 1.5])).toBe(1800);
  });

  it('f2 gives one logit per token: (4500, 1260, 3600, 360, 900)', () => {
    expect([...f2(1800, postF2)]).toEqual([4500, 1260, 3600, 360, 900]);
  });

  it('the logits sum to 10620', () => {
    expect(sum(f2(1800, postF2))).toBe(10620);
  });

  it('norm divides each logit by the sum: (0.4237, 0.1186, 0.3390, 0.0339, 0.0847)', () => {
    const probs = norm(f2(1800, postF2));
    expect([...probs].map((p) => p.toFixed(4))).toEqual(['0.4237', '0.1186', '0.3390', '0.0339', '0.0847']);
    expect([...probs]).toEqual([4500 / 10620, 1260 / 10620, 3600 / 10620, 360 / 10620, 900 / 10620]);
  });

  it('f2 and norm write into a given buffer', () => {
    const out = new Float64Array(5);
    expect(f2(1800, postF2, out)).toBe(out);
    expect(norm(new Float64Array([1, 3]), new Float64Array(2))).toEqual(new Float64Array([0.25, 0.75]));
  });
});

describe('softmax', () => {
  it('is stable on large logits: on the post logits azul takes everything (4500 − 3600 = 900)', () => {
    const probs = softmax(new Float64Array([4500, 1260, 3600, 360, 900]));
    expect(probs[0]).toBe(1);
    expect(probs[2]).toBe(Math.exp(-900)); // 0: e^-900 underflows
  });

  it('accepts negative logits and matches the textbook formula', () => {
    const probs = softmax(new Float64Array([-1, 0, 2]));
    const e = [Math.exp(-1), 1, Math.exp(2)];
    const total = e[0] + e[1] + e[2];
    e.forEach((x, i) => {
      expect(probs[i]).toBeCloseTo(x / total, 15);
    });
  });

  it('divides the logits by the temperature', () => {
    const hot = softmax(new Float64Array([4500, 3600]), 300);
    expect(hot[1] / hot[0]).toBeCloseTo(Math.exp(-3), 12);
  });
});
