import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNSAFE } from '../src/errors.js';
import { plain, plainInto } from '../src/format/plain.js';
import { visible } from '../src/format/probs.js';
import { type Shown, shownAs, textFormatter, textLine } from '../src/format/text.js';
import type { Batch } from '../src/generate.js';
import { arbitraryModel } from './helpers/arbitraries.js';
import { model as postModel } from './helpers/models.js';

const batchOf = (tokens: number[]): Batch => ({
  count: tokens.length,
  length: 1,
  tokens: Int32Array.from(tokens),
  probs: new Float64Array(tokens.length),
  draws: new Float64Array(tokens.length),
});

/** What the formatter writes for these batches, as one text, each chunk read before the next is asked for. */
function written(shown: Shown, prefix: string, batches: number[][]): string {
  const format = textFormatter(shown, prefix);
  return batches
    .map((tokens) => {
      const chunk = format(batchOf(tokens));
      return typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    })
    .join('');
}

/** The reference: each line built as a string, as every other format builds it. */
function expected(shown: Shown, prefix: string, batches: number[][]): string {
  const line = textLine(shown, prefix);
  return batches.flatMap((tokens) => tokens.map((_, slot) => `${line(batchOf(tokens), slot)}\n`)).join('');
}

/** A capture's tokens as lines show them (as the CLI's capture run gives them). */
const escaping = (tokens: string[]): Shown => ({
  size: tokens.length,
  one: (p) => visible(tokens[p]),
  raw: tokens,
});

const prefixes = fc.oneof(
  fc.constant(''),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => `${s} `),
  fc.constantFrom('el cielo es ', `${'ñ'.repeat(70_000)} `, '𝒳 '),
);

