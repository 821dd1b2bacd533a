import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Into } from '../src/format/utf8.js';

const encoded = (text: string): Buffer => {
  const bytes = Buffer.alloc(3 * text.length);
  return bytes.subarray(0, utf8Into(text, bytes, 0));
};

describe('utf8Into writes what Buffer.from writes', () => {
  it('for the post’s words, accents, astral characters and lone surrogates', () => {
    for (const text of ['azul', 'frío', 'ñandú', '𝒳y', '\ud800x', 'x\udc00', '€', '']) {
      expect(encoded(text)).toEqual(Buffer.from(text));
    }
  });

  it('for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        expect(encoded(text)).toEqual(Buffer.from(text));
      }),
      { numRuns: 500 },
    );
  });
});
