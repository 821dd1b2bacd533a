import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { drawOnce } from '../src/draw.js';
import { generate, generateBatches } from '../src/generate.js';
import { defaultSampling } from '../src/options.js';
import { createRng } from '../src/rng.js';
import { Sampler } from '../src/sampler.js';
import { adaptedTarget, adaptiveLogit } from '../src/samplers/adaptive-p.js';
import { PRESETS } from '../src/samplers/index.js';
import { chiSquare } from '../src/stats.js';
import { contextWindow } from '../src/tokenize.js';
import { arbitraryModelAndPhrase } from './helpers/arbitraries.js';
import { model } from './helpers/models.js';
import { continuations, sampledPositions, sampledTokens } from './helpers/sampling.js';

const post = model();
const postProbs = [4500, 1260, 3600, 360, 900].map((l) => l / 10620);

describe('the sampling contract', () => {
  it('draws one u = seedrandom(seed)() per token and picks the band u falls in, by hand', () => {
    const rng = seedrandom('42');
    const bands = [0.4237288, 0.5423729, 0.8813559, 0.9152542, 1]; // cumulative, to 7 places
    // 5000 draws: past the count at which the sampler builds a guide table, which must not matter.
    const byHand = Array.from({ length: 5000 }, () => {
      const u = rng();
      return ['azul', 'cielo', 'frío', 'el', 'es'][bands.findIndex((to) => u < to)];
    });
    expect(sampledTokens(post, 'el cielo es', '42', 5000)).toEqual(byHand);
  });

  it('records the u and the probability of each draw', () => {
    const [batch] = generateBatches({ model: post, phrase: [3, 1, 4], count: 3, rng: createRng('42') });
    const rng = seedrandom('42');
    expect([...batch.draws.subarray(0, 3)]).toEqual([rng(), rng(), rng()]);
    expect(batch.probs[0]).toBe(postProbs[batch.tokens[0]]);
  });

  it('draws continuations one after another from one stream, across batches', () => {
    const whole = sampledPositions(post, 'el cielo es', '7', 10);
    const batched: number[] = [];
    for (const batch of generateBatches({ model: post, phrase: [3, 1, 4], count: 10, rng: createRng('7') }, 3)) {
      batched.push(...batch.tokens.subarray(0, batch.count));
    }
    expect(batched).toEqual(whole);
  });

  it('uses the seed as the string typed: "42" and 42 differ in seedrandom, and we use "42"', () => {
    expect(createRng('42')()).toBe(seedrandom('42')());
    expect(createRng('42')()).not.toBe(seedrandom(42 as unknown as string)());
  });
});

describe('golden vectors: the exact stream for a seed (a change here is a breaking change)', () => {
  it.each([
    ['42', 'azul azul es azul es frío frío frío azul azul'],
    ['1', 'azul cielo frío azul frío cielo frío azul cielo azul'],
    ['hola', 'azul azul frío frío frío azul cielo azul el frío'],
  ])('seed %s', (seed, expected) => {
    expect(sampledTokens(post, 'el cielo es', seed, 10).join(' ')).toBe(expected);
  });
});

