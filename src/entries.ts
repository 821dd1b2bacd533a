/**
 * The keys and values of a model file's objects, in the file's order. JSON.parse builds an object
 * of 200,000 keys only for the loader to walk it again; the fast readers here take the same
 * entries straight from the text, for the shapes model files have (an object of numbers; f1 and
 * f2), and give up — undefined — on anything else: escapes but \uXXXX, other shapes, invalid JSON. The
 * caller then parses with JSON.parse, the reference, which tests compare them with.
 */

import { freshSeed, hashEnd, hashStart, hashStep } from './token-index.js';

export interface Entries {
  readonly keys: string[];
  readonly values: ArrayLike<unknown>;
  /** Known of every key: no whitespace, no control character, no soft hyphen, nothing from U+0300 (see model.ts). */
  readonly plain?: boolean;
  /** Each key's hashOf under the seed the reader was given, taken as its characters were read. */
  readonly hashes?: Int32Array;
}

/** Entries whose keys are spans of a text, made into strings only where a message needs one. */
export interface Spans {
  readonly text: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /**
   * Typed: an array that starts with the ids' small integers and meets f2's first fraction changes
   * its kind, and that change throws away the optimised code of every reader (V8's allocation site).
   */
  readonly values: Float64Array;
  /** Each key's hashOf under the seed the reader was given. */
  readonly hashes: Int32Array;
}

/** The keys of spans, as strings: what the reference gives. */
export function keysOf({ text, starts, ends }: Spans): string[] {
  const keys: string[] = new Array(starts.length);
  for (let i = 0; i < starts.length; i++) keys[i] = text.slice(starts[i], ends[i]);
  return keys;
}

/** The entries of a parsed object: the reference the fast readers must match. */
export function entriesOf(object: Record<string, unknown>): Entries {
  const keys: string[] = [];
  const values: unknown[] = [];
  // for…in rather than Object.entries: five times faster on a 200,000-key object, and JSON.parse
  // makes no inherited enumerable keys.
  for (const key in object) {
    keys.push(key);
    values.push(object[key]);
  }
  return { keys, values };
}

const SPACE = 32;
const TAB = 9;
const NEWLINE = 10;
const RETURN = 13;
const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const COLON = 58;
const ZERO = 48;
const NINE = 57;
const OPEN = 123;
const CLOSE = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const PLUS = 43;
const E = 101;
const CAPITAL_E = 69;

const DELETE = 0x7f;

/** The value scanNumber read last: typed, so that reading a fraction allocates nothing. */
const scanned = new Float64Array(1);

/** 10^0 … 10^22: every power of ten a double holds exactly. */
const POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const EXACT = 2 ** 53;

/**
 * Reads the number at text[from], -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? as JSON writes it, into
 * `scanned`; returns where it ends, or -1. Its digits are read as one integer m and a power of
 * ten: where m is below 2^53 and the power within 10^±22, both are exact doubles and one
 * division or product rounds as JSON.parse does (Clinger's fast path), which most ids and
 * many fractions meet; any other number is converted by Number, the reference.
 */
function scanNumber(text: string, from: number): number {
  let i = from;
  let c = text.charCodeAt(i);
  const negative = c === MINUS;
  if (negative) c = text.charCodeAt(++i);
  // Past 2^53 the sum is rounded, but it never comes back below: the test at the end is sound.
  let m = 0;
  if (c === ZERO) c = text.charCodeAt(++i);
  else if (c >= ZERO && c <= NINE) {
    do {
      m = m * 10 + (c - ZERO);
      c = text.charCodeAt(++i);
    } while (c >= ZERO && c <= NINE);
  } else return -1;
  let power = 0;
  if (c === DOT) {
    c = text.charCodeAt(++i);
    if (!(c >= ZERO && c <= NINE)) return -1;
    do {
      m = m * 10 + (c - ZERO);
      power--;
      c = text.charCodeAt(++i);
    } while (c >= ZERO && c <= NINE);
  }
  if (c === E || c === CAPITAL_E) {
    c = text.charCodeAt(++i);
    const sign = c === MINUS ? -1 : 1;
    if (c === PLUS || c === MINUS) c = text.charCodeAt(++i);
    if (!(c >= ZERO && c <= NINE)) return -1;
    let exponent = 0;
    do {
      // Capped: an exponent past any double's is the reference's to read.
      if (exponent < 1e6) exponent = exponent * 10 + (c - ZERO);
      c = text.charCodeAt(++i);
    } while (c >= ZERO && c <= NINE);
    power += sign * exponent;
  }
  let value: number;
  if (m >= EXACT || power < -22 || power > 22) value = Number(text.slice(from, i));
  else {
    // A product, not a negation: one that no positive number before it ran would be an operation
    // the JIT has never seen (see skipSpace).
    value = (power < 0 ? m / POWERS[-power] : m * POWERS[power]) * (negative ? -1 : 1);
  }
  scanned[0] = value;
  return i;
}

/**
 * Where the whitespace at text[from] ends. Every place that skips whitespace calls this one
 * function: a loop written out in each place would run for the first time wherever a writer puts
 * whitespace the file's first lines lacked (before its last brace, say), and the JIT throws away
 * optimised code that meets an operation it has never seen run.
 */
