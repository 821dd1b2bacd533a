import { bands } from '../draw.js';
import { cell } from '../format/probs.js';
import type { Messages } from '../i18n/en.js';
import type { Distribution } from '../sampler.js';
import { human, probability } from '../views/table.js';
import { h, s } from './dom.js';
import { colorOf } from './figure.js';
import type { Drawn, View } from './view.js';

const WIDTH = 1000;
/** Bands narrower than this share of the line carry no label. */
const LABELLED = 0.05;
/** Bands narrower than this (of the line's 1000) are too thin to tell apart. */
const THIN = 0.5;
/** The width a mark's number takes on the line, of its 1000. */
const LABEL = 16;
/** The line numbers this many of the first draws: past them, the histogram tells the story. */
const MARKED = 30;

/**
 * A distribution's bands, made once: the draws that share the phrase's distribution (all of them,
 * but with XTC) would otherwise each sum 200,000 probabilities again.
 */
const banded = new WeakMap<Distribution, ReturnType<typeof bands>>();
function bandsOf(d: Distribution): ReturnType<typeof bands> {
  let band = banded.get(d);
  if (band === undefined) {
    band = bands(d.probs);
    banded.set(d, band);
  }
  return band;
}

/** Whether two distributions give every token the same probability: XTC's two outcomes do not. */
const same = (a: Distribution, b: Distribution): boolean => a === b || a.probs.every((p, i) => p === b.probs[i]);

/**
 * The line from 0 to 1, cut into one band per token, each in its token's colour and as long as
 * its probability; each draw's u is a numbered mark in the band it fell in. The line is that of
 * the last draw's distribution (with XTC, a draw may come from another, whose mark is not here).
 * `fresh`: how many of the last draws are new, to animate their fall.
 */
export function bandsLine(view: View, m: Messages, fresh: number): HTMLElement {
  const d = view.drawn.at(-1)?.distribution ?? view.distribution;
  const band = bandsOf(d);
  const segments: SVGElement[] = [];
  // Bands too thin to see are drawn as one grey run each: a wide vocabulary gives no element per token.
  let thin = { from: 0, width: 0, count: 0 };
  const flush = (): void => {
    if (thin.count > 0) {
      const title = s('title', {}, m.page.tokens(thin.count));
      segments.push(s('rect', { class: 'band thin', x: thin.from, y: 30, width: thin.width, height: 26 }, title));
    }
    thin = { from: 0, width: 0, count: 0 };
  };
  for (let i = 0; i < d.probs.length; i++) {
    if (d.probs[i] <= 0) continue;
    const [from, width] = [band.from(i) * WIDTH, d.probs[i] * WIDTH];
    if (width < THIN) {
      if (thin.count === 0) thin.from = from;
      thin.width += width;
      thin.count++;
      continue;
    }
    flush();
    const token = view.model.tokens[i];
    const title = s('title', {}, `${token} [${probability(band.from(i))}, ${probability(band.to(i))})`);
    segments.push(
      s('rect', { class: 'band', x: from, y: 30, width, height: 26, fill: colorOf(i), 'data-token': token }, title),
    );
    if (d.probs[i] >= LABELLED) {
      segments.push(s('text', { class: 'on-band', x: from + width / 2, y: 48 }, cell(token).slice(0, 10)));
    }
  }
  flush();
  // A number close to an earlier one on the line goes up a row, so that "10" and "12" stay apart.
  const placed: { x: number; row: number }[] = [];
  const rowAt = (x: number): number => {
    let row = 0;
    while (placed.some((p) => p.row === row && Math.abs(p.x - x) < LABEL)) row++;
    placed.push({ x, row });
    return row;
  };
  const marks = view.drawn.slice(0, MARKED).flatMap((drawn, k) => {
    if (drawn.u === null || !same(drawn.distribution, d)) return [];
    const x = drawn.u * WIDTH;
    const row = Math.min(rowAt(x), 2);
    const isNew = k >= view.drawn.length - fresh;
    return [
      s(
        'g',
        { class: isNew ? 'mark new' : 'mark', 'data-mark': k + 1, style: `--x: ${x}px` },
        s('path', { d: `M${x},28 l-5,-9 h10 z` }),
        s('text', { x, y: 16 - 10 * row }, String(k + 1)),
      ),
    ];
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => s('text', { class: 'tick', x: t * WIDTH, y: 72 }, String(t)));
  return h(
    'figure',
    { id: 'bands' },
    s(
      'svg',
      { class: 'chart', viewBox: `-12 -16 ${WIDTH + 24} 94`, role: 'img', 'aria-label': m.page.bandsLabel },
      ...segments,
      ...marks,
      ...ticks,
    ),
  );
}

/** Each listed continuation: its number, its line, and its first draw explained against its own distribution. */
export function drawsList(view: View, m: Messages, fresh: number): HTMLElement {
  const items = view.drawn.map((drawn, k) =>
    h(
      'li',
      { 'data-sample': drawn.line, class: k >= view.drawn.length - fresh ? 'new' : undefined },
      h('code', {}, lineOf(drawn)),
      h('span', { class: 'how' }, how(view, drawn, m)),
    ),
  );
  const shown = view.drawn.length;
  const note = shown < view.count ? h('p', { id: 'listed' }, m.page.listed(shown, view.count)) : undefined;
  // The list scrolls: the keyboard reaches it too.
  const list = h('ol', { class: 'samples', tabindex: 0, 'aria-label': m.page.drawsTitle }, ...items);
  return h('div', { id: 'draws' }, list, note);
}

/** The line as the CLI prints it, the new tokens marked, the first in its colour. */
function lineOf(drawn: Drawn): DocumentFragment {
  const line = document.createDocumentFragment();
  line.append(drawn.line.slice(0, drawn.line.length - drawn.added.length));
  const chip = h('mark', { style: `--token: ${colorOf(drawn.token)}` }, drawn.added);
  line.append(chip);
  return line;
}

/** "u = 0.3912 falls in [0.0000, 0.4237) → azul", against the distribution this token was drawn from. */
function how({ model }: View, drawn: Drawn, m: Messages): string {
  if (drawn.u === null) return m.greedyDraw(cell(model.tokens[drawn.token]));
  const band = bandsOf(drawn.distribution);
  const [from, to] = [probability(band.from(drawn.token)), probability(band.to(drawn.token))];
  return m.uFalls(human(drawn.u), from, to, cell(model.tokens[drawn.token]));
}
