import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../src/load.js';
import { samplingOptions } from '../src/options.js';
import { argmax, entropy, mostProbable, ranked } from '../src/ranking.js';
import { leadersByRanking, thresholdByRanking } from '../src/reference.js';
import { applyStage } from '../src/sampler.js';
import { adaptedTarget, adaptiveLogit, adaptiveP } from '../src/samplers/adaptive-p.js';
import { Candidates } from '../src/samplers/candidates.js';
import { dry } from '../src/samplers/dry.js';
import { epsilon } from '../src/samplers/epsilon.js';
import { eta } from '../src/samplers/eta.js';
import { keepAtLeast, keeping, keepLeaders, keepTop, reaches } from '../src/samplers/filter.js';
import { STAGES } from '../src/samplers/index.js';
import { logitBias } from '../src/samplers/logit-bias.js';
import { minP } from '../src/samplers/min-p.js';
import { mirostat, mirostatK } from '../src/samplers/mirostat.js';
import { noRepeatNgram } from '../src/samplers/no-repeat-ngram.js';
import { penalties } from '../src/samplers/penalties.js';
import { smoothing } from '../src/samplers/smoothing.js';
import { temperature } from '../src/samplers/temperature.js';
import { tfs } from '../src/samplers/tfs.js';
import { topA } from '../src/samplers/top-a.js';
import { topH } from '../src/samplers/top-h.js';
import { topK } from '../src/samplers/top-k.js';
import { topNSigma } from '../src/samplers/top-n-sigma.js';
import { topP } from '../src/samplers/top-p.js';
import { typical } from '../src/samplers/typical.js';
import { xtc } from '../src/samplers/xtc.js';
import { failure } from './helpers/errors.js';

const post = Float64Array.from([4500, 1260, 3600, 360, 900], (l) => l / 10620);
const kept = (p: ArrayLike<number>): number[] => Array.from(p, (_, i) => i).filter((i) => p[i] > 0);
const sum = (p: ArrayLike<number>): number => Array.from(p).reduce((a, b) => a + b, 0);
const softmaxOf = (z: number[]): Float64Array => {
  const max = Math.max(...z);
  const e = z.map((x) => Math.exp(x - max));
  return Float64Array.from(e, (x) => x / sum(e));
};
/** Renormalised, most probable first: how llama.cpp's tests list their expected candidates. */
const sorted = (p: ArrayLike<number>): number[] =>
  Array.from(p)
    .filter((x) => x > 0)
    .sort((a, b) => b - a);
const closeTo = (actual: number[], expected: number[], digits = 5): void => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((x, i) => {
    expect(x).toBeCloseTo(expected[i], digits);
  });
};

