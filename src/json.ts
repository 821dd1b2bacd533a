import { dataError, printable, quote } from './errors.js';

/**
 * JSON.parse with an error that names the file and the line and column of the fault. `unique`:
 * whether a key given twice is an error too, which JSON.parse lets pass, keeping the last.
 */
export function parseJson(text: string, source: string, unique = true): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The engine's words stay out of the message: the place, and what stands there, say it.
    const at = /at position (\d+)/.exec((error as Error).message);
    const position = at ? Number(at[1]) : text.length;
    const found = position < text.length ? quote(String.fromCodePoint(text.codePointAt(position) ?? 0)) : undefined;
    const where = lineAndColumn(text, position);
    throw dataError((m) => m.invalidJson(source, where, found));
  }
  if (unique) checkUniqueKeys(text, value, source);
  return value;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * JSON.parse keeps the last of two equal keys and says nothing, so a token listed twice would
 * silently take its second id. Every key is followed by a colon, so a text with no more colons
 * than the parsed keys (colons inside strings only add to the count) has no duplicate; only
 * otherwise is the duplicate looked for.
 */
function checkUniqueKeys(text: string, value: unknown, source: string): void {
  let colons = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) colons++;
  if (colons === keyCount(value)) return;
  const duplicate = firstDuplicate(text);
  if (duplicate !== undefined) {
    throw dataError((m) => m.duplicateKey(source, JSON.stringify(printable(duplicate, 60))));
  }
}

/** The position of the quote that closes the string opening at `open`. */
function closingQuote(text: string, open: number): number {
  let i = open + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i;
    else i++;
  }
  return i;
}

/** How many keys the parsed value holds at every depth, without recursion: a file may nest as deep as it likes. */
function keyCount(value: unknown): number {
  const waiting: unknown[] = [value];
  let n = 0;
  while (waiting.length > 0) {
    const next = waiting.pop();
    if (Array.isArray(next)) {
      for (const item of next) waiting.push(item);
    } else if (typeof next === 'object' && next !== null) {
      for (const key in next) {
        n++;
        waiting.push((next as Record<string, unknown>)[key]);
      }
    }
  }
  return n;
}

/** The first key that repeats within its object, scanning the text with a stack of the objects open. */
function firstDuplicate(text: string): string | undefined {
  const open: (Set<string> | undefined)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') open.push(new Set());
    else if (c === '[') open.push(undefined);
    else if (c === '}' || c === ']') open.pop();
    else if (c === '"') {
      const end = closingQuote(text, i);
      const raw = text.slice(i, end + 1);
      i = end;
      let next = i + 1;
      while (/\s/.test(text[next] ?? '')) next++;
      const keys = open.at(-1);
      if (text[next] !== ':' || keys === undefined) continue;
      const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      if (keys.has(key)) return key;
      keys.add(key);
    }
  }
  return undefined;
}
