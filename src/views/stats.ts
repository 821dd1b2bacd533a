import type { ChalkInstance } from 'chalk';
import { quote } from '../errors.js';
import type { Batch } from '../generate.js';
import type { Messages } from '../i18n/en.js';
import type { Model } from '../model.js';
import { ranked } from '../ranking.js';
import { MISFIT, type Verdict, verdict } from '../stats.js';
import { aligned, bar, probability } from './table.js';

/** Tables longer than this show the most probable tokens only. */
const LISTED = 20;

/**
 * --stats: counts the first new token of every continuation. All of them are drawn from the
 * phrase's own distribution, so their counts can be checked against it exactly.
 */
export class Tally {
  readonly counts: Float64Array;
  total = 0;

  constructor(size: number) {
    this.counts = new Float64Array(size);
  }

  add(batch: Batch): void {
    for (let slot = 0; slot < batch.count * batch.length; slot += batch.length) this.counts[batch.tokens[slot]]++;
    this.total += batch.count;
  }
}

export function statsView(
  model: Model,
  phrase: string,
  tally: Tally,
  expected: Float64Array,
  c: ChalkInstance,
  terminal: boolean,
  m: Messages,
): string {
  const listed = Array.from(model.tokens.keys()).filter((i) => expected[i] > 0 || tally.counts[i] > 0);
  const shown =
    listed.length <= LISTED
      ? listed
      : ranked(expected)
          .slice(0, LISTED)
          .sort((a, b) => a - b);
  const rows = shown.map((i) => {
    const frequency = tally.total > 0 ? tally.counts[i] / tally.total : 0;
    const cells = [model.tokens[i], probability(expected[i]), probability(frequency), String(tally.counts[i])];
    return [...cells, terminal ? bar(frequency) : ''];
  });
  if (shown.length < listed.length) rows.push([m.more(listed.length - shown.length), '', '', '', '']);
  const table = aligned([[...m.statsColumns(), ''], ...rows]).map((row) => `  ${row.join('  ')}`.trimEnd());
  const result = verdict(tally.counts, expected, tally.total);
  const test = sentence(result, m, (fits, text) => (fits ? c.green(text) : c.red(text)));
  return [c.bold(m.statsTitle(tally.total, quote(phrase))), ...table, `  ${test}`, ''].join('\n');
}

/** What the test says, in words: --stats's last line and the page's; `mark` colours the verdict. */
export function sentence(result: Verdict, m: Messages, mark = (_fits: boolean, text: string): string => text): string {
  if (result.kind === 'none') return m.noTest();
  if (result.kind === 'few') return m.tooFew();
  const { fit, pooled } = result;
  const fits = fit.pValue >= MISFIT;
  const chi = m.chiSquare(
    fit.statistic.toFixed(3),
    fit.degreesOfFreedom,
    fit.pValue.toFixed(4),
    mark(fits, fits ? m.fit() : m.noFit()),
  );
  return pooled > 0 ? `${chi} ${m.pooled(pooled)}` : chi;
}
