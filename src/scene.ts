import { bands } from './draw.js';
import { quote } from './errors.js';
import { cell } from './format/probs.js';
import type { Messages } from './i18n/en.js';
import type { Model } from './model.js';
import type { SamplingOptions } from './options.js';
import { argmax, descending, listed, listedCount, mostProbable, removedBy } from './ranking.js';
import type { Distribution, Step } from './sampler.js';
import { human, listOf, probability, weight } from './views/table.js';

/**
 * What --explain and the page show of one draw, derived once: titled sections of sentences and
 * rows, in the post's order. The text view and the page only render it, so that the two never
 * part in a number, a word or a limit.
 */

/** How a renderer marks a piece: a computed value, an aside, a removed or a chosen token, a stop. */
export type Tone = 'value' | 'dim' | 'removed' | 'chosen' | 'warn';
/** A piece of text, plain or marked. */
export type Cell = string | { readonly text: string; readonly tone: Tone };
/** A sentence, in pieces. */
export type Sentence = readonly Cell[];
/** A table row; `token`: the token it is about, as a position. */
export interface Row {
  readonly token?: number;
  readonly cells: readonly Cell[];
}
export type Block = { readonly sentence: Sentence } | { readonly rows: readonly Row[] };

export interface Section {
  /** For the page's anchors: tokens, f1, f2, captured, norm, step-<stage>, bands, draw. */
  readonly id: string;
  readonly title: Sentence;
  readonly blocks: readonly Block[];
}

export interface Scene {
  readonly heading: Sentence;
  /** Under the heading: how many tokens are shown, which chain this is. */
  readonly notes: readonly Sentence[];
  readonly sections: readonly Section[];
  /** After the sections: where the chains part, when --compare stops there. */
  readonly end?: Sentence;
  /** The tokens the rows show, as positions, in id order. */
  readonly shown: readonly number[];
}

export interface SceneInput {
  readonly model: Model;
  /** The phrase and its context window, as token positions. */
  readonly phrase: readonly number[];
  readonly window: readonly number[];
  readonly distribution: Distribution;
  readonly options: SamplingOptions;
  /** The draw explained, when there was one to make (not with --probs), and how many draws the run makes. */
  readonly draw?: { readonly u: number; readonly token: number; readonly of?: number };
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
  /** Tokens a reader asked for (the page's search), shown beside the most probable. */
  readonly found?: readonly number[];
}

/** Vocabularies up to this size are shown whole; larger ones by the context and their most probable tokens. */
export const SHOWN_WHOLE = 20;
const SHOWN_TOP = 10;

const value = (text: string): Cell => ({ text, tone: 'value' });
const dim = (text: string): Cell => ({ text, tone: 'dim' });

/**
 * A message with marked pieces: the message is asked for with stand-ins, which are then replaced
 * by the pieces wherever the language puts them.
 */
function marked<A extends Cell[]>(message: (...args: string[]) => string, ...pieces: A): Sentence {
  // The stand-ins are private-use characters, which no message's own text holds.
  const text = message(...pieces.map((_, k) => `\uE000${k}\uE001`));
  return text
    .split(/\uE000(\d+)\uE001/)
    .flatMap((part, k) => (k % 2 === 0 ? (part === '' ? [] : [part]) : [pieces[Number(part)]]));
}

/** A stage's step, and what it received: the logits, and the probabilities, as the chain held them before it. */
export interface Received {
  readonly step: Step;
  readonly logits: Float64Array;
  /** After norm, the distribution that came in; before it (a processor's), norm's own. */
  readonly probs: Float64Array;
}

/**
 * The chain's steps as the views show them, in the order they ran: the processors on the logits,
 * then, after norm, the filters, each with what it received. `until` ends the walk there
 * (--compare stops at the stage where the chains part).
 */
export function walk(d: Distribution, until?: number): { processors: Received[]; filters: Received[] } {
  const [processors, filters]: Received[][] = [[], []];
  let [logits, probs] = [d.logits, d.normalized];
  for (const step of d.steps.slice(0, until)) {
    (step.probs === undefined ? processors : filters).push({ step, logits, probs });
    logits = step.logits;
    if (step.probs !== undefined) probs = step.probs;
  }
  return { processors, filters };
}

/** A sentence's text, without its marks: for a title or a label that holds no tones. */
export const plain = (sentence: Sentence): string =>
  sentence.map((piece) => (typeof piece === 'string' ? piece : piece.text)).join('');

