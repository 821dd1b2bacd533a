/**
 * The library: the post's pipeline, the chain of samplers and the seeded draw, importable
 * without running the CLI.
 *
 *   const model = loadModel();
 *   const phrase = tokenize('el cielo es', model);
 *   for (const c of generate({ model, phrase, count: 3, rng: createRng('42') })) console.log(c.tokens);
 */

export {
  type Capture,
  type CapturedModel,
  type CapturedPosition,
  type CaptureFormat,
  type CaptureKind,
  capturedModel,
  REST,
  readCapture,
  type VectorVocabulary,
  vectorModel,
  vectorVocabulary,
} from './capture.js';
export { type CaptureFileOptions, loadCapture } from './capture-file.js';
export { type Comparison, compareChains, type Parting, parting, removals } from './compare.js';
export { type Cdf, cdf, draw, drawFrom, type Guide } from './draw.js';
export { type ErrorKind, SampleError } from './errors.js';
export {
  type Batch,
  type Continuation,
  continuationAt,
  type GenerateRequest,
  generate,
  generateBatches,
} from './generate.js';
export { parseJson } from './json.js';
export { bundledModelPaths, loadModel } from './load.js';
export { type Model, type ModelPaths, modelFromJson } from './model.js';
export { isNpy, type NpyHeader, npyHeader, npyRow } from './npy.js';
export { defaultSampling, type NormKind, type SamplingOptions, samplingOptions } from './options.js';
export { exponentials, f1, f2, norm, softmax, sum } from './pipeline.js';
export { argmax, descending, entropy, ranked } from './ranking.js';
export { createRng, freshSeed, type Rng } from './rng.js';
export {
  applyStage,
  type Distribution,
  type Drawn,
  type Moment,
  nextDistribution,
  Sampler,
  type Step,
} from './sampler.js';
export { adaptiveP } from './samplers/adaptive-p.js';
export { Candidates } from './samplers/candidates.js';
export { dry } from './samplers/dry.js';
export { epsilon } from './samplers/epsilon.js';
export { eta } from './samplers/eta.js';
export { PRESETS, parseSamplers, STAGES, type StageName, stageNamed } from './samplers/index.js';
export { type LogitBias, logitBias } from './samplers/logit-bias.js';
export { minP } from './samplers/min-p.js';
export { mirostat } from './samplers/mirostat.js';
export { noRepeatNgram } from './samplers/no-repeat-ngram.js';
export { penalties } from './samplers/penalties.js';
export { smoothing } from './samplers/smoothing.js';
export type { Report, Setting, Stage, StageContext } from './samplers/stage.js';
export { temperature } from './samplers/temperature.js';
export { tfs } from './samplers/tfs.js';
export { topA } from './samplers/top-a.js';
export { topH } from './samplers/top-h.js';
export { topK } from './samplers/top-k.js';
export { topNSigma } from './samplers/top-n-sigma.js';
export { topP } from './samplers/top-p.js';
export { typical } from './samplers/typical.js';
export { xtc } from './samplers/xtc.js';
export {
  readSettings,
  type Settings,
  type SettingsFormat,
  type SettingsOptions,
  settingsOptions,
  type TypedSetting,
  type UnusedSetting,
} from './settings.js';
export { type ChiSquare, chiSquare, chiSquareSurvival } from './stats.js';
export { contextWindow, splitPhrase, tokenize } from './tokenize.js';