describe('numbers worked by hand on the post', () => {
  it('temperature 0.5 squares the probabilities; 1 is off; 0 keeps the most probable', () => {
    const squared = [...post].map((p) => p * p);
    closeTo(
      [...applyStage(temperature, post, { temperature: 0.5 })],
      squared.map((p) => p / sum(squared)),
      14,
    );
    expect(applyStage(temperature, post, { temperature: 1 })).toEqual(post);
    expect([...applyStage(temperature, post, { temperature: 0 })]).toEqual([1, 0, 0, 0, 0]);
  });

  it('top-k 2 keeps azul and frío: 4500/8100 and 3600/8100', () => {
    closeTo([...applyStage(topK, post, { topK: 2 })], [4500 / 8100, 0, 3600 / 8100, 0, 0], 15);
  });

  it('top-p 0.5: azul (0.42) alone does not reach 0.5, so frío stays', () => {
    expect(kept(applyStage(topP, post, { topP: 0.5 }))).toEqual([0, 2]);
  });

  it('min-p 0.25: 0.25 × 0.4237 = 0.106 keeps azul, cielo and frío', () => {
    expect(kept(applyStage(minP, post, { minP: 0.25 }))).toEqual([0, 1, 2]);
  });

  it('top-a 0.5: 0.5 × 0.4237² = 0.0898 keeps azul, cielo and frío; top-a 1: 0.1795 keeps azul and frío', () => {
    expect(kept(applyStage(topA, post, { topA: 0.5 }))).toEqual([0, 1, 2]);
    expect(kept(applyStage(topA, post, { topA: 1 }))).toEqual([0, 2]);
  });

  it('smoothing 1: z = ln p below the largest, −d²; frío (d = ln 0.8 = −0.2231) moves up to 0.4274', () => {
    // d: 0, ln(1260/4500), ln 0.8, ln 0.08, ln 0.2; e^−d²: 1, 0.19784, 0.95143, 0.00170, 0.07501.
    const weights = [0, 1260 / 4500, 0.8, 0.08, 0.2].map((r, i) => (i === 0 ? 1 : Math.exp(-(Math.log(r) ** 2))));
    const total = weights.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(2.22598, 4);
    closeTo(
      [...applyStage(smoothing, post, { smoothingFactor: 1 })],
      weights.map((w) => w / total),
      12,
    );
    expect(applyStage(smoothing, post, { smoothingFactor: 1 })[2]).toBeCloseTo(0.4274, 4);
    // Under softmax, on the logits themselves: the same distances, the same distribution.
    const logits = [4500, 1260, 3600, 360, 900].map((z) => Math.log(z / 10620));
    const soft = applyStage(smoothing, post, { smoothingFactor: 1 }, { logits, norm: 'softmax' });
    closeTo(
      [...soft],
      weights.map((w) => w / total),
      12,
    );
    // Curve 3: the cubic term alone, f·d³.
    const cubic = [0, 1260 / 4500, 0.8, 0.08, 0.2].map((r, i) => (i === 0 ? 1 : Math.exp(Math.log(r) ** 3)));
    const sum3 = cubic.reduce((a, b) => a + b, 0);
    closeTo(
      [...applyStage(smoothing, post, { smoothingFactor: 1, smoothingCurve: 3 })],
      cubic.map((w) => w / sum3),
      12,
    );
  });

  it('top-h: −p ln p = 0.3638, 0.3667, 0.2529, 0.2092, 0.1147, H = 1.3073; α 0.5 keeps azul, 0.6 frío too, 0.9 cielo too', () => {
    expect(kept(applyStage(topH, post, { topH: 0.5 }))).toEqual([0]);
    expect(kept(applyStage(topH, post, { topH: 0.6 }))).toEqual([0, 2]);
    expect(kept(applyStage(topH, post, { topH: 0.9 }))).toEqual([0, 1, 2]);
    expect(kept(applyStage(topH, post, { topH: 0.5, minKeep: 2 }))).toEqual([0, 2]);
    // Only the 100 most probable are weighed: α = 1 keeps them, and no more, of 150 alike.
    expect(kept(applyStage(topH, new Float64Array(150).fill(1 / 150), { topH: 1 }))).toHaveLength(100);
  });

  it('tfs: sorted 4500, 3600, 1260, 900, 360; second differences 1440, 1980, 180 of 3600 = 0.4, 0.55, 0.05', () => {
    // z 0.5: the running sum passes it at i = 1, so one token stays; 0.96 is passed at i = 2: two.
    expect(kept(applyStage(tfs, post, { tfs: 0.5 }))).toEqual([0]);
    expect(kept(applyStage(tfs, post, { tfs: 0.96 }))).toEqual([0, 2]);
    // Passed at i = 0: llama.cpp kept no token; one stays here.
    expect(kept(applyStage(tfs, post, { tfs: 0.3 }))).toEqual([0]);
    expect(applyStage(tfs, post, { tfs: 1 })).toEqual(post);
  });

  it('typical 0.5: H = 1.3073 nats; frío (−ln 0.339 = 1.0818) is nearest, then azul (0.8587)', () => {
    expect(entropy(post)).toBeCloseTo(1.3073, 4);
    expect(kept(applyStage(typical, post, { typical: 0.5 }))).toEqual([0, 2]);
  });

  it('epsilon 0.1 drops el (0.034) and es (0.085); eta 0.1 cuts at min(0.1, √0.1·e^−1.3073) = 0.0856', () => {
    expect(kept(applyStage(epsilon, post, { epsilon: 0.1 }))).toEqual([0, 1, 2]);
    expect(Math.sqrt(0.1) * Math.exp(-entropy(post))).toBeCloseTo(0.0856, 4);
    expect(kept(applyStage(eta, post, { eta: 0.1 }))).toEqual([0, 1, 2]);
    expect(kept(applyStage(eta, post, { eta: 0.08 }))).toEqual([0, 1, 2, 4]);
  });

  it('top-n-sigma 1 on the post logits: mean 2124, σ 1645.6, keeps ≥ 4500 − 1645.6', () => {
    const logits = [4500, 1260, 3600, 360, 900];
    expect(kept(applyStage(topNSigma, post, { topNSigma: 1 }, { logits }))).toEqual([0, 2]);
  });

  it('XTC 1, threshold 0.3: azul and frío are top choices; azul goes, frío (the least of them) stays', () => {
    const after = applyStage(xtc, post, { xtcProbability: 1, xtcThreshold: 0.3 });
    closeTo([...after], [0, 1260 / 6120, 3600 / 6120, 360 / 6120, 900 / 6120], 15);
  });

  it('mirostat keeps surprise −log₂ p ≤ μ: μ = 2 keeps p ≥ 0.25; accept moves μ towards τ', () => {
    expect(kept(applyStage(mirostat, post, { mirostat: 2 }, { states: [2] }))).toEqual([0, 2]);
    const o = samplingOptions({ mirostatLr: 0.1, mirostatEnt: 5 });
    expect(mirostat.accept?.(10, 0, 0.25, o, 0.25)).toBeCloseTo(10 - 0.1 * (2 - 5), 12);
  });

  it('mirostat v1: ŝ = 0.8816 / 0.7774 = 1.1340 from the four ratios; μ = 2 gives k = 2.45, μ = 10 keeps all five', () => {
    // tᵢ = ln 2, ln 1.5, ln 4/3, ln 1.25; bᵢ = ln(4500/3600), ln(3600/1260), ln(1260/900), ln(900/360).
    const sortedPost = [4500, 3600, 1260, 900, 360].map((l) => l / 10620);
    const s = 0.8816 / 0.777409;
    const k = (mu: number) => (((s - 1) * 2 ** mu) / (1 - 5 ** -(s - 1))) ** (1 / s);
    expect(k(2)).toBeCloseTo(2.45, 2);
    expect(mirostatK(sortedPost, 5, 2)).toBe(2);
    expect(mirostatK(sortedPost, 5, 1)).toBe(1);
    expect(kept(applyStage(mirostat, post, { mirostat: 1 }, { states: [2] }))).toEqual([0, 2]);
    expect(kept(applyStage(mirostat, post, { mirostat: 1 }, { states: [10] }))).toEqual([0, 1, 2, 3, 4]);
    // One candidate, or a probability that underflowed: no exponent, and one token stays.
    expect(mirostatK([1], 5, 10)).toBe(1);
    expect(mirostatK([1, 0], 5, 10)).toBe(1);
  });

  it('adaptive-p 0.3: d = |p − 0.3| / 0.3, logit 5 − 10·d²/(1 + d); frío (0.339) leads with 0.6480', () => {
    // frío: d = 0.038983 / 0.3 = 0.12994, logit 5 − 0.16885 / 1.12994 = 4.850565; azul: d = 0.412429, logit 5 − 1.70098 / 1.412429 = 3.795706.
    expect(adaptiveLogit(3600 / 10620, 0.3)).toBeCloseTo(4.850565, 6);
    expect(adaptiveLogit(4500 / 10620, 0.3)).toBeCloseTo(3.795706, 6);
    expect(adaptiveLogit(0.3, 0.3)).toBe(5);
    // Relative to frío: azul e^−1.05488 = 0.34823, cielo 0.11908, el 0.017953, es 0.05797; their sum 1.54323.
    const after = applyStage(adaptiveP, post, { adaptiveTarget: 0.3 });
    closeTo(
      [...after],
      [0.34823, 0.11908, 1, 0.017953, 0.05797].map((x) => x / 1.54323),
      4,
    );
    // Both norms give the same distribution.
    const logits = Array.from(post, Math.log);
    closeTo([...applyStage(adaptiveP, post, { adaptiveTarget: 0.3 }, { norm: 'softmax', logits })], [...after], 14);
  });

  it('adaptive-p: the average starts at the target; choosing frío (0.339 as received) moves the target to 0.2961', () => {
    const o = samplingOptions({ adaptiveTarget: 0.3, adaptiveDecay: 0.9 });
    const start = adaptiveP.init?.(o, [], undefined);
    expect(start?.weighted).toBeCloseTo(3, 12);
    expect(start?.total).toBeCloseTo(10, 12);
    expect(adaptedTarget(0.3, start as { weighted: number; total: number })).toBeCloseTo(0.3, 12);
    // weighted = 0.338983 + 0.9 × 3 = 3.038983, total = 1 + 0.9 × 10 = 10: the average 0.3039, the target 0.6 − 0.3039.
    const next = adaptiveP.accept?.(start as { weighted: number; total: number }, 2, 0.648, o, 3600 / 10620);
    expect(next?.weighted).toBeCloseTo(3.038983, 6);
    expect(next?.total).toBeCloseTo(10, 12);
    expect(adaptedTarget(0.3, next as { weighted: number; total: number })).toBeCloseTo(0.296102, 6);
    // Clamped to [0, 1] both ways.
    expect(adaptedTarget(0.9, { weighted: 0, total: 1 })).toBe(1);
    expect(adaptedTarget(0.1, { weighted: 1, total: 1 })).toBe(0);
  });

  it('penalties: seen once, 4500 / 2 − 1 × 0.5 − 0.25', () => {
    const logits = applyStage(
      penalties,
      [4500, 1260],
      { repeatPenalty: 2, frequencyPenalty: 0.5, presencePenalty: 0.25 },
      {
        history: [0],
        logits: [4500, 1260],
      },
    );
    expect([...logits]).toEqual([4500 / 2 - 0.5 - 0.25, 1260]);
  });
});

