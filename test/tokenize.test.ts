import { describe, expect, it } from 'vitest';
import { nearestToken } from '../src/suggest.js';
import { contextWindow, splitPhrase, tokenize } from '../src/tokenize.js';
import { failure } from './helpers/errors.js';
import { model } from './helpers/models.js';

const post = model();

const message = (fn: () => unknown): string => failure(fn).message;

describe('tokenize', () => {
  it('maps words to canonical positions', () => {
    expect(tokenize('el cielo es', post)).toEqual([3, 1, 4]);
  });

  it('splits on any whitespace and normalises to NFC', () => {
    expect(splitPhrase('  el\tcielo\n es ')).toEqual(['el', 'cielo', 'es']);
    expect(tokenize('el fri\u0301o es', post)).toEqual([3, 2, 4]);
  });

  it('names an unknown token, its position, the nearest known token and the vocabulary', () => {
    expect(message(() => tokenize('el frio es', post))).toBe(
      'unknown token "frio" at position 2; did you mean "frío"? Known tokens: azul, cielo, frío, el, es.',
    );
  });

  it('treats __proto__, constructor and toString as unknown words', () => {
    for (const word of ['__proto__', 'constructor', 'toString']) {
      expect(message(() => tokenize(`el ${word} es`, post))).toMatch(`unknown token "${word}" at position 2`);
    }
  });

  it('counts a large vocabulary instead of listing it', () => {
    const vocab = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`t${i}`, i]));
    const big = model(vocab, { f1: [1], f2: Object.fromEntries(Object.keys(vocab).map((t) => [t, 1])) });
    expect(message(() => tokenize('zzz', big))).toBe(
      'unknown token "zzz" at position 1. The vocabulary has 30 tokens.',
    );
  });
});

describe('nearestToken', () => {
  it('prefers a case- and accent-insensitive match', () => {
    expect(nearestToken('FRIO', post.tokens)).toBe('frío');
    expect(nearestToken('Azul', post.tokens)).toBe('azul');
  });

  it('then the smallest edit distance, within reason', () => {
    expect(nearestToken('ciel', post.tokens)).toBe('cielo');
    expect(nearestToken('azzul', post.tokens)).toBe('azul');
    expect(nearestToken('perro', post.tokens)).toBeUndefined();
  });
});

describe('contextWindow', () => {
  it('keeps the last C tokens, as real models truncate', () => {
    expect(contextWindow([0, 3, 1, 4], post)).toEqual([3, 1, 4]);
  });

  it('says how many tokens a short phrase needs', () => {
    expect(message(() => contextWindow([3, 1], post))).toBe(
      'the phrase has 2 tokens, but the model needs 3 (f1 has 3 weights); give at least 3 tokens',
    );
  });
});
