import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenIndex } from '../src/token-index.js';

/** The index of these tokens, each inserted at its position. */
function indexOf(tokens: string[]): TokenIndex {
  const index = new TokenIndex(tokens);
  tokens.forEach((_, position) => {
    index.insert(position);
  });
  return index;
}

/** The keys as spans of one text, separated by a character no key holds. */
function spansOf(keys: string[]): { text: string; starts: Int32Array; ends: Int32Array } {
  const starts = new Int32Array(keys.length);
  const ends = new Int32Array(keys.length);
  let text = '';
  keys.forEach((key, i) => {
    starts[i] = text.length;
    text += key;
    ends[i] = text.length;
    text += '\n';
  });
  return { text, starts, ends };
}

describe('the token index', () => {
  it('finds the post’s tokens by name and as spans of a text, and nothing else', () => {
    const index = indexOf(['azul', 'cielo', 'frío', 'el', 'es']);
    expect(index.get('frío')).toBe(2);
    expect(index.get('fri')).toBeUndefined();
    expect(index.find('"el":1,"es":2', 8, 10)).toBe(4);
    expect(index.insert(1)).toBe(1);
  });

  it('findAll gives what find gives, key by key, for tokens present and absent and in any order', () => {
    const token = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 5 }).filter((t) => !t.includes('\n'));
    fc.assert(
      fc.property(
        fc.uniqueArray(token, { minLength: 1, maxLength: 300 }),
        fc.array(token, { maxLength: 300 }),
        (tokens, strangers) => {
          const index = indexOf(tokens);
          // The tokens in a scrambled order, with other keys among them: more than one group of findAll.
          const keys = [...tokens].reverse().flatMap((t, i) => (i < strangers.length ? [t, strangers[i]] : [t]));
          const { text, starts, ends } = spansOf(keys);
          const wanted = Int32Array.from(keys.keys()).filter((i) => i % 3 !== 1);
          const positions = new Int32Array(keys.length).fill(-7);
          index.findAll(text, starts, ends, wanted, positions);
          keys.forEach((key, i) => {
            const expected = wanted.includes(i) ? (index.find(text, starts[i], ends[i]) ?? -1) : -7;
            expect(positions[i]).toBe(expected);
            if (expected >= 0) expect(tokens[expected]).toBe(key);
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
