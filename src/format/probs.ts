import { removals } from '../compare.js';
import { escapeUnsafe, UNSAFE } from '../errors.js';
import { en, type Messages } from '../i18n/en.js';
import type { Model } from '../model.js';
import { listed } from '../ranking.js';
import type { Distribution } from '../sampler.js';
import { aligned, bar, human, probability } from '../views/table.js';
import { plain } from './plain.js';
import type { FormatName } from './samples.js';

/**
 * --probs: the next-token distribution after the chain, in canonical order: token, id, logit,
 * prob. Text is for people (four decimals; a table with bars on a terminal, tab-separated rows on
 * a pipe); the machine formats carry every digit. Phrases from stdin add their line number, a
 * capture's positions their number. Only the tokens the distribution lists have rows: every one
 * of a model's, a captured list's own.
 */
export interface ProbsWriter {
  readonly head: string;
  /** With `second` (--compare), each row carries the second chain's numbers too. */
  phrase(distribution: Distribution, where?: Where, second?: Distribution): string;
  tail(): string;
}

/** Where a distribution comes from: a line of stdin, or a capture's position and the mass its list leaves out. */
export interface Where {
  readonly line?: number;
  readonly position?: number;
  readonly missing?: number;
}

/** A token as a human view shows it: control characters escaped, and, in a table, spaces as ␣. */
export function visible(token: string, spaces = false): string {
  // Most tokens need nothing: a wide vocabulary is shown without a copy of each.
  if (!(spaces && token.includes(' ')) && (plain(token) || !ESCAPED.test(token))) return token;
  const shown = escapeUnsafe(token.replace(/[\n\r\t\\]/g, (c) => ESCAPES[c]));
  return spaces ? shown.replaceAll(' ', '␣') : shown;
}

/** Tokens longer than this are cut with "…" in tables: one 5 MB token must not pad every row. */
const WIDEST = 40;

/** A token as a table shows it: visible, and cut to WIDEST characters. */
export const cell = (token: string): string => {
  const shown = visible(token, true);
  return shown.length > WIDEST ? `${shown.slice(0, WIDEST - 1)}…` : shown;
};

/** Whether a token holds a character that visible escapes: an unsafe one, or a backslash. */
const ESCAPED = new RegExp(`${UNSAFE.source.slice(0, -1)}\\\\]`, 'u');

/** The control characters real tokens hold most, as a programmer writes them; a backslash doubled so that none is ambiguous. */
const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

/**
 * `m` words the table a terminal shows; the machine formats never change with the language.
 * `bytes`: a capture's bytes for each token, which json and jsonl carry beside the exact string.
 * `top`: how many rows a terminal's table shows, most probable first.
 */
export function probsWriter(
  format: FormatName,
  model: Model,
  terminal: boolean,
  m: Messages = en,
  bytes?: readonly (readonly number[] | undefined)[],
  top = TOP,
): ProbsWriter {
  const exact = format === 'json' || format === 'jsonl';
  const rows = (d: Distribution, where: Where, second?: Distribution) => {
    // --compare: the stage that removed each token in each chain, none for a token kept.
    const [gone, gone2] = [d, second].map((x) => x && removedBy(x));
    return listed(d.logits).map((i) => ({
      ...(where.line === undefined ? {} : { line: where.line }),
      ...(where.position === undefined ? {} : { position: where.position }),
      token: exact ? model.tokens[i] : visible(model.tokens[i]),
      ...(exact && bytes?.[i] !== undefined ? { bytes: bytes[i] } : {}),
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
        phrase: (d, where = {}, second) =>
          terminal ? table(model, d, where, m, top, second) : tabbed(rows(d, where, second), probability),
        tail: noTail,
      };
    case 'tsv': {
      const first = firstCall();
      return {
        head: '',
        phrase: (d, where = {}, second) => {
          const body = rows(d, where, second);
          return (first() ? `${Object.keys(body[0]).join('\t')}\n` : '') + tabbed(body, String);
        },
        tail: noTail,
      };
    }
    case 'jsonl':
      return {
        head: '',
        phrase: (d, where = {}, second) =>
          rows(d, where, second)
            .map((row) => `${JSON.stringify(row)}\n`)
            .join(''),
        tail: noTail,
      };
    case 'json': {
      const first = firstCall();
      return {
        head: '[',
        phrase: (d, where = {}, second) =>
          (first() ? '' : ',') +
          rows(d, where, second)
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
function tabbed(rows: Record<string, unknown>[], prob: (p: number) => string): string {
  // Text and tsv rows carry no bytes: only json and jsonl have them.
  const shown = (key: string, value: unknown): unknown =>
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

function table(model: Model, d: Distribution, where: Where, m: Messages, top: number, second?: Distribution): string {
  const heading =
    where.line !== undefined
      ? `${m.lineHeading(where.line)}\n`
      : where.position !== undefined
        ? `${m.positionHeading(where.position)}\n`
        : '';
  const shown = listed(d.logits);
  const body = second !== undefined ? compared(model, shown, d, second, m) : single(model, shown, d, m, top);
  // A captured list leaves out the rest of the vocabulary's mass: the table says how much.
  const missing =
    where.missing === undefined || where.missing === 0 ? '' : `${m.missingMass(where.missing, shown.length)}\n`;
  return heading + body + missing;
}

/** A terminal shows the most probable first, this many of them unless --top or --all says otherwise. */
const TOP = 20;

function single(model: Model, listed: number[], d: Distribution, m: Messages, top: number): string {
  // Most probable first, ties in canonical order; the rest summed up in one line.
  const order = [...listed].sort((a, b) => d.probs[b] - d.probs[a] || a - b);
  const shown = order.slice(0, top);
  const rows = shown.map((i) => [
    cell(model.tokens[i]),
    String(model.ids[i]),
    human(d.logits[i]),
    probability(d.probs[i]),
    '',
  ]);
  const lines = aligned([[...m.probsColumns(), ''], ...rows]).map((row, k) =>
    `${row.join('  ')}${k === 0 ? '' : bar(d.probs[shown[k - 1]])}`.trimEnd(),
  );
  const rest = order.slice(top);
  if (rest.length > 0) lines.push(m.moreTokens(rest.length, probability(rest.reduce((sum, i) => sum + d.probs[i], 0))));
  return `${lines.join('\n')}\n`;
}

/** --compare on a terminal: both chains' probabilities, which chains keep each token, and two bars. */
function compared(model: Model, shown: number[], d: Distribution, second: Distribution, m: Messages): string {
  const [gone, gone2] = [removals(d), removals(second)];
  const keptBy = (i: number): string =>
    [gone[i] === -1 ? '1' : '', gone2[i] === -1 ? '2' : ''].filter((c) => c !== '').join(' ') || '–';
  const rows = shown.map((i) => [
    cell(model.tokens[i]),
    String(model.ids[i]),
    probability(d.probs[i]),
    probability(second.probs[i]),
    keptBy(i),
    bar(d.probs[i], 15).padEnd(15),
  ]);
  const lines = aligned([[...m.compareColumns(), ''], ...rows]).map((row, k) =>
    `${row.join('  ')}${k === 0 ? '' : ` ${bar(second.probs[shown[k - 1]], 15)}`}`.trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}