export function skipSpace(text: string, from: number): number {
  let i = from;
  let c = text.charCodeAt(i);
  while (c === SPACE || c === NEWLINE || c === RETURN || c === TAB) c = text.charCodeAt(++i);
  return i;
}

/**
 * The first n spans. A function of the module, not a closure: a closure made per call is another
 * call target each time, which throws away the caller's optimised code.
 */
function cut({ text, starts, ends, values, hashes }: Spans, n: number): Spans {
  const [from, to] = [starts.subarray(0, n), ends.subarray(0, n)];
  return { text, starts: from, ends: to, values: values.subarray(0, n), hashes: hashes.subarray(0, n) };
}

/** Empty spans of a text, with room for `capacity` entries. */
function spansFor(text: string, capacity: number): Spans {
  return {
    text,
    starts: new Int32Array(capacity),
    ends: new Int32Array(capacity),
    values: new Float64Array(capacity),
    hashes: new Int32Array(capacity),
  };
}

/** The spans with twice the room, their entries kept. */
function grownSpans(spans: Spans): Spans {
  const larger = spansFor(spans.text, 2 * spans.starts.length);
  larger.starts.set(spans.starts);
  larger.ends.set(spans.ends);
  larger.values.set(spans.values);
  larger.hashes.set(spans.hashes);
  return larger;
}

/** The characters whose colons are counted to size an object's arrays. */
const SAMPLE = 1 << 16;
/** The most entries an object's arrays start with (5 MB of them): more than any real vocabulary's. */
const MOST_ROOM = 1 << 18;

/**
 * Room for the entries of the object at text[from]: every key is followed by a colon. The colons of
 * its first SAMPLE characters, scaled to the rest with a quarter to spare: counting every colon of a
 * large file took some 5 ms of a 200 ms load. A file whose later entries are shorter than its first
 * ones only makes the arrays grow. The room is capped, as a key full of colons would otherwise
 * stand for millions of entries; arrays grown as entries are read hold at most twice as many.
 */
export function capacityFor(text: string, from: number): number {
  const to = Math.min(text.length, from + SAMPLE);
  let colons = 0;
  for (let at = text.indexOf(':', from); at !== -1 && at < to; at = text.indexOf(':', at + 1)) colons++;
  const estimate = to === text.length ? colons : Math.ceil((1.25 * colons * (text.length - from)) / SAMPLE) + 1;
  return Math.min(estimate, MOST_ROOM);
}

/**
 * Reads a text with no escape (see decoded). It takes nothing but the characters JSON allows in
 * each place, which keeps out every control character: in strings JSON allows none, and between
 * tokens only tab, newline and return.
 */
class Reader {
  at = 0;
  /** Whether a key read so far is not plain (see Entries.plain): empty, or with a space or a character past ASCII that may not be. */
  unplain = false;

  /** `seed` is the one the keys' hashes are taken under (hashOf). */
  constructor(
    readonly text: string,
    private readonly seed: number,
  ) {}

  space(): void {
    this.at = skipSpace(this.text, this.at);
  }

  take(code: number): boolean {
    this.space();
    if (this.text.charCodeAt(this.at) !== code) return false;
    this.at++;
    return true;
  }

  peek(code: number): boolean {
    this.space();
    return this.text.charCodeAt(this.at) === code;
  }

  /** A short string (a key of weights.json): where its characters end, or -1. */
  string(): number {
    if (!this.take(QUOTE)) return -1;
    const end = this.text.indexOf('"', this.at);
    if (end === -1) return -1;
    for (let k = this.at; k < end; k++) if (this.text.charCodeAt(k) < SPACE) return -1;
    this.at = end + 1;
    return end;
  }

  /** A number as JSON writes it, or undefined. */
  number(): number | undefined {
    this.space();
    const end = scanNumber(this.text, this.at);
    if (end === -1) return undefined;
    this.at = end;
    return scanned[0];
  }

  /** {"key": number, …} as spans of the text, or undefined. */
  objectOfNumbers(): Spans | undefined {
    if (!this.take(OPEN)) return undefined;
    let spans = spansFor(this.text, capacityFor(this.text, this.at));
    if (this.take(CLOSE)) return cut(spans, 0);
    let n = this.entries(spans, 0);
    // Full, with more entries to come: twice the room, and the reading goes on after the comma.
    while (n === spans.starts.length && this.take(COMMA)) {
      spans = grownSpans(spans);
      n = this.entries(spans, n);
    }
    return n !== -1 && this.take(CLOSE) ? cut(spans, n) : undefined;
  }

