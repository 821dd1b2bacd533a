import type { ChalkInstance } from 'chalk';
import { bands } from '../draw.js';
import { quote } from '../errors.js';
import { cell } from '../format/probs.js';
import type { Messages } from '../i18n/en.js';
import type { Model } from '../model.js';
import type { SamplingOptions } from '../options.js';
import { argmax, descending, listed, mostProbable, removedBy } from '../ranking.js';
import type { Distribution, Step } from '../sampler.js';
import { aligned, human, listOf, probability, weight } from './table.js';

/** Vocabularies up to this size are shown whole; larger ones by their most probable tokens. */
const SHOWN_WHOLE = 20;

export interface ExplainInput {
  readonly model: Model;
  /** The phrase and its context window, as token positions. */
  readonly phrase: readonly number[];
  readonly window: readonly number[];
  readonly distribution: Distribution;
  readonly options: SamplingOptions;
  /** The first draw, when there was one to make (not with --probs), and how many draws the run makes. */
  readonly draw?: { readonly u: number; readonly token: number; readonly of?: number };
  readonly colors: ChalkInstance;
  readonly m: Messages;
  /** --logits: the capture the logits come from, in place of f1 → f2, and the mass its list leaves out. */
  readonly captured?: {
    readonly format: string;
    readonly kind: string;
    readonly position: number;
    readonly missing?: number;
    /** The text the position continues: the prompt and the tokens chosen before it. */
    readonly before: string;
  };
  /** --compare: the chain's number, and how many of its steps to show before it stops, at the stage where the chains part. */
  readonly chain?: { readonly number: number; readonly until?: number; readonly parting?: string };
}

/** The lines of the view, with numbered sections. */
class Page {
  readonly lines: string[] = [];
  private number = 0;

  constructor(private readonly c: ChalkInstance) {}

  section(title: string): void {
    this.lines.push('', this.c.bold(`${++this.number}. ${title}`));
  }

  rows(table: string[][]): void {
    for (const row of aligned(table)) this.lines.push(`  ${row.join('  ')}`.trimEnd());
  }
}

/**
 * --explain: how the first token is chosen, step by step in the post's terms, with every number:
 * tokens and ids, f1 written out, the logits, each processor, the normalisation, each filter in
 * chain order, the bands, the draw.
 */
export function explainView(input: ExplainInput): string {
  const { model, distribution: d, colors: c, m } = input;
  const shown = shownPositions(input);
  const page = new Page(c);
  const phrase = input.captured?.before ?? input.phrase.map((i) => model.tokens[i]).join(' ');
  page.lines.push(c.bold(m.explainTitle(quote(phrase))));
  const count = listed(d.logits).length;
  if (shown.length < count) {
    page.lines.push(c.dim(m.showing(shown.length, count)));
  }
  const { chain } = input;
  if (chain !== undefined)
    page.lines.push(c.bold(m.explainChain(chain.number, d.steps.map((s) => s.stage.name).join(' → '))));
  if (input.captured !== undefined) {
    capturedSection(page, input, input.captured, shown);
  } else {
    tokensSection(page, input, shown);
    logitsSections(page, input, shown);
  }
  const steps = d.steps.slice(0, chain?.until);
  steps.forEach((step, k) => {
    if (step.probs === undefined) processorSection(page, input, step, k === 0 ? d.logits : d.steps[k - 1].logits);
  });
  normSection(page, input, shown);
  let before = d.processed;
  for (const step of steps) {
    if (step.probs === undefined) continue;
    filterSection(page, input, step, before, shown);
    before = step.logits;
  }
  if (chain?.parting !== undefined) page.lines.push('', `  ${c.yellow(m.explainStops(chain.parting))}`);
  else drawSections(page, input, shown);
  return `${page.lines.join('\n')}\n`;
}

const nameIn = (model: Model) => (i: number) => cell(model.tokens[i]);

/** A capture's own numbers, where the post has f1 and f2: the logits as the file gives them, and the mass it leaves out. */
function capturedSection(
  page: Page,
  { model, distribution: d, colors: c, m }: ExplainInput,
  captured: NonNullable<ExplainInput['captured']>,
  shown: number[],
): void {
  page.section(m.capturedTitle(captured.position, captured.format, captured.kind));
  page.rows(shown.map((i) => [nameIn(model)(i), c.cyan(human(d.logits[i]))]));
  if (captured.missing !== undefined) page.lines.push(`  ${m.missingMass(captured.missing, listed(d.logits).length)}`);
}

function tokensSection(page: Page, { model, window, colors: c, m }: ExplainInput, shown: number[]): void {
  page.section(m.tokensTitle(window.length));
  page.rows(
    shown.map((i) => {
      const slots = window.flatMap((w, k) => (w === i ? [`x${k + 1}`] : []));
      return [nameIn(model)(i), String(model.ids[i]), slots.length > 0 ? c.cyan(`← ${slots.join(', ')}`) : ''];
    }),
  );
}

function logitsSections(page: Page, { model, distribution: d, colors: c, m }: ExplainInput, shown: number[]): void {
  page.section(m.f1Title());
  const terms = d.windowIds.map((id, k) => `${id}×${weight(model.f1[k])}`).join(' + ');
  page.lines.push(`  f1 = ${terms} = ${c.cyan(human(d.score))}`);
  page.section(m.f2Title());
  page.rows(
    shown.map((i) => [nameIn(model)(i), `${human(d.score)} × ${weight(model.f2[i])}`, '=', c.cyan(human(d.logits[i]))]),
  );
}

