/**
 * The library: the post's pipeline and the seeded sampler, importable without running the CLI.
 *
 *   const model = loadModel();
 *   const phrase = tokenize('el cielo es', model);
 *   for (const c of generate({ model, phrase, count: 3, rng: createRng('42') })) console.log(c.tokens);
 */

export { argmax, descending, greedy, minP, ranked, temperature, topK, topP } from './chain.js';
export {
  type Distribution,
  defaultSampling,
  type NormKind,
  nextDistribution,
  type SamplingOptions,
  type Stage,
  type StageName,
} from './distribution.js';
export { type Cdf, cdf, draw, drawFrom } from './draw.js';
export { type ErrorKind, SampleError } from './errors.js';
export {
  type Batch,
  type Continuation,
  continuationAt,
  type GenerateRequest,
  generate,
  generateBatches,
} from './generate.js';
export { bundledModelPaths, loadModel, type Model, type ModelPaths, modelFromJson, parseJson } from './model.js';
export { exponentials, f1, f2, norm, softmax, sum } from './pipeline.js';
export { createRng, freshSeed, type Rng } from './rng.js';
export { type ChiSquare, chiSquare, chiSquareSurvival } from './stats.js';
export { contextWindow, splitPhrase, tokenize } from './tokenize.js';
