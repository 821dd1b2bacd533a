import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { CapturedModel, CaptureKind } from '../capture.js';
import { captureOf, fileBytes, memoryBytes } from '../capture-file.js';
import { dataError, printable, usageError } from '../errors.js';
import { visible } from '../format/probs.js';
import type { Shown } from '../format/text.js';
import type { Messages } from '../i18n/en.js';
import { MAX_MODEL_BYTES } from '../load.js';
import { chunks, type PhraseSource } from './phrases.js';

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
  readonly shown: { readonly tokens: Shown; readonly glue: string };
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

/** stdin's bytes, bounded as a file is; a signal while it waits ends them, as it ends stdin's lines. */
async function stdinBytes(stdin: Readable): Promise<Buffer> {
  const read: Buffer[] = [];
  let size = 0;
  for await (const bytes of chunks(stdin)) {
    size += bytes.length;
    if (size > MAX_MODEL_BYTES) throw dataError((m) => m.captureTooLarge(MAX_MODEL_BYTES / 2 ** 20));
    read.push(bytes);
  }
  return Buffer.concat(read);
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

/** Reads --logits (a file, or - for stdin), and the positions --at picks. */
export async function captureRun(o: CaptureOptions, stdin: Readable): Promise<CaptureRun> {
  const fromStdin = o.logits === '-';
  const source = fromStdin ? 'stdin' : printable(o.logits);
  const bytes = fromStdin ? memoryBytes(await stdinBytes(stdin)) : fileBytes(o.logits);
  const options = { vocab: o.vocab, kind: o.logitsKind, rest: o.missing === 'rest' };
  const captured = captureOf(bytes, source, options, fromStdin ? (m: Messages) => m.captureStdin() : undefined);
  const positions = picked(o.at, captured.count, source);
  if (positions.length === 0) throw dataError((m) => m.captureEmpty(source));
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
      glue: captured.glue,
      // For text and tsv lines only: a token is escaped when a line, or the encoded vocabulary, asks for it.
      tokens: {
        size: captured.model.tokens.length,
        one: (position) => visible(captured.model.tokens[position]),
        raw: captured.model.tokens,
      },
    },
  };
}
