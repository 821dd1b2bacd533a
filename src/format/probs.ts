import { removals } from '../compare.js';
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
  /** With `second` (--compare), each row carries the second chain's numbers too. */
  phrase(distribution: Distribution, line?: number, second?: Distribution): string;
  tail(): string;
}

/** `m` words the table a terminal shows; the machine formats never change with the language. */
export function probsWriter(format: FormatName, model: Model, terminal: boolean, m: Messages = en): ProbsWriter {
  const rows = (d: Distribution, line: number | undefined, second?: Distribution) => {
    // --compare: the stage that removed each token in each chain, none for a token kept.
    const [gone, gone2] = [d, second].map((x) => x && removedBy(x));
    return model.tokens.map((token, i) => ({
      ...(line === undefined ? {} : { line }),
      token,
      id: model.ids[i],
      logit: d.logits[i],
      prob: d.probs[i],
      ...(second === undefined
        ? {}
        : {
            removed_by: gone?.[i] ?? null,
            logit2: second.logits[i],
            prob2: second.probs[i],
            removed_by2: gone2?.[i] ?? null,
          }),
    }));
  };
  const noTail = (): string => '';
  switch (format) {
    case 'text':
      return {
        head: '',
        phrase: (d, line, second) =>
          terminal ? table(model, d, line, m, second) : tabbed(rows(d, line, second), probability),
        tail: noTail,
      };
    case 'tsv': {
      const first = firstCall();
      return {
        head: '',
        phrase: (d, line, second) => {
          const body = rows(d, line, second);
          return (first() ? `${Object.keys(body[0]).join('\t')}\n` : '') + tabbed(body, String);
        },
        tail: noTail,
      };
    }
    case 'jsonl':
      return {
        head: '',
        phrase: (d, line, second) =>
          rows(d, line, second)
            .map((row) => `${JSON.stringify(row)}\n`)
            .join(''),
        tail: noTail,
      };
    case 'json': {
      const first = firstCall();
      return {
        head: '[',
        phrase: (d, line, second) =>
          (first() ? '' : ',') +
          rows(d, line, second)
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

/** Rows as tab-separated lines, each probability as `prob` says; a stage that removed nothing is empty. */
function tabbed(rows: Record<string, string | number | null>[], prob: (p: number) => string): string {
  const shown = (key: string, value: string | number | null): string | number =>
    value === null ? '' : key.startsWith('prob') ? prob(value as number) : value;
  return rows
    .map(
      (row) =>
        `${Object.entries(row)
          .map(([key, value]) => shown(key, value))
          .join('\t')}\n`,
    )
    .join('');
}

/** Each token's stage that removed it, by name; undefined for a token still a candidate. */
function removedBy(d: Distribution): (string | undefined)[] {
  return Array.from(removals(d), (step) => (step === -1 ? undefined : d.steps[step].stage.name));
}

function table(model: Model, d: Distribution, line: number | undefined, m: Messages, second?: Distribution): string {
  const heading = line === undefined ? '' : `${m.lineHeading(line)}\n`;
  if (second !== undefined) return heading + compared(model, d, second, m);
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
  return `${heading}${lines.join('\n')}\n`;
}

/** --compare on a terminal: both chains' probabilities, which chains keep each token, and two bars. */
function compared(model: Model, d: Distribution, second: Distribution, m: Messages): string {
  const [gone, gone2] = [removals(d), removals(second)];
  const keptBy = (i: number): string =>
    [gone[i] === -1 ? '1' : '', gone2[i] === -1 ? '2' : ''].filter((c) => c !== '').join(' ') || '–';
  const rows = model.tokens.map((token, i) => [
    token,
    String(model.ids[i]),
    probability(d.probs[i]),
    probability(second.probs[i]),
    keptBy(i),
    bar(d.probs[i], 15).padEnd(15),
  ]);
  const lines = aligned([[...m.compareColumns(), ''], ...rows]).map((row, i) =>
    `${row.join('  ')}${i === 0 ? '' : ` ${bar(second.probs[i - 1], 15)}`}`.trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}
