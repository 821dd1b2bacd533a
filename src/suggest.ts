/** Did-you-mean for unknown tokens: a case- and accent-insensitive match first, then the nearest by edit distance. */
export function nearestToken(word: string, tokens: readonly string[]): string | undefined {
  const folded = fold(word);
  const sameLetters = tokens.find((token) => fold(token) === folded);
  if (sameLetters !== undefined) return sameLetters;
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const token of tokens) {
    if (Math.abs(token.length - word.length) > bestDistance) continue;
    const distance = editDistance(folded, fold(token));
    // Of two as near, the one the word is missing letters of: a dropped letter is the likelier slip
    // (--tmp is --temp, not --top).
    const dropped = (candidate: string): boolean => within(folded, fold(candidate));
    const nearer =
      distance < bestDistance || (distance === bestDistance && best !== undefined && !dropped(best) && dropped(token));
    if (nearer) [best, bestDistance] = [token, distance];
  }
  return best;
}

/** Whether `a`'s letters appear in `b` in order. */
function within(a: string, b: string): boolean {
  let k = 0;
  for (let i = 0; i < b.length && k < a.length; i++) if (b[i] === a[k]) k++;
  return k === a.length;
}

/** Lower case without diacritics: `Frío` and `frio` fold alike. */
const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      next.push(Math.min(substitute, row[j] + 1, next[j - 1] + 1));
    }
    row = next;
  }
  return row[b.length];
}