describe("llama.cpp's tests/test-sampling.cpp", () => {
  const base = [0.1, 0.2, 0.3, 0.4];
  // From the version that still had tail-free sampling, with its min_keep of 1.
  it.each([
    [0.25, [0.3]],
    [0.75, [0.3, 0.25]],
    [0.99, [0.3, 0.25]],
  ])('tfs %d', (z, expected) => {
    const probs = [0.1, 0.15, 0.2, 0.25, 0.3];
    const after = applyStage(tfs, probs, { tfs: z, minKeep: 1 });
    expect(probs.filter((_, i) => after[i] > 0).sort((a, b) => b - a)).toEqual(expected);
  });

  it.each([
    [1, [0.1, 0.2, 0.3, 0.4]],
    [0, [1]],
  ])('temperature %d', (t, expected) => {
    closeTo(sorted(applyStage(temperature, base, { temperature: t })), sorted(expected));
  });

  it.each([
    [1, [1]],
    [3, [0.44444, 0.33333, 0.22222]],
    [4, [0.4, 0.3, 0.2, 0.1]],
    [0, [0.4, 0.3, 0.2, 0.1]],
  ])('top-k %d', (k, expected) => {
    closeTo(sorted(applyStage(topK, base, { topK: k })), expected);
  });

  it.each([
    [1e-9, [1]],
    [0.7, [0.571429, 0.428571]],
    [0.8, [0.44444, 0.33333, 0.22222]],
    [1, [0.4, 0.3, 0.2, 0.1]],
  ])('top-p %d', (p, expected) => {
    closeTo(sorted(applyStage(topP, base, { topP: p })), expected);
  });

  it.each([
    [0, [0.4, 0.3, 0.2, 0.1]],
    [0.24, [0.4, 0.3, 0.2, 0.1]],
    [0.26, [0.4 / 0.9, 0.3 / 0.9, 0.2 / 0.9]],
    [0.49, [0.4 / 0.9, 0.3 / 0.9, 0.2 / 0.9]],
    [0.51, [0.4 / 0.7, 0.3 / 0.7]],
    [0.74, [0.4 / 0.7, 0.3 / 0.7]],
    [0.76, [1]],
    [1, [1]],
  ])('min-p %d', (m, expected) => {
    closeTo(sorted(applyStage(minP, base, { minP: m })), expected);
  });

  it.each([
    [0.09, [0.1]],
    [0.19, [0.2, 0.1]],
    [0.29, [0.3, 0.2, 0.1]],
    [0.39, [0.4, 0.3, 0.2, 0.1]],
  ])('XTC 0.99 at threshold %d', (t, expected) => {
    const after = applyStage(xtc, [0.4, 0.3, 0.2, 0.1], { xtcProbability: 0.99, xtcThreshold: t });
    closeTo(
      sorted(after),
      expected.map((p) => p / sum(expected)),
    );
  });

  it.each([
    [[0.97, 0.01, 0.01, 0.01], [0.97]],
    [
      [0.4, 0.2, 0.2, 0.2],
      [0.2, 0.2, 0.2],
    ],
  ])('typical 0.5 on %j', (probs, expected) => {
    closeTo(
      sorted(applyStage(typical, probs, { typical: 0.5 })),
      expected.map((p) => p / sum(expected)),
    );
  });

  const uniform5 = [0.2, 0.2, 0.2, 0.2, 0.2];
  it.each([
    [[0], [0, 0.25, 0.25, 0.25, 0.25], 50, 0, 0],
    [[0, 1, 2], [0, 0, 0, 0.5, 0.5], 50, 0, 0],
    [[0, 1, 2, 0, 0], [0, 0, 0, 0.5, 0.5], 50, 0, 0],
    [[0], [0.000011, 0.249997, 0.249997, 0.249997, 0.249997], 1, 5, 5],
    [[0, 1, 2], [0.000023, 0.000023, 0.000023, 0.499966, 0.499966], 1, 5, 5],
    [[0, 1, 2, 0, 0], [0, 0.000023, 0.000023, 0.499977, 0.499977], 1, 5, 5],
  ])('penalties after %j', (history, expected, repeatPenalty, frequencyPenalty, presencePenalty) => {
    const logits = applyStage(
      penalties,
      uniform5,
      { repeatPenalty, frequencyPenalty, presencePenalty, repeatLastN: -1 },
      {
        history,
      },
    );
    closeTo([...softmaxOf([...logits])], expected);
  });

  it.each([
    [[0.25, 0.25, 0.25, 0.25], [0, 1], [0.25, 0.25, 0.25, 0.25], 1, 1.1, 2, 4, []],
    [[0.25, 0.25, 0.25, 0.25], [0, 1, 2, 0, 1], [0.296923, 0.296923, 0.109232, 0.296923], 1, 1.1, 2, 5, []],
    [uniform5, [0, 1, 3, 4, 0, 1], uniform5, 1, 1.1, 2, 6, [3]],
    [uniform5, [0, 1, 2, 0, 1], [0.241818, 0.241818, 0.032727, 0.241818, 0.241818], 2, 1.1, 2, 5, []],
    [uniform5, [0, 1, 2, 3, 4, 0, 1], uniform5, 1, 1.1, 4, 7, []],
  ])(
    'DRY on %j after %j',
    (probs, history, expected, dryMultiplier, dryBase, dryAllowedLength, dryPenaltyLastN, breakers) => {
      const candidates = new Candidates(probs.length, 'softmax');
      candidates.fill(Float64Array.from(probs, Math.log));
      const options = samplingOptions({ dryMultiplier, dryBase, dryAllowedLength, dryPenaltyLastN });
      const prepared = new Set(breakers);
      const state = dry.init?.(options, history, prepared);
      if (state === undefined) throw new Error('dry keeps its tail as state');
      dry.apply(candidates, { options, prepared, state, trace: false, coin: () => 0 });
      closeTo([...softmaxOf([...candidates.logits])], expected);
    },
  );

  it.each([
    [1, [0, 0, 0.428571, 0.571429]],
    [0, [0.1, 0.2, 0.3, 0.4]],
    [3, [0.1, 0.2, 0.3, 0.4]],
  ])('top-n-sigma %d', (n, expected) => {
    closeTo([...applyStage(topNSigma, base, { topNSigma: n })], expected);
  });
});

