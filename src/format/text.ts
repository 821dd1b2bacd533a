import type { Batch } from '../generate.js';
import type { Model } from '../model.js';

/**
 * The text format: one line per continuation, the phrase then the new token, as in the post
 * ("el cielo es azul"). Lines are built once per token and reused, since a run repeats them.
 */
export function textFormatter(model: Model, input: string): (batch: Batch) => string {
  const lines = new Map<number, string>();
  const lineFor = (token: number): string => {
    let line = lines.get(token);
    if (line === undefined) {
      line = `${input} ${model.tokens[token]}\n`;
      lines.set(token, line);
    }
    return line;
  };
  return (batch) => {
    let chunk = '';
    for (let i = 0; i < batch.count; i++) chunk += lineFor(batch.tokens[i]);
    return chunk;
  };
}
