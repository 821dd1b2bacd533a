import { isDeepStrictEqual as equal } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../src/json.js';
import { bundledModelPaths, loadModel } from '../src/load.js';
import { modelFromTexts } from '../src/model.js';
import { failure } from './helpers/errors.js';
import { model, modelFiles, postVocab, postWeights } from './helpers/models.js';

describe('the bundled model', () => {
  it('is the post: five tokens in ascending id order, f1 and f2 as published', () => {
    const bundled = loadModel();
    expect(bundled.tokens).toEqual(['azul', 'cielo', 'frío', 'el', 'es']);
    expect(bundled.ids).toEqual([227, 350, 402, 578, 698]);
    expect(bundled.f1).toEqual([1.0, 0.5, 1.5]);
    expect([...bundled.f2]).toEqual([2.5, 0.7, 2.0, 0.2, 0.5]);
    expect(bundled.positions.get('frío')).toBe(2);
  });

  it('is found beside the package, not in the current directory', () => {
    expect(bundledModelPaths.vocab).toMatch(/[/\\]vocab\.json$/);
    expect(bundledModelPaths.vocab).not.toBe('vocab.json');
  });
});

const rejected: [string, unknown, unknown, RegExp][] = [
  ['a vocabulary that is not an object', [1, 2], postWeights, /vocabulary must be a JSON object/],
  ['an empty vocabulary', {}, { f1: [1], f2: {} }, /vocabulary is empty/],
  ['a negative id', { a: -1 }, postWeights, /id of "a" is -1; ids must be whole numbers ≥ 0/],
  ['a fractional id', { a: 1.5 }, postWeights, /id of "a" is 1\.5/],
  ['a string id', { a: '1' }, postWeights, /id of "a" is "1"/],
  ['a shared id', { a: 1, b: 1 }, postWeights, /tokens "a" and "b" share the id 1; ids must be unique/],
  // Ids 1, 1, 3 fill a range as wide as the vocabulary, with 2 missing: placed by id, not sorted.
  ['a shared id in a range', { c: 3, a: 1, b: 1 }, postWeights, /tokens "a" and "b" share the id 1/],
  ['a shared id among sparse ids', { c: 90, a: 5, b: 90 }, postWeights, /tokens "c" and "b" share the id 90/],
  ['an empty token', { '': 1 }, postWeights, /a token is empty/],
  ['a token with whitespace', { 'a b': 1 }, postWeights, /token "a b" holds whitespace/],
  ['tokens equal after NFC', { 'fri\u0301o': 1, frío: 2 }, postWeights, /are the same after NFC normalisation/],
  ['weights that are not an object', postVocab, [], /weights must be an object/],
  ['weights without f1', postVocab, { f2: postWeights.f2 }, /weights must be an object/],
  ['an empty f1', postVocab, { f1: [], f2: postWeights.f2 }, /f1 is empty/],
  [
    'a string weight in f1',
    postVocab,
    { f1: [1, '2', 3], f2: postWeights.f2 },
    /f1\[1\] is "2"; weights must be numbers/,
  ],
  ['an f1 weight of 1e999', postVocab, { f1: [1, Infinity, 3], f2: postWeights.f2 }, /f1\[1\] is too large.*Infinity/],
  ['an f2 weight of -1e999', postVocab, { f1: [1], f2: { ...postWeights.f2, el: -Infinity } }, /f2\["el"\].*-Infinity/],
  ['an f2 missing a token', postVocab, { f1: [1], f2: { azul: 1 } }, /f2 has no weight for "cielo"/],
  [
    'an f2 naming an unknown token',
    postVocab,
    { f1: [1], f2: { ...postWeights.f2, verde: 1 } },
    /f2 has a weight for "verde", which the vocabulary lacks/,
  ],
];

const fromTexts = (vocab: string, weights: string) => modelFromTexts(vocab, weights, { vocab: 'v', weights: 'w' });

