/** Did-you-mean for unknown tokens: a case- and accent-insensitive match first, then the nearest by edit distance. */
export function nearestToken(word: string, tokens: readonly string[]): string | undefined {
  const folded = fold(word);
  const sameLetters = tokens.find((token) => fold(token) === folded);
  if (sameLetters !== undefined) return sameLetters;
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const token of tokens) {
    if (Math.abs(token.length - word.length) >= bestDistance) continue;
    const distance = editDistance(folded, fold(token));
    if (distance < bestDistance) [best, bestDistance] = [token, distance];
  }
  return best;
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
