/** The library: the post's pipeline and the seeded sampler, importable without running the CLI. */

export { argmax, greedy, minP, ranked, temperature, topK, topP } from './chain.js';
export { type Distribution, nextDistribution } from './distribution.js';
export { type Cdf, cdf, draw, drawFrom } from './draw.js';
export { type ErrorKind, SampleError } from './errors.js';
export { type Batch, type GenerateRequest, generateBatches } from './generate.js';
export { bundledModelPaths, loadModel, type Model, type ModelPaths, modelFromJson, parseJson } from './model.js';
export { exponentials, f1, f2, norm, softmax, sum } from './pipeline.js';
export { createRng, freshSeed, type Rng } from './rng.js';
export { contextWindow, splitPhrase, tokenize } from './tokenize.js';
