import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { dataError } from '../errors.js';

/** A phrase to continue: the command line's, or a non-empty line of stdin with its number (from 1). */
export interface PhraseSource {
  readonly text: string;
  readonly line?: number;
  /** A position of a capture (--logits): its number from 1, its logits, and the tokens chosen before it. */
  readonly captured?: {
    readonly position: number;
    readonly logits: Float64Array;
    readonly history: readonly number[];
    readonly missing?: number;
  };
}

/**
 * The stream's chunks as bytes (a stream of strings, as a test gives, is encoded). A stream destroyed
 * by a signal while waiting ends them quietly, as readline ended its lines.
 */
export async function* chunks(input: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of input) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
  } catch (error) {
    if (!input.destroyed) throw error;
  }
}

const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * Each non-empty line of a stream, as it arrives, so output follows input without waiting for its
 * end. Lines end at \n, \r\n or a lone \r, as readline ends them. The bytes are read as they are,
 * so that a line that is not UTF-8 (a Latin-1 file, binary data) is named as such, not read as
 * replacement characters; UTF-16 (a byte-order mark, or NUL bytes) is named too.
 */
export async function* stdinPhrases(input: Readable): AsyncGenerator<PhraseSource> {
  let line = 0;
  let pending: Buffer | undefined;
  let first = true;
  const text = (bytes: Buffer): PhraseSource | undefined => {
    line++;
    if (bytes.includes(0)) throw dataError((m) => m.stdinUtf16(line));
    if (!isUtf8(bytes)) throw dataError((m) => m.stdinNotUtf8(line));
    const phrase = bytes.toString('utf8');
    return phrase.trim() === '' ? undefined : { text: phrase, line };
  };
  for await (const chunk of chunks(input)) {
    let data = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
    if (first && data.length >= 2) {
      if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) {
        throw dataError((m) => m.stdinUtf16(1));
      }
      // A UTF-8 byte-order mark, as some editors write, is no part of the first phrase.
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
      first = false;
    }
    let start = 0;
    for (let i = 0; i < data.length; i++) {
      const byte = data[i];
      if (byte !== NEWLINE && byte !== RETURN) continue;
      // A \r at the chunk's end may be the first half of \r\n: wait for the next chunk.
      if (byte === RETURN && i === data.length - 1) break;
      const source = text(data.subarray(start, i));
      if (source !== undefined) yield source;
      if (byte === RETURN && data[i + 1] === NEWLINE) i++;
      start = i + 1;
    }
    pending = start < data.length ? data.subarray(start) : undefined;
  }
  if (pending !== undefined && pending.length > 0) {
    const last = pending[pending.length - 1] === RETURN ? pending.subarray(0, -1) : pending;
    const source = text(last);
    if (source !== undefined) yield source;
  }
}
