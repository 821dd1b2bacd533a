import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import {
  type CapturedModel,
  type CaptureKind,
  capturedModel,
  pairsVocabulary,
  readCapture,
  vectorModel,
  vectorVocabulary,
} from './capture.js';
import { dataError, printable } from './errors.js';
import type { Messages } from './i18n/en.js';
import { parseJson } from './json.js';
import { bundledModelPaths, cannotRead, captureSize, readVocabText, utf8Text } from './load.js';
import { isNpy, npyHeader, npyRow } from './npy.js';
import { readVocabPairs } from './vocab-text.js';

/** How a capture file is read: the vocabulary of a .npy's columns, what a map's numbers are, and whether the missing mass is a candidate. */
export interface CaptureFileOptions {
  /** A .npy's vocabulary: sample's vocab.json, GPT-2's, or a tokenizer.json (default: the post's). */
  readonly vocab?: string;
  readonly kind?: CaptureKind;
  readonly rest?: boolean;
}

/** A capture's bytes: read whole, or, for a .npy file, only its header and the rows asked for. */
export interface Bytes {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
  readonly sha256: string;
}

/**
 * A file's bytes on demand, each read opening and closing it, so that a library holding a capture
 * holds no file open; its SHA-256 is taken a chunk at a time, so that a tensor is never held whole.
 */
export function fileBytes(path: string): Bytes {
  const size = captureSize(path);
  const withFile = <T>(use: (fd: number) => T): T => {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      throw cannotRead(path, 'capture', '--logits', error);
    }
    try {
      return use(fd);
    } finally {
      closeSync(fd);
    }
  };
  const chunk = (fd: number, offset: number, length: number): Uint8Array => {
    const out = Buffer.alloc(length);
    readSync(fd, out, 0, length, offset);
    return out;
  };
  const sha256 = withFile((fd) => {
    const hash = createHash('sha256');
    // One buffer for every chunk: update has read it when it returns. A buffer per chunk of a
    // 256 MB tensor left hundreds of megabytes for the collector, and the run's peak memory with them.
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, size));
    for (let at = 0; at < size; at += CHUNK) {
      const length = Math.min(CHUNK, size - at);
      readSync(fd, buffer, 0, length, at);
      hash.update(buffer.subarray(0, length));
    }
    return hash.digest('hex');
  });
  return { size, read: (offset, length) => withFile((fd) => chunk(fd, offset, length)), sha256 };
}

const CHUNK = 1 << 20;

export function memoryBytes(bytes: Buffer): Bytes {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(offset, offset + length),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/**
 * A capture's model from its bytes: a .npy (told by its first bytes) or JSON. `source` names it in
 * messages, `what` is how a message names the file as a whole.
 */
export function captureOf(
  bytes: Bytes,
  source: string,
  options: CaptureFileOptions,
  what: (m: Messages) => string = (m) => m.file('capture', source),
): CapturedModel {
  const start = bytes.read(0, Math.min(bytes.size, HEADER_BYTES));
  return isNpy(start) ? npyCapture(bytes, start, options, source) : jsonCapture(bytes, options, source, what);
}

/** The library's --logits: a capture file as the model the chain runs on, position by position, and its SHA-256. */
export function loadCapture(
  path: string,
  options: CaptureFileOptions = {},
): CapturedModel & { readonly sha256: string } {
  const bytes = fileBytes(path);
  return { ...captureOf(bytes, printable(path), options), sha256: bytes.sha256 };
}

/** A .npy header fits in this many bytes, as NumPy writes it for any shape. */
const HEADER_BYTES = 1 << 16;

function jsonCapture(
  bytes: Bytes,
  o: CaptureFileOptions,
  source: string,
  what: (m: Messages) => string,
): CapturedModel {
  const text = utf8Text(Buffer.from(bytes.read(0, bytes.size)), what, (m: Messages) => m.passFile('--logits'));
  return capturedModel(readCapture(parseJson(text, source), source, o.kind), source, o.rest === true);
}

/** A .npy of logits (rows × vocabulary), with --vocab naming the vocabulary its columns are of. */
function npyCapture(bytes: Bytes, start: Uint8Array, o: CaptureFileOptions, source: string): CapturedModel {
  const header = npyHeader(start, bytes.size, source);
  const path = o.vocab ?? bundledModelPaths.vocab;
  const vocabSource = printable(path);
  // Straight from the text where it can be; else JSON.parse, where a token given twice leaves the
  // vocabulary one short of the vector, which the size check names.
  const text = readVocabText(path);
  const pairs = readVocabPairs(text);
  const vocabulary = pairs
    ? pairsVocabulary(pairs, vocabSource)
    : vectorVocabulary(parseJson(text, vocabSource, false), vocabSource);
  if (vocabulary.tokens.length !== header.columns) {
    throw dataError((m) => m.npySize(source, header.columns, vocabSource, vocabulary.tokens.length));
  }
  const width = header.columns * header.bytes;
  const row = (k: number): Float64Array => npyRow(header, bytes.read(header.dataOffset + k * width, width));
  return vectorModel(vocabulary, header.rows, row, o.kind ?? 'logit', source);
}