describe("transformers' tests/generation/test_logits_process.py", () => {
  const ramp = (scale: number): number[] => Array.from({ length: 10 }, (_, i) => (i - 5) * scale);
  const onRamp = (stage: (typeof STAGES)[number], options: object, scale: number): number =>
    kept(
      applyStage(stage, softmaxOf(ramp(scale)), { ...options, minKeep: 2, norm: 'softmax' }, { logits: ramp(scale) }),
    ).length;

  it('top-k 3 keeps the three largest; min-keep 3 overrides k = 1', () => {
    const second = [10, 11, 12, 13, 14, 5, 6, 7, 8, 9];
    expect(kept(applyStage(topK, softmaxOf(second), { topK: 3 }))).toEqual([2, 3, 4]);
    expect(kept(applyStage(topK, softmaxOf([0, 1, 2, 3, 4]), { topK: 1, minKeep: 3 }))).toEqual([2, 3, 4]);
  });

  it('top-p 0.8 and, on the extreme ramp, min-keep 2', () => {
    expect(kept(applyStage(topP, [0.3, 0.1, 0.1, 0.5], { topP: 0.8 }))).toEqual([0, 3]);
    // As transformers computes it, softmax of the log-probabilities: 0.5 + 0.3 rounds either side
    // of 0.8 by a bit, and reaches it under the rule of `reaches`.
    const logs = [0.3, 0.1, 0.1, 0.5].map(Math.log);
    const scaled = logs.map((z) => z * (1 + 2 ** -52));
    for (const z of [logs, scaled]) {
      expect(kept(applyStage(topP, softmaxOf(z), { topP: 0.8, norm: 'softmax' }, { logits: z }))).toEqual([0, 3]);
    }
    expect(reaches(0.8 - 2 ** -50, 0.8)).toBe(true);
    expect(reaches(0.8 - 1e-6, 0.8)).toBe(false);
    expect(kept(applyStage(topP, [0.15, 0.3, 0.3, 0.25], { topP: 0.8 }))).toEqual([1, 2, 3]);
    expect([onRamp(topP, { topP: 0.9 }, 1), onRamp(topP, { topP: 0.9 }, 100)]).toEqual([3, 2]);
  });

  it('min-p 0.05, and min-p 0.9 with min-keep 2', () => {
    // transformers takes the log of these as scores, and its softmax renormalises them (they sum to 1.0018).
    const scores = [0.9, 0.0274, 0.047, 0.0274];
    const renormalised = scores.map((p) => p / sum(scores));
    expect(kept(applyStage(minP, renormalised, { minP: 0.05 }))).toEqual([0, 2]);
    expect(kept(applyStage(minP, [0.15, 0.3, 0.3, 0.25], { minP: 0.05 }))).toEqual([0, 1, 2, 3]);
    expect(kept(applyStage(minP, [0.97, 0.01, 0.01, 0.01], { minP: 0.05 }))).toEqual([0]);
    expect([onRamp(minP, { minP: 0.9 }, 1), onRamp(minP, { minP: 0.9 }, 100)]).toEqual([2, 2]);
  });

  it('typical 0.5, and typical 0.7 with min-keep 2', () => {
    expect(kept(applyStage(typical, [0.97, 0.01, 0.01, 0.01], { typical: 0.5 }))).toEqual([0]);
    expect(kept(applyStage(typical, [0.4, 0.2, 0.2, 0.2], { typical: 0.5 }))).toEqual([1, 2, 3]);
    expect([onRamp(typical, { typical: 0.7 }, 1), onRamp(typical, { typical: 0.7 }, 100)]).toEqual([2, 2]);
  });

  it('epsilon 0.1, and 5e-2 with min-keep 2', () => {
    expect(kept(applyStage(epsilon, [0.87, 0.099, 0.001, 0.03], { epsilon: 0.1 }))).toEqual([0]);
    expect(kept(applyStage(epsilon, [0.4, 0.299, 0.101, 0.2], { epsilon: 0.1 }))).toEqual([0, 1, 2, 3]);
    expect([onRamp(epsilon, { epsilon: 5e-2 }, 1), onRamp(epsilon, { epsilon: 5e-2 }, 100)]).toEqual([3, 2]);
  });

  it('eta 0.0625, and 0.1 with min-keep 2', () => {
    expect(kept(applyStage(eta, [0, 0.1, 0.8, 0.1], { eta: 0.0625 }))).toEqual([1, 2, 3]);
    expect(kept(applyStage(eta, [0.01, 0.04, 0.9, 0.05], { eta: 0.0625 }))).toEqual([2]);
    expect([onRamp(eta, { eta: 0.1 }, 1), onRamp(eta, { eta: 0.1 }, 100)]).toEqual([2, 2]);
  });

  it('repetition penalty 2: a negative seen logit doubles, a positive one halves', () => {
    const scores = Array.from({ length: 10 }, (_, i) => (i === 0 ? -0.1 : 0.1));
    const first = applyStage(penalties, scores, { repeatPenalty: 2 }, { history: [0, 1], logits: scores });
    expect(first[0]).toBeCloseTo(-0.2, 12);
    expect(first[1]).toBeCloseTo(0.05, 12);
    const row = Array.from({ length: 10 }, (_, i) => (i === 5 ? 0.4 : 0.1));
    const second = applyStage(penalties, row, { repeatPenalty: 2 }, { history: [5, 0], logits: row });
    expect([second[0], second[5]]).toEqual([0.05, 0.2]);
  });

  it.each([
    [[1, 1, 2, 1], 2, [false, true, true]],
    [[0, 1, 0, 1], 2, [true, false, false]],
    [[1, 1, 2, 1], 3, [false, false, false]],
    [[0, 1, 0, 1], 3, [true, false, false]],
  ])('no-repeat-ngram after %j, n = %d', (history, n, banned) => {
    const logits = applyStage(
      noRepeatNgram,
      [1 / 3, 1 / 3, 1 / 3],
      { noRepeatNgram: n },
      { history, logits: [0, 0, 0] },
    );
    expect([...logits].map((z) => z === Number.NEGATIVE_INFINITY)).toEqual(banned);
  });

  it('temperature: a uniform distribution stays uniform; 0.5 sharpens a peak, 1.3 flattens it', () => {
    const flat = new Float64Array(20).fill(0.05);
    closeTo([...applyStage(temperature, flat, { temperature: 0.5 })], [...flat], 12);
    const scores = Array.from({ length: 20 }, (_, i) => (i === 5 ? 0.15 : i === 10 ? -0.35 : 0.05));
    const p = softmaxOf(scores);
    const sharp = applyStage(temperature, p, { temperature: 0.5, norm: 'softmax' }, { logits: scores });
    const smooth = applyStage(temperature, p, { temperature: 1.3, norm: 'softmax' }, { logits: scores });
    expect(Math.max(...sharp)).toBeGreaterThan(Math.max(...p));
    expect(Math.min(...sharp)).toBeLessThan(Math.min(...p));
    expect(Math.max(...smooth)).toBeLessThan(Math.max(...p));
    expect(Math.min(...smooth)).toBeGreaterThan(Math.min(...p));
  });
});

