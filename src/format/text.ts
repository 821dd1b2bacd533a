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
 * millions of samples, are encoded once per token and copied as bytes: cheaper than building and
 * encoding a string each time.
 */
export function textFormatter(model: Model, prefix: string): (batch: Batch) => string | Uint8Array {
  const line = textLine(model, prefix);
  const encoded: Buffer[] = [];
  let longest = 0;
  return (batch) => {
    if (batch.length === 1) {
      if (longest === 0) longest = Buffer.byteLength(prefix) + longestToken(model) + 1;
      // A fresh buffer per batch: the stream may still hold the last one.
      const chunk = Buffer.allocUnsafe(batch.count * longest);
      let offset = 0;
      for (let i = 0; i < batch.count; i++) {
        const token = batch.tokens[i];
        encoded[token] ??= Buffer.from(`${prefix}${model.tokens[token]}\n`);
        const bytes = encoded[token];
        chunk.set(bytes, offset);
        offset += bytes.length;
      }
      return chunk.subarray(0, offset);
    }
    let chunk = '';
    for (let slot = 0; slot < batch.count * batch.length; slot += batch.length) chunk += `${line(batch, slot)}\n`;
    return chunk;
  };
}

const longestTokens = new WeakMap<Model, number>();

/** The longest token's size in bytes: measured once per model, not once per phrase of stdin. */
function longestToken(model: Model): number {
  let longest = longestTokens.get(model);
  if (longest === undefined) {
    longest = model.tokens.reduce((most, token) => Math.max(most, Buffer.byteLength(token)), 0);
    longestTokens.set(model, longest);
  }
  return longest;
}
