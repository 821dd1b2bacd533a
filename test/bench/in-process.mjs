// The benchmark's in-process measurements on a large model: loading against a plain JSON.parse of
// the same files, and the cost of one sampled token against the floor of one pass that computes
// the logits and their softmax. Prints JSON for run.mjs.
import { readFileSync } from 'node:fs';
import { contextWindow, createRng, generateBatches, loadModel, tokenize } from '../../dist/index.js';

const [vocab, weights, phraseText] = process.argv.slice(2);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (fn) => {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

const parse = [];
const load = [];
for (let i = 0; i < 7; i++) {
  parse.push(seconds(() => [vocab, weights].map((path) => JSON.parse(readFileSync(path, 'utf8')))));
  load.push(seconds(() => loadModel({ vocab, weights })));
}

const model = loadModel({ vocab, weights });
const phrase = tokenize(phraseText, model);
const options = { norm: 'softmax', temperature: 300, topK: 0, topP: 0.9, minP: 0, greedy: false };
const TOKENS = 100;

/** The floor: for each token, f1, then one pass for the logits and the max, and one for exp and the sum. */
function floor() {
  const window = contextWindow(phrase, model).map((p) => model.ids[p]);
  const logits = new Float64Array(model.tokens.length);
  let check = 0;
  for (let n = 0; n < TOKENS; n++) {
    let score = 0;
    for (let i = 0; i < window.length; i++) score += window[i] * model.f1[i];
    let max = -Infinity;
    for (let j = 0; j < logits.length; j++) {
      const z = score * model.f2[j];
      logits[j] = z;
      if (z > max) max = z;
    }
    let total = 0;
    for (let j = 0; j < logits.length; j++) total += Math.exp((logits[j] - max) / 300);
    check += total;
    window.push(window.shift() + 1);
  }
  return check;
}

function sampleTokens() {
  const request = { model, phrase, count: 1, length: TOKENS, options, rng: createRng('bench') };
  for (const _ of generateBatches(request));
}

const token = { sample: [], floor: [] };
for (let i = 0; i < 5; i++) {
  token.floor.push(seconds(floor) / TOKENS);
  token.sample.push(seconds(sampleTokens) / TOKENS);
}
console.log(
  JSON.stringify({
    load: { parse: median(parse), model: median(load) },
    token: { floor: median(token.floor), sample: median(token.sample) },
  }),
);
