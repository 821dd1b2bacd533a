// A deterministic model of the size of a GPT-class vocabulary, for the benchmark: generated on
// demand, never committed. Tokens are pseudo-words, most with accented letters. Like a real
// model's, its next-token distributions follow Zipf's law: f2's weights are 1 − c·ln(rank), so
// softmax(z/T) ∝ rank^(−s·c/T). Ids run from 1,000,000, so the score s of any context lies within
// 10% of 3.3·10⁶ and, at T = 300, the exponent stays near 1.3: top-p 0.9 then keeps some hundreds
// to thousands of tokens, not one and not most of the vocabulary.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small fixed-seed generator (mulberry32): the same model on every machine. */
export function mulberry32(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzáéíóúñ';
const FIRST_ID = 1_000_000;

/** The ranks 1..size, shuffled over the ids (Fisher–Yates, from `random`). */
export function shuffledRanks(size, random) {
  const ranks = Array.from({ length: size }, (_, i) => i + 1);
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ranks[i], ranks[j]] = [ranks[j], ranks[i]];
  }
  return ranks;
}

export function makeModel(size, dir) {
  const random = mulberry32(size);
  // Ranks are shuffled over the ids, so that likely tokens, joining the context, keep its ids typical.
  const ranks = shuffledRanks(size, random);
  const vocab = {};
  const f2 = {};
  for (let index = 0; index < size; index++) {
    const id = FIRST_ID + index;
    let word = '';
    const length = 2 + Math.floor(random() * 8);
    for (let i = 0; i < length; i++) word += LETTERS[Math.floor(random() * LETTERS.length)];
    const token = `${word}${index.toString(36)}`;
    vocab[token] = id;
    f2[token] = 1 - 1.18e-4 * Math.log(ranks[index]);
  }
  mkdirSync(dir, { recursive: true });
  const paths = { vocab: join(dir, 'vocab.json'), weights: join(dir, 'weights.json') };
  writeFileSync(paths.vocab, JSON.stringify(vocab));
  writeFileSync(paths.weights, JSON.stringify({ f1: [1, 0.5, 1.5], f2 }));
  const tokens = Object.keys(vocab);
  return { paths, phrase: [tokens[60_000], tokens[110_000], tokens[90_000]].join(' ') };
}
