import { describe, expect, it } from 'vitest';
import {
  applyStage,
  createRng,
  defaultSampling,
  generate,
  modelFromJson,
  nextDistribution,
  PRESETS,
  Sampler,
  STAGES,
  topK,
  topP,
} from '../src/index.js';
import { SETTINGS } from '../src/samplers/index.js';
import { failure } from './helpers/errors.js';
import { model, sources } from './helpers/models.js';

const post = model();
const window = [3, 1, 4];

/** The library's refusal: a one-line usage error whose message matches. */
function refuses(fn: () => unknown, message: RegExp, kind = 'usage'): void {
  const error = failure(fn);
  expect(error.kind).toBe(kind);
  expect(error.message).toMatch(message);
  expect(error.message).not.toMatch(/\n/);
}

describe('the library refuses what it cannot use, with a SampleError that says what it needs', () => {
  it.each([1.5, 1, -0.1, Number.NaN, Number.POSITIVE_INFINITY, '0.5', undefined])('an rng that returns %s', (u) => {
    const rng = () => u as number;
    refuses(() => [...generate({ model: post, phrase: window, count: 2, rng })], /^rng returned .*outside \[0, 1\)/);
    // XTC's own draw comes from the same stream, and is checked as well.
    const options = { xtcProbability: 1, xtcThreshold: 0.1 };
    refuses(() => [...generate({ model: post, phrase: window, count: 1, length: 2, options, rng })], /^rng returned/);
  });

  it.each([[[3, 1, 99]], [[3, 1]], [[3, 1, 4, 2]], [['a', 1, 4]], [[3, 1, 1.5]], ['abc'], [null]])(
    'a window of %j',
    (bad) => {
      refuses(() => nextDistribution(post, bad as number[]), /^the window must be 3 token positions, .* 0 to 4/);
    },
  );

  it.each([[[99]], [[-1, 2]], ['x'], [[0.5]]])('a history of %j', (history) => {
    refuses(
      () => nextDistribution(post, window, { repeatPenalty: 2 }, { history: history as number[] }),
      /^the history must be token positions/,
    );
  });

  it('an unknown option key, naming the nearest', () => {
    refuses(() => nextDistribution(post, window, { topk: 3 } as never), /^unknown option "topk"; did you mean topK\?/);
    refuses(() => nextDistribution(post, window, { zzzzzzzz: 1 } as never), /^unknown option "zzzzzzzz" /);
  });

  it.each([null, [], 'topK', 3])('options of %j', (options) => {
    refuses(() => nextDistribution(post, window, options as never), /^the options must be an object of settings/);
  });

  it.each([null, {}, { tokens: ['a'] }, { ...post, f2: [1, 2, 3, 4, 5] }])('a model of %j', (bad) => {
    refuses(() => new Sampler(bad as never), /^the model must come from loadModel or modelFromJson$/);
  });

  it('moment.states that are not one per active stage', () => {
    const sampler = new Sampler(post, { mirostat: 2 });
    refuses(() => sampler.distribution(window, { states: 'x' as never }), /^moment.states must hold one state per/);
    refuses(() => sampler.distribution(window, { states: [] }), /\(1\)/);
  });

  it('a hole in f1, which map would skip', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is tested
    const sparse = [1, , 2];
    refuses(() => modelFromJson({ a: 1 }, { f1: sparse, f2: { a: 1 } }, sources), /f1\[1\]/, 'data');
  });

  it.each([[[0.5, 0.9]], [[-1, 2]], [[Number.NaN, 1]], ['abc'], [[]], [null]])(
    'applyStage with probabilities %j',
    (probs) => {
      refuses(() => applyStage(topK, probs as number[], { topK: 1 }), /^probs must be a distribution/);
    },
  );

  it('applyStage with logits that are not one per probability', () => {
    refuses(() => applyStage(topP, [0.5, 0.5], { topP: 0.5 }, { logits: [1] }), /^moment.logits must hold 2 numbers/);
    refuses(() => applyStage(topP, [0.5, 0.5], { topP: 0.5 }, { logits: [1, Number.NaN] }), /-Infinity for a ban/);
  });
});

describe('the exported constants are frozen, through and through', () => {
  it.each([
    ['STAGES', STAGES],
    ['a stage', STAGES[0]],
    ['a stage’s settings', STAGES[0].settings],
    ['SETTINGS', SETTINGS],
    ['PRESETS', PRESETS],
    ['a preset', PRESETS.hf],
    ['defaultSampling', defaultSampling],
    ['defaultSampling.logitBias', defaultSampling.logitBias],
  ])('%s', (_, value) => {
    expect(Object.isFrozen(value)).toBe(true);
  });

  it('so that a caller cannot change every later run', () => {
    expect(() => (PRESETS.hf as string[]).push('top_k')).toThrow(TypeError);
    expect(() => {
      (defaultSampling as { topK: number }).topK = 5;
    }).toThrow(TypeError);
    expect([...generate({ model: post, phrase: window, count: 1, rng: createRng('42') })][0].tokens).toEqual(['azul']);
  });
});
