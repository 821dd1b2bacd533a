import { createHash } from 'node:crypto';
import { openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import {
  type CapturedModel,
  type CaptureKind,
  capturedModel,
  readCapture,
  vectorModel,
  vectorVocabulary,
} from '../capture.js';
import { codeOf, dataError, printable, usageError } from '../errors.js';
import { visible } from '../format/probs.js';
import type { Messages } from '../i18n/en.js';
import { parseJson } from '../json.js';
import { captureSize, MAX_MODEL_BYTES, readVocabText, utf8Text } from '../load.js';
import { isNpy, npyHeader, npyRow } from '../npy.js';
import type { PhraseSource } from './phrases.js';

/** A capture as the run uses it: its model, the positions to run, and what the receipt records of the file. */
export interface CaptureRun {
  readonly captured: CapturedModel;
  /** The positions --at picks, from 0. */
  readonly positions: readonly number[];
  /** Each of them as the run reads it, its logits made only when it comes: a tensor's rows one at a time. */
  sources(): Iterable<PhraseSource>;
  /** The file's absolute path (or - for stdin) and its SHA-256, so that a replayed receipt notices a changed file. */
  readonly file: string;
  readonly sha256: string;
  /** The tokens as the text and tsv lines write them: control characters escaped. */
  readonly shown: { readonly tokens: readonly string[]; readonly glue: string };
}

/** The options --logits comes with. */
export interface CaptureOptions {
  readonly logits: string;
  /** The vocabulary of a .npy's columns. */
  readonly vocab: string;
  readonly at?: string;
  readonly logitsKind?: CaptureKind;
  readonly missing?: 'renormalise' | 'rest';
}

/** stdin's bytes, bounded as a file is. */
async function stdinBytes(stdin: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > MAX_MODEL_BYTES) throw dataError((m) => m.captureTooLarge(MAX_MODEL_BYTES / 2 ** 20));
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** The positions --at names: `all`, or one number from 1. */
function picked(at: string | undefined, count: number, source: string): number[] {
  if (at === undefined) return count === 0 ? [] : [0];
  if (at === 'all') return Array.from({ length: count }, (_, k) => k);
  const n = Number(at);
  if (!/^\d+$/.test(at) || n < 1) throw usageError((m) => m.atInvalid(printable(at, 40)));
  if (n > count) throw dataError((m) => m.atRange(source, n, count));
  return [n - 1];
}

/** A capture's bytes: read whole, or, for a .npy file, only its header and the rows asked for. */
interface Bytes {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
  readonly sha256: string;
}

/** A file's bytes on demand; its SHA-256 is taken a chunk at a time, so that a tensor is never held whole. */
function fileBytes(path: string): Bytes {
  const size = captureSize(path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw dataError((m) =>
      m.cannotRead(m.file('capture', printable(path)), m.reason(codeOf(error)), m.passFile('--logits')),
    );
  }
  const read = (offset: number, length: number): Uint8Array => {
    const out = Buffer.alloc(length);
    readSync(fd, out, 0, length, offset);
    return out;
  };
  const hash = createHash('sha256');
  for (let at = 0; at < size; at += CHUNK) hash.update(read(at, Math.min(CHUNK, size - at)));
  return { size, read, sha256: hash.digest('hex') };
}

const CHUNK = 1 << 20;

function memoryBytes(bytes: Buffer): Bytes {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(offset, offset + length),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** Reads --logits (a file, or - for stdin), and the positions --at picks. */
export async function captureRun(o: CaptureOptions, stdin: Readable): Promise<CaptureRun> {
  const fromStdin = o.logits === '-';
  const source = fromStdin ? 'stdin' : printable(o.logits);
  const bytes = fromStdin ? memoryBytes(await stdinBytes(stdin)) : fileBytes(o.logits);
  const start = bytes.read(0, Math.min(bytes.size, HEADER_BYTES));
  const captured = isNpy(start) ? npyCapture(bytes, start, o, source) : jsonCapture(bytes, o, source, fromStdin);
  const positions = picked(o.at, captured.count, source);
  if (positions.length === 0) throw dataError((m) => m.captureEmpty(source));
  let escaped: string[] | undefined;
  return {
    captured,
    positions,
    *sources() {
      for (const k of positions) {
        const { logits, missing, history, before } = captured;
        yield {
          text: before(k),
          captured: { position: k + 1, logits: logits(k), history: history(k), missing: missing(k) },
        };
      }
    },
    file: fromStdin ? '-' : resolve(o.logits),
    sha256: bytes.sha256,
    shown: {
      glue: captured.format === 'map' || captured.format === 'pairs' ? ' ' : '',
      // Made once, for text and tsv lines only: a wide vocabulary's tokens are escaped when a line needs them.
      get tokens() {
        escaped ??= captured.model.tokens.map((token) => visible(token));
        return escaped;
      },
    },
  };
}

/** A .npy header fits in this many bytes, as NumPy writes it for any shape. */
const HEADER_BYTES = 1 << 16;

function jsonCapture(bytes: Bytes, o: CaptureOptions, source: string, fromStdin: boolean): CapturedModel {
  const whole = Buffer.from(bytes.read(0, bytes.size));
  const text = utf8Text(
    whole,
    (m: Messages) => (fromStdin ? m.captureStdin() : m.file('capture', source)),
    (m: Messages) => m.passFile('--logits'),
  );
  const capture = readCapture(parseJson(text, source), source, o.logitsKind);
  return capturedModel(capture, source, o.missing === 'rest');
}

/** A .npy of logits (rows × vocabulary), with --vocab naming the vocabulary its columns are of. */
function npyCapture(bytes: Bytes, start: Uint8Array, o: CaptureOptions, source: string): CapturedModel {
  const header = npyHeader(start, bytes.size, source);
  const vocabSource = printable(o.vocab);
  // A token given twice leaves the vocabulary one short of the vector, which the size check names:
  // a tokenizer.json of megabytes need not be scanned for duplicate keys as well.
  const vocabulary = vectorVocabulary(parseJson(readVocabText(o.vocab), vocabSource, false), vocabSource);
  if (vocabulary.tokens.length !== header.columns) {
    throw dataError((m) => m.npySize(source, header.columns, vocabSource, vocabulary.tokens.length));
  }
  const width = header.columns * header.bytes;
  const row = (k: number): Float64Array => npyRow(header, bytes.read(header.dataOffset + k * width, width));
  return vectorModel(vocabulary, header.rows, row, o.logitsKind ?? 'logit', source);
}
