// Models the bench did not design for its own code: the words of a real dictionary, and any
// model with its keys in another order. Generated on demand, never committed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from './make-model.mjs';

export const DICTIONARY = '/usr/share/dict/spanish';

/** Shuffles in place with a fixed seed: the same order on every machine. */
function shuffle(items, seed) {
  const random = mulberry32(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Debian's Spanish word list (package wspanish, about 86,000 words, accents included) as a
 * vocabulary: ids shuffled over the words, so the file is not in id order, and Zipf-like weights
 * (f2 = 1/rank, ranks shuffled too), written to f2 in yet another order. The post's norm.
 */
export function spanishModel(dir) {
  if (!existsSync(DICTIONARY)) return undefined;
  const words = [
    ...new Set(
      readFileSync(DICTIONARY, 'utf8')
        .split('\n')
        .map((w) => w.normalize('NFC'))
        .filter((w) => w !== '' && !/[\s\p{Cc}\p{Cf}]/u.test(w)),
    ),
  ];
  const ids = shuffle(
    words.map((_, i) => i + 1),
    1,
  );
  const ranks = shuffle(
    words.map((_, i) => i + 1),
    2,
  );
  const vocab = Object.fromEntries(words.map((w, i) => [w, ids[i]]));
  const f2 = Object.fromEntries(
    shuffle(
      words.map((w, i) => [w, 1 / ranks[i]]),
      3,
    ),
  );
  mkdirSync(dir, { recursive: true });
  const paths = { vocab: join(dir, 'vocab.json'), weights: join(dir, 'weights.json') };
  writeFileSync(paths.vocab, JSON.stringify(vocab));
  writeFileSync(paths.weights, JSON.stringify({ f1: [1, 1, 1], f2 }));
  return { paths, phrase: 'el cielo es', size: words.length };
}

/** The same model with the keys of f2 in a shuffled order, as another tool might write them. */
export function withShuffledWeights(paths, dir) {
  const weights = JSON.parse(readFileSync(paths.weights, 'utf8'));
  weights.f2 = Object.fromEntries(shuffle(Object.entries(weights.f2), 4));
  mkdirSync(dir, { recursive: true });
  const shuffled = join(dir, 'weights.json');
  writeFileSync(shuffled, JSON.stringify(weights));
  return { vocab: paths.vocab, weights: shuffled };
}
