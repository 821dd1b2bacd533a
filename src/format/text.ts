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
      const { lines, blocks } = arena;
      let size = 0;
      for (let i = 0; i < batch.count; i++) {
        const token = batch.tokens[i];
        if (lines[3 * token] === -1) arena.encode(token);
        size += lines[3 * token + 1];
      }
      // Lines are short: a loop copies one faster than a call into the runtime does.
      if (chunk.length < size) chunk = Buffer.allocUnsafe(size);
      let offset = 0;
      for (let i = 0; i < batch.count; i++) {
        const at = 3 * batch.tokens[i];
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

  constructor(
    private readonly model: Model,
    private readonly prefix: string,
  ) {
    this.lines = new Int32Array(3 * model.tokens.length);
    for (let t = 0; t < model.tokens.length; t++) this.lines[3 * t] = -1;
  }

  /** Encodes a token's line at the end of the arena. */
  encode(token: number): void {
    const text = `${this.prefix}${this.model.tokens[token]}\n`;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: with that much room left, write without measuring.
    const most = 3 * text.length;
    if (this.blocks.length === 0 || this.used + most > BLOCK) {
      // A line longer than a block gets a block of its own size.
      this.blocks.push(Buffer.allocUnsafe(Math.max(BLOCK, most)));
      this.used = 0;
    }
    const block = this.blocks.length - 1;
    const length = this.blocks[block].write(text, this.used);
    const at = 3 * token;
    this.lines[at] = this.used;
    this.lines[at + 1] = length;
    this.lines[at + 2] = block;
    this.used += length;
  }
}
