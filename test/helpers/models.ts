import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Model, modelFromJson } from '../../src/model.js';

export const postVocab = { azul: 227, cielo: 350, frío: 402, el: 578, es: 698 };
export const postWeights = { f1: [1.0, 0.5, 1.5], f2: { azul: 2.5, cielo: 0.7, frío: 2.0, el: 0.2, es: 0.5 } };

export const sources = { vocab: 'vocab.json', weights: 'weights.json' };

export function model(vocab: unknown = postVocab, weights: unknown = postWeights): Model {
  return modelFromJson(vocab, weights, sources);
}

/** Writes a file (an object as JSON, a string or bytes as they are) in `dir`; returns its path. */
function written(dir: string, name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  return path;
}

/** Writes model files (objects as JSON, strings verbatim) to a fresh temporary folder. */
export function modelFiles(vocab: unknown, weights: unknown): { vocab: string; weights: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sample-model-'));
  return { vocab: written(dir, 'vocab.json', vocab), weights: written(dir, 'weights.json', weights) };
}

/** Writes one file, named `name`, to a fresh temporary folder: a settings file, a capture. */
export const writtenFile = (name: string, content: unknown): string =>
  written(mkdtempSync(join(tmpdir(), 'sample-file-')), name, content);
