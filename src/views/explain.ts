import type { ChalkInstance } from 'chalk';
import { argmax, descending, ranked, removedBy } from '../chain.js';
import type { Distribution, SamplingOptions, Stage } from '../distribution.js';
import { cdf } from '../draw.js';
import { quote } from '../errors.js';
import type { Model } from '../model.js';
import { aligned, probability } from './table.js';

/** Vocabularies up to this size are shown whole; larger ones by their most probable tokens. */
const SHOWN_WHOLE = 20;

export interface ExplainInput {
  readonly model: Model;
  /** The phrase and its context window, as token positions. */
  readonly phrase: readonly number[];
  readonly window: readonly number[];
  readonly distribution: Distribution;
  readonly options: SamplingOptions;
  /** The first draw, when there was one to make (not with --probs). */
  readonly draw?: { readonly u: number; readonly token: number };
  readonly colors: ChalkInstance;
}

/**
 * --explain: how the first token is chosen, step by step in the post's terms, with every number:
 * tokens and ids, f1 written out, the logits, the normalisation, each filter, the bands, the draw.
 */
export function explainView(input: ExplainInput): string {
  const { model, distribution: d, colors: c } = input;
  const shown = shownPositions(input);
  const name = (i: number): string => model.tokens[i];
  const lines: string[] = [];
  const section = (title: string): void => {
    lines.push('', c.bold(title));
  };
  const rows = (table: string[][]): void => {
    for (const row of aligned(table)) lines.push(`  ${row.join('  ')}`.trimEnd());
  };

  lines.push(c.bold(`explain: how the next token after ${quote(input.phrase.map(name).join(' '))} is chosen`));
  if (shown.length < model.tokens.length) {
    lines.push(c.dim(`(showing ${shown.length} of ${model.tokens.length} tokens: the context and the most probable)`));
  }

  section(`1. tokens and ids; the context window is the last ${input.window.length} of the phrase`);
  rows(
    shown.map((i) => {
      const slots = input.window.flatMap((w, k) => (w === i ? [`x${k + 1}`] : []));
      return [name(i), String(model.ids[i]), slots.length > 0 ? c.cyan(`← ${slots.join(', ')}`) : ''];
    }),
  );

  section('2. f1 weighs the ids of the context');
  const terms = d.windowIds.map((id, k) => `${id}×${weight(model.f1[k])}`).join(' + ');
  lines.push(`  f1 = ${terms} = ${c.cyan(String(d.score))}`);

  section('3. f2 multiplies the score by one weight per token: the logits');
  rows(shown.map((i) => [name(i), `${d.score} × ${weight(model.f2[i])}`, '=', c.cyan(String(d.logits[i]))]));

  if (input.options.norm === 'sum') {
    section(`4. norm divides each logit by their sum, ${c.cyan(String(d.total))}`);
    if (shown.length === model.tokens.length) lines.push(`  ${Array.from(d.logits).join(' + ')} = ${d.total}`);
    rows(shown.map((i) => [name(i), `${d.logits[i]} / ${d.total}`, '=', c.cyan(probability(d.normalized[i]))]));
  } else {
    const t = input.options.temperature || 1;
    const max = d.logits[argmax(d.logits)];
    section(`4. softmax: exp((z − ${max})/${t}) for each logit, divided by their sum, ${c.cyan(String(d.total))}`);
    rows(
      shown.map((i) => {
        const exponent = (d.logits[i] - max) / t;
        return [
          name(i),
          `exp(${exponent})`,
          '=',
          String(Math.exp(exponent)),
          '→',
          c.cyan(probability(d.normalized[i])),
        ];
      }),
    );
    const [top, next] = descending(d.logits);
    if (next !== undefined) {
      const gap = d.logits[top] - d.logits[next];
      lines.push(
        c.dim(
          `  ${name(top)} leads ${name(next)} by ${d.logits[top]} − ${d.logits[next]} = ${gap}: softmax turns a gap of ${gap / t} into a ratio of e^${gap / t}`,
        ),
      );
    }
  }

  d.stages.forEach((stage, k) => {
    section(`${5 + k}. ${stageTitle(stage, input.options)}`);
    const removed = removedBy(k === 0 ? d.normalized : d.stages[k - 1].probs, stage.probs).map(name);
    lines.push(
      removed.length > 0 ? `  removed: ${c.red(removed.join(', '))}; the rest renormalised` : '  removed nothing',
    );
    rows(shown.filter((i) => stage.probs[i] > 0).map((i) => [name(i), c.cyan(probability(stage.probs[i]))]));
  });

  section(`${5 + d.stages.length}. bands: token i owns [from, to) of [0, 1), in canonical order`);
  const { cumulative } = cdf(d.probs);
  rows(
    shown.map((i) => {
      const from = i === 0 ? 0 : cumulative[i - 1];
      return [name(i), d.probs[i] > 0 ? `[${probability(from)}, ${probability(cumulative[i])})` : c.dim('no band')];
    }),
  );

  section(`${6 + d.stages.length}. the draw`);
  if (d.greedy) {
    const token = d.probs.findIndex((p) => p > 0);
    lines.push(`  greedy: ${c.green(name(token))}, the most probable token; no u is drawn`);
  } else if (input.draw) {
    const { u, token } = input.draw;
    const from = token === 0 ? 0 : cumulative[token - 1];
    lines.push(
      `  u = ${c.cyan(String(u))} falls in [${probability(from)}, ${probability(cumulative[token])}) → ${c.green(name(token))}`,
    );
  } else {
    lines.push('  none: --probs shows the distribution without drawing');
  }
  return `${lines.join('\n')}\n`;
}

function stageTitle(stage: Stage, options: SamplingOptions): string {
  switch (stage.name) {
    case 'temperature':
      return `temperature ${options.temperature}: p^(1/T), renormalised`;
    case 'top-k':
      return `top-k ${options.topK}: keep the ${options.topK} most probable`;
    case 'top-p':
      return `top-p ${options.topP}: keep the most probable until their sum reaches ${options.topP}`;
    case 'min-p':
      return `min-p ${options.minP}: keep p ≥ ${options.minP} × the largest p`;
    case 'greedy':
      return options.greedy ? 'greedy: all on the most probable token' : 'temperature 0: greedy';
  }
}

/** Weights as the post writes them: 1.0, 0.5, 1.5. */
const weight = (w: number): string => (Number.isInteger(w) ? w.toFixed(1) : String(w));

function shownPositions({ model, distribution, window, draw }: ExplainInput): number[] {
  if (model.tokens.length <= SHOWN_WHOLE) return Array.from(model.tokens.keys());
  const picked = new Set([...window, ...ranked(distribution.probs).slice(0, 10)]);
  if (draw) picked.add(draw.token);
  return [...picked].sort((a, b) => a - b);
}
