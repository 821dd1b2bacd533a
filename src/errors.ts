/**
 * Every failure a user can cause is a SampleError: one line that names the problem and its fix.
 * `usage` means the command line was wrong (exit 2); `data` means an input file or phrase was (exit 1).
 */
import { en, type Messages } from './i18n/en.js';

export type ErrorKind = 'usage' | 'data';

/** A message, written from a language's catalogue when it is shown. */
export type Text = (m: Messages) => string;

export class SampleError extends Error {
  constructor(
    readonly kind: ErrorKind,
    private readonly text: Text,
  ) {
    // The library's message is English; the CLI renders the language the user asked for.
    super(text(en));
    this.name = 'SampleError';
  }

  /** The message in a catalogue's language. */
  render(m: Messages): string {
    return this.text(m);
  }
}

export const usageError = (text: Text): SampleError => new SampleError('usage', text);
export const dataError = (text: Text): SampleError => new SampleError('data', text);

export const exitCodeOf = (kind: ErrorKind): number => (kind === 'usage' ? 2 : 1);

/**
 * What would reach a terminal raw or print as nothing: control characters (C0, DEL, C1), format
 * characters (zero-width, bidi controls, the soft hyphen), lone surrogates, and every other
 * default-ignorable code point (Hangul fillers, variation selectors, the combining grapheme joiner).
 */
export const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}\u2028\u2029]/gu;

const escaped = (c: string): string => `\\u${c.codePointAt(0)?.toString(16).padStart(4, '0')}`;

/** Longer user data is cut to this many characters in a message, with "…". */
const QUOTED_LENGTH = 60;

/** Cuts text to `max` characters (whole code points), marking the cut with "…". */
function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/**
 * User data as a message may show it: escape sequences and invisible characters written as \uXXXX,
 * so that nothing reaches the terminal raw, and cut to one short line.
 */
export const printable = (text: string, max = 200): string => escapeUnsafe(shortened(text, max));

/** A value the user typed, as a message quotes it: escaped, and cut to one short line. */
export const clipped = (text: string): string => printable(text, QUOTED_LENGTH);

/** Escapes what must not reach a terminal raw, whatever the message holds. */
export const escapeUnsafe = (text: string): string => text.replace(UNSAFE, escaped);

/** A token quoted for a message, with combining marks and odd whitespace escaped so that invisible differences show. */
export const quote = (token: string): string =>
  JSON.stringify(shortened(token, QUOTED_LENGTH)).replace(/[\p{M}\s\p{Cc}\p{Cf}]/gu, (c) =>
    c === ' ' ? c : escaped(c),
  );

/**
 * A value the library was given, as a message quotes it: a number as written, anything else as
 * JSON (a typed array as a list), escaped and cut to one short line.
 */
export function shown(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  return printable(typeof value === 'number' ? String(value) : preview(value, 0), QUOTED_LENGTH);
}

/** Items shown of an array or object in a message; the rest is "…". */
const PREVIEW_ITEMS = 8;

/**
 * A value as JSON, its first few items only and never deeper than three levels: a file may nest
 * without end, where JSON.stringify would exhaust the stack.
 */
function preview(value: unknown, depth: number): string {
  const list = ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as Float64Array) : value;
  const more = (n: number): string => (n > PREVIEW_ITEMS ? ',…' : '');
  if (Array.isArray(list)) {
    if (depth > 2) return '[…]';
    const items = list.slice(0, PREVIEW_ITEMS).map((item) => preview(item, depth + 1));
    return `[${items.join(',')}${more(list.length)}]`;
  }
  if (typeof list === 'object' && list !== null) {
    if (depth > 2) return '{…}';
    const entries = Object.entries(list);
    const items = entries.slice(0, PREVIEW_ITEMS).map(([k, v]) => `${JSON.stringify(k)}:${preview(v, depth + 1)}`);
    return `{${items.join(',')}${more(entries.length)}}`;
  }
  return JSON.stringify(list) ?? String(list);
}

/** A system error's code (ENOENT, ELOOP…), which the catalogues put in words. */
export const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? '';