describe('every stage validates its own options, in the library as in the CLI', () => {
  it.each([
    [{ topP: 0 }, /^--top-p must be a number with 0 < value ≤ 1; got 0$/],
    [{ topK: 1.5 }, /^--top-k must be a whole number ≥ 0; got 1.5$/],
    [{ temperature: Number.NaN }, /^--temperature must be a number ≥ 0; got NaN$/],
    [{ repeatLastN: -2 }, /^--repeat-last-n must be a whole number ≥ 0, or -1; got -2$/],
    [{ mirostat: 3 }, /^--mirostat must be 0 \(off\), 1 \(mirostat\) or 2/],
    [{ logitBias: [{ token: 'azul', bias: Number.POSITIVE_INFINITY }] }, /^--logit-bias must be TOKEN=BIAS/],
    [{ samplers: ['top_k', 'top_k'] }, /lists a stage twice/],
    [{ minKeep: -1 }, /^--min-keep must be/],
  ])('%j', (options, message) => {
    const error = failure(() => applyStage(topP, post, options as never));
    expect(error.kind).toBe('usage');
    expect(error.message).toMatch(message);
  });
});

describe('applyStage finds the tokens a stage names in the model', () => {
  const model = loadModel();
  const logits = [4500, 1260, 3600, 360, 900];
  // azul cielo azul cielo azul: cielo would extend the repeated run "azul cielo azul" of 3.
  const history = [0, 1, 0, 1, 0];
  const dryOptions = { dryMultiplier: 1, dryBase: 2, dryAllowedLength: 2 };

  it('logit_bias bans azul and raises frío by 100', () => {
    const biased = applyStage(
      logitBias,
      post,
      {
        logitBias: [
          { token: 'azul', bias: Number.NEGATIVE_INFINITY },
          { token: 'frío', bias: 100 },
        ],
      },
      { logits, model },
    );
    expect([...biased]).toEqual([Number.NEGATIVE_INFINITY, 1260, 3700, 360, 900]);
  });

  it('dry takes 1 × 2^(3 − 2) = 2 from cielo, and nothing once azul breaks the run', () => {
    expect([...applyStage(dry, post, dryOptions, { logits, history, model })]).toEqual([4500, 1258, 3600, 360, 900]);
    const broken = { ...dryOptions, drySequenceBreakers: ['azul'] };
    expect([...applyStage(dry, post, broken, { logits, history, model })]).toEqual(logits);
  });

  it.each([
    ['dry', dry, dryOptions],
    ['logit_bias', logitBias, { logitBias: [{ token: 'azul', bias: 1 }] }],
  ])('%s without a model is a usage error that says to pass one', (_name, stage, options) => {
    const error = failure(() => applyStage(stage, post, options, { logits, history }));
    expect(error.kind).toBe('usage');
    expect(error.message).toBe(`${stage.name} names tokens of a model: pass the model to applyStage as moment.model`);
  });
});

