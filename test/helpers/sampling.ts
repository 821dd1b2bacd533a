import { generate, generateBatches } from '../../src/generate.js';
import type { Model } from '../../src/model.js';
import { defaultSampling, type SamplingOptions } from '../../src/options.js';
import { createRng } from '../../src/rng.js';
import { tokenize } from '../../src/tokenize.js';

/** The tokens `count` continuations of `phrase` draw with `seed`, as positions. */
export function sampledPositions(model: Model, phrase: string, seed: string, count: number): number[] {
  const positions: number[] = [];
  for (const batch of generateBatches({ model, phrase: tokenize(phrase, model), count, rng: createRng(seed) })) {
    positions.push(...batch.tokens.subarray(0, batch.count));
  }
  return positions;
}

export const sampledTokens = (model: Model, phrase: string, seed: string, count: number): string[] =>
  sampledPositions(model, phrase, seed, count).map((position) => model.tokens[position]);

/** The continuations as text-format lines' new parts, through the library's convenient generator. */
export function continuations(
  model: Model,
  phrase: string,
  seed: string,
  count: number,
  length = 1,
  options: Partial<SamplingOptions> = {},
): string[] {
  const request = {
    model,
    phrase: tokenize(phrase, model),
    count,
    length,
    options: { ...defaultSampling, ...options },
    rng: createRng(seed),
  };
  return Array.from(generate(request), (c) => c.tokens.join(' '));
}
