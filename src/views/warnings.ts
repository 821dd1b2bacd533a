import type { Writable } from 'node:stream';
import { quote } from '../errors.js';
import type { Messages } from '../i18n/en.js';
import type { Model } from '../model.js';
import type { SamplingOptions } from '../options.js';
import { descending, survivors } from '../ranking.js';
import type { Distribution, Sampler, Step } from '../sampler.js';
import { QUANTITY, type Stage } from '../samplers/stage.js';
import { human } from './table.js';

/** Whether a drawn distribution leaves a single token, by its probabilities: what collapseWarning warns of. */
export const collapses = (probs: ArrayLike<number>, greedy: boolean): boolean => !greedy && survivors(probs, 2) <= 1;

/**
 * A warning where the settings leave a single token to draw, so nobody mistakes a degenerate
 * setting for a broken seed. Greedy decoding asked for by name needs none.
 */
export function collapseWarning(
  model: Model,
  d: Distribution,
  options: SamplingOptions,
  m: Messages,
): string | undefined {
  if (!collapses(d.probs, d.greedy)) return undefined;
  const only = quote(model.tokens[d.probs.findIndex((p) => p > 0)]);
  const step = narrowing(d);
  let cause = m.onlyPositive(only);
  if (step !== undefined) {
    cause = m.leavesOnly(step.stage.label(options)[m.lang], only);
  } else if (options.norm === 'softmax') {
    const lead = leadOf(d.processed);
    const t = heatOf(d);
    // A temperature that makes the lead 4 (e^-4, about 2%) lets the next tokens show.
    const hint = human(Number((lead / 4).toPrecision(2)));
    cause = m.softmaxAll(only, human(lead), human(lead / t), t, hint);
  } else if (d.steps.some((s) => s.probs === undefined)) {
    const labels = d.steps.flatMap((s) => (s.probs === undefined ? [s.stage.label(options)[m.lang]] : []));
    cause = m.afterOnlyPositive(labels.join(', '), only);
  }
  return m.warning(m.everySample(cause, only));
}

/** A stage whose options are set but which --samplers leaves out does nothing: say so. */
export function leftOutWarning(stage: Stage, options: SamplingOptions, m: Messages): string {
  return m.warning(m.leftOut(stage.label(options)[m.lang], stage.name));
}

/** --probs cannot draw XTC's coin: it shows the distribution as when XTC fires, and says so. */
export function xtcNote(sampler: Sampler, m: Messages): string | undefined {
  const stage = sampler.stages.find((s) => s.depends === 'coin');
  if (stage === undefined) return undefined;
  return m.xtcNote(stage.name, stage.title(sampler.options)[m.lang]);
}

/**
 * The stage that left a single token: the first to leave one candidate of several, or else the
 * first to leave one token with a chance of several (a temperature near 0 under the post's norm).
 */
function narrowing(d: Distribution): Step | undefined {
  const filters = d.steps.filter((s) => s.probs !== undefined);
  const candidates = (logits: Float64Array): number => logits.filter((z) => z !== Number.NEGATIVE_INFINITY).length;
  const logits = [d.processed, ...filters.map((s) => s.logits)];
  const fewer = filters.find((s, k) => candidates(s.logits) === 1 && candidates(logits[k]) > 1);
  if (fewer !== undefined) return fewer;
  const probs = [d.normalized, ...filters.map((s) => s.probs as Float64Array)];
  return filters.find((_, k) => survivors(probs[k + 1]) === 1 && survivors(probs[k]) > 1);
}

/** The temperature a stage of the chain applied (its report says), or 1. */
function heatOf(d: Distribution): number {
  for (const step of d.steps) {
    const found = step.report?.quantities?.find(([name]) => name === QUANTITY.temperature);
    if (found !== undefined) return found[1];
  }
  return 1;
}

/** How far the largest logit leads the second largest. */
function leadOf(logits: Float64Array): number {
  const [first, second = first] = descending(logits);
  return logits[first] - logits[second];
}

/**
 * The warnings of a run, on stderr: each said once. The same warning for many lines of stdin is
 * said for the first, and counted; the count closes the run. --quiet says nothing. They wait
 * until the first phrase is known to be good: a run that fails at once prints its error alone.
 */
export class Warnings {
  private readonly repeats = new Map<string, number>();
  private waiting: string[] = [];

  constructor(
    private readonly stderr: Writable,
    private readonly quiet: boolean,
    private readonly m: Messages,
  ) {}

  add(text: string | undefined, line?: number): void {
    if (text === undefined || this.quiet) return;
    const count = this.repeats.get(text);
    this.repeats.set(text, (count ?? 0) + 1);
    if (count === undefined) this.waiting.push(`sample: ${line === undefined ? text : this.m.onLine(line, text)}\n`);
  }

  /** Queues a line of --verbose: it too waits until the first phrase is known to be good. */
  say(text: string): void {
    this.waiting.push(text);
  }

  /** Writes the warnings so far. */
  flush(): void {
    for (const line of this.waiting) this.stderr.write(line);
    this.waiting = [];
  }

  finish(): void {
    this.flush();
    for (const [text, count] of this.repeats) {
      if (count > 1) this.stderr.write(`sample: ${this.m.repeated(count - 1, text)}\n`);
    }
  }
}

/** The options a run was given that can do nothing beside the others: one warning each. */
export function conflicts(
  options: {
    readonly given: ReadonlySet<string>;
    readonly probs: boolean;
    readonly count: number;
    readonly html?: string;
  },
  sampler: Sampler,
  m: Messages,
  fromStdin: boolean,
): string[] {
  const given = (flags: readonly string[]): string[] => flags.filter((flag) => options.given.has(flag));
  const found: string[] = [];
  if (options.html !== undefined) {
    // The page draws its own samples and shows every view: the run writes the page and nothing else.
    for (const flag of given(['probs', 'format', 'stats', 'explain', 'only-new']))
      found.push(m.warning(m.htmlConflict(flag)));
    if (fromStdin) found.push(m.warning(m.htmlFirstLine()));
  } else if (options.probs) {
    for (const flag of given(['count', 'tokens', 'stats', 'only-new'])) found.push(m.warning(m.probsConflict(flag)));
  }
  if (sampler.options.greedy) {
    const idle = sampler.stages.filter((stage) => stage.keepsTop === true).flatMap((stage) => stage.settings);
    for (const flag of given(idle.map((setting) => setting.flag))) found.push(m.warning(m.greedyConflict(flag)));
  }
  if (options.count === 0) {
    for (const flag of given(['explain', 'stats'])) found.push(m.warning(m.zeroCount(flag)));
  }
  return found;
}