/** How the first token is chosen, step by step in the post's terms, with every number. */
export function sceneOf(input: SceneInput): Scene {
  const { model, distribution: d, m, chain } = input;
  const shown = shownPositions(input);
  const phrase = input.captured?.before ?? input.phrase.map((i) => model.tokens[i]).join(' ');
  const notes: Sentence[] = [];
  const count = listedCount(d.logits);
  if (shown.length < count) notes.push([dim(m.showing(shown.length, count))]);
  if (chain !== undefined) notes.push([m.explainChain(chain.number, d.steps.map((s) => s.stage.name).join(' → '))]);
  const sections: Section[] = input.captured
    ? [capturedSection(input, input.captured, shown)]
    : [tokensSection(input, shown), f1Section(input), f2Section(input, shown)];
  const { processors, filters } = walk(d, chain?.until);
  for (const { step, logits } of processors) sections.push(processorSection(input, step, logits));
  sections.push(normSection(input, shown));
  for (const { step, logits } of filters) sections.push(filterSection(input, step, logits, shown));
  const parting = chain?.parting;
  if (parting === undefined) sections.push(...drawSections(input, shown));
  return {
    heading: [m.explainTitle(quote(phrase))],
    notes,
    sections,
    end: parting === undefined ? undefined : [{ text: m.explainStops(parting), tone: 'warn' }],
    shown,
  };
}

const nameIn = (model: Model) => (i: number) => cell(model.tokens[i]);

/** A capture's own numbers, where the post has f1 and f2: the logits as the file gives them, and the mass it leaves out. */
function capturedSection(
  { model, distribution: d, m }: SceneInput,
  captured: NonNullable<SceneInput['captured']>,
  shown: readonly number[],
): Section {
  const blocks: Block[] = [
    { rows: shown.map((i) => ({ token: i, cells: [nameIn(model)(i), value(human(d.logits[i]))] })) },
  ];
  if (captured.missing !== undefined)
    blocks.push({ sentence: [m.missingMass(captured.missing, listedCount(d.logits))] });
  return { id: 'captured', title: [m.capturedTitle(captured.position, captured.format, captured.kind)], blocks };
}

function tokensSection({ model, window, m }: SceneInput, shown: readonly number[]): Section {
  const rows = shown.map((i) => {
    const slots = window.flatMap((w, k) => (w === i ? [`x${k + 1}`] : []));
    return {
      token: i,
      cells: [nameIn(model)(i), String(model.ids[i]), slots.length > 0 ? value(`← ${slots.join(', ')}`) : ''],
    };
  });
  return { id: 'tokens', title: [m.tokensTitle(window.length)], blocks: [{ rows }] };
}

function f1Section({ model, distribution: d, m }: SceneInput): Section {
  const terms = d.windowIds.map((id, k) => `${id}×${weight(model.f1[k])}`).join(' + ');
  return { id: 'f1', title: [m.f1Title()], blocks: [{ sentence: [`f1 = ${terms} = `, value(human(d.score))] }] };
}

function f2Section({ model, distribution: d, m }: SceneInput, shown: readonly number[]): Section {
  const rows = shown.map((i) => ({
    token: i,
    cells: [nameIn(model)(i), `${human(d.score)} × ${weight(model.f2[i])}`, '=', value(human(d.logits[i]))],
  }));
  return { id: 'f2', title: [m.f2Title()], blocks: [{ rows }] };
}

/** A logit processor: each logit it changed, old → new, and why. */
function processorSection({ model, options, m }: SceneInput, step: Step, before: Float64Array): Section {
  const changed = Array.from(before.keys()).filter((i) => !Object.is(before[i], step.logits[i]));
  const blocks: Block[] = changed.length === 0 ? [{ sentence: [m.changedNothing()] }] : [];
  blocks.push({
    rows: changed.map((i) => ({
      token: i,
      cells: [
        nameIn(model)(i),
        human(before[i]),
        '→',
        value(human(step.logits[i])),
        dim(step.report?.reasons?.get(i)?.[m.lang] ?? ''),
      ],
    })),
  });
  blocks.push(...quantities(step, m));
  return { id: `step-${step.stage.name}`, title: [step.stage.title(options)[m.lang]], blocks };
}

