import { generate } from '../generate.js';
import type { Messages } from '../i18n/en.js';
import type { Model } from '../model.js';
import { createRng } from '../rng.js';
import { Sampler } from '../sampler.js';
import { contextWindow, tokenize } from '../tokenize.js';
import type { Scene } from './render.js';
import type { Reading } from './state.js';

/** The most new tokens the page draws and lists; the command line draws any number. */
export const PAGE_TOKENS = 20_000;

/**
 * What the page shows for settings read without error, computed by the project's own core: the
 * first continuations only, however many a fragment asks for, so that the page stays quick; they
 * are the command line's first lines, from the same stream. Throws a SampleError as a run would.
 */
export function sceneOf(
  reading: Reading,
  model: Model,
  found: readonly number[],
  m: Messages,
  captured?: Scene['captured'],
): Scene {
  // A capture's phrase is the tokens chosen before its position, and its logits are softmax's.
  const phrase = captured ? [...captured.history] : tokenize(reading.phrase, model);
  const window = contextWindow(phrase, model);
  const sampler = new Sampler(model, captured ? { ...reading.options, norm: 'softmax' } : reading.options);
  const logits = captured?.logits;
  const distribution = sampler.phraseDistribution(window, phrase, logits);
  const drawn = Math.min(reading.count, Math.floor(PAGE_TOKENS / reading.tokens));
  const rng = createRng(reading.seed);
  const samples = [...generate({ phrase, sampler, count: drawn, length: reading.tokens, rng, logits })];
  const scene = {
    model,
    options: sampler.options,
    phrase,
    window,
    distribution,
    samples,
    asked: reading.count,
    found,
    m,
  };
  return { ...scene, captured };
}
