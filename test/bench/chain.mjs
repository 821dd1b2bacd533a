// The benchmark's in-process cost of llama.cpp's default chain (top-k 40, top-p 0.95, min-p 0.05,
// temperature 0.8, in llama.cpp's order, under softmax) per token, on a vocabulary of Llama 3's size
// with Zipf-like logits (p ∝ rank^−1.3, the ranks shuffled over the ids), against the floor of
// computing f2's logits alone for that vocabulary. Prints JSON for run.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng, f1, f2, generateBatches, loadModel, PRESETS, Sampler } from '../../dist/index.js';
import { mulberry32, shuffledRanks } from './make-model.mjs';

const [dir] = process.argv.slice(2);
const SIZE = 128_256;
const FIRST_ID = 1_000_000;
const ranks = shuffledRanks(SIZE, mulberry32(SIZE));
// f1 = (0, 0, 1): the score is the last token's id, within 13% of 10⁶, so that the logits
// score × w stay near −1.3·ln(rank) whatever the window.
const vocab = {};
const weights = {};
for (let i = 0; i < SIZE; i++) {
  vocab[`t${i.toString(36)}`] = FIRST_ID + i;
  weights[`t${i.toString(36)}`] = (-1.3 * Math.log(ranks[i])) / FIRST_ID;
}
mkdirSync(dir, { recursive: true });
const paths = { vocab: join(dir, 'vocab.json'), weights: join(dir, 'weights.json') };
writeFileSync(paths.vocab, JSON.stringify(vocab));
writeFileSync(paths.weights, JSON.stringify({ f1: [0, 0, 1], f2: weights }));

const model = loadModel(paths);
const options = {
  norm: 'softmax',
  samplers: PRESETS['llama.cpp'],
  topK: 40,
  topP: 0.95,
  minP: 0.05,
  temperature: 0.8,
};
const TOKENS = 300;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (fn) => {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
};
const sampler = new Sampler(model, options);
const chain = () => {
  for (const _ of generateBatches({ sampler, phrase: [1, 2, 3], count: 1, length: TOKENS, rng: createRng('bench') }));
};
/** The floor: f1 and f2 for each token's window, into one reused array. */
const floor = () => {
  const logits = new Float64Array(SIZE);
  let check = 0;
  for (let n = 0; n < TOKENS; n++) {
    f2(f1([FIRST_ID, FIRST_ID, FIRST_ID + n], model.f1), model.f2, logits);
    check += logits[n];
  }
  return check;
};
const sample = [];
const logits = [];
for (let i = 0; i < 9; i++) {
  logits.push(seconds(floor) / TOKENS);
  sample.push(seconds(chain) / TOKENS);
}
console.log(JSON.stringify({ sample: median(sample), logits: median(logits) }));
