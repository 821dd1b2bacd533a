import { type Comparison, compareChains } from '../compare.js';
import { visible } from '../format/probs.js';
import { continuationAt, type GenerateRequest, generateBatches } from '../generate.js';
import type { Messages } from '../i18n/en.js';
import type { Model } from '../model.js';
import type { SamplingOptions } from '../options.js';
import { createRng } from '../rng.js';
import { type Distribution, Sampler } from '../sampler.js';
import { type Scene, sceneOf } from '../scene.js';
import { contextWindow, tokenize } from '../tokenize.js';
import type { Reading } from './state.js';

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

/** The capture as the page computes with it: its logits as numbers again. */
export type Captured = Omit<PageCapture, 'logits'> & { readonly logits: Float64Array };

/** The most continuations the page lists, each with its draw explained; the histogram counts all. */
export const LISTED = 100;
/** The most new tokens the listed continuations hold: a fragment may ask for any length. */
export const PAGE_TOKENS = 20_000;

/** One listed continuation: its text line, and its first token's draw against the distribution it came from. */
export interface Drawn {
  readonly line: string;
  /** The end of the line that the draws added: the new tokens, as the line shows them. */
  readonly added: string;
  readonly tokens: readonly string[];
  /** The first token, as a position, and its u (null when greedy drew none). */
  readonly token: number;
  readonly u: number | null;
  readonly distribution: Distribution;
}

/** Everything the page shows for settings read without error, computed by the project's own core. */
export interface View {
  readonly model: Model;
  readonly options: SamplingOptions;
  readonly sampler: Sampler;
  readonly phrase: readonly number[];
  readonly window: readonly number[];
  /** The phrase's distribution, which the diagram draws (XTC as when it fires, as --probs shows it). */
  readonly distribution: Distribution;
  /** What the first token is drawn from on average: --stats's expectation, the histogram's. */
  readonly expected: Float64Array;
  /** --explain's sections for the first draw, or the phrase's distribution before any. */
  readonly scene: Scene;
  readonly drawn: readonly Drawn[];
  /** How many continuations the settings ask for: the histogram counts them, the list shows the first. */
  readonly count: number;
  readonly length: number;
  readonly seed: string;
  /** The seeded stream of `count` continuations, from the start: the listed draws are its first. */
  readonly stream: (count: number) => GenerateRequest;
  readonly comparison?: Comparison;
  readonly captured?: Captured;
}

/** The second chain of a comparison: its options over the first's. */
export type Second = Partial<SamplingOptions> | undefined;

/**
 * Computes what the page shows: the phrase's distribution, its scene, and the first continuations
 * of the seeded stream, each traced, so that each draw is explained against the distribution it
 * was drawn from (XTC's coin gives each its own). Throws a SampleError as a run would.
 */
export function viewOf(
  reading: Reading,
  model: Model,
  m: Messages,
  context: { readonly found?: readonly number[]; readonly captured?: Captured; readonly second?: Second },
): View {
  const { captured, second } = context;
  // A capture's phrase is the tokens chosen before its position, and its logits are softmax's.
  const phrase = captured ? [...captured.history] : tokenize(reading.phrase, model);
  const window = contextWindow(phrase, model);
  const asked: Partial<SamplingOptions> = captured ? { ...reading.options, norm: 'softmax' } : reading.options;
  const sampler = new Sampler(model, asked);
  const logits = captured?.logits;
  const moment = { history: phrase, logits };
  const distribution = sampler.phraseDistribution(window, phrase, logits);
  const traces: Distribution[] = [];
  const length = reading.tokens;
  const listed = Math.min(reading.count, LISTED, Math.floor(PAGE_TOKENS / length));
  // One request for the listed draws and the histogram's count: the same seeded stream.
  const stream = (count: number): GenerateRequest => ({
    phrase,
    sampler,
    count,
    length,
    rng: createRng(reading.seed),
    logits,
  });
  // The CLI's text lines: the phrase and the tokens, or a capture's text and its token.
  const prefix = captured ? `${captured.before}${captured.glue}` : `${phrase.map((p) => model.tokens[p]).join(' ')} `;
  const drawn: Drawn[] = [];
  const trace = (d: Distribution, k: number): void => {
    traces[k] = d;
  };
  for (const batch of generateBatches({ ...stream(listed), traceEach: true, trace })) {
    for (let slot = 0; slot < batch.count * length; slot += length) {
      const c = continuationAt(model, batch, slot);
      const k = drawn.length;
      const added = c.tokens.map((token) => (captured ? visible(token) : token)).join(' ');
      drawn.push({
        line: `${prefix}${added}`,
        added,
        tokens: c.tokens,
        token: batch.tokens[slot],
        u: c.draws[0],
        // All first tokens share the phrase's distribution unless a coin gave each its own.
        distribution: traces[k] ?? traces[0] ?? distribution,
      });
    }
  }
  const first = drawn[0];
  const scene = sceneOf({
    model,
    phrase,
    window,
    distribution: first?.distribution ?? distribution,
    options: sampler.options,
    draw: first?.u === null || first === undefined ? undefined : { u: first.u, token: first.token, of: reading.count },
    m,
    found: context.found,
    captured,
  });
  const comparison =
    second === undefined ? undefined : compareChains(model, window, [asked, { ...asked, ...second }], moment);
  return {
    model,
    options: sampler.options,
    sampler,
    phrase,
    window,
    distribution,
    // Without a coin every first token comes from the phrase's distribution: no second run for it.
    expected: sampler.firstReusable ? distribution.probs : sampler.expected(window, moment),
    scene,
    drawn,
    count: reading.count,
    length,
    seed: reading.seed,
    stream,
    comparison,
    captured,
  };
}
