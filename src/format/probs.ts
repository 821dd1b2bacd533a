import { en, type Messages } from '../i18n/en.js';
import type { Model } from '../model.js';
import type { Distribution } from '../sampler.js';
import { aligned, bar, probability } from '../views/table.js';
import type { FormatName } from './samples.js';

/**
 * --probs: the next-token distribution after the chain, in canonical order: token, id, logit,
 * prob. Text is for people (four decimals; a table with bars on a terminal, tab-separated rows on
 * a pipe); the machine formats carry every digit. Phrases from stdin add their line number.
 */
export interface ProbsWriter {
  readonly head: string;
  phrase(distribution: Distribution, line?: number): string;
  tail(): string;
}

/** `m` words the table a terminal shows; the machine formats never change with the language. */
export function probsWriter(format: FormatName, model: Model, terminal: boolean, m: Messages = en): ProbsWriter {
  const rows = (d: Distribution, line: number | undefined) =>
    model.tokens.map((token, i) => ({
      ...(line === undefined ? {} : { line }),
      token,
      id: model.ids[i],
      logit: d.logits[i],
      prob: d.probs[i],
    }));
  const noTail = (): string => '';
  switch (format) {
    case 'text':
      return {
        head: '',
        phrase: (d, line) => (terminal ? table(model, d, line, m) : tabbed(rows(d, line), probability)),
        tail: noTail,
      };
    case 'tsv': {
      const first = firstCall();
      return {
        head: '',
        phrase: (d, line) => {
          const body = rows(d, line);
          return (first() ? `${Object.keys(body[0]).join('\t')}\n` : '') + tabbed(body, String);
        },
        tail: noTail,
      };
    }
    case 'jsonl':
      return {
        head: '',
        phrase: (d, line) =>
          rows(d, line)
            .map((row) => `${JSON.stringify(row)}\n`)
            .join(''),
        tail: noTail,
      };
    case 'json': {
      const first = firstCall();
      return {
        head: '[',
        phrase: (d, line) =>
          (first() ? '' : ',') +
          rows(d, line)
            .map((row) => JSON.stringify(row))
            .join(','),
        tail: () => ']\n',
      };
    }
  }
}

/** True on its first call only: the tsv header and the json commas need to know. */
function firstCall(): () => boolean {
  let first = true;
  return () => {
    const was = first;
    first = false;
    return was;
  };
}

function tabbed(rows: Record<string, string | number>[], prob: (p: number) => string): string {
  return rows.map((row) => `${Object.values({ ...row, prob: prob(row.prob as number) }).join('\t')}\n`).join('');
}

function table(model: Model, d: Distribution, line: number | undefined, m: Messages): string {
  const rows = model.tokens.map((token, i) => [
    token,
    String(model.ids[i]),
    String(d.logits[i]),
    probability(d.probs[i]),
    '',
  ]);
  const lines = aligned([[...m.probsColumns(), ''], ...rows]).map((row, i) =>
    `${row.join('  ')}${i === 0 ? '' : bar(d.probs[i - 1])}`.trimEnd(),
  );
  return `${line === undefined ? '' : `${m.lineHeading(line)}\n`}${lines.join('\n')}\n`;
}