function normSection({ model, options, distribution: d, m, captured }: SceneInput, shown: readonly number[]): Section {
  const z = d.processed;
  const name = nameIn(model);
  // A banned token's −∞ is no term of the sum: it is named apart, with its probability of 0.
  const banned = shown.filter((i) => z[i] === Number.NEGATIVE_INFINITY);
  const blocks: Block[] = [];
  if (options.norm === 'sum') {
    // The sum written out, for a vocabulary shown whole: a wide one's would be a page long.
    if (shown.length === model.tokens.length) {
      const terms = Array.from(z).filter((x) => x !== Number.NEGATIVE_INFINITY);
      blocks.push({ sentence: [`${terms.map(human).join(' + ')} = ${human(d.total)}`] });
    }
    if (banned.length > 0) blocks.push({ sentence: [m.bannedLeftOut(banned.map(name).join(', '))] });
    blocks.push({
      rows: shown.map((i) => ({
        token: i,
        cells:
          z[i] === Number.NEGATIVE_INFINITY
            ? [name(i), dim(m.banned())]
            : [name(i), `${human(z[i])} / ${human(d.total)}`, '=', value(probability(d.normalized[i]))],
      })),
    });
    // With no processor, the logits are f1's output times f2's weights: the phrase divides out.
    const processed = d.steps.some((step) => step.probs === undefined);
    if (captured === undefined && !processed) blocks.push({ sentence: [dim(m.normCancels())] });
    return { id: 'norm', title: marked(m.normTitle, value(human(d.total))), blocks };
  }
  const max = z[argmax(z)];
  blocks.push({
    rows: shown.map((i) => {
      if (z[i] === Number.NEGATIVE_INFINITY) return { token: i, cells: [name(i), dim(m.banned())] };
      const exponent = z[i] - max;
      const cells = [
        name(i),
        `exp(${human(exponent)})`,
        '=',
        human(Math.exp(exponent)),
        '→',
        value(probability(d.normalized[i])),
      ];
      return { token: i, cells };
    }),
  });
  const [top, next] = descending(z);
  if (next !== undefined && Number.isFinite(z[next])) {
    const gap = human(z[top] - z[next]);
    blocks.push({ sentence: [dim(m.softmaxLead(name(top), name(next), human(z[top]), human(z[next]), gap))] });
  }
  return { id: 'norm', title: marked((total) => m.softmaxTitle(human(max), total), value(human(d.total))), blocks };
}

/**
 * A filter or transform: what it computed, the candidates it removed (by their logits before and
 * after it), and the candidates left, a token whose probability underflowed to 0 among them.
 */
function filterSection(
  { model, options, m }: SceneInput,
  step: Step,
  before: Float64Array,
  shown: readonly number[],
): Section {
  const after = step.probs ?? new Float64Array(before.length);
  const blocks: Block[] = [];
  if (step.report?.note) blocks.push({ sentence: [step.report.note[m.lang]] });
  blocks.push(...quantities(step, m));
  const removed = removedBy(before, step.logits).map(nameIn(model));
  blocks.push({
    sentence:
      removed.length > 0 ? marked(m.removed, { text: listOf(removed, m), tone: 'removed' }) : [m.removedNothing()],
  });
  const left = shown.filter((i) => step.logits[i] !== Number.NEGATIVE_INFINITY);
  blocks.push({ rows: left.map((i) => ({ token: i, cells: [nameIn(model)(i), value(probability(after[i]))] })) });
  return { id: `step-${step.stage.name}`, title: [step.stage.title(options)[m.lang]], blocks };
}

function quantities(step: Step, m: Messages): Block[] {
  const sentence = quantitiesOf(step, m);
  return sentence.length === 0 ? [] : [{ sentence }];
}

/** What a stage computed, "σ = 1.2, max = 4500": --explain's line, and the page's note under a box's title. */
export function quantitiesOf(step: Step, m: Messages): Sentence {
  const computed = step.report?.quantities ?? [];
  return computed.flatMap(([name, x], k) => [`${k > 0 ? ', ' : ''}${name[m.lang]} = `, value(human(x))]);
}

function drawSections({ model, distribution: d, draw, m }: SceneInput, shown: readonly number[]): Section[] {
  const { from, to } = bands(d.probs);
  const name = nameIn(model);
  const rows = shown.map((i) => ({
    token: i,
    cells: [name(i), d.probs[i] > 0 ? `[${probability(from(i))}, ${probability(to(i))})` : dim(m.noBand())],
  }));
  const blocks: Block[] = [];
  if (d.greedy) {
    const token = d.probs.findIndex((p) => p > 0);
    blocks.push({ sentence: marked(m.greedyDraw, { text: name(token), tone: 'chosen' }) });
  } else if (draw) {
    const { u, token } = draw;
    blocks.push({ sentence: [dim(m.uMeaning())] });
    const chosen: Cell = { text: name(token), tone: 'chosen' };
    blocks.push({
      sentence: marked(m.uFalls, value(human(u)), probability(from(token)), probability(to(token)), chosen),
    });
    if (draw.of !== undefined && draw.of > 1) blocks.push({ sentence: [dim(m.explainsFirst(draw.of))] });
  } else {
    blocks.push({ sentence: [m.noDraw()] });
  }
  return [
    { id: 'bands', title: [m.bandsTitle()], blocks: [{ rows }] },
    { id: 'draw', title: [m.drawTitle()], blocks },
  ];
}

function shownPositions({ distribution, window, draw, found = [] }: SceneInput): number[] {
  // A capture's position lists its own tokens: the others are none of its candidates.
  if (listedCount(distribution.logits) <= SHOWN_WHOLE) return listed(distribution.logits);
  const picked = new Set([...window, ...mostProbable(distribution.probs, SHOWN_TOP), ...found]);
  if (draw) picked.add(draw.token);
  return [...picked].sort((a, b) => a - b);
}