/** A logit processor: each logit it changed, old → new, and why. */
function processorSection(page: Page, input: ExplainInput, step: Step, before: Float64Array): void {
  const { model, options, colors: c, m } = input;
  page.section(step.stage.title(options)[m.lang]);
  const changed = Array.from(before.keys()).filter((i) => !Object.is(before[i], step.logits[i]));
  if (changed.length === 0) page.lines.push(`  ${m.changedNothing()}`);
  page.rows(
    changed.map((i) => [
      nameIn(model)(i),
      human(before[i]),
      '→',
      c.cyan(human(step.logits[i])),
      c.dim(step.report?.reasons?.get(i)?.[m.lang] ?? ''),
    ]),
  );
  quantities(page, step, c, m);
}

function normSection(
  page: Page,
  { model, options, distribution: d, colors: c, m, captured }: ExplainInput,
  shown: number[],
): void {
  const z = d.processed;
  // A banned token's −∞ is no term of the sum: it is named apart, with its probability of 0.
  const banned = shown.filter((i) => z[i] === Number.NEGATIVE_INFINITY);
  if (options.norm === 'sum') {
    page.section(m.normTitle(c.cyan(human(d.total))));
    const terms = Array.from(z).filter((x) => x !== Number.NEGATIVE_INFINITY);
    if (shown.length === model.tokens.length) page.lines.push(`  ${terms.map(human).join(' + ')} = ${human(d.total)}`);
    if (banned.length > 0) page.lines.push(`  ${m.bannedLeftOut(banned.map(nameIn(model)).join(', '))}`);
    page.rows(
      shown.map((i) =>
        z[i] === Number.NEGATIVE_INFINITY
          ? [nameIn(model)(i), c.dim(m.banned())]
          : [nameIn(model)(i), `${human(z[i])} / ${human(d.total)}`, '=', c.cyan(probability(d.normalized[i]))],
      ),
    );
    // With no processor, the logits are f1's output times f2's weights: the phrase divides out.
    const processed = d.steps.some((step) => step.probs === undefined);
    if (captured === undefined && !processed) page.lines.push(c.dim(`  ${m.normCancels()}`));
    return;
  }
  const max = z[argmax(z)];
  page.section(m.softmaxTitle(human(max), c.cyan(human(d.total))));
  page.rows(
    shown.map((i) => {
      if (z[i] === Number.NEGATIVE_INFINITY) return [nameIn(model)(i), c.dim(m.banned())];
      const exponent = z[i] - max;
      return [
        nameIn(model)(i),
        `exp(${human(exponent)})`,
        '=',
        human(Math.exp(exponent)),
        '→',
        c.cyan(probability(d.normalized[i])),
      ];
    }),
  );
  const [top, next] = descending(z);
  if (next !== undefined && Number.isFinite(z[next])) {
    const gap = human(z[top] - z[next]);
    const [a, b] = [human(z[top]), human(z[next])];
    page.lines.push(c.dim(`  ${m.softmaxLead(nameIn(model)(top), nameIn(model)(next), a, b, gap)}`));
  }
}

/**
 * A filter or transform: what it computed, the candidates it removed (by their logits before and
 * after it), and the candidates left, a token whose probability underflowed to 0 among them.
 */
function filterSection(page: Page, input: ExplainInput, step: Step, before: Float64Array, shown: number[]): void {
  const { model, options, colors: c, m } = input;
  const after = step.probs ?? new Float64Array(before.length);
  page.section(step.stage.title(options)[m.lang]);
  if (step.report?.note) page.lines.push(`  ${step.report.note[m.lang]}`);
  quantities(page, step, c, m);
  const removed = removedBy(before, step.logits).map(nameIn(model));
  page.lines.push(`  ${removed.length > 0 ? m.removed(c.red(listOf(removed, m))) : m.removedNothing()}`);
  const left = shown.filter((i) => step.logits[i] !== Number.NEGATIVE_INFINITY);
  page.rows(left.map((i) => [nameIn(model)(i), c.cyan(probability(after[i]))]));
}

function quantities(page: Page, step: Step, c: ChalkInstance, m: Messages): void {
  const computed = step.report?.quantities ?? [];
  if (computed.length > 0)
    page.lines.push(`  ${computed.map(([name, value]) => `${name[m.lang]} = ${c.cyan(human(value))}`).join(', ')}`);
}

function drawSections(page: Page, { model, distribution: d, draw, colors: c, m }: ExplainInput, shown: number[]): void {
  page.section(m.bandsTitle());
  const { from, to } = bands(d.probs);
  page.rows(
    shown.map((i) => [
      nameIn(model)(i),
      d.probs[i] > 0 ? `[${probability(from(i))}, ${probability(to(i))})` : c.dim(m.noBand()),
    ]),
  );
  page.section(m.drawTitle());
  if (d.greedy) {
    const token = d.probs.findIndex((p) => p > 0);
    page.lines.push(`  ${m.greedyDraw(c.green(nameIn(model)(token)))}`);
  } else if (draw) {
    const { u, token } = draw;
    const [low, high] = [probability(from(token)), probability(to(token))];
    page.lines.push(c.dim(`  ${m.uMeaning()}`));
    page.lines.push(`  ${m.uFalls(c.cyan(human(u)), low, high, c.green(nameIn(model)(token)))}`);
    if (draw.of !== undefined && draw.of > 1) page.lines.push(c.dim(`  ${m.explainsFirst(draw.of)}`));
  } else {
    page.lines.push(`  ${m.noDraw()}`);
  }
}

function shownPositions({ distribution, window, draw }: ExplainInput): number[] {
  // A capture's position lists its own tokens: the others are none of its candidates.
  const candidates = listed(distribution.logits);
  if (candidates.length <= SHOWN_WHOLE) return candidates;
  const picked = new Set([...window, ...mostProbable(distribution.probs, 10)]);
  if (draw) picked.add(draw.token);
  return [...picked].sort((a, b) => a - b);
}
