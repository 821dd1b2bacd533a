import type { Batch } from '../generate.js';
import { plainInto } from './plain.js';
import { utf8Into } from './utf8.js';

/**
 * The tokens as lines write them, by position: a model's own, or a capture's with their control
 * characters escaped, each made when a line or the encoded vocabulary asks for it: a one-line run
 * of a capture's 128,256 tokens escapes one.
 */
export interface Shown {
  readonly size: number;
  one(position: number): string;
  /**
   * Where `one` escapes some tokens: the tokens themselves, each plain one (see plain.ts) given by
   * `one` as it is, so that the encoded vocabulary asks `one` only for the others.
   */
  readonly raw?: readonly string[];
}

/** Tokens written as they are. */
export const shownAs = (tokens: readonly string[]): Shown => ({
  size: tokens.length,
  one: (position) => tokens[position],
});

/** The text-format line of the continuation at `slot`, without its newline: the prefix, then the new tokens. */
export function textLine(shown: Shown, prefix: string): (batch: Batch, slot: number) => string {
  return (batch, slot) => {
    let line = prefix;
    for (let k = 0; k < batch.length; k++) line += `${k === 0 ? '' : ' '}${shown.one(batch.tokens[slot + k])}`;
    return line;
  };
}

/**
 * The text format: one line per continuation, the phrase then the new tokens, as in the post
 * ("el cielo es azul"); the prefix is empty with --only-new. One-token lines, the common case of
 * millions of samples, are copied as bytes from the vocabulary encoded once (TokenBytes): cheaper
 * than building and encoding a string each time, and no object per token of a wide vocabulary.
 * The vocabulary is encoded once a formatter has written a quarter as many lines as it has tokens,
 * or before its first line when it is told (`expected`) it will write that many, so that a few samples
 * of a wide vocabulary never pay for it, and then serves every phrase of the run. A chunk lasts
 * until the next call: write it before asking for another.
 */
export function textFormatter(shown: Shown, prefix: string, expected = 0): (batch: Batch) => string | Uint8Array {
  const line = textLine(shown, prefix);
  const head = words(Buffer.from(prefix));
  let written = 0;
  // One buffer for every batch, grown when a batch needs more: the sink returns only once a chunk
  // is written, so a run of millions of lines makes no garbage of them.
  let chunk = new Chunk(new Uint8Array(0));
  return (batch) => {
    written += batch.count;
    let vocabulary = encoded.get(shown);
    if (vocabulary === undefined && batch.length === 1 && 4 * Math.max(written, expected) >= shown.size) {
      vocabulary = new TokenBytes(shown);
      encoded.set(shown, vocabulary);
    }
    if (batch.length === 1 && vocabulary !== undefined) {
      // Read once: batches come in more than one shape, and the loop below runs for every line.
      const { count, tokens } = batch;
      const { starts, bytes, span } = vocabulary;
      let at = 0;
      for (let i = 0; i < count; i++) {
        const token = tokens[i];
        const from = starts[token];
        const length = starts[token + 1] - from;
        if (at + head.length + span + length + WORD > chunk.bytes.length)
          chunk = new Chunk(grown(chunk.bytes, at, head.length + span + length));
        const out = chunk.view;
        for (let w = 0; w < head.length; w += WORD) out.setFloat64(at + w, head.view.getFloat64(w, true), true);
        at += head.length;
        // The same words for every line, then the rest of a long one: a loop whose count changed
        // with each line's length was mispredicted at random, and each miss threw away the reads
        // of the next lines' bytes already under way.
        for (let w = 0; w < span; w += WORD) out.setFloat64(at + w, bytes.getFloat64(from + w, true), true);
        for (let w = span; w < length; w += WORD) out.setFloat64(at + w, bytes.getFloat64(from + w, true), true);
        at += length;
      }
      return chunk.bytes.subarray(0, at);
    }
    let lines = '';
    for (let slot = 0; slot < batch.count * batch.length; slot += batch.length) lines += `${line(batch, slot)}\n`;
    return lines;
  };
}

/** Each vocabulary, encoded once for every formatter of it. */
const encoded = new WeakMap<Shown, TokenBytes>();