/** The distribution over `keep`, renormalised in canonical order as a filter does; untouched if it keeps every candidate. */
function renormalisedOver(probs: Float64Array, keep: number[], logits: number[]): Float64Array {
  if (keep.length === logits.filter((z) => z !== Number.NEGATIVE_INFINITY).length) return probs;
  const out = new Float64Array(probs.length);
  for (const i of keep) out[i] = probs[i];
  const total = sum(out);
  return out.map((p) => p / total);
}

/**
 * Logits with ties, bans and gaps far past what exp can span (so that softmax underflows most of
 * them to 0), over vocabularies small and large: past 1024 candidates the histograms serve.
 */
const scored = fc
  .array(
    fc.oneof(
      fc.constantFrom(0, 1, 2, -1, 4500, 3600, -1000, Number.NEGATIVE_INFINITY),
      fc.double({ min: -800, max: 800, noNaN: true }),
    ),
    { minLength: 1, maxLength: 3000 },
  )
  .filter((z) => z.some((x) => x !== Number.NEGATIVE_INFINITY));

/** softmax over the candidates (0 for a ban). */
const softmaxed = (z: number[]): Float64Array => {
  const max = Math.max(...z.filter((x) => x !== Number.NEGATIVE_INFINITY));
  const e = z.map((x) => Math.exp(x - max));
  return Float64Array.from(e, (x) => x / sum(e));
};

