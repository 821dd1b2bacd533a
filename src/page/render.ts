import { bands } from '../draw.js';
import { visible } from '../format/probs.js';
import type { Continuation } from '../generate.js';
import type { Messages } from '../i18n/en.js';
import type { Model } from '../model.js';
import type { SamplingOptions } from '../options.js';
import { argmax, listed, mostProbable, removedBy } from '../ranking.js';
import type { Distribution, Step } from '../sampler.js';
import { human, listOf, probability, weight } from '../views/table.js';
import { h, table } from './dom.js';

/** Vocabularies up to this size are shown whole; larger ones by their most probable tokens and a search. */
export const SHOWN_WHOLE = 50;
const SHOWN_TOP = 20;

/** A capture's position as the page embeds it: its vocabulary, its logits (null for -Infinity, which JSON lacks), its history. */
export interface PageCapture {
  readonly tokens: readonly string[];
  readonly ids: readonly number[];
  readonly logits: readonly (number | null)[];
  readonly history: readonly number[];
  readonly position: number;
  readonly missing?: number;
  readonly format: string;
  readonly kind: string;
  /** For the page's command line: the file, absolute. */
  readonly file: string;
  /** The text before the position, and what joins a token to it. */
  readonly before: string;
  readonly glue: string;
}

export interface Scene {
  readonly model: Model;
  readonly options: SamplingOptions;
  readonly phrase: readonly number[];
  readonly window: readonly number[];
  readonly distribution: Distribution;
  readonly samples: readonly Continuation[];
  /** How many continuations were asked for: the page draws the first few thousand tokens' worth. */
  readonly asked: number;
  /** The tokens a search asked for, shown beside the most probable. */
  readonly found: readonly number[];
  readonly m: Messages;
  /** --logits: the capture's position, whose logits stand for f1 → f2. */
  readonly captured?: Omit<PageCapture, 'logits'> & { readonly logits: Float64Array };
}

/** The post's diagram, stage by stage, with every number --explain prints, in --explain's words. */
export function diagram(scene: Scene): HTMLElement {
  const { distribution: d } = scene;
  const shown = shownPositions(scene);
  const parts: HTMLElement[] = scene.captured
    ? [capturedPart(scene, scene.captured, shown)]
    : [tokensPart(scene, shown), f1Part(scene), f2Part(scene, shown)];
  d.steps.forEach((step, k) => {
    if (step.probs === undefined) parts.push(processorPart(scene, step, k === 0 ? d.logits : d.steps[k - 1].logits));
  });
  parts.push(normPart(scene, shown));
  let before = d.processed;
  for (const step of d.steps) {
    if (step.probs === undefined) continue;
    parts.push(filterPart(scene, step, before, shown));
    before = step.logits;
  }
  parts.push(barsPart(scene, shown), bandsPart(scene, shown), drawsPart(scene));
  parts.forEach((part, k) => {
    const title = part.querySelector('h2');
    if (title) title.prepend(`${k + 1}. `);
  });
  return h('div', { id: 'diagram' }, ...parts);
}

