import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generate } from '../src/generate.js';
import type { Model } from '../src/model.js';
import { f1, f2 } from '../src/pipeline.js';
import { argmax } from '../src/ranking.js';
import { dryRuns } from '../src/reference.js';
import { createRng } from '../src/rng.js';
import { DRY_CONTEXT } from '../src/samplers/dry.js';
import { PRESETS } from '../src/samplers/index.js';
import { Repeats } from '../src/samplers/repeats.js';
import { arbitraryModelAndPhrase } from './helpers/arbitraries.js';
import { model } from './helpers/models.js';

describe("DRY's runs, kept as tokens come, are llama.cpp's Z-algorithm over the window", () => {
  it('for random histories, windows, allowed lengths and breakers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(4), { maxLength: 120 }),
        fc.integer({ min: 1, max: 50 }),
        fc.nat(4),
        fc.uniqueArray(fc.nat(4), { maxLength: 2 }),
        (history, window, allowed, breakers) => {
          const repeats = new Repeats(window, new Set(breakers));
          // After every token, not only the last: the window slides and its memory is trimmed.
          history.forEach((token, i) => {
            repeats.push(token);
            const expected = dryRuns(history.slice(0, i + 1), window, allowed, new Set(breakers));
            expect(repeats.longest(allowed)).toEqual(expected);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a run of one token repeated: each step reads the window, never the whole history', () => {
    const repeats = new Repeats(8, new Set());
    for (let i = 0; i < 100; i++) repeats.push(0);
    // Within the window of 8, "0 × 7" repeats, followed by 0.
    expect(repeats.longest(2)).toEqual(new Map([[0, 7]]));
    expect(DRY_CONTEXT).toBe(4096);
  });
});

/**
 * The logits after the history's processors, computed from the whole history at every step with
 * no state: counts over the last n, n-grams found by scanning, DRY's runs by the Z-algorithm.
 */
function processedFromScratch(m: Model, window: number[], history: number[], o: Record<string, number>): number[] {
  const logits = Array.from(
    f2(
      f1(
        window.map((p) => m.ids[p]),
        m.f1,
      ),
      m.f2,
    ),
  );
  const last = o.repeatLastN === -1 ? history : history.slice(Math.max(0, history.length - o.repeatLastN));
  const counts = new Map<number, number>();
  for (const t of last) counts.set(t, (counts.get(t) ?? 0) + 1);
  if (o.repeatLastN !== 0) {
    for (const [t, count] of counts) {
      const z = logits[t];
      logits[t] =
        (z > 0 ? z / o.repeatPenalty : z * o.repeatPenalty) - (count * o.frequencyPenalty + o.presencePenalty);
    }
  }
  const n = o.noRepeatNgram;
  if (n > 0 && history.length >= n - 1) {
    const prefix = history.slice(history.length - n + 1);
    for (let start = 0; start + n <= history.length; start++) {
      if (prefix.every((t, k) => history[start + k] === t)) logits[history[start + n - 1]] = Number.NEGATIVE_INFINITY;
    }
  }
  if (o.dryMultiplier > 0) {
    const runs = dryRuns(
      history,
      o.dryPenaltyLastN === -1 ? DRY_CONTEXT : o.dryPenaltyLastN,
      o.dryAllowedLength,
      new Set(),
    );
    // llama.cpp caps the exponent where base^exponent would overflow a float.
    const cap = o.dryBase > 1.000001 ? Math.floor(88.7228391 / Math.log(o.dryBase)) : Infinity;
    for (const [t, run] of runs) logits[t] -= o.dryMultiplier * o.dryBase ** Math.min(run - o.dryAllowedLength, cap);
  }
  return logits;
}

describe('greedy trajectories with the history stages match recomputing from the whole history', () => {
  const settings = fc.record({
    repeatPenalty: fc.double({ min: 0.5, max: 3, noNaN: true }),
    repeatLastN: fc.constantFrom(-1, 0, 1, 3, 16),
    presencePenalty: fc.double({ min: -2, max: 2, noNaN: true }),
    frequencyPenalty: fc.double({ min: -1, max: 1, noNaN: true }),
    noRepeatNgram: fc.constantFrom(0, 0, 4, 6),
    dryMultiplier: fc.constantFrom(0, 0.5, 2),
    dryBase: fc.double({ min: 1, max: 2, noNaN: true }),
    dryAllowedLength: fc.nat(3),
    dryPenaltyLastN: fc.constantFrom(-1, 5, 40),
  });

  it('over 500 tokens, on random models, with softmax so that penalties may go negative', () => {
    fc.assert(
      fc.property(arbitraryModelAndPhrase, settings, ([m, phrase], o) => {
        const options = { ...o, norm: 'softmax' as const, greedy: true, samplers: PRESETS.hf };
        // The reference's trajectory, until 500 tokens or until every token is banned.
        const history = [...phrase];
        let banned = false;
        while (history.length < phrase.length + 500 && !banned) {
          const logits = processedFromScratch(m, history.slice(history.length - m.f1.length), history, o);
          banned = Math.max(...logits) === Number.NEGATIVE_INFINITY;
          if (!banned) history.push(argmax(logits));
        }
        const run = (): number[] =>
          [...generate({ model: m, phrase, count: 1, length: 500, options, rng: createRng('t') })][0].ids;
        if (banned) expect(() => run()).toThrow(/every token is banned/);
        else expect(run()).toEqual(history.slice(phrase.length).map((p) => m.ids[p]));
      }),
      { numRuns: 25 },
    );
  });

  it('on the post, with the penalties over the whole history and DRY', () => {
    const post = model();
    const o = {
      repeatPenalty: 1.3,
      repeatLastN: -1,
      presencePenalty: 5,
      frequencyPenalty: 0.5,
      noRepeatNgram: 0,
      dryMultiplier: 50,
      dryBase: 1.75,
      dryAllowedLength: 2,
      dryPenaltyLastN: -1,
    };
    const phrase = [3, 1, 4];
    const options = { ...o, greedy: true, norm: 'softmax' as const };
    const [{ ids }] = [...generate({ model: post, phrase, count: 1, length: 500, options, rng: createRng('p') })];
    const history = [...phrase];
    for (const id of ids) {
      const logits = processedFromScratch(post, history.slice(-3), history, o);
      expect(post.ids[argmax(logits)]).toBe(id);
      history.push(post.ids.indexOf(id));
    }
    expect(new Set(ids).size).toBeGreaterThan(1);
  });
});
