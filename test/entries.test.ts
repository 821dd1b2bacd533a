import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capacityFor, entriesOf, keysOf, readVocabulary, readWeights, type Spans } from '../src/entries.js';

/** Spans as the entries they stand for. */
const entries = (spans: Spans) => ({ keys: keysOf(spans), values: Array.from(spans.values) });

/** What readVocabulary read, as plain arrays, without the hashes: what the reference gives. */
const vocabularyOf = (text: string) => {
  const read = readVocabulary(text);
  return read && { keys: read.keys, values: Array.from(read.values), plain: read.plain };
};

/** The reference: JSON.parse, then the object's entries. */
const reference = (text: string) => entriesOf(JSON.parse(text));

const number = fc.oneof(fc.integer({ min: 0, max: 2 ** 53 - 1 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
/** Keys in ASCII, and in any script, with lone surrogates too. */
const key = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const object = fc.dictionary(key, number, { maxKeys: 30 });
const layout = fc.constantFrom(undefined, 0, 1, 2, '\t');
/** Whitespace JSON allows between tokens, sprinkled at random. */
const spaced = (text: string, seed: number): string =>
  text.replace(/([{}[\],:])/g, (c, _, at: number) => ((at * seed) % 7 === 0 ? ` ${c}\n\t` : c));

/** As Python's json.dump writes by default: every non-ASCII UTF-16 unit as a \u escape. */
const asciiOnly = (text: string): string =>
  text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** A model file as different tools write it: compact or indented, CRLF, escaped as Python does. */
const written = (value: unknown, indent: string | number | undefined, seed: number, ascii: boolean, crlf: boolean) => {
  const text = spaced(JSON.stringify(value, null, indent), seed);
  const lines = crlf ? text.replaceAll('\n', '\r\n') : text;
  return ascii ? asciiOnly(lines) : lines;
};

describe('the fast readers agree with JSON.parse', () => {
  it('vocab.json: the same entries, in the same order, or they leave it to JSON.parse', () => {
    fc.assert(
      fc.property(object, layout, fc.nat(50), fc.boolean(), fc.boolean(), (vocab, indent, seed, ascii, crlf) => {
        const text = written(vocab, indent, seed, ascii, crlf);
        const fast = readVocabulary(text);
        if (fast !== undefined) {
          expect({ keys: fast.keys, values: Array.from(fast.values) }).toEqual(reference(text));
          // "plain" is a promise about every key: it must never be made wrongly.
          // biome-ignore lint/suspicious/noMisleadingCharacterClass: the range starts at the combining marks on purpose.
          if (fast.plain) for (const key of fast.keys) expect(key).toMatch(/^[^\s\p{Cc}\u00ad\u0300-\u{10ffff}]+$/u);
        }
      }),
    );
  });

  it('numbers in every notation JSON allows: the doubles JSON.parse makes, -0 and the rounding edges included', () => {
    const digits = (min: number, max: number) =>
      fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));
    const integer = fc.oneof(
      fc.constant('0'),
      fc.tuple(fc.constantFrom(...'123456789'), digits(0, 24)).map((p) => p.join('')),
    );
    const number = fc
      .tuple(
        fc.constantFrom('', '-'),
        integer,
        fc.option(digits(1, 26), { nil: undefined }),
        fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 3)), { nil: undefined }),
      )
      .map(([sign, int, fraction, exponent]) =>
        [sign, int, fraction === undefined ? '' : `.${fraction}`, exponent?.join('') ?? ''].join(''),
      );
    // 2^53 and its neighbours, and the exact powers' edge: where the fast path stops.
    const edges = [
      '9007199254740991',
      '9007199254740992',
      '9007199254740993',
      '1e22',
      '1e23',
      '1e-22',
      '1e-23',
      '-0.0',
    ];
    fc.assert(
      fc.property(
        fc.oneof(number, fc.constantFrom(...edges), fc.double({ noNaN: true, noDefaultInfinity: true }).map(String)),
        (text) => {
          const read = readVocabulary(`{"a":${text}}`)?.values[0];
          expect(Object.is(read, JSON.parse(text))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('weights.json: the same f1 and f2', () => {
    fc.assert(
      fc.property(fc.array(number, { maxLength: 5 }), object, layout, fc.boolean(), (f1, f2, indent, f2First) => {
        const weights = f2First ? { f2, f1 } : { f1, f2 };
        const text = written(weights, indent, 0, f2First, !f2First);
        const fast = readWeights(text);
        if (fast !== undefined) {
          const parsed = JSON.parse(text);
          expect({ f1: fast.f1, f2: entries(fast.f2) }).toEqual({ f1: parsed.f1, f2: entriesOf(parsed.f2) });
        }
      }),
    );
  });

  it('size the arrays for every entry of an even file, and never past a bound for a key full of colons', () => {
    const even = JSON.stringify(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`w${i}`, i])));
    expect(capacityFor(even, 1)).toBeGreaterThanOrEqual(100_000);
    expect(capacityFor(even, 1)).toBeLessThan(2 * 100_000);
    // 70,000 colons in the first key would stand for 1.25 entries per character of a 10 MB file.
    const colons = `{"${':'.repeat(70_000)}": 0, "filler": "${'x'.repeat(10_000_000)}"}`;
    expect(capacityFor(colons, 1)).toBeLessThanOrEqual(2 ** 18);
    expect(vocabularyOf(`{"${':'.repeat(70_000)}": 0, ${even.slice(1)}`)?.keys).toHaveLength(100_001);
  });

  it('read a large object whose later entries are shorter than its first ones, as JSON.parse does', () => {
    // The arrays are sized from the colons of the first 65,536 characters: long keys there, and
    // short ones after, make them grow, many times over, and a comma after the last entry is refused.
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 50000 }), fc.integer({ min: 100, max: 3000 }), (short, long) => {
        const vocab: Record<string, number> = {};
        const longs = Math.ceil(70000 / long);
        for (let i = 0; i < longs; i++) vocab[`${'x'.repeat(long)}${i}`] = i;
        for (let i = 0; i < short; i++) vocab[`k${i}`] = longs + i;
        const text = JSON.stringify(vocab);
        expect(vocabularyOf(text)).toEqual({ ...reference(text), plain: true });
        expect(readVocabulary(`${text.slice(0, -1)},}`)).toBeUndefined();
      }),
      { numRuns: 30 },
    );
  });

  it('they read the model files a tool writes (no escapes): nothing left to JSON.parse', () => {
    expect(vocabularyOf('{"azul": 227, "frío": 402}')).toEqual({
      keys: ['azul', 'frío'],
      values: [227, 402],
      plain: true,
    });
    expect(readVocabulary('{"a b": 1}')?.plain).toBe(false);
    // The no-break space, the soft hyphen, DEL, a combining mark, an empty key: each is not plain.
    for (const key of ['a\u00a0b', 'a\u00adb', 'a\u007fb', 'a\u0301', '']) {
      expect(readVocabulary(`{${JSON.stringify(key)}: 1}`)?.plain).toBe(false);
    }
    expect(readVocabulary('{"ñandú\u00ff\u02ff": 1}')?.plain).toBe(true);
    const weights = readWeights('{"f1":[1.0,0.5,1.5],"f2":{"azul":2.5e0,"el":-0}}');
    expect(weights?.f1).toEqual([1, 0.5, 1.5]);
    expect(weights && entries(weights.f2)).toEqual({ keys: ['azul', 'el'], values: [2.5, -0] });
  });

  it('read what Python’s json.dump, JSON.stringify with an indent, jq and CRLF files hold, as JSON.parse does', () => {
    const vocab = { frío: 402, ñandú: 7, 日本: 8, '😀': 9, azul: 227 };
    for (const text of [
      asciiOnly(JSON.stringify(vocab)).replaceAll(',', ', ').replaceAll(':', ': '),
      JSON.stringify(vocab, null, 2),
      JSON.stringify(vocab, null, 2).replaceAll('\n', '\r\n'),
      asciiOnly(JSON.stringify(vocab, null, 4)).replaceAll('\n', '\r\n'),
    ]) {
      expect(vocabularyOf(text)).toEqual({ ...reference(text), plain: false });
    }
    // A lone surrogate, as Python writes one, is the string JSON.parse makes: the loader refuses it.
    expect(readVocabulary('{"a\\ud800": 1}')?.keys).toEqual(['a\ud800']);
  });

  it('leave to JSON.parse an escape of an ASCII character, and one outside a string', () => {
    for (const text of ['{"a\\u0041": 1}', '{"a\\u0022": 1}', '{"a": \\u00e9}', '{"a"\\u00e9: 1}', '{"a\\u00e": 1}']) {
      expect(readVocabulary(text)).toBeUndefined();
    }
  });

  it('never accept what JSON.parse refuses: any cut or insertion of a valid text', () => {
    fc.assert(
      fc.property(
        object,
        fc.nat(),
        fc.constantFrom('', ',', '"', '}', '01', '1.', '-', 'e', '\n', '\u0001', '\\u00e9', '\\', '\\u12'),
        (vocab, at, insert) => {
          const valid = asciiOnly(JSON.stringify(vocab));
          const cut = at % (valid.length + 1);
          const text = valid.slice(0, cut) + insert + valid.slice(cut + (insert === '' ? 1 : 0));
          const fast = readVocabulary(text);
          // Sorted: JSON.parse puts integer-like keys ("0") first, the reader keeps the file's order.
          if (fast !== undefined) expect([...fast.keys].sort()).toEqual(Object.keys(JSON.parse(text)).sort());
        },
      ),
    );
  });

  it('give up on escapes and other shapes', () => {
    for (const text of [
      '{"a\\"b": 1}',
      '[1, 2]',
      '{"a": "1"}',
      '{"a": {"b": 1}}',
      '{"a": 1} x',
      '{"a": 01}',
      '{"a" 1}',
    ]) {
      expect(readVocabulary(text)).toBeUndefined();
    }
    for (const text of ['{"f1": [1], "f2": {}, "f3": 1}', '{"f1": [1], "f1": [2], "f2": {}}', '{"f2": {"a": 1}}']) {
      expect(readWeights(text)).toBeUndefined();
    }
  });
});
