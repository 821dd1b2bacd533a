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
 * ("el cielo es azul"); the prefix is empty with --only-new. One-token lines are built once per
 * token and reused, since a run repeats them.
 */
export function textFormatter(model: Model, prefix: string): (batch: Batch) => string {
  const line = textLine(model, prefix);
  const lines = new Map<number, string>();
  const lineFor = (token: number): string => {
    let cached = lines.get(token);
    if (cached === undefined) {
      cached = `${prefix}${model.tokens[token]}\n`;
      lines.set(token, cached);
    }
    return cached;
  };
  return (batch) => {
    let chunk = '';
    if (batch.length === 1) {
      for (let i = 0; i < batch.count; i++) chunk += lineFor(batch.tokens[i]);
    } else {
      for (let slot = 0; slot < batch.count * batch.length; slot += batch.length) chunk += `${line(batch, slot)}\n`;
    }
    return chunk;
  };
}