describe('modelFromJson', () => {
  it('puts every token in canonical order, whatever the file order', () => {
    const m = model({ b: 9, a: 3, c: 5 }, { f1: [1], f2: { a: 1, b: 2, c: 3 } });
    expect(m.tokens).toEqual(['a', 'c', 'b']);
    expect([...m.f2]).toEqual([1, 3, 2]);
  });

  it('in canonical order from the text too, ids sparse or filling a range, f2 in another order', () => {
    for (const vocab of ['{"b": 9, "a": 3, "c": 5}', '{"b": 5, "a": 3, "c": 4}']) {
      const m = fromTexts(vocab, '{"f1": [1], "f2": {"c": 3, "a": 1, "b": 2}}');
      expect(m.tokens).toEqual(['a', 'c', 'b']);
      expect([...m.f2]).toEqual([1, 3, 2]);
      expect(m.tokens.map((t) => m.positionOf(t))).toEqual([0, 1, 2]);
    }
  });

  it('normalises tokens to NFC, so a decomposed "frío" is the same token', () => {
    const decomposed = 'fri\u0301o';
    const m = model({ [decomposed]: 1 }, { f1: [1], f2: { frío: 2 } });
    expect(m.tokens).toEqual(['frío']);
  });

  it('treats __proto__, constructor and toString as ordinary tokens', () => {
    const vocab = JSON.parse('{"__proto__": 1, "constructor": 2, "toString": 3}');
    const weights = JSON.parse('{"f1": [1], "f2": {"__proto__": 1, "constructor": 2, "toString": 3}}');
    const m = model(vocab, weights);
    expect(m.tokens).toEqual(['__proto__', 'constructor', 'toString']);
    expect(m.positions.get('__proto__')).toBe(0);
  });

  it.each(rejected)('rejects %s', (_, vocab, weights, message) => {
    const error = failure(() => model(vocab, weights));
    expect(error.kind).toBe('data');
    expect(error.message).toMatch(message);
  });

  // The same files as text, for the fast readers: every case that JSON writes as it is (an
  // infinite weight becomes null).
  const written = rejected.filter(([, v, w]) => equal(JSON.parse(JSON.stringify([v, w])), [v, w]));
  it.each(written)('rejects %s read from the text', (_, vocab, weights, message) => {
    const error = failure(() => fromTexts(JSON.stringify(vocab), JSON.stringify(weights)));
    expect(error.kind).toBe('data');
    expect(error.message).toMatch(message);
  });

  it.each([
    ['a token before a bad id', { 'a b': 1, c: -1 }, /token "a b" holds whitespace/],
    ['a bad id before a token', { c: -1, 'a b': 1 }, /id of "c" is -1/],
    ['a bad id before a shared one', { a: 1, b: 1, c: 'x' }, /id of "c" is "x"/],
  ])('names the first of two errors in the file’s order: %s', (_, vocab, message) => {
    const weights = { f1: [1], f2: { a: 1, c: 1 } };
    expect(failure(() => model(vocab, weights)).message).toMatch(message);
    expect(failure(() => fromTexts(JSON.stringify(vocab), JSON.stringify(weights))).message).toMatch(message);
  });

  it.each([
    ['a key given twice', '{"f1": [1], "f2": {"b": 1, "frío": 2, "b": 3}}', /the key "b" appears twice in one object/],
    [
      'a key twice after NFC',
      '{"f1": [1], "f2": {"b": 2, "frío": 1, "fri\u0301o": 3}}',
      /f2 names "fri\\u0301o" twice after NFC normalisation/,
    ],
    ['a weight that is not a number', '{"f1": [1], "f2": {"b": 2, "frío": "1"}}', /f2\["frío"\] is "1"/],
  ])('rejects f2 with %s in the text, after the keys before it are placed', (_, weights, message) => {
    expect(failure(() => fromTexts('{"frío": 1, "b": 2}', weights)).message).toMatch(message);
  });

  it('finds an f2 key after NFC among keys read from the text, and goes on placing the rest', () => {
    const m = fromTexts('{"frío": 1, "b": 2, "c": 3}', '{"f1": [1], "f2": {"b": 2, "fri\u0301o": 1, "c": 3}}');
    expect(m.tokens).toEqual(['frío', 'b', 'c']);
    expect([...m.f2]).toEqual([1, 2, 3]);
  });
});

describe('loadModel', () => {
  it('reads the files a user names', () => {
    const paths = modelFiles({ x: 1 }, { f1: [2], f2: { x: 3 } });
    expect(loadModel(paths).tokens).toEqual(['x']);
  });

  it('names a missing file and the option that replaces it', () => {
    const paths = modelFiles(postVocab, postWeights);
    const error = failure(() => loadModel({ ...paths, vocab: '/nowhere/vocab.json' }));
    expect(error.message).toBe(
      'cannot read the vocabulary file /nowhere/vocab.json: no such file; pass a readable JSON file with --vocab',
    );
  });

  it('reads a file that begins with a byte-order mark', () => {
    const paths = modelFiles('\uFEFF{"x": 1}', '\uFEFF{"f1": [2], "f2": {"x": 3}}');
    expect(loadModel(paths).tokens).toEqual(['x']);
  });

  it('reads 1e999 in a file as the overflow it is', () => {
    const paths = modelFiles(postVocab, '{"f1": [1e999, 1, 1], "f2": {}}');
    expect(failure(() => loadModel(paths)).message).toMatch(/f1\[0\] is too large for a number/);
  });
});

describe('parseJson', () => {
  it('names the file, line and column of a syntax error', () => {
    const error = failure(() => parseJson('{\n  "a": 1,\n}', 'v.json'));
    expect(error.kind).toBe('data');
    expect(error.message).toMatch(/^v\.json: invalid JSON at line 3, column 1: /);
  });

  it.each([
    ['{\n  "a": 1,\n}', 'line 3, column 1: "}" cannot stand there'],
    ['{"a": 1', 'line 1, column 8: the text ends before the JSON does'],
    ['{"a" 1}', 'line 1, column 6: "1" cannot stand there'],
    ['', 'line 1, column 1: the text ends before the JSON does'],
  ])('says in words where %j breaks, never in the engine’s', (text, said) => {
    const { message } = failure(() => parseJson(text, 'v.json'));
    expect(message).toBe(`v.json: invalid JSON at ${said}; check the quotes, commas and brackets before it`);
  });
});

describe('the order of the files does not matter', () => {
  it('any order of vocab.json and of f2 gives the same model', () => {
    const reference = model();
    fc.assert(
      fc.property(
        fc.shuffledSubarray(Object.entries(postVocab), { minLength: 5 }),
        fc.shuffledSubarray(Object.entries(postWeights.f2), { minLength: 5 }),
        (vocab, f2) => {
          const shuffled = model(Object.fromEntries(vocab), { f1: postWeights.f1, f2: Object.fromEntries(f2) });
          // The same model as far as it shows: its index is seeded afresh, so its slots differ.
          const shown = (m: typeof reference) => ({
            tokens: m.tokens,
            ids: m.ids,
            f1: m.f1,
            f2: m.f2,
            positions: m.tokens.map((t) => m.positionOf(t)),
          });
          expect(shown(shuffled)).toEqual(shown(reference));
        },
      ),
    );
  });
});
