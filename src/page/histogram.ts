import { cell } from '../format/probs.js';
import { generateBatches } from '../generate.js';
import type { Messages } from '../i18n/en.js';
import { verdict } from '../stats.js';
import { sentence, Tally } from '../views/stats.js';
import { probability } from '../views/table.js';
import { h, s } from './dom.js';
import { colorOf } from './figure.js';
import type { View } from './view.js';

/** The most new tokens the histogram counts; the command line's --stats counts any number. */
export const COUNTED_TOKENS = 1_000_000;

/**
 * The first new token of each continuation, counted as --stats counts them, from the same seeded
 * stream as the listed draws: one batch at a time, so that the page can draw between batches.
 * Yields the tally after each batch.
 */
export function* counting(view: View): Generator<Tally> {
  const tally = new Tally(view.model.tokens.length);
  const count = Math.min(view.count, Math.floor(COUNTED_TOKENS / view.length));
  for (const batch of generateBatches(view.stream(count), 4096)) {
    tally.add(batch);
    yield tally;
  }
  if (count === 0) yield tally;
}

const WIDTH = 260;

/** The counts so far against the expected probabilities, and what the chi-square test says of them. */
export function histogram(view: View, rows: readonly number[], tally: Tally, m: Messages): HTMLElement {
  const { model, expected } = view;
  const total = tally.total;
  const shown = rows.filter((i) => expected[i] > 0 || tally.counts[i] > 0);
  const bars = shown.flatMap((i, r) => {
    const observed = total > 0 ? tally.counts[i] / total : 0;
    const y = 10 + r * 30;
    return [
      s('text', { x: 96, y: y + 14, class: 'end' }, cell(model.tokens[i]).slice(0, 12)),
      s('rect', { x: 104, y, width: Math.max(0.5, WIDTH * observed), height: 20, fill: colorOf(i) }),
      s('rect', { class: 'expected', x: 104, y: y - 2, width: WIDTH * expected[i], height: 24 }),
      s(
        'text',
        {
          x: 112 + WIDTH,
          y: y + 14,
          'data-token': model.tokens[i],
          'data-count': tally.counts[i],
          'data-expected': expected[i],
        },
        `${probability(expected[i])} · ${probability(observed)} (${tally.counts[i]})`,
      ),
    ];
  });
  const svg = s(
    'svg',
    {
      class: 'chart small',
      viewBox: `0 0 ${WIDTH + 300} ${shown.length * 30 + 16}`,
      role: 'img',
      'aria-label': m.page.histogramLabel,
    },
    ...bars,
  );
  const legend = h(
    'p',
    { class: 'legend' },
    h('span', { class: 'key expected' }),
    ` ${m.page.expected}  `,
    h('span', { class: 'key observed' }),
    ` ${m.page.observed}`,
  );
  return h(
    'div',
    {},
    legend,
    svg,
    h('p', { id: 'verdict' }, sentence(verdict(tally.counts, expected, tally.total), m)),
  );
}
