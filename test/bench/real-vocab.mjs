// Models the bench did not design for its own code: the words of a real dictionary, and any
// model with its keys in another order. Generated on demand, never committed.
import { execFileSync, spawnSync } from 'node:child_process';
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

/**
 * The same files as other tools write them: Python's json.dump with its defaults (every non-ASCII
 * character a \u escape, ", " and ": " between items), JSON.stringify with an indent of 2, jq's
 * default output, and the indented files with CRLF line endings. Python and jq are the real tools,
 * where the machine has them; a writer that is missing is named, not skipped silently.
 */
export function writtenBy(paths, dir) {
  mkdirSync(dir, { recursive: true });
  const has = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
  const writers = [];
  const each = (name, write) => {
    const out = { vocab: join(dir, `${name}-vocab.json`), weights: join(dir, `${name}-weights.json`) };
    write(paths.vocab, out.vocab);
    write(paths.weights, out.weights);
    writers.push({ name, paths: out });
  };
  const missing = [];
  if (has('python3')) {
    const dump = 'import json, sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], "w"))';
    each("Python's json.dump", (from, to) => execFileSync('python3', ['-c', dump, from, to]));
  } else missing.push('python3');
  const indented = (from) => JSON.stringify(JSON.parse(readFileSync(from, 'utf8')), null, 2);
  each('JSON.stringify, indent 2', (from, to) => writeFileSync(to, indented(from)));
  if (has('jq')) each('jq', (from, to) => writeFileSync(to, execFileSync('jq', ['.', from], { maxBuffer: 1 << 28 })));
  else missing.push('jq');
  each('CRLF, indent 2', (from, to) => writeFileSync(to, indented(from).replaceAll('\n', '\r\n')));
  return { writers, missing };
}

/**
 * The model's weights in another shape, keys in their order: flat (every f2 the same), Zipf-like
 * (1/rank, as written), and very peaked (one token a million times the others).
 */
export function withShape(paths, dir, shape) {
  const weights = JSON.parse(readFileSync(paths.weights, 'utf8'));
  const keys = Object.keys(weights.f2);
  const value = { flat: () => 1, peaked: (i) => (i === 0 ? 1e6 : 1) }[shape];
  if (value) weights.f2 = Object.fromEntries(keys.map((key, i) => [key, value(i)]));
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${shape}-weights.json`);
  writeFileSync(out, JSON.stringify(weights));
  return { vocab: paths.vocab, weights: out };
}