const part = (id: string, title: string, ...children: (Node | string | undefined)[]): HTMLElement =>
  h('section', { id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...children);

function tokensPart({ model, window, m }: Scene, shown: number[]): HTMLElement {
  const rows = shown.map((i) => {
    const slots = window.flatMap((w, k) => (w === i ? [`x${k + 1}`] : []));
    return [model.tokens[i], String(model.ids[i]), slots.length > 0 ? `← ${slots.join(', ')}` : ''];
  });
  const { token, id, window: slot } = m.page.columns;
  return part('tokens', m.tokensTitle(window.length), table([token, id, slot], rows));
}

/** A capture's own logits, where the post has f1 and f2, and the mass its list leaves out. */
function capturedPart(
  { model, distribution: d, m }: Scene,
  captured: NonNullable<Scene['captured']>,
  shown: number[],
): HTMLElement {
  const rows = shown.map((i) => [visible(model.tokens[i], true), human(d.logits[i])]);
  const missing = captured.missing ? h('p', {}, m.missingMass(captured.missing, listed(d.logits).length)) : undefined;
  const title = m.capturedTitle(captured.position, captured.format, captured.kind);
  return part('captured', title, table([m.page.columns.token, m.page.columns.logit], rows), missing);
}

function f1Part({ model, distribution: d, m }: Scene): HTMLElement {
  const terms = d.windowIds.map((id, k) => `${id}×${weight(model.f1[k])}`).join(' + ');
  const formula = h('p', { class: 'formula' }, `f1 = ${terms} = `, h('strong', {}, human(d.score)));
  return part('f1', m.f1Title(), formula);
}

function f2Part({ model, distribution: d, m }: Scene, shown: number[]): HTMLElement {
  const rows = shown.map((i) => [model.tokens[i], `${human(d.score)} × ${weight(model.f2[i])}`, human(d.logits[i])]);
  const { token, scoreWeight, logit } = m.page.columns;
  return part('f2', m.f2Title(), table([token, scoreWeight, logit], rows));
}

function processorPart({ model, options, m }: Scene, step: Step, before: Float64Array): HTMLElement {
  const changed = Array.from(before.keys()).filter((i) => !Object.is(before[i], step.logits[i]));
  const reason = (i: number): string => step.report?.reasons?.get(i)?.[m.lang] ?? '';
  const rows = changed.map((i) => [model.tokens[i], human(before[i]), human(step.logits[i]), reason(i)]);
  const { token, logit, now, why } = m.page.columns;
  return part(
    `step-${step.stage.name}`,
    step.stage.title(options)[m.lang],
    changed.length === 0 ? h('p', {}, m.changedNothing()) : table([token, logit, now, why], rows),
    quantities(step, m),
  );
}

function normPart({ model, options, distribution: d, m }: Scene, shown: number[]): HTMLElement {
  const z = d.processed;
  const { token, sumDivision } = m.page.columns;
  if (options.norm === 'sum') {
    const whole = shown.length === model.tokens.length;
    // A banned token's −∞ is no term of the sum.
    const terms = Array.from(z).filter((x) => x !== Number.NEGATIVE_INFINITY);
    const sum = whole ? h('p', { class: 'formula' }, `${terms.map(human).join(' + ')} = ${human(d.total)}`) : undefined;
    const rows = shown.map((i) =>
      z[i] === Number.NEGATIVE_INFINITY
        ? [model.tokens[i], m.banned(), probability(0)]
        : [model.tokens[i], `${human(z[i])} / ${human(d.total)}`, probability(d.normalized[i])],
    );
    return part('norm', m.normTitle(human(d.total)), sum, table([token, sumDivision, 'p'], rows));
  }
  const max = z[argmax(z)];
  const rows = shown.map((i) => {
    const exponent = z[i] - max;
    return [model.tokens[i], `exp(${human(exponent)})`, human(Math.exp(exponent)), probability(d.normalized[i])];
  });
  return part('norm', m.softmaxTitle(human(max), human(d.total)), table([token, 'exp', '=', 'p'], rows));
}

/** A filter or transform: what it computed, the candidates it removed (by their logits before and after), what is left. */
function filterPart({ model, options, m }: Scene, step: Step, before: Float64Array, shown: number[]): HTMLElement {
  const after = step.probs ?? new Float64Array(before.length);
  const removed = removedBy(before, step.logits).map((i) => model.tokens[i]);
  const left = shown.filter((i) => step.logits[i] !== Number.NEGATIVE_INFINITY);
  const rows = left.map((i) => [model.tokens[i], probability(after[i])]);
  return part(
    `step-${step.stage.name}`,
    step.stage.title(options)[m.lang],
    step.report?.note ? h('p', {}, step.report.note[m.lang]) : undefined,
    quantities(step, m),
    h('p', {}, removed.length > 0 ? m.removed(listOf(removed, m)) : m.removedNothing()),
    table([m.page.columns.token, 'p'], rows),
  );
}

function quantities(step: Step, m: Messages): HTMLElement | undefined {
  const computed = step.report?.quantities ?? [];
  if (computed.length === 0) return undefined;
  return h('p', { class: 'quantities' }, computed.map(([name, value]) => `${name[m.lang]} = ${value}`).join(', '));
}

/** The final probabilities as bars, each row carrying its exact value for scripts and tests. */
function barsPart({ model, distribution: d, m }: Scene, shown: number[]): HTMLElement {
  const rows = shown.map((i) =>
    h(
      'li',
      { 'data-token': model.tokens[i], 'data-prob': String(d.probs[i]) },
      h('span', { class: 'token' }, model.tokens[i]),
      h('span', { class: 'bar', style: `width: ${(100 * d.probs[i]).toFixed(2)}%`, 'aria-hidden': true }),
      h('span', { class: 'value' }, probability(d.probs[i])),
    ),
  );
  return part('probs', m.page.probsTitle, h('ol', { class: 'bars' }, ...rows));
}

/** Token i owns [from, to) of the line from 0 to 1; each sample's first u lands in a band. */
function bandsPart({ model, distribution: d, samples, m }: Scene, shown: number[]): HTMLElement {
  const band = bands(d.probs);
  const span = (i: number): string => `[${probability(band.from(i))}, ${probability(band.to(i))})`;
  const visible = new Set(shown);
  const segments = Array.from(model.tokens.keys())
    .filter((i) => d.probs[i] > 0 && (visible.has(i) || d.probs[i] > 0.01))
    .map((i) => {
      const style = `left: ${100 * band.from(i)}%; width: ${100 * d.probs[i]}%`;
      const title = `${model.tokens[i]} ${span(i)}`;
      return h('span', { class: 'band', style, title }, d.probs[i] > 0.06 ? model.tokens[i] : '');
    });
  const marks = samples
    .filter((s) => s.draws[0] !== null)
    .map((s) => h('span', { class: 'mark', style: `left: ${100 * (s.draws[0] ?? 0)}%`, title: `u = ${s.draws[0]}` }));
  const rows = shown.map((i) => [model.tokens[i], d.probs[i] > 0 ? span(i) : m.noBand()]);
  return part(
    'bands',
    m.bandsTitle(),
    h('div', { class: 'line', role: 'img', 'aria-label': m.page.bandsLabel }, ...segments, ...marks),
    table([m.page.columns.token, m.page.columns.band], rows),
  );
}

function drawsPart({ model, phrase, distribution: d, samples, asked, m, captured }: Scene): HTMLElement {
  const band = bands(d.probs);
  // The CLI's text lines: the phrase and the tokens, or a capture's text and its token, made visible.
  const prefix = captured ? `${captured.before}${captured.glue}` : `${phrase.map((p) => model.tokens[p]).join(' ')} `;
  const items = samples.map((s) => {
    const line = `${prefix}${s.tokens.map((t) => (captured ? visible(t) : t)).join(' ')}`;
    const first = model.positionOf(s.tokens[0]) ?? 0;
    const u = s.draws[0];
    const how =
      u === null
        ? m.greedyDraw(s.tokens[0])
        : m.uFalls(String(u), probability(band.from(first)), probability(band.to(first)), s.tokens[0]);
    return h('li', { 'data-sample': line }, h('code', {}, line), h('span', { class: 'how' }, how));
  });
  const capped = samples.length < asked ? h('p', { id: 'capped' }, m.page.capped(samples.length, asked)) : undefined;
  return part('draws', m.page.drawsTitle, capped, h('ol', { class: 'samples' }, ...items));
}

/** Small vocabularies whole; larger ones by the context, the most probable and what a search found. */
function shownPositions({ model, window, distribution, found }: Scene): number[] {
  if (model.tokens.length <= SHOWN_WHOLE) return Array.from(model.tokens.keys());
  const picked = new Set([...window, ...mostProbable(distribution.probs, SHOWN_TOP), ...found]);
  return [...picked].sort((a, b) => a - b);
}
