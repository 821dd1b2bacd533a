import { dataError, quote, type Text, usageError } from './errors.js';
import type { Model } from './model.js';
import { nearestToken } from './suggest.js';

/** Vocabularies up to this size are listed in full when a token is unknown. */
const LISTED_VOCABULARY = 20;

/** Splits a phrase into words: NFC-normalised, separated by any whitespace. */
export function splitPhrase(phrase: string): string[] {
  if (typeof phrase !== 'string') throw usageError((m) => m.phraseNotString(typeof phrase));
  return phrase
    .normalize('NFC')
    .split(/\s+/u)
    .filter((word) => word !== '');
}

/** The phrase as token positions in the model's canonical order; an unknown word is an error with a suggestion. */
export function tokenize(phrase: string, model: Model): number[] {
  return splitPhrase(phrase).map((word, i) => {
    const position = model.positionOf(word);
    if (position === undefined) throw unknownToken(word, (m) => m.atPosition(i + 1), model);
    return position;
  });
}

function unknownToken(word: string, where: Text, model: Model): Error {
  const found = nearestToken(word, model.tokens);
  const suggestion = found === undefined ? undefined : quote(found);
  const known = model.tokens.length <= LISTED_VOCABULARY ? [...model.tokens] : model.tokens.length;
  return dataError((m) => m.unknownToken(quote(word), where(m), suggestion, known));
}

/** A token an option names, by itself or by its id: its position, or an error with a suggestion. */
export function resolveToken(token: string, model: Model, option: string): number {
  const position = model.positionOf(token.normalize('NFC'));
  if (position !== undefined) return position;
  const byId = /^\d+$/.test(token) ? model.ids.indexOf(Number(token)) : -1;
  if (byId !== -1) return byId;
  throw unknownToken(token, (m) => m.inOption(option), model);
}

/**
 * The context window: the last C tokens, C being f1's length. Real models truncate a long
 * context the same way; a phrase shorter than C cannot be scored at all.
 */
export function contextWindow(positions: readonly number[], model: Model): number[] {
  const size = model.f1.length;
  if (positions.length < size) {
    throw dataError((m) => m.shortPhrase(positions.length, size));
  }
  // A capture's model has no context: its logits come with it.
  return size === 0 ? [] : positions.slice(-size);
}
