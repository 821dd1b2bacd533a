import type { Batch } from '../generate.js';
import type { Model } from '../model.js';

/**
 * The text format: one line per continuation, the phrase then the new tokens, as in the post
 * ("el cielo es azul"). One-token lines are built once per token and reused, since a run repeats them.
 */
export function textFormatter(model: Model, input: string): (batch: Batch) => string {
  const prefix = `${input} `;
  const lines = new Map<number, string>();
  const lineFor = (token: number): string => {
    let line = lines.get(token);
    if (line === undefined) {
      line = `${prefix}${model.tokens[token]}\n`;
      lines.set(token, line);
    }
    return line;
  };
  return (batch) => {
    let chunk = '';
    if (batch.length === 1) {
      for (let i = 0; i < batch.count; i++) chunk += lineFor(batch.tokens[i]);
      return chunk;
    }
    for (let slot = 0; slot < batch.count * batch.length; slot += batch.length) {
      chunk += prefix;
      for (let k = 0; k < batch.length; k++) chunk += `${k === 0 ? '' : ' '}${model.tokens[batch.tokens[slot + k]]}`;
      chunk += '\n';
    }
    return chunk;
  };
}
