import { describe, expect, it } from 'vitest';
import { defaultSampling } from '../src/options.js';
import { removedBy } from '../src/ranking.js';
import { nextDistribution, Sampler } from '../src/sampler.js';
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

  it('writes the negative logit to six significant digits, as every human view does', () => {
    const m = model({ a: 1, b: 2 }, { f1: [1], f2: { a: 1, b: -1 / 3 } });
    expect(failure(() => nextDistribution(m, [1])).message).toMatch(/^the logit of "b" is -0\.666667, and norm/);
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

  it('refuses an overflow at any token of a run: the first token’s logits are scanned, the later ones bounded', () => {
    // Window [a] scores 1e300 (b's logit 1e306); window [b] scores 1e303, and b's logit overflows.
    const m = model({ a: 1, b: 1000 }, { f1: [1e300], f2: { a: 1, b: 1e6 } });
    const overflow = 'the logit of "b" overflows to Infinity; use smaller ids or weights';
    const late = new Sampler(m);
    for (let k = 0; k < 3; k++) expect(late.distribution([0]).logits[1]).toBe(1e306);
    expect(failure(() => late.distribution([1])).message).toBe(overflow);
    expect(failure(() => late.phraseCandidates([1], [1])).message).toBe(overflow);
    const early = new Sampler(m);
    expect(failure(() => early.phraseCandidates([1], [1])).message).toBe(overflow);
    expect(early.distribution([0]).logits[1]).toBe(1e306);
  });

  it('names the processor that pushes a logit to Infinity, under norm and softmax alike', () => {
    // cielo (logit 1260) is twice in the history: 1260 / 1e-320 and 1260 + 2 · 1e308 overflow.
    const history = [3, 1, 4, 1];
    for (const norm of ['sum', 'softmax'] as const) {
      for (const [options, token] of [
        [{ repeatPenalty: 1e-320 }, 'cielo'],
        [{ frequencyPenalty: -1e308 }, 'cielo'],
      ] as const) {
        const error = failure(() => nextDistribution(model(), [3, 1, 4], { ...options, norm }, { history }));
        expect(error.kind).toBe('data');
        expect(error.message).toBe(
          `the logit of "${token}" becomes Infinity after penalties; weaken the penalties so that it stays a finite number`,
        );
      }
    }
  });
});

describe('the chain: norm → temperature → top-k → top-p → min-p', () => {
  const post = model();
  const window = [3, 1, 4];
  const options = { ...defaultSampling };
  const support = (probs: Float64Array): string[] => post.tokens.filter((_, i) => probs[i] > 0);

  it('leaves the distribution alone by default: no stages', () => {
    const d = nextDistribution(post, window, options);
    expect(d.steps).toEqual([]);
    expect(d.probs).toBe(d.normalized);
    expect(d.greedy).toBe(false);
  });

  it('softmax on the post logits puts everything on azul, and temperature divides the logits', () => {
    const d = nextDistribution(post, window, { ...options, norm: 'softmax' });
    expect([...d.probs]).toEqual([1, 0, 0, 0, 0]);
    expect(d.total).toBe(1);
    const hot = nextDistribution(post, window, { ...options, norm: 'softmax', temperature: 300 });
    expect(hot.probs[2] / hot.probs[0]).toBeCloseTo(Math.exp(-3), 12);
    expect(hot.steps.map((s) => s.stage.name)).toEqual(['temperature']);
    expect([...hot.steps[0].logits]).toEqual([4500 / 300, 1260 / 300, 3600 / 300, 360 / 300, 900 / 300]);
  });

  it('runs the filters in order, each on the survivors of the one before', () => {
    const d = nextDistribution(post, window, { ...options, topK: 3, topP: 0.6, minP: 0.5 });
    expect(d.steps.map((s) => s.stage.name)).toEqual(['top_k', 'top_p', 'min_p']);
    const after = d.steps.map((s) => s.logits);
    const before = [d.processed, ...after];
    const removed = after.map((logits, k) => removedBy(before[k], logits).map((i) => post.tokens[i]));
    expect(removed).toEqual([['el', 'es'], ['cielo'], []]);
    // top-p sees azul at 4500/9360 = 0.48 after top-k, so 0.6 needs frío too.
    expect(support(d.probs)).toEqual(['azul', 'frío']);
  });

  it('greedy and T = 0 put everything on the most probable token, which no filter removes', () => {
    const greedy = nextDistribution(post, window, { ...options, greedy: true, topK: 3 });
    expect(greedy.steps.map((s) => s.stage.name)).toEqual(['top_k', 'greedy']);
    const cold = nextDistribution(post, window, { ...options, temperature: 0, topK: 3 });
    expect(cold.steps.map((s) => s.stage.name)).toEqual(['temperature', 'top_k']);
    for (const d of [greedy, cold]) {
      expect(d.greedy).toBe(true);
      expect([...d.probs]).toEqual([1, 0, 0, 0, 0]);
    }
  });

  it('applies temperature to the post norm as p^(1/T)', () => {
    const d = nextDistribution(post, window, { ...options, temperature: 2 });
    expect(d.steps.map((s) => s.stage.name)).toEqual(['temperature']);
    expect(d.probs[0] / d.probs[2]).toBeCloseTo(Math.sqrt(4500 / 3600), 14);
  });

  it('--norm softmax accepts negative logits that norm refuses', () => {
    const m = model({ a: 1, b: 2 }, { f1: [1], f2: { a: 1, b: -1 } });
    const d = nextDistribution(m, [1], { ...options, norm: 'softmax' });
    expect(d.probs[0]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + Math.exp(-2)), 15);
  });
});
