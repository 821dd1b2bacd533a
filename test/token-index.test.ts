import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashOf, TokenIndex } from '../src/token-index.js';

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

describe('the token index under a vocabulary crafted to collide', () => {
  /** Classic FNV-1a, unseeded: what a file could aim at. */
  const fnv = (text: string): number => {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h >>> 0;
  };
  // Each token ends with the one CJK ideograph that zeroes the low 12 bits of its FNV-1a hash:
  // (h ^ c) · p ≡ 0 (mod 2^12) when c's low 12 bits are h's, p being odd.
  const crafted = Array.from({ length: 4096 }, (_, i) => {
    const prefix = `k${i.toString(36)}`;
    return prefix + String.fromCharCode(0x5000 | (fnv(prefix) & 0xfff));
  });

  it('the crafted tokens all share one slot of a classic FNV table', () => {
    expect(new Set(crafted.map((t) => fnv(t) & 0xfff)).size).toBe(1);
  });

  it.each([0, 1, 0xdeadbeef])('the seeded hash (seed %d) spreads them as random keys spread', (seed) => {
    const slots = new Set(crafted.map((t) => hashOf(t, 0, t.length, seed) & 0xfff));
    // 4096 random keys in 4096 slots fill about 1 − 1/e of them: 2589.
    expect(slots.size).toBeGreaterThan(2400);
  });

  it('and every one of them is found', () => {
    const index = indexOf(crafted);
    crafted.forEach((token, position) => {
      expect(index.get(token)).toBe(position);
    });
  });
});
