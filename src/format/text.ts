import type { Batch } from '../generate.js';
import type { Model } from '../model.js';

/** The text-format line of the continuation at `slot`, without its newline: the prefix, then the new tokens. */
export function textLine(model: Model, prefix: string): (batch: Batch, slot: number) => string {
  return (batch, slot) => {
    let line = prefix;
    for (let k = 0; k < batch.length; k++) line += `${k === 0 ? '' : ' '}${model.tokens[batch.tokens[slot + k]]}`;
    return line;
  };
}

/**
 * The text format: one line per continuation, the phrase then the new tokens, as in the post
 * ("el cielo es azul"); the prefix is empty with --only-new. One-token lines, the common case of
 * millions of samples, are encoded once per token into one arena and copied as bytes: cheaper
 * than building and encoding a string each time, and no object per token of a wide vocabulary.
 * A chunk is as long as its lines, however long the longest token.
 */
export function textFormatter(model: Model, prefix: string): (batch: Batch) => string | Uint8Array {
  const line = textLine(model, prefix);
  let arena: LineArena | undefined;
  return (batch) => {
    if (batch.length === 1) {
      arena ??= new LineArena(model, prefix);
      const { starts, lengths } = arena;
      let size = 0;
      for (let i = 0; i < batch.count; i++) {
        const token = batch.tokens[i];
        if (starts[token] === -1) arena.encode(token);
        size += lengths[token];
      }
      // A fresh buffer per batch: the stream may still hold the last one. Lines are short: a
      // loop copies one faster than a call into the runtime does.
      const chunk = Buffer.allocUnsafe(size);
      const bytes = arena.bytes;
      let offset = 0;
      for (let i = 0; i < batch.count; i++) {
        const token = batch.tokens[i];
        const end = starts[token] + lengths[token];
        for (let b = starts[token]; b < end; b++) chunk[offset++] = bytes[b];
      }
      return chunk;
    }
    let chunk = '';
    for (let slot = 0; slot < batch.count * batch.length; slot += batch.length) chunk += `${line(batch, slot)}\n`;
    return chunk;
  };
}

/** The encoded line `${prefix}${token}\n` of each token drawn so far, end to end in one growing buffer. */
class LineArena {
  bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  readonly starts: Int32Array;
  readonly lengths: Int32Array;

  constructor(
    private readonly model: Model,
    private readonly prefix: string,
  ) {
    this.starts = new Int32Array(model.tokens.length).fill(-1);
    this.lengths = new Int32Array(model.tokens.length);
  }

  /** Encodes a token's line at the end of the arena. */
  encode(token: number): void {
    const text = `${this.prefix}${this.model.tokens[token]}\n`;
    const length = Buffer.byteLength(text);
    if (this.used + length > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.bytes.length, this.used + length));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.bytes.write(text, this.used);
    this.starts[token] = this.used;
    this.lengths[token] = length;
    this.used += length;
  }
}