/** Probabilities that never decrease with the logit, as the post's norm gives them: by rank. */
const lnProbs = (z: number[]): Float64Array => {
  const order = [...new Set(z.filter((x) => x !== Number.NEGATIVE_INFINITY))].sort((a, b) => a - b);
  const weights = z.map((x) => (x === Number.NEGATIVE_INFINITY ? 0 : order.indexOf(x) + 1));
  return Float64Array.from(weights, (w) => w / sum(weights));
};

/** Distributions with ties, zeros and tiny values, over vocabularies small and large. */
const distribution = fc
  .array(fc.oneof(fc.constantFrom(0, 1, 2, 1e-300), fc.double({ min: 0, max: 100, noNaN: true })), {
    minLength: 1,
    maxLength: 2000,
  })
  .filter((xs) => xs.some((x) => x > 0))
  .map((xs) => Float64Array.from(xs, (x) => x / sum(xs)));

describe('Candidates', () => {
  it('keeping every candidate leaves slot s token s, so that a drawer maps no slot; removing one does not', () => {
    const c = new Candidates(4, 'softmax');
    c.fill(Float64Array.from([1, 2, 3, 4]));
    expect(c.keep(() => true)).toBe(false);
    c.retain(Int32Array.from([0, 1, 2, 3]), 4);
    expect(c.tokens()).toBeUndefined();
    c.retain(Int32Array.from([1, 3]), 2);
    expect(Array.from(c.tokens() ?? [])).toEqual([1, 3]);
    expect(c.keep((slot) => slot === 1)).toBe(true);
    expect(Array.from(c.tokens() ?? [])).toEqual([3]);
  });
});

describe('the fast paths agree with sorting every token', () => {
  it('typical: the tokens nearest the entropy, as a sort of every candidate ranks them, few or many', () => {
    fc.assert(
      // typical 1 is off.
      fc.property(
        distribution,
        fc.double({ min: 0.01, max: 1, maxExcluded: true, noNaN: true }),
        fc.nat(6),
        (probs, p, minKeep) => {
          const h = -Array.from(probs).reduce((a, x) => (x > 0 ? a + x * Math.log(x) : a), 0);
          const far = (i: number): number => Math.abs(-Math.log(probs[i]) - h);
          const order = Array.from(probs, (_, i) => i).sort((a, b) => far(a) - far(b) || a - b);
          let count = 0;
          let mass = 0;
          while (count < order.length && !(count >= keeping(minKeep) && reaches(mass, p)))
            mass += probs[order[count++]];
          const nearest = order.slice(0, count).filter((i) => probs[i] > 0);
          expect(kept(applyStage(typical, probs, { typical: p, minKeep }))).toEqual(nearest.sort((a, b) => a - b));
        },
      ),
    );
  });

  it('the k most probable, as the views show them', () => {
    fc.assert(
      fc.property(distribution, fc.nat(60), (probs, k) => {
        expect(mostProbable(probs, k)).toEqual(ranked(probs).slice(0, k));
      }),
    );
  });

  /** The candidates of dense logits (-Infinity: not one), with these probabilities, in a holder. */
  const holding = (logits: ArrayLike<number>, probs: ArrayLike<number>, norm: 'sum' | 'softmax'): Candidates => {
    const c = new Candidates(logits.length, norm);
    c.fill(Float64Array.from(logits));
    c.probs.set(probs);
    c.keep((s) => c.logits[s] !== Number.NEGATIVE_INFINITY);
    c.normalized = true;
    return c;
  };
  const ids = (c: Candidates): number[] => Array.from(c.positions());

  it('top-k, on the post norm and on softmax with underflowed candidates', () => {
    fc.assert(
      fc.property(scored, fc.integer({ min: 1, max: 2500 }), (z, k) => {
        for (const [norm, probs] of [['softmax', softmaxed(z)] as const, ['sum', lnProbs(z)] as const]) {
          const c = holding(z, probs, norm);
          keepTop(c, k);
          expect(ids(c)).toEqual(leadersByRanking(z, probs, (count) => count >= k));
        }
      }),
    );
  });

  it('top-p: the mass in rank order, underflowed candidates ranked by logit for --min-keep', () => {
    fc.assert(
      fc.property(
        scored,
        fc.double({ min: 1e-9, max: 1, maxExcluded: true, noNaN: true }),
        fc.nat(5),
        (z, p, minKeep) => {
          const probs = softmaxed(z);
          const enough = (count: number, mass: number): boolean => count >= keeping(minKeep) && reaches(mass, p);
          const c = holding(z, probs, 'softmax');
          keepLeaders(c, enough);
          expect(ids(c)).toEqual(leadersByRanking(z, probs, enough));
        },
      ),
    );
  });

  it('top-p through applyStage on the post norm, to the bit', () => {
    fc.assert(
      fc.property(
        distribution,
        fc.double({ min: 1e-9, max: 1, maxExcluded: true, noNaN: true }),
        fc.nat(5),
        (probs, p, minKeep) => {
          const logits = Array.from(probs, Math.log);
          const keep = leadersByRanking(logits, probs, (count, mass) => count >= keeping(minKeep) && reaches(mass, p));
          expect(applyStage(topP, probs, { topP: p, minKeep })).toEqual(renormalisedOver(probs, keep, logits));
        },
      ),
    );
  });

  it('min-p and epsilon (threshold filters with min-keep)', () => {
    fc.assert(
      fc.property(distribution, fc.double({ min: 0.001, max: 1, noNaN: true }), fc.nat(5), (probs, m, minKeep) => {
        const logits = Array.from(probs, Math.log);
        const cutoff = m * probs[argmax(probs)];
        const kept = thresholdByRanking(logits, (i) => probs[i] >= cutoff, keeping(minKeep));
        expect(applyStage(minP, probs, { minP: m, minKeep })).toEqual(renormalisedOver(probs, kept, logits));
        const above = thresholdByRanking(logits, (i) => probs[i] >= m, keeping(minKeep));
        expect(applyStage(epsilon, probs, { epsilon: m, minKeep })).toEqual(renormalisedOver(probs, above, logits));
      }),
    );
  });

  it('a threshold below which underflowed candidates fall back on their logits', () => {
    fc.assert(
      fc.property(scored, fc.double({ min: -50, max: 50, noNaN: true }), fc.nat(5), (z, floor, need) => {
        const c = holding(z, softmaxed(z), 'softmax');
        keepAtLeast(c, (s) => c.logits[s] >= floor, need);
        expect(ids(c)).toEqual(thresholdByRanking(z, (i) => z[i] >= floor, need));
      }),
    );
  });
});