  /**
   * The entries "key": number, … from here into the spans' arrays from `first` on: how many there
   * are then, or -1; it stops before a comma where the arrays are full. One loop, with
   * one call per entry: it runs once per load, mostly before the JIT has compiled anything, where
   * every call costs. Nothing follows the loop but a return: code after a loop that the JIT
   * compiled while it ran is code it has never seen run, and it would throw the compiled loop away
   * there, for the next file's read to wait for another.
   */
  private entries({ text, starts, ends, values, hashes }: Spans, first: number): number {
    const { seed } = this;
    let i = this.at;
    let n = first;
    for (;;) {
      i = skipSpace(text, i);
      if (text.charCodeAt(i) !== QUOTE) return -1;
      const start = i + 1;
      // The key's characters, hashed as they are read: the index then reads no key again.
      let hash = hashStart(seed);
      let c = text.charCodeAt(++i);
      while (c !== QUOTE) {
        if (!(c > SPACE && c < DELETE)) {
          // The text's end (NaN), or a control character, which a string may not hold.
          if (!(c >= SPACE)) return -1;
          // Plain past ASCII: U+00A1 to U+02FF, but the soft hyphen, which is invisible.
          if (c === SPACE || c < 0xa1 || c === 0xad || c > 0x2ff) this.unplain = true;
        }
        hash = hashStep(hash, c);
        c = text.charCodeAt(++i);
      }
      const end = i;
      if (end === start) this.unplain = true;
      hashes[n] = hashEnd(hash);
      i = skipSpace(text, end + 1);
      if (text.charCodeAt(i) !== COLON) return -1;
      i = scanNumber(text, skipSpace(text, i + 1));
      if (i === -1) return -1;
      starts[n] = start;
      ends[n] = end;
      values[n++] = scanned[0];
      i = skipSpace(text, i);
      this.at = i;
      if (text.charCodeAt(i) !== COMMA || n === starts.length) return n;
      i++;
    }
  }

  /** [number, …], or undefined. */
  arrayOfNumbers(): number[] | undefined {
    if (!this.take(OPEN_ARRAY)) return undefined;
    const values: number[] = [];
    if (this.take(CLOSE_ARRAY)) return values;
    do {
      const value = this.number();
      if (value === undefined) return undefined;
      values.push(value);
    } while (this.take(COMMA));
    return this.take(CLOSE_ARRAY) ? values : undefined;
  }

  /** Nothing but whitespace is left. */
  done(): boolean {
    this.space();
    return this.at === this.text.length;
  }
}

const U = 117;

/** The value of a hex digit's code, or -1. */
const hexValue = (c: number): number =>
  c >= ZERO && c <= NINE ? c - ZERO : (c | 32) >= 97 && (c | 32) <= 102 ? (c | 32) - 87 : -1;

/**
 * A text whose only escapes are \\uXXXX of non-ASCII characters, as Python's json.dump writes every
 * one, with each decoded: the strings JSON.parse would make, in a text the fast readers take.
 * Undefined for any other escape, JSON.parse's to decide. An escape outside a string, which JSON
 * refuses, decodes to a character the fast readers refuse there too, so the file still goes to
 * JSON.parse for its error. A text without a backslash comes back as it is.
 */
export function decoded(text: string): string | undefined {
  let backslash = text.indexOf('\\');
  if (backslash === -1) return text;
  const parts: string[] = [];
  let last = 0;
  for (; backslash !== -1; backslash = text.indexOf('\\', backslash + 6)) {
    if (text.charCodeAt(backslash + 1) !== U) return undefined;
    let code = 0;
    for (let k = 2; k < 6; k++) {
      const digit = hexValue(text.charCodeAt(backslash + k));
      if (digit === -1) return undefined;
      code = code * 16 + digit;
    }
    if (code < 0x80) return undefined;
    parts.push(text.slice(last, backslash), String.fromCharCode(code));
    last = backslash + 6;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/**
 * vocab.json's entries, read straight from the text, their keys hashed under `seed`; undefined
 * where JSON.parse must decide.
 */
export function readVocabulary(file: string, seed = freshSeed()): Entries | undefined {
  const text = decoded(file);
  if (text === undefined) return undefined;
  const reader = new Reader(text, seed);
  const spans = reader.objectOfNumbers();
  if (!spans || !reader.done()) return undefined;
  return { keys: keysOf(spans), values: spans.values, plain: !reader.unplain, hashes: spans.hashes };
}

/**
 * weights.json's f1 and f2, read straight from the text, f2's keys hashed under `seed`; undefined
 * where JSON.parse must decide.
 */
export function readWeights(file: string, seed = freshSeed()): { f1: number[]; f2: Spans } | undefined {
  const text = decoded(file);
  if (text === undefined) return undefined;
  const reader = new Reader(text, seed);
  if (!reader.take(OPEN)) return undefined;
  let f1: number[] | undefined;
  let f2: Spans | undefined;
  do {
    const end = reader.string();
    if (end === -1 || !reader.take(COLON)) return undefined;
    const key = text.slice(text.lastIndexOf('"', end - 1) + 1, end);
    if (key === 'f1' && f1 === undefined) {
      f1 = reader.arrayOfNumbers();
      if (f1 === undefined) return undefined;
    } else if (key === 'f2' && f2 === undefined) {
      f2 = reader.objectOfNumbers();
      if (f2 === undefined) return undefined;
    } else {
      return undefined;
    }
  } while (reader.take(COMMA));
  if (!reader.take(CLOSE) || !reader.done() || f1 === undefined || f2 === undefined) return undefined;
  return { f1, f2 };
}
