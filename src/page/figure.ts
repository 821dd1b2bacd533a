import { cell } from '../format/probs.js';
import type { Messages } from '../i18n/en.js';
import { mostProbable, removedBy } from '../ranking.js';
import { plain, quantitiesOf, type Received, SHOWN_WHOLE, walk } from '../scene.js';
import { human, probability, weight } from '../views/table.js';
import { s } from './dom.js';
import type { View } from './view.js';

/** A token's colour, the same in every part of the page: its bar, its band, its histogram. */
export const colorOf = (position: number): string => `var(--c${position % PALETTE})`;
/** How many colours style.css defines (--c0 … --c9). */
const PALETTE = 10;

const ROW = 30;
const TOP = 64;
const GAP = 26;
const BAR = 150;

/** A probability as the post writes it, to four decimals; one too small for them, to its first digits. */
const shown = (p: number): string => (p === 0 || p >= 1e-4 ? probability(p) : human(p));

/** The subscript digits of x₁ x₂ x₃. */
const subscript = (k: number): string => String(k).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);

/** A column of the diagram: its width, and what it draws at its left edge x. */
interface Column {
  readonly width: number;
  /** It draws its own lines to the next column, which then needs no arrow. */
  readonly leads?: boolean;
  draw(x: number): SVGElement[];
}

/**
 * The rows the diagram shows: every token of a vocabulary as small as --explain shows whole, in id
 * order as the post lists them; else, most probable first, as many, then the context and what a
 * search found.
 */
export function rowsOf(view: View, found: readonly number[] = []): number[] {
  const { model, distribution: d, window } = view;
  if (model.tokens.length <= SHOWN_WHOLE) return Array.from(model.tokens.keys());
  const top = mostProbable(d.probs, SHOWN_WHOLE);
  return [...new Set([...top, ...window, ...found])];
}

/**
 * The post's figure ("Representación gráfica de nuestro modelo") as a drawing with its numbers:
 * x₁ x₂ x₃ with their ids → f1 with its weights and its output → f2 → one logit per token → each
 * processor → norm → each filter, the distribution coming in ghosted and going out → the
 * probabilities as bars → the draw.
 */
export function figure(view: View, rows: readonly number[], m: Messages): SVGElement {
  const { distribution: d } = view;
  const height = TOP + rows.length * ROW + 40;
  const y = (r: number): number => TOP + r * ROW + ROW / 2;
  const columns: Column[] = view.captured
    ? [capturedColumn(view, m)]
    : [contextColumn(view), f1Column(view), f2Column(rows, y)];
  columns.push(logitsColumn(view, rows, m, y));
  const { processors, filters } = walk(d);
  for (const received of processors) columns.push(processorColumn(view, received, rows, y, m));
  columns.push(normColumn(view, rows, y));
  for (const received of filters) columns.push(filterColumn(view, received, rows, y, m));
  columns.push(probsColumn(view, rows, y), drawColumn(view, m, height));
  const parts: SVGElement[] = [];
  let x = 8;
  columns.forEach((column, k) => {
    // An arrow from each column to the next, but where a column draws its own lines to it (f2's).
    if (k > 0 && !columns[k - 1].leads) parts.push(arrow(x - GAP + 4, TOP + 30, x - 4));
    parts.push(...column.draw(x));
    x += column.width + GAP;
  });
  const width = x - GAP + 8;
  // Row guides behind everything: a reader follows one token across the figure.
  const guides = rows.map((_, r) =>
    s('line', { class: 'guide', x1: 0, x2: width, y1: y(r) + ROW / 2, y2: y(r) + ROW / 2 }),
  );
  const total = view.model.tokens.length;
  const footer =
    rows.length < total
      ? s(
          'text',
          { class: 'muted', x: 8, y: height - 10, 'data-node': 'shown' },
          m.page.shownOf(rows.length, total, rest(view, rows)),
        )
      : undefined;
  return s(
    'svg',
    {
      id: 'figure',
      class: 'chart',
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': 'figure-title figure-desc',
      style: `max-width: ${width * 1.25}px`,
    },
    s('title', { id: 'figure-title' }, m.page.figureTitle),
    s('desc', { id: 'figure-desc' }, m.page.figureLabel(plain(view.scene.heading))),
    ...guides,
    ...parts,
    footer,
  );
}

/** The probability the rows leave out, as a share. */
function rest({ distribution: d }: View, rows: readonly number[]): string {
  const shown = rows.reduce((sum, i) => sum + d.probs[i], 0);
  return `${(100 * Math.max(0, 1 - shown)).toPrecision(3)}%`;
}

