import fc from 'fast-check';
import { UNSAFE } from '../../src/errors.js';
import { type Model, modelFromJson } from '../../src/model.js';
import { sources } from './models.js';

const weight = (min: number) => fc.double({ min, max: 10, noNaN: true, noDefaultInfinity: true });

/** Random valid models whose logits are ≥ 0 with a positive sum, as the post's norm needs. */
export const arbitraryModel: fc.Arbitrary<Model> = fc
  .record({
    tokens: fc.uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), {
      minLength: 1,
      maxLength: 40,
      selector: (token) => token.normalize('NFC'),
    }),
    ids: fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 40, maxLength: 40 }),
    f1: fc.array(weight(0.01), { minLength: 1, maxLength: 4 }),
    f2: fc.array(weight(0), { minLength: 40, maxLength: 40 }),
  })
  .map(({ tokens, ids, f1, f2 }) => {
    // Valid tokens: whitespace as _, invisible characters dropped, a leading mark given a letter to
    // join; one left with nothing is named by its place.
    const visible = (t: string, i: number): string => {
      const v = t
        .replace(/\s/gu, '_')
        .replace(UNSAFE, '')
        .replace(/^\p{M}/u, 'x$&')
        .normalize('NFC');
      return v === '' || /^\p{M}/u.test(v) ? `t${i}` : v;
    };
    const usable = [...new Set(tokens.map(visible))];
    const vocab = Object.fromEntries(usable.map((token, i) => [token, ids[i]]));
    // One weight is kept positive so that the logits have a positive sum.
    const weights = Object.fromEntries(usable.map((token, i) => [token, i === 0 ? f2[i] + 0.5 : f2[i]]));
    return modelFromJson(JSON.parse(JSON.stringify(vocab)), { f1, f2: weights }, sources);
  });

/** A model with a phrase long enough for its context, as token positions. */
export const arbitraryModelAndPhrase = arbitraryModel.chain((model) =>
  fc.tuple(
    fc.constant(model),
    fc.array(fc.nat({ max: model.tokens.length - 1 }), { minLength: model.f1.length, maxLength: model.f1.length + 3 }),
  ),
);