describe('golden vectors with the chain and with -t', () => {
  it.each([
    [{ topK: 2 }, 1, 'azul|azul|frío|azul|frío'],
    [{ topP: 0.5 }, 1, 'azul|azul|frío|azul|frío'],
    [{ minP: 0.25 }, 1, 'azul|azul|frío|azul|frío'],
    [{ temperature: 2 }, 1, 'azul|azul|es|cielo|es'],
    [{ norm: 'softmax', temperature: 1000 }, 1, 'azul|azul|frío|azul|frío'],
    [{}, 3, 'azul azul es|azul es frío|frío frío azul|azul cielo azul|frío frío azul'],
    [{ norm: 'softmax', temperature: 2000 }, 2, 'azul azul|es azul|es frío|el frío|azul azul'],
  ] as const)('%j with %i tokens', (options, length, expected) => {
    expect(continuations(post, 'el cielo es', '42', 5, length, options).join('|')).toBe(expected);
  });

  it.each([
    [{ samplers: PRESETS['llama.cpp'], temperature: 2, topP: 0.7 }, 1, 'azul|azul|frío|azul|frío'],
    [{ repeatPenalty: 1.5 }, 3, 'azul azul es|azul el frío|frío frío azul|azul cielo azul|frío cielo azul'],
    [
      { norm: 'softmax', temperature: 300, presencePenalty: 300, frequencyPenalty: 100 },
      3,
      'azul azul frío|azul frío azul|azul frío azul|azul azul azul|azul azul azul',
    ],
    [{ logitBias: [{ token: 'azul', bias: -4000 }] }, 1, 'azul|cielo|es|frío|es'],
    [{ noRepeatNgram: 1 }, 2, 'azul frío|frío azul|frío azul|frío azul|azul frío'],
    [
      { norm: 'softmax', temperature: 300, dryMultiplier: 800, dryAllowedLength: 1 },
      4,
      'azul azul frío azul|azul azul frío azul|azul azul frío azul|azul azul frío frío|azul azul frío frío',
    ],
    [{ typical: 0.5 }, 1, 'azul|azul|frío|azul|frío'],
    [{ epsilon: 0.1 }, 1, 'azul|azul|frío|azul|frío'],
    [{ eta: 0.1 }, 1, 'azul|azul|frío|azul|frío'],
    [{ topNSigma: 1 }, 1, 'azul|azul|frío|azul|frío'],
    [{ xtcProbability: 0.5, xtcThreshold: 0.3 }, 1, 'cielo|azul|frío|frío|frío'],
    [{ dynatempRange: 0.5 }, 1, 'azul|azul|es|cielo|es'],
    [
      { mirostat: 2, mirostatEnt: 1.5 },
      3,
      'azul azul frío|azul frío frío|frío frío azul|azul azul azul|frío azul azul',
    ],
  ] as const)('the new stages: %j with %i tokens', (options, length, expected) => {
    expect(continuations(post, 'el cielo es', '42', 5, length, options as never).join('|')).toBe(expected);
  });

  it('XTC draws its own u before the token’s u, by hand', () => {
    const rng = seedrandom('42');
    const all = [4500, 1260, 3600, 360, 900];
    const fired = [0, 1260, 3600, 360, 900];
    const byHand = Array.from({ length: 200 }, () => {
      const logits = rng() <= 0.5 ? fired : all;
      const total = logits.reduce((a, b) => a + b);
      const u = rng();
      const bands = logits.map((_, i) => logits.slice(0, i + 1).reduce((a, b) => a + b) / total);
      return ['azul', 'cielo', 'frío', 'el', 'es'][bands.findIndex((to) => u < to)];
    });
    expect(continuations(post, 'el cielo es', '42', 200, 1, { xtcProbability: 0.5, xtcThreshold: 0.3 })).toEqual(
      byHand,
    );
  });

  it('adaptive-p follows each continuation’s choices from the target, by hand', () => {
    // Under norm the post's distribution is the same at every step: only the average moves.
    const p = [4500, 1260, 3600, 360, 900].map((z) => z / 10620);
    const [target, decay] = [0.3, 0.5];
    const rng = seedrandom('42');
    const byHand = Array.from({ length: 40 }, () => {
      let average = { weighted: target / (1 - decay), total: 1 / (1 - decay) };
      return Array.from({ length: 4 }, () => {
        const aim = adaptedTarget(target, average);
        const e = p.map((x) => Math.exp(adaptiveLogit(x, aim)));
        const total = e.reduce((a, b) => a + b);
        const u = rng();
        let [at, to] = [0, e[0] / total];
        while (u >= to && at < 4) to += e[++at] / total;
        average = { weighted: p[at] + decay * average.weighted, total: 1 + decay * average.total };
        return ['azul', 'cielo', 'frío', 'el', 'es'][at];
      }).join(' ');
    });
    const options = { adaptiveTarget: target, adaptiveDecay: decay };
    expect(continuations(post, 'el cielo es', '42', 40, 4, options)).toEqual(byHand);
  });

  it('a continuation draws what the traced chain draws token by token, states and coins included', () => {
    // The plain version: each token's distribution made afresh, its state moved by Sampler.accept.
    const settings = fc.record({
      norm: fc.constantFrom('sum' as const, 'softmax' as const),
      samplers: fc.constantFrom(PRESETS.hf, PRESETS['llama.cpp']),
      temperature: fc.constantFrom(1, 0.5, 3),
      adaptiveTarget: fc.constantFrom(-1, 0.1, 0.5),
      adaptiveDecay: fc.constantFrom(0, 0.5, 0.99),
      mirostat: fc.constantFrom(0, 1, 2),
      repeatPenalty: fc.constantFrom(1, 1.5),
      noRepeatNgram: fc.constantFrom(0, 2),
      xtcProbability: fc.constantFrom(0, 0.5),
      xtcThreshold: fc.constantFrom(0.1, 0.3),
    });
    fc.assert(
      fc.property(arbitraryModelAndPhrase, settings, fc.integer({ min: 1, max: 4 }), ([m, phrase], o, length) => {
        const sampler = new Sampler(m, { ...defaultSampling, ...o });
        const rng = seedrandom('7');
        // A chain that bans every token fails in both, with the same message.
        const outcome = (run: () => unknown): unknown => {
          try {
            return run();
          } catch (error) {
            return (error as Error).message;
          }
        };
        const byHand = outcome(() =>
          Array.from({ length: 6 }, () => {
            const states = sampler.initialStates(phrase);
            const window = contextWindow(phrase, m);
            return Array.from({ length }, () => {
              const d = sampler.distribution(window, { history: phrase, states, coin: rng });
              const token = d.greedy ? d.probs.indexOf(Math.max(...d.probs)) : drawOnce(d.probs, rng());
              sampler.accept(states, token, d.probs[token]);
              window.push(token);
              window.shift();
              return token;
            });
          }),
        );
        const request = { sampler, phrase, count: 6, length, rng: seedrandom('7') };
        const drawn = outcome(() => Array.from(generate(request), (c) => c.tokens.map((t) => m.tokens.indexOf(t))));
        expect(drawn).toEqual(byHand);
        // Traced, the run makes each distribution a view needs: the draws must not change with it.
        const traced = { ...request, rng: seedrandom('7'), trace: () => {} };
        expect(outcome(() => Array.from(generate(traced), (c) => c.tokens.map((t) => m.tokens.indexOf(t))))).toEqual(
          byHand,
        );
      }),
      { numRuns: 150 },
    );
  });

  it('greedy draws nothing from the stream', () => {
    const [c] = generate({
      model: post,
      phrase: [3, 1, 4],
      count: 1,
      length: 2,
      options: { ...defaultSampling, greedy: true },
      rng: () => {
        throw new Error('drew');
      },
    });
    expect(c).toEqual({ tokens: ['azul', 'azul'], ids: [227, 227], probs: [1, 1], draws: [null, null] });
  });

  it('each token of a continuation joins the context of the next', () => {
    const m = model({ a: 1, b: 2, c: 3 }, { f1: [1, 1], f2: { a: 1, b: 1, c: 1 } });
    const softmaxed = { ...defaultSampling, norm: 'softmax' as const, greedy: true };
    // The score is the sum of the last two ids; f2 being flat, greedy takes the first token, a.
    const [c] = generate({ model: m, phrase: [2, 2], count: 1, length: 3, options: softmaxed, rng: Math.random });
    expect(c.tokens).toEqual(['a', 'a', 'a']);
  });
});

describe('goodness of fit', () => {
  it('200,000 samples with a fixed seed fit (0.4237, 0.1186, 0.3390, 0.0339, 0.0847)', () => {
    const counts = [0, 0, 0, 0, 0];
    for (const position of sampledPositions(post, 'el cielo es', 'fit', 200_000)) counts[position]++;
    const { statistic, degreesOfFreedom, pValue } = chiSquare(counts, postProbs);
    expect(degreesOfFreedom).toBe(4);
    expect(statistic).toBeLessThan(18.47); // the 0.001 critical value for 4 degrees of freedom
    expect(pValue).toBeGreaterThan(0.001);
    counts.forEach((count, i) => {
      expect(count / 200_000).toBeCloseTo(postProbs[i], 2);
    });
  });

  it('a sampler with the wrong probabilities fails the same test', () => {
    const counts = [0, 0, 0, 0, 0];
    for (const position of sampledPositions(post, 'el cielo es', 'fit', 200_000)) counts[position]++;
    const skewed = [0.41, 0.13, 0.34, 0.034, 0.086];
    expect(chiSquare(counts, skewed).pValue).toBeLessThan(0.001);
  });
});
