// A 200,000-token vocabulary crafted against an unseeded FNV-1a table of its size: every token
// hashes to slot 0 of 2^19, so that a fixed hash would make the load quadratic. Each token is a
// prefix whose hash has bits 16 to 18 clear, then the one character that clears the low 16 bits:
// (h ^ c) · p ≡ 0 (mod 2^19) when c = h's low 16 bits, p being odd. Only CJK ideographs are taken,
// so that every token is one the loader accepts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const fnv = (text) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

export function collidingModel(size, dir) {
  const vocab = {};
  const f2 = {};
  let tried = 0;
  for (let made = 0; made < size; tried++) {
    const prefix = `k${tried.toString(36)}`;
    const h = fnv(prefix);
    const c = h & 0xffff;
    if ((h & 0x70000) !== 0 || c < 0x4e00 || c > 0x9fff) continue;
    const token = prefix + String.fromCharCode(c);
    vocab[token] = made;
    f2[token] = 1 + (made % 7);
    made++;
  }
  mkdirSync(dir, { recursive: true });
  const paths = { vocab: join(dir, 'vocab.json'), weights: join(dir, 'weights.json') };
  writeFileSync(paths.vocab, JSON.stringify(vocab));
  writeFileSync(paths.weights, JSON.stringify({ f1: [1, 0.5, 1.5], f2 }));
  const tokens = Object.keys(vocab);
  return { paths, phrase: tokens.slice(0, 3).join(' ') };
}
