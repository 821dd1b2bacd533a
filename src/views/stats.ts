import type { ChalkInstance } from 'chalk';
import { quote } from '../errors.js';
import type { Batch } from '../generate.js';
import type { Messages } from '../i18n/en.js';
import type { Model } from '../model.js';
import { ranked } from '../ranking.js';
import { chiSquare, pooled } from '../stats.js';
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
  // The test needs every expected count at 5 or more: the rare tokens are pooled first.
  const cells = pooled(tally.counts, expected);
  const fit = chiSquare(cells.observed, cells.probs);
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
  // A test of one cell, or of cells still expected below 5, means nothing: it says so instead.
  const least = Math.min(...cells.probs.filter((p) => p > 0).map((p) => p * tally.total));
  const verdict = fit.pValue < 0.001 ? c.red(m.noFit()) : c.green(m.fit());
  const chi = m.chiSquare(fit.statistic.toFixed(3), fit.degreesOfFreedom, fit.pValue.toFixed(4), verdict);
  const test =
    tally.total === 0
      ? m.noTest()
      : least < 5 || fit.degreesOfFreedom === 0
        ? m.tooFew()
        : cells.pooled > 0
          ? `${chi} ${m.pooled(cells.pooled)}`
          : chi;
  return [c.bold(m.statsTitle(tally.total, quote(phrase))), ...table, `  ${test}`, ''].join('\n');
}
