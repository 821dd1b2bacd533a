// A deterministic model of the size of a GPT-class vocabulary, for the benchmark: generated on
// demand, never committed. Tokens are pseudo-words (some accented, to exercise NFC); f2 follows
// a Zipf-like law, log-weights by rank, so that softmax at a moderate temperature spreads over a
// few hundred tokens as a real model's does, rather than over one token or all of them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small fixed-seed generator (mulberry32): the same model on every machine. */
function mulberry32(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzáéíóúñ';

export function makeModel(size, dir) {
  const random = mulberry32(size);
  // Ranks are shuffled over the ids, so that likely tokens, joining the context, keep its ids typical.
  const ranks = Array.from({ length: size }, (_, i) => i + 1);
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ranks[i], ranks[j]] = [ranks[j], ranks[i]];
  }
  const vocab = {};
  const f2 = {};
  for (let id = 0; id < size; id++) {
    let word = '';
    const length = 2 + Math.floor(random() * 8);
    for (let i = 0; i < length; i++) word += LETTERS[Math.floor(random() * LETTERS.length)];
    const token = `${word}${id.toString(36)}`;
    vocab[token] = id;
    // Weight 1 − c·ln(rank): softmax(z/T) ∝ rank^(−s·c/T), a Zipf law whose exponent is about 1.5
    // at T = 300 for a context of typical ids (score s ≈ 3·10⁵).
    f2[token] = 1 - 1.5e-3 * Math.log(ranks[id]);
  }
  mkdirSync(dir, { recursive: true });
  const paths = { vocab: join(dir, 'vocab.json'), weights: join(dir, 'weights.json') };
  writeFileSync(paths.vocab, JSON.stringify(vocab));
  writeFileSync(paths.weights, JSON.stringify({ f1: [1, 0.5, 1.5], f2 }));
  const tokens = Object.keys(vocab);
  return { paths, phrase: [tokens[60_000], tokens[110_000], tokens[90_000]].join(' ') };
}
