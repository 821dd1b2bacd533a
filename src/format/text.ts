import type { Batch } from '../generate.js';
import type { Model } from '../model.js';
import { utf8Into } from './utf8.js';

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
 * A chunk is as long as its lines, however long the longest token, and lasts until the next
 * call: write it before asking for another.
 */
export function textFormatter(model: Model, prefix: string): (batch: Batch) => string | Uint8Array {
  const line = textLine(model, prefix);
  let arena: LineArena | undefined;
  // One buffer for every batch, grown when a batch needs more: the sink returns only once a chunk
  // is written, so a run of millions of lines makes no garbage of them.
  let chunk = Buffer.allocUnsafe(0);
  return (batch) => {
    if (batch.length === 1) {
      arena ??= new LineArena(model, prefix);
      // Read once: batches come in more than one shape, and the loops below run for every line.
      const { count, tokens } = batch;
      const { lines, blocks } = arena;
      let size = 0;
      for (let i = 0; i < count; i++) {
        const token = tokens[i];
        if (lines[3 * token] === -1) arena.encode(token);
        size += lines[3 * token + 1];
      }
      // Lines are short: a loop copies one faster than a call into the runtime does.
      if (chunk.length < size) chunk = Buffer.allocUnsafe(size);
      let offset = 0;
      for (let i = 0; i < count; i++) {
        const at = 3 * tokens[i];
        const bytes = blocks[lines[at + 2]];
        const end = lines[at] + lines[at + 1];
        for (let b = lines[at]; b < end; b++) chunk[offset++] = bytes[b];
      }
      return chunk.subarray(0, size);
    }
    let lines = '';
    for (let slot = 0; slot < batch.count * batch.length; slot += batch.length) lines += `${line(batch, slot)}\n`;
    return lines;
  };
}

/** Lines are encoded into blocks of this size: the arena grows without copying what it holds. */
const BLOCK = 1 << 18;

/** The encoded line `${prefix}${token}\n` of each token drawn so far, end to end in a few large blocks. */
class LineArena {
  readonly blocks: Buffer[] = [];
  private used = 0;
  /**
   * For token t, at 3t: where its line starts in its block (-1 until it is encoded), its length,
   * its block. Side by side, so that a wide vocabulary's line costs one cache miss, not three.
   */
  readonly lines: Int32Array;

  /** The prefix's bytes, encoded once. */
  private readonly prefix: Buffer;

  constructor(
    private readonly model: Model,
    prefix: string,
  ) {
    this.prefix = Buffer.from(prefix);
    this.lines = new Int32Array(3 * model.tokens.length);
    for (let t = 0; t < model.tokens.length; t++) this.lines[3 * t] = -1;
  }

  /** Encodes a token's line at the end of the arena: the prefix's bytes, the token's, a newline. */
  encode(token: number): void {
    const text = this.model.tokens[token];
    // UTF-8 takes at most 3 bytes per UTF-16 unit: with that much room left, write without measuring.
    const most = this.prefix.length + 3 * text.length + 1;
    if (this.blocks.length === 0 || this.used + most > BLOCK) {
      // A line longer than a block gets a block of its own size.
      this.blocks.push(Buffer.allocUnsafe(Math.max(BLOCK, most)));
      this.used = 0;
    }
    const block = this.blocks.length - 1;
    const bytes = this.blocks[block];
    bytes.set(this.prefix, this.used);
    let length = this.prefix.length + utf8Into(text, bytes, this.used + this.prefix.length);
    bytes[this.used + length++] = 10;
    const at = 3 * token;
    this.lines[at] = this.used;
    this.lines[at + 1] = length;
    this.lines[at + 2] = block;
    this.used += length;
  }
}
