import type { Distribution } from '../distribution.js';
import type { Model } from '../model.js';
import { aligned, bar, probability } from './table.js';

/**
 * --probs: the next-token distribution after the chain, in canonical order. On a terminal, a
 * table with a bar per token; on a pipe, plain tab-separated rows (token, id, logit, prob).
 */
export function probsView(model: Model, distribution: Distribution, terminal: boolean): string {
  const rows = model.tokens.map((token, i) => [
    token,
    String(model.ids[i]),
    String(distribution.logits[i]),
    probability(distribution.probs[i]),
  ]);
  if (!terminal) return rows.map((row) => `${row.join('\t')}\n`).join('');
  const table = aligned([['token', 'id', 'logit', 'prob'], ...rows].map((row) => [...row, '']));
  return table
    .map((row, i) => `${row.join('  ')}${i === 0 ? '' : bar(distribution.probs[i - 1])}`.trimEnd())
    .join('\n')
    .concat('\n');
}
