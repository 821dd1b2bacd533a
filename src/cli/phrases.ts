import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** A phrase to continue: the command line's, or a non-empty line of stdin with its number (from 1). */
export interface PhraseSource {
  readonly text: string;
  readonly line?: number;
}

/** Each non-empty line of a stream, as it arrives, so output follows input without waiting for its end. */
export async function* stdinPhrases(input: Readable): AsyncGenerator<PhraseSource> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() !== '') yield { text, line };
  }
}