describe('every filter: at least max(1, min-keep) tokens, a sum of 1, ties in canonical order', () => {
  // Temperature is no filter: T = 0 is greedy, and a tiny T may round the least likely to 0.
  // Smoothing neither: a token far below the largest may round to 0 likewise.
  const filters = STAGES.filter((s) => s.acts === 'probs');
  const arbitrary = {
    temperature: fc.double({ min: 0, max: 5, noNaN: true }),
    dynatempRange: fc.double({ min: 0, max: 2, noNaN: true }),
    dynatempExp: fc.double({ min: 0, max: 3, noNaN: true }),
    topK: fc.nat(20),
    topA: fc.double({ min: 0, max: 1, noNaN: true }),
    topH: fc.double({ min: 0, max: 1, noNaN: true }),
    smoothingFactor: fc.double({ min: 0, max: 10, noNaN: true }),
    smoothingCurve: fc.double({ min: 1, max: 3, noNaN: true }),
    tfs: fc.double({ min: 0, max: 1, noNaN: true }),
    topP: fc.double({ min: 0.01, max: 1, noNaN: true }),
    minP: fc.double({ min: 0, max: 1, noNaN: true }),
    typical: fc.double({ min: 0.01, max: 1, noNaN: true }),
    epsilon: fc.double({ min: 0, max: 1, noNaN: true }),
    eta: fc.double({ min: 0, max: 1, noNaN: true }),
    topNSigma: fc.double({ min: 0, max: 3, noNaN: true }),
    xtcProbability: fc.double({ min: 0, max: 1, noNaN: true }),
    xtcThreshold: fc.double({ min: 0, max: 1, noNaN: true }),
    mirostat: fc.constantFrom(1, 2),
    mirostatEnt: fc.double({ min: 0, max: 10, noNaN: true }),
    mirostatLr: fc.double({ min: 0, max: 1, noNaN: true }),
    adaptiveTarget: fc.double({ min: 0, max: 1, noNaN: true }),
    adaptiveDecay: fc.double({ min: 0, max: 0.99, noNaN: true }),
    minKeep: fc.nat(6),
  };
  const settings = fc.record(arbitrary);

  it('draws every option of every filter: a new one is covered, or this fails', () => {
    for (const stage of filters)
      for (const setting of stage.settings) expect(Object.keys(arbitrary)).toContain(setting.key);
  });

  it.each(filters.map((f) => [f.name, f] as const))('%s', (_, stage) => {
    fc.assert(
      fc.property(distribution, settings, fc.double({ min: 0, max: 12, noNaN: true }), (probs, options, mu) => {
        // Mirostat's μ is drawn; every other stateful stage starts as a continuation does.
        const after = applyStage(stage, probs, options, { states: stage === mirostat ? [mu] : undefined });
        const before = kept(probs).length;
        // Temperature and smoothing reshape rather than filter: a token may round to 0, not go.
        const need = stage === temperature || stage === smoothing ? 1 : keeping(options.minKeep);
        expect(kept(after).length).toBeGreaterThanOrEqual(Math.min(before, need));
        expect(sum(after)).toBeCloseTo(1, 9);
        // Among equal probabilities, a kept token never follows a removed one in canonical order;
        // XTC removes the top choices, so of equal ones it keeps the last.
        const [first, second] = stage === xtc ? [1, 0] : [0, 1];
        for (let i = 0; i < probs.length; i++) {
          for (let j = i + 1; j < probs.length; j++) {
            const [a, b] = [[i, j][first], [i, j][second]];
            if (probs[i] === probs[j] && probs[i] > 0 && after[a] === 0) expect(after[b]).toBe(0);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