const text = (x: number, y: number, content: string, attributes: Record<string, string | number> = {}): SVGElement =>
  s('text', { x, y, ...attributes }, content);

const box = (x: number, y: number, width: number, height: number, node?: string): SVGElement =>
  s('rect', { class: 'box', x, y, width, height, rx: 6, 'data-box': node });

const arrow = (x1: number, y: number, x2: number): SVGElement =>
  s('path', { class: 'arrow', d: `M${x1},${y} L${x2},${y} M${x2 - 6},${y - 4} L${x2},${y} L${x2 - 6},${y + 4}` });

const heading = (x: number, title: string, note?: string): SVGElement[] => [
  text(x, 20, title, { class: 'heading' }),
  ...(note === undefined ? [] : [text(x, 38, note, { class: 'muted' })]),
];

/** x₁ x₂ x₃: the context window's tokens and their ids, in the post's boxes. */
function contextColumn({ model, window }: View): Column {
  return {
    width: 120,
    draw: (x) =>
      window.flatMap((position, k) => {
        const top = TOP + k * 48;
        return [
          box(x, top, 120, 40),
          text(x + 8, top + 17, `x${subscript(k + 1)} = ${cell(model.tokens[position])}`, {
            class: 'strong',
            'data-node': `x${k + 1}`,
          }),
          text(x + 8, top + 33, `id ${model.ids[position]}`, { class: 'muted', 'data-node': `id${k + 1}` }),
        ];
      }),
  };
}

/** f1: each id times its weight, and their sum, the output of f1. */
function f1Column({ model, distribution: d }: View): Column {
  const lines = d.windowIds.map((id, k) => `${id} × ${weight(model.f1[k])}`);
  return {
    width: 120,
    draw: (x) => [
      box(x, TOP, 120, 30 + 18 * (lines.length + 1), 'f1'),
      text(x + 8, TOP + 20, 'f1', { class: 'heading' }),
      ...lines.map((line, k) => text(x + 8, TOP + 40 + 18 * k, line)),
      text(x + 8, TOP + 40 + 18 * lines.length, `= ${human(d.score)}`, { class: 'strong', 'data-node': 'f1' }),
    ],
  };
}

/** f2: one weight per token, one output per token: the box fans out to every row. */
function f2Column(rows: readonly number[], y: (r: number) => number): Column {
  const middle = TOP + 30;
  return {
    width: 70,
    leads: true,
    draw: (x) => [
      box(x, middle - 22, 44, 44, 'f2'),
      text(x + 22, middle + 5, 'f2', { class: 'heading middle' }),
      ...rows.map((_, r) => s('path', { class: 'arrow', d: `M${x + 44},${middle} L${x + 70 + GAP - 6},${y(r)}` })),
    ],
  };
}

/** A capture's prompt and position, where the post has the phrase, f1 and f2. */
function capturedColumn(view: View, m: Messages): Column {
  const captured = view.captured;
  const prompt = cell(captured?.before.slice(-24) ?? '');
  return {
    width: 180,
    draw: (x) => [
      box(x, TOP, 180, 48),
      text(x + 8, TOP + 18, `…${prompt}`, { class: 'strong', 'data-node': 'prompt' }),
      text(x + 8, TOP + 36, m.positionHeading(captured?.position ?? 1), { class: 'muted', 'data-node': 'position' }),
    ],
  };
}

/** f2 gives each token its score, the logits: one output per token, in its row. */
function logitsColumn(view: View, rows: readonly number[], m: Messages, y: (r: number) => number): Column {
  const { model, distribution: d } = view;
  const title = view.captured ? m.page.columns.logit : m.page.logits;
  const note = view.captured ? undefined : `${human(d.score)} × w`;
  return {
    width: 170,
    draw: (x) => [
      ...heading(x, title, note),
      ...rows.flatMap((i, r) => [
        s('rect', { x, y: y(r) - 8, width: 10, height: 16, rx: 2, fill: colorOf(i) }),
        text(x + 16, y(r) + 5, cell(model.tokens[i]).slice(0, 14), { 'data-token': model.tokens[i] }),
        text(x + 168, y(r) + 5, human(d.logits[i]), {
          class: 'n',
          'data-node': 'logit',
          'data-token': model.tokens[i],
        }),
      ]),
    ],
  };
}

/** A processor, before norm: each row's logit after it, a changed one marked. */
function processorColumn(
  { model, options }: View,
  { step, logits: before }: Received,
  rows: readonly number[],
  y: (r: number) => number,
  m: Messages,
): Column {
  return {
    width: 110,
    draw: (x) => [
      box(x - 4, 4, 118, TOP + rows.length * ROW - 2, `step-${step.stage.name}`),
      ...heading(x + 4, step.stage.label(options)[m.lang]),
      ...rows.map((i, r) => {
        const changed = !Object.is(before[i], step.logits[i]);
        return text(x + 108, y(r) + 5, human(step.logits[i]), {
          class: changed ? 'n strong' : 'n muted',
          'data-stage': step.stage.name,
          'data-token': model.tokens[i],
        });
      }),
    ],
  };
}

