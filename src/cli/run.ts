import type { Writable } from 'node:stream';
import { type NormKind, nextDistribution, type SamplingOptions } from '../distribution.js';
import { streamSink } from '../format/sink.js';
import { textFormatter } from '../format/text.js';
import { generateBatches } from '../generate.js';
import { loadModel } from '../model.js';
import { createRng, freshSeed } from '../rng.js';
import { contextWindow, splitPhrase, tokenize } from '../tokenize.js';
import { stderrColors } from './colors.js';

export interface Io {
  readonly stdout: Writable & { readonly isTTY?: boolean };
  readonly stderr: Writable & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/** The options as commander parsed them. */
export interface CliOptions {
  count: number;
  tokens: number;
  seed?: string;
  norm: NormKind;
  temperature: number;
  topK: number;
  topP: number;
  minP: number;
  greedy: boolean;
  probs: boolean;
  explain: boolean;
  stats: boolean;
  vocab: string;
  weights: string;
  verbose: boolean;
}

/** The shell around the core: load, tokenize, sample, write; the views only when asked for. */
export async function run(words: string[], options: CliOptions, io: Io): Promise<number> {
  const phraseText = words.join(' ');
  if (splitPhrase(phraseText).length === 0 && words.length === 0) {
    return report(io, 'no phrase given; try: sample "el cielo es" -n 10', 2);
  }
  const model = loadModel({ vocab: options.vocab, weights: options.weights });
  const phrase = tokenize(phraseText, model);
  const window = contextWindow(phrase, model);
  const sampling: SamplingOptions = options;
  const first = nextDistribution(model, window, sampling);
  const input = phrase.map((p) => model.tokens[p]).join(' ');
  const { collapseWarning } = await import('../views/warnings.js');
  const warning = collapseWarning(model, first, sampling);
  if (warning !== undefined) await report(io, warning);
  const colors = options.explain || options.stats ? await stderrColors(io.env) : undefined;

  if (options.probs) {
    const { probsView } = await import('../views/probs.js');
    if (options.explain && colors)
      await explain(io, { model, phrase, window, distribution: first, options: sampling, colors });
    io.stdout.write(probsView(model, first, io.stdout.isTTY === true));
    return 0;
  }

  const seed = options.seed ?? freshSeed();
  if (options.verbose) io.stderr.write(`seed: ${seed}\nvocab: ${options.vocab}\nweights: ${options.weights}\n`);
  const format = textFormatter(model, input);
  const sink = streamSink(io.stdout);
  const tally = options.stats ? new (await import('../views/stats.js')).Tally(model.tokens.length) : undefined;
  const batches = generateBatches({
    model,
    phrase,
    count: options.count,
    length: options.tokens,
    options: sampling,
    rng: createRng(seed),
  });
  let explained = !options.explain;
  for (const batch of batches) {
    if (!explained && colors) {
      const draw = { u: batch.draws[0], token: batch.tokens[0] };
      await explain(io, { model, phrase, window, distribution: first, options: sampling, draw, colors });
      explained = true;
    }
    tally?.add(batch);
    if (!(await sink.write(format(batch)))) break;
  }
  if (sink.failure) return report(io, `cannot write the output: ${sink.failure.message}`, 1);
  if (tally && colors) {
    const { statsView } = await import('../views/stats.js');
    io.stderr.write(statsView(model, input, tally, first.probs, colors, io.stderr.isTTY === true));
  }
  return 0;
}

async function explain(io: Io, input: import('../views/explain.js').ExplainInput): Promise<void> {
  const { explainView } = await import('../views/explain.js');
  io.stderr.write(explainView(input));
}

/** One line on stderr, `sample: …`; returns the exit code to go with it. */
export async function report(io: Io, message: string, code = 0): Promise<number> {
  const colors = await stderrColors(io.env);
  io.stderr.write(`${code === 0 ? colors.yellow('sample:') : colors.red('sample:')} ${message}\n`);
  return code;
}