/**
 * Bytes are copied eight at a time, as a double: a line a dozen bytes long takes two steps, where
 * it took three 32-bit words (the text writer's loop, some 15 to 30% faster). A copy may run up to
 * seven bytes past its end, into room every buffer keeps, where the next line's bytes then land.
 * A double keeps its bits exactly unless they make a NaN (which JavaScript may rewrite), and no
 * eight bytes of UTF-8 ever do: a NaN's last byte is 0xFF, never in UTF-8, or 0x7F after a byte of
 * at least 0xF0, a lead byte that a continuation byte (0x80 to 0xBF) must follow.
 */
const WORD = 8;

/** Bytes with their DataView, and room for a word read past their end. */
function words(bytes: Uint8Array): { length: number; view: DataView } {
  const padded = new Uint8Array(bytes.length + WORD);
  padded.set(bytes);
  return { length: bytes.length, view: new DataView(padded.buffer) };
}

/** The output buffer, with room for a word written past the end of its last line. */
class Chunk {
  readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer);
  }
}

/** `bytes`, or a larger copy, with room at `at` for a token's UTF-8 (at most 3 bytes a UTF-16 unit) and its newline. */
function room(bytes: Uint8Array, at: number, token: string): Uint8Array {
  const most = 3 * token.length + 1 + WORD;
  return at + most > bytes.length ? grown(bytes, at, most) : bytes;
}

/** A buffer twice as large as needed to hold `kept` bytes and `more`, with the first `kept` copied. */
function grown(bytes: Uint8Array, kept: number, more: number): Uint8Array {
  const larger = new Uint8Array(2 * (kept + more + WORD));
  larger.set(bytes.subarray(0, kept));
  return larger;
}

/**
 * Every token's UTF-8 bytes and a newline, end to end in canonical order, encoded once: a position
 * is all it takes to find a token's bytes, with no table beside them but their starts.
 */
class TokenBytes {
  readonly bytes: DataView;
  /** Token t's bytes, its newline included, are [starts[t], starts[t + 1]). */
  readonly starts: Int32Array;
  /**
   * The bytes a line's copy always takes, in whole words: enough for most tokens, as few as will
   * do, so that a vocabulary of short tokens (the post's) copies one word and no more.
   */
  readonly span: number;

  constructor(shown: Shown) {
    this.starts = new Int32Array(shown.size + 1);
    // Encoded in JavaScript, straight into the buffer: for a wide vocabulary, twice as fast as
    // joining the tokens into one string for Buffer.write and finding the newlines again. One token
    // at a time: a group's strings asked for first, so that their cache misses overlap, cost more
    // in the interpreter, where most of this loop runs, than the misses they saved.
    let bytes: Uint8Array = new Uint8Array(16 * shown.size + WORD);
    let at = 0;
    const { raw } = shown;
    for (let t = 0; t < shown.size; t++) {
      const token = raw === undefined ? shown.one(t) : raw[t];
      bytes = room(bytes, at, token);
      // A plain token is checked and encoded in one pass; only another is asked of `one`, which
      // would otherwise check every token first (a third of a capture's encoding).
      let written = raw === undefined ? utf8Into(token, bytes, at) : plainInto(token, bytes, at);
      if (written < 0) {
        const shownToken = shown.one(t);
        bytes = room(bytes, at, shownToken);
        written = utf8Into(shownToken, bytes, at);
      }
      at += written;
      bytes[at++] = 10;
      this.starts[t + 1] = at;
    }
    this.span = spanOf(this.starts);
    // Room past the last token for a copy of a whole span.
    if (at + this.span > bytes.length) bytes = grown(bytes, at, this.span);
    this.bytes = new DataView(bytes.buffer);
  }
}

/** Lines of at most this many words are copied whole; most lines fit, or the span is MOST_WORDS. */
const MOST_WORDS = 4;
/** The share of tokens a span must fit. */
const FIT = 0.9;

/** The fewest whole words that fit FIT of the tokens' lines, up to MOST_WORDS. */
function spanOf(starts: Int32Array): number {
  const words = new Int32Array(MOST_WORDS + 1);
  for (let t = 0; t + 1 < starts.length; t++)
    words[Math.min(MOST_WORDS, Math.ceil((starts[t + 1] - starts[t]) / WORD))]++;
  let fits = 0;
  for (let n = 1; n < MOST_WORDS; n++) {
    fits += words[n];
    if (fits >= FIT * (starts.length - 1)) return n * WORD;
  }
  return MOST_WORDS * WORD;
}
