/** A quote left open at the end of a line: none, single or double. */
export type Quote = '' | "'" | '"';

/** A command line cut at the cursor, split as bash splits it into words. */
export interface ShellLine {
  /** The words with their quoting removed; the last is the one being completed, '' after a blank. */
  words: string[];
  /** The last word as typed, quotes and backslashes included. */
  raw: string;
  /** The quote still open at the cursor. */
  quote: Quote;
}

/** Inside double quotes, a backslash escapes only these; before any other character it stays. */
const DOUBLE_ESCAPES = '$`"\\\n';

/**
 * Splits a bash command line (COMP_LINE up to COMP_POINT) into words, removing quotes and
 * backslashes as bash does, and expanding nothing: completion reads the line, it never runs it.
 */
export function splitLine(line: string): ShellLine {
  const words: string[] = [];
  let word = '';
  let start = 0;
  let inWord = false;
  let quote: Quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = '';
      else word += c;
    } else if (quote === '"' && c === '"') {
      quote = '';
    } else if (c === '\\') {
      const next = line[i + 1];
      if (!inWord) [inWord, start] = [true, i];
      if (next === undefined) continue;
      i++;
      if (next === '\n') continue;
      word += quote === '"' && !DOUBLE_ESCAPES.includes(next) ? c + next : next;
    } else if (quote === '"') {
      word += c;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      [word, inWord] = ['', false];
    } else {
      if (!inWord) [inWord, start] = [true, i];
      if (c === "'" || c === '"') quote = c;
      else word += c;
    }
  }
  words.push(word);
  return { words, raw: inWord ? line.slice(start) : '', quote };
}

/** Characters that are never special to bash inside a word: these stay as they are. */
const SAFE = /[\w\-.,/:=@%+\u0080-\u{10ffff}]/u;

/**
 * `text` written so that bash reads it back as is, within the quote the word is in: backslashes
 * when unquoted, `'\''` within single quotes, and `!` (history expansion) in single quotes of its own
 * within double quotes. Readline inserts this where the word's text was, and closes the quote.
 */
export function quoted(text: string, quote: Quote): string {
  if (quote === "'") return text.replaceAll("'", "'\\''");
  if (quote === '"') return text.replace(/[$`"\\]/g, '\\$&').replaceAll('!', `"'!'"`);
  return Array.from(text, (c) => (SAFE.test(c) ? c : `\\${c}`)).join('');
}