/** norm: the logits divided by their sum (or softmax's), each row's probability. */
function normColumn(
  { model, options, distribution: d }: View,
  rows: readonly number[],
  y: (r: number) => number,
): Column {
  const title = options.norm === 'sum' ? `norm ÷ ${human(d.total)}` : 'softmax';
  return {
    width: 150,
    draw: (x) => [
      box(x - 4, 4, 158, TOP + rows.length * ROW - 2, 'norm'),
      text(x + 4, 22, title, { class: 'heading', 'data-node': 'norm' }),
      ...rows.map((i, r) =>
        text(x + 142, y(r) + 5, shown(d.normalized[i]), {
          class: 'n',
          'data-node': 'normalized',
          'data-token': model.tokens[i],
        }),
      ),
    ],
  };
}

/**
 * A filter or transform: the distribution coming in, ghosted, and going out, solid; a token it
 * removed struck through; the quantity it computed under its title.
 */
function filterColumn(
  { model, options }: View,
  { step, logits, probs: before }: Received,
  rows: readonly number[],
  y: (r: number) => number,
  m: Messages,
): Column {
  const after = step.probs ?? new Float64Array(before.length);
  const removed = new Set(removedBy(logits, step.logits));
  const note = plain(quantitiesOf(step, m)) || undefined;
  const width = 120;
  return {
    width,
    draw: (x) => [
      box(x - 4, 4, width + 8, TOP + rows.length * ROW - 2, `step-${step.stage.name}`),
      ...heading(x + 4, step.stage.label(options)[m.lang], note),
      ...rows.flatMap((i, r) => {
        const gone = removed.has(i);
        const parts = [
          s('rect', {
            class: 'ghost',
            x,
            y: y(r) - 7,
            width: Math.max(0.5, (width - 44) * before[i]),
            height: 14,
            fill: colorOf(i),
          }),
        ];
        if (!gone)
          parts.push(s('rect', { x, y: y(r) - 5, width: (width - 44) * after[i], height: 10, fill: colorOf(i) }));
        const label = gone ? '✕' : shown(after[i]).replace(/^0\./, '.');
        parts.push(
          text(x + width - 2, y(r) + 5, label, {
            class: gone ? 'n removed' : 'n',
            'data-stage': step.stage.name,
            'data-token': model.tokens[i],
            'data-removed': gone ? 'true' : undefined,
          } as Record<string, string | number>),
        );
        if (gone) parts.push(s('line', { class: 'strike', x1: x, x2: x + width - 44, y1: y(r), y2: y(r) }));
        return parts;
      }),
    ],
  };
}

/** The probabilities after the chain, as bars in the tokens' colours. */
function probsColumn({ model, distribution: d }: View, rows: readonly number[], y: (r: number) => number): Column {
  return {
    width: BAR + 150,
    draw: (x) => [
      ...heading(x, 'p'),
      ...rows.flatMap((i, r) => [
        text(x + 86, y(r) + 5, cell(model.tokens[i]).slice(0, 12), { class: 'end' }),
        s('rect', {
          x: x + 92,
          y: y(r) - 8,
          width: Math.max(d.probs[i] > 0 ? 1 : 0, BAR * d.probs[i]),
          height: 16,
          fill: colorOf(i),
        }),
        text(x + 98 + BAR * d.probs[i], y(r) + 5, shown(d.probs[i]), {
          'data-node': 'prob',
          'data-token': model.tokens[i],
        }),
      ]),
    ],
  };
}

/** The draw: the last one's u and token, or what to press. */
function drawColumn(view: View, m: Messages, height: number): Column {
  const last = view.drawn.at(-1);
  const middle = height / 2 - 30;
  const lines =
    last === undefined
      ? [m.page.noDrawYet]
      : [last.u === null ? m.page.noU : `u = ${human(last.u)}`, `→ ${cell(last.tokens[0])}`];
  return {
    width: 170,
    draw: (x) => [
      box(x, middle, 170, 60, 'draw'),
      text(x + 8, middle - 8, m.page.sampling, { class: 'heading' }),
      ...lines.map((line, k) =>
        text(x + 8, middle + 24 + 20 * k, line, {
          class: k === 1 ? 'strong' : '',
          'data-node': k === 0 ? 'u' : 'drawn',
        }),
      ),
    ],
  };
}