describe('the text format', () => {
  it('copies one-token lines as bytes exactly as the lines built as strings read, for the post', () => {
    const post = shownAs(postModel().tokens);
    // A first batch too small to encode the vocabulary for, then batches that do.
    const batches = [[0], [4, 3, 2, 1, 0], [1, 1, 1, 1, 1, 1, 1, 1]];
    expect(written(post, 'el cielo es ', batches)).toBe(expected(post, 'el cielo es ', batches));
    expect(written(shownAs(postModel().tokens), '', batches)).toBe(
      `azul\nes\nel\nfrío\ncielo\nazul\n${'cielo\n'.repeat(8)}`,
    );
  });

  it('for a vocabulary of several groups of tokens, every token once', () => {
    const tokens = Array.from({ length: 200 }, (_, i) => `t${i}${'ñ𝒳'.repeat(i % 4)}`);
    const wide = postModel(Object.fromEntries(tokens.map((token, i) => [token, 200 - i])), {
      f1: [1],
      f2: Object.fromEntries(tokens.map((token) => [token, 1])),
    });
    const batches = [Array.from({ length: 200 }, (_, i) => (i * 7) % 200)];
    const shown = shownAs(wide.tokens);
    expect(written(shown, 'el cielo es ', batches)).toBe(expected(shown, 'el cielo es ', batches));
  });

  it('a capture’s tokens, escaped as visible shows them and copied as bytes: the lines built as strings', () => {
    const units = fc.constantFrom('a', ' ', '\n', '\\', '\u0007', '\uD83D', '\uDE00', 'ñ', '𝒳');
    fc.assert(
      fc.property(
        fc.array(
          fc.array(units, { maxLength: 4 }).map((u) => u.join('')),
          { minLength: 1, maxLength: 40 },
        ),
        fc.array(fc.array(fc.nat(), { maxLength: 60 }), { maxLength: 3 }),
        (tokens, picks) => {
          const shown = escaping(tokens);
          // Batches of one line and more: before the vocabulary is encoded, and after.
          const batches = [[0], ...picks.map((batch) => batch.map((p) => p % tokens.length))];
          expect(written(shown, 'x', batches)).toBe(expected(shown, 'x', batches));
        },
      ),
      { seed: 11, numRuns: 300 },
    );
    const edges = escaping(['a\uD83D', '\uDE00b', '\n']);
    expect(written(edges, '', [[0, 1, 2]])).toBe('a\\ud83d\n\\ude00b\n\\n\n');
  });

  it('copies lines of every length whatever length most tokens have: the words every line takes are chosen by them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 60 }),
        prefixes,
        (lengths, common, prefix) => {
          // Most tokens `common` letters long (or one, for 0), the others as drawn.
          const tokens = lengths.map((n, i) => `${i}`.padEnd(i % 5 === 0 ? n : Math.max(1, common), 'ñ'));
          const shown = shownAs([...new Set(tokens)]);
          const batches = [Array.from({ length: 4 * shown.size }, (_, i) => (i * 13) % shown.size)];
          expect(written(shown, prefix, batches)).toBe(expected(shown, prefix, batches));
        },
      ),
    );
  });

  it('copies eight bytes at a time exactly, a four-byte character’s lead at every place in the eight', () => {
    // The bytes travel as doubles: a lead byte of 0xF0 before a last byte of 0x7F would be a NaN's,
    // which UTF-8 never writes. Every offset of the lead, after every length of prefix and line.
    const tokens = Array.from({ length: 24 }, (_, i) => `${'a'.repeat(i % 8)}𝒳${'ñ'.repeat(i >> 3)}\u007f`);
    const shown = escaping(tokens);
    const batches = [Array.from({ length: 24 }, (_, i) => i), Array.from({ length: 24 }, (_, i) => 23 - i)];
    for (const prefix of ['', 'x', 'ab𝒳 ', 'abcdefg ']) {
      expect(written(shown, prefix, batches)).toBe(expected(shown, prefix, batches));
    }
  });

  it('a formatter told how many lines it will write encodes a wide vocabulary before the first', () => {
    const tokens = Array.from({ length: 200 }, (_, i) => `t${i}`);
    const first = batchOf([7]);
    const told = textFormatter(shownAs(tokens), 'x ', 50)(first);
    expect(told).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(told as Uint8Array).toString()).toBe('x t7\n');
    // Untold, a single line is built as a string: a few samples never pay for 200 tokens.
    expect(textFormatter(shownAs(tokens), 'x ')(first)).toBe('x t7\n');
    expect(textFormatter(shownAs(tokens), 'x ', 49)(first)).toBe('x t7\n');
  });

  it('for random models, prefixes and batches, long lines and many included, and for a second phrase', () => {
    fc.assert(
      fc.property(
        arbitraryModel.chain((model) =>
          fc.tuple(
            fc.constant(model),
            prefixes,
            fc.array(fc.array(fc.nat({ max: model.tokens.length - 1 }), { maxLength: 300 }), { maxLength: 4 }),
          ),
        ),
        ([model, prefix, batches]) => {
          const shown = shownAs(model.tokens);
          expect(written(shown, prefix, batches)).toBe(expected(shown, prefix, batches));
          // Another phrase of the same run: the vocabulary encoded for the first serves it too.
          expect(written(shown, 'otra ', batches)).toBe(expected(shown, 'otra ', batches));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('visible', () => {
  it('leaves alone only what it would not escape: plain agrees with the full test on every code unit', () => {
    // The full test: the unsafe characters (as every message escapes them), and the backslash.
    const unsafe = new RegExp(UNSAFE.source, 'u');
    const skipped: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const unit = String.fromCharCode(c);
      if (plain(`a${unit}`)) {
        skipped.push(unit);
        expect(unsafe.test(unit) || unit === '\\').toBe(false);
      }
    }
    // ASCII's letters and Latin-1's accents, and the markers of byte-level tokens.
    expect(skipped).toEqual(expect.arrayContaining(['a', ' ', 'ñ', 'Ġ', 'Ċ']));
    expect(visible('a\u00adb')).toBe('a\\u00adb');
    expect(visible('a\\b\n')).toBe('a\\\\b\\n');
  });
});

describe('plainInto', () => {
  it('writes a token’s UTF-8 where it is plain, and refuses it where it is not, for every code unit', () => {
    const bytes = new Uint8Array(16);
    for (let c = 0; c <= 0xffff; c++) {
      const token = `a${String.fromCharCode(c)}b`;
      const written = plainInto(token, bytes, 3);
      expect(written >= 0).toBe(plain(token));
      if (written >= 0) expect(Buffer.from(bytes.subarray(3, 3 + written)).toString('utf8')).toBe(token);
    }
  });

  it('agrees with plain and with Buffer on any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (token) => {
        const bytes = new Uint8Array(2 * token.length);
        const written = plainInto(token, bytes, 0);
        expect(written >= 0).toBe(plain(token));
        if (written >= 0) expect(Buffer.from(bytes.subarray(0, written))).toEqual(Buffer.from(token));
      }),
    );
  });
});
