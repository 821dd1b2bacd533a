import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { ChalkInstance } from 'chalk';
import type { CaptureKind } from '../capture.js';
import { parting, partingSentence } from '../compare.js';
import { codeOf, dataError, escapeUnsafe, printable, SampleError, usageError } from '../errors.js';
import { type FormatName, samplesWriter } from '../format/samples.js';
import { type Sink, streamSink } from '../format/sink.js';
import { type Batch, generateBatches } from '../generate.js';
import type { Messages } from '../i18n/en.js';
import { bundledModelPaths, loadModel } from '../load.js';
import type { Model } from '../model.js';
import { type NormKind, type SamplingOptions, samplingOf } from '../options.js';
import { commandLine } from '../page/state.js';
import { createRng, freshSeed, type Rng } from '../rng.js';
import { type Distribution, type Drawn, Sampler } from '../sampler.js';
import { leftOut, SETTINGS } from '../samplers/index.js';
import { contextWindow, tokenize } from '../tokenize.js';
import type { ExplainInput } from '../views/explain.js';
import { collapses, collapseWarning, conflicts, leftOutWarning, Warnings, xtcNote } from '../views/warnings.js';
import type { CaptureOptions, CaptureRun } from './capture.js';
import { stderrColors } from './colors.js';
import type { PhraseSource } from './phrases.js';
import type { SettingsArgs } from './settings.js';

export interface Io {
  readonly stdin: Readable & { readonly isTTY?: boolean };
  /** `columns`: a terminal's width, which --help wraps to. */
  readonly stdout: Writable & { readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: Writable & { readonly isTTY?: boolean; readonly columns?: number };
  readonly env: NodeJS.ProcessEnv;
  /** The signal that asked the run to stop (SIGINT, SIGTERM), once one has. */
  interrupted?(): NodeJS.Signals | undefined;
  /** Whether a second signal has ended the run: nothing more is written but its closing. */
  halted?(): boolean;
  /** What a second signal writes after the lines already out, so that they stay a whole document. */
  closeWith?(closing: () => string): void;
}

/** The conventional exit codes of a run a signal stopped: 128 + the signal's number. */
export const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/** The options as commander parsed them. */
export interface CliOptions extends SamplingOptions {
  readonly count: number;
  readonly tokens: number;
  readonly seed?: string;
  readonly norm: NormKind;
  readonly format: FormatName;
  readonly onlyNew: boolean;
  readonly probs: boolean;
  /** --top and --all: how many rows a terminal's --probs table shows. */
  readonly top?: string;
  readonly all: boolean;
  readonly explain: boolean;
  readonly stats: boolean;
  readonly vocab: string;
  readonly weights: string;
  readonly verbose: boolean;
  readonly quiet: boolean;
  /** The long names of the options given on the command line, for the warnings about conflicts. */
  readonly given: ReadonlySet<string>;
  /** What was typed for each option that shapes the samples, by long name: the page starts from it. */
  readonly typed: ReadonlyMap<string, readonly string[]>;
  /** --html: the page's file, or - for stdout. */
  readonly html?: string;
  /** The catalogue of the language every message and view is in. */
  readonly m: Messages;
  /** What --settings applied, and its warnings. */
  readonly settings?: SettingsArgs;
  /** --logits and the options that come with it. */
  readonly logits?: string;
  readonly at?: string;
  readonly logitsKind?: CaptureKind;
  readonly missing?: 'renormalise' | 'rest';
  /** --compare: the spec as typed, and the second chain's options that differ from the first's. */
  readonly compare?: { readonly spec: string; readonly options: Partial<SamplingOptions> };
}

/** Everything known about one phrase before its output is written. */
interface Phrase {
  readonly source: PhraseSource;
  readonly positions: number[];
  /** As tokenised, single spaces. */
  readonly input: string;
  readonly window: number[];
  /** Made when a view, --probs or a warning asks for it: a run that only draws needs the candidates alone. */
  distribution(): Distribution;
  /** --explain traces the first phrase only. */
  readonly explain: boolean;
}

/** What a run writes: a head, each phrase's output, a tail. */
interface Output {
  readonly head: string;
  /** Writes one phrase's output; false once the reader of stdout has gone. */
  phrase(phrase: Phrase): Promise<boolean>;
  tail(): string;
}

interface Shell {
  readonly model: Model;
  readonly sampler: Sampler;
  readonly options: CliOptions;
  readonly io: Io;
  readonly sink: Sink;
  /**
   * Warnings wait until a phrase's output is ready to be written, so that a run that fails before
   * writing anything says only why it failed, in one line.
   */
  readonly warnings: Warnings;
  /** Colours for the views on stderr, loaded only when a view is asked for. */
  readonly colors: ChalkInstance | undefined;
  /** --compare: the second chain. */
  readonly second?: Sampler;
  /** --logits: the capture the run reads instead of f1 → f2. */
  readonly capture?: CaptureRun;
}

/**
 * The shell around the core: load the model, then for each phrase tokenize, compute its
 * distribution, and sample or show it; a phrase from stdin that fails names its line.
 * `input` is the command line's phrase as tokenised, or undefined when the phrases come from stdin.
 */
export async function run(
  phrases: AsyncIterable<PhraseSource> | Iterable<PhraseSource>,
  input: string | undefined,
  options: CliOptions,
  io: Io,
): Promise<number> {
  if (options.compare && !options.probs && !options.explain) throw usageError((m) => m.compareNeeds());
  if (options.logits !== undefined && options.tokens !== 1) throw usageError((m) => m.capturedLength());
  if (options.logits !== undefined && options.given.has('norm') && options.norm === 'sum') {
    throw usageError((m) => m.captureNorm());
  }
  const capture =
    options.logits === undefined
      ? undefined
      : await (await import('./capture.js')).captureRun(options as CaptureOptions, io.stdin);
  const model = capture?.captured.model ?? loadModel({ vocab: options.vocab, weights: options.weights });
  const seed = options.seed ?? freshSeed();
  // The Sampler takes the settings that shape the samples, not the run's other options; a capture's
  // (log-)probabilities and logits are softmax's.
  const sampling = { ...samplingOf(options), ...(capture ? { norm: 'softmax' as const } : {}) };
  const sampler = new Sampler(model, sampling);
  const { m } = options;
  const warnings = new Warnings(io.stderr, options.quiet, m);
  if (options.verbose && capture === undefined) {
    warnings.say(m.verbose(printable(seed), printable(resolve(options.vocab)), printable(resolve(options.weights))));
  }
  if (options.verbose && capture !== undefined) {
    const { format, kind, count } = capture.captured;
    const missing = capture.positions.map((k) => capture.captured.missing(k));
    const shown = missing.map((x) => (x === undefined ? '–' : `${(x * 100).toPrecision(3)}%`)).join(', ');
    warnings.say(m.captureVerbose(printable(seed), printable(capture.file), format, kind, count, shown));
  }
  if (options.verbose && options.settings) warnings.say(options.settings.verbose);
  for (const note of options.settings?.notes ?? []) warnings.add(note);
  for (const stage of leftOut(sampler.options)) warnings.add(leftOutWarning(stage, sampler.options, m));
  for (const conflict of conflicts(options, sampler, m, input === undefined && capture === undefined))
    warnings.add(conflict);
  if (options.probs) warnings.add(xtcNote(sampler, m));
  const colors = options.explain || options.stats ? await stderrColors(io.env, io.stderr.isTTY === true) : undefined;
  const sink = streamSink(io.stdout, () => io.halted?.() === true);
  const second = options.compare && new Sampler(model, { ...sampling, ...options.compare.options });
  const shell: Shell = { model, sampler, options, io, sink, warnings, colors, second, capture };
  const output =
    options.html !== undefined
      ? await pageOutput(shell, seed)
      : options.probs
        ? await probsOutput(shell)
        : await samplesOutput(shell, seed, input, createRng(seed));
  let seen = 0;
  let collapsed: { candidates?: Drawn; warning?: string } = {};
  try {
    for await (const source of capture?.sources() ?? phrases) {
      const { next, candidates } = withLine(source, () => {
        const { captured } = source;
        const positions = captured ? [...captured.history] : tokenize(source.text, model);
        const window = contextWindow(positions, model);
        // The chain runs here, where its errors name the line; its candidates are remembered.
        const candidates = sampler.phraseCandidates(window, positions, captured?.logits);
        const input = captured ? source.text : positions.map((p) => model.tokens[p]).join(' ');
        const distribution = (): Distribution => sampler.phraseDistribution(window, positions, captured?.logits);
        return {
          next: { source, positions, input, window, distribution, explain: options.explain && seen === 0 },
          candidates,
        };
      });
      // Lines of stdin that share a distribution (the Sampler keeps the last) share its warning:
      // made once, so that a warning costs a line nothing. Only a distribution left with one token
      // warns, and only its distribution is made for the warning.
      if (candidates !== collapsed.candidates) {
        const alone = collapses(candidates.probs, sampler.greedy);
        collapsed = {
          candidates,
          warning: alone ? collapseWarning(model, next.distribution(), sampler.options, m) : undefined,
        };
      }
      warnings.add(collapsed.warning, source.line);
      if (seen++ === 0) {
        if (!(await shell.sink.write(output.head))) break;
        io.closeWith?.(() => output.tail());
      }
      if (!(await output.phrase(next)) || io.interrupted?.()) break;
    }
  } catch (error) {
    // A run that fails midway closes what it started: a json document stays valid JSON.
    io.closeWith?.(() => '');
    if (seen > 0) await shell.sink.write(output.tail());
    throw error;
  }
  if (seen > 0) warnings.finish();
  const signal = io.interrupted?.();
  if (seen === 0 && !signal) throw usageError((m) => m.noPhraseOnStdin());
  // Stopped while waiting for the first line: a json document is still a whole one, and empty.
  if (seen === 0) await shell.sink.write(output.head);
  io.closeWith?.(() => '');
  await shell.sink.write(output.tail());
  const failure = shell.sink.failure;
  if (failure) throw dataError((m) => m.cannotWrite(m.reason(codeOf(failure))));
  return signal ? (SIGNAL_CODES[signal] ?? 1) : 0;
}

/** --html: the page of the first phrase, to a file or stdout; nothing is sampled here. */
async function pageOutput({ options, io, sink, warnings, capture, model }: Shell, seed: string): Promise<Output> {
  const { pageHtml, pageTarget, writePage } = await import('./html.js');
  const target = pageTarget(options.html ?? '', io.stdout.isTTY === true);
  return {
    head: '',
    async phrase(p) {
      const typed = typedTexts(options);
      // Absolute paths: the page's command line must run from wherever the page is opened.
      const files = { vocab: resolve(options.vocab), weights: resolve(options.weights) };
      const at = p.source.captured;
      const page =
        capture && at
          ? {
              tokens: model.tokens,
              ids: model.ids,
              logits: Array.from(at.logits, (z) => (z === Number.NEGATIVE_INFINITY ? null : z)),
              history: at.history,
              position: at.position,
              missing: at.missing,
              format: capture.captured.format,
              kind: capture.captured.kind,
              file: capture.file,
              before: p.source.text,
              glue: capture.captured.glue,
            }
          : undefined;
      const start = { phrase: p.source.text, seed, typed, ...files, capture: page };
      const html = pageHtml({ ...start, lang: options.m.lang });
      warnings.flush();
      if (target === '-') {
        await sink.write(html);
      } else {
        writePage(target, html);
        // Said on stderr, so that a page written quietly into a file is not mistaken for nothing.
        if (!options.quiet)
          io.stderr.write(
            `sample: ${options.m.wrotePage(printable(target), Math.ceil(Buffer.byteLength(html) / 1024))}\n`,
          );
      }
      return false;
    },
    tail: () => '',
  };
}

async function probsOutput(shell: Shell): Promise<Output> {
  const { model, options, io, sink, warnings, colors } = shell;
  const { probsWriter } = await import('../format/probs.js');
  const probs = probsWriter(
    options.format,
    model,
    io.stdout.isTTY === true,
    options.m,
    shell.capture?.captured.bytes,
    rowsShown(options),
  );
  return {
    head: probs.head,
    async phrase(p) {
      warnings.flush();
      const other = otherChain(shell, p);
      if (p.explain && colors) {
        await explain(shell, p, { distribution: p.distribution(), colors }, other);
      } else if (other !== undefined) {
        // Where the chains part, for people: stdout carries only the two distributions.
        const line = partingSentence(model, p.distribution(), other, options.m);
        io.stderr.write(`${p.source.line === undefined ? line : options.m.onLine(p.source.line, line)}\n`);
      }
      const { line, captured } = p.source;
      const where = { line, position: captured?.position, missing: captured?.missing };
      return sink.write(probs.phrase(p.distribution(), where, other));
    },
    tail: probs.tail,
  };
}

async function samplesOutput(shell: Shell, seed: string, input: string | undefined, rng: Rng): Promise<Output> {
  const { model, sampler, options, io, sink, warnings, colors, capture } = shell;
  const samples = samplesWriter(options.format, {
    model,
    seed,
    onlyNew: options.onlyNew,
    input,
    options: receipt(options, sampler.options, capture),
    shown: capture?.shown,
    count: options.count,
    made: { version: SAMPLE_VERSION, command: replay(options, seed, input, capture) },
  });
  const stats = options.stats ? await import('../views/stats.js') : undefined;
  let longest: number | undefined;
  // One progress line for the whole run, on a terminal only, for a run into a file; phrases from
  // stdin have no total, so it counts what is done.
  const shown = io.stderr.isTTY === true && io.stdout.isTTY !== true && !options.quiet;
  const total = input === undefined ? undefined : options.count;
  const progress = shown ? new (await import('./progress.js')).Progress(io.stderr, total, options.m) : undefined;
  let done = 0;
  return {
    head: samples.head,
    async phrase(p) {
      const format = samples.phrase({ input: p.input, line: p.source.line });
      const tally = stats ? new stats.Tally(model.tokens.length) : undefined;
      const { positions: phrase } = p;
      // The first token's own distribution, for --explain: with XTC it depends on XTC's draw for
      // that token. Traced only when explained: a run that only draws needs no distribution.
      let first: Distribution | undefined;
      const trace = p.explain
        ? (d: Distribution): void => {
            first = d;
          }
        : undefined;
      const request = {
        phrase,
        sampler,
        count: options.count,
        length: options.tokens,
        rng,
        trace,
        logits: p.source.captured?.logits,
      };
      let explained = !p.explain;
      // Only a run of many continuations has batches to keep small.
      longest ??= options.count > 1 ? longestToken(model) : 0;
      const most = Math.max(1, Math.floor(BATCH_CHARS / lineChars(p.input, options.tokens, longest)));
      for (const batch of generateBatches(request, most)) {
        // The first batch is drawn: the warnings go before anything else this phrase writes.
        warnings.flush();
        done += batch.count;
        progress?.update(done);
        if (io.interrupted?.()) break;
        if (!explained && colors) {
          const draw = { u: batch.draws[0], token: batch.tokens[0], of: options.count * options.tokens };
          await explain(shell, p, { distribution: first ?? p.distribution(), colors, draw });
          explained = true;
        }
        tally?.add(batch);
        if (!(await sink.write(formatted(format, batch)))) {
          progress?.end();
          return false;
        }
      }
      if (stats && tally && colors) {
        progress?.end();
        const title = p.source.line === undefined ? p.input : options.m.onLine(p.source.line, p.input);
        const terminal = io.stderr.isTTY === true;
        const expected = sampler.expected(p.window, { history: p.positions, logits: p.source.captured?.logits });
        io.stderr.write(stats.statsView(model, title, tally, expected, colors, terminal, options.m));
      }
      return true;
    },
    tail: () => {
      progress?.end();
      return samples.tail();
    },
  };
}

/** A batch's output is kept to about this many characters, however long the phrase and the tokens. */
const BATCH_CHARS = 1 << 24;

/**
 * The most characters one continuation's output can take: every format writes the phrase at most
 * twice (jsonl's input and text) and each token at most twice, with its id, probability and u.
 * Batches of long lines are made smaller by it, so that memory follows what is written.
 */
const lineChars = (input: string, length: number, longest: number): number =>
  2 * input.length + length * (2 * longest + 80) + 256;

function longestToken({ tokens }: Model): number {
  let longest = 0;
  // An indexed loop: for…of over a wide vocabulary costs several times more before the JIT steps in.
  for (let i = 0; i < tokens.length; i++) if (tokens[i].length > longest) longest = tokens[i].length;
  return longest;
}

/** A batch's output; a line longer than any string can be is a usage error that says what to lower. */
function formatted(format: (batch: Batch) => string | Uint8Array, batch: Batch): string | Uint8Array {
  try {
    return format(batch);
  } catch (error) {
    if (error instanceof RangeError) throw usageError((m) => m.lineTooLong());
    throw error;
  }
}

/**
 * --explain, of one chain, or with --compare of both, each up to the stage where they part, and
 * a line that says where.
 */
async function explain(
  shell: Shell,
  p: Phrase,
  traced: { readonly distribution: Distribution; readonly colors: ChalkInstance; readonly draw?: ExplainInput['draw'] },
  // --probs has the second chain's distribution already; a run that draws has it computed here.
  other = otherChain(shell, p),
): Promise<void> {
  const { io, second, model, sampler, options } = shell;
  const { explainView } = await import('../views/explain.js');
  const captured = capturedOf(shell, p);
  const input = { ...p, ...traced, phrase: p.positions, model, options: sampler.options, m: options.m, captured };
  if (other === undefined || second === undefined) {
    io.stderr.write(explainView(input));
    return;
  }
  const chains = [input.distribution, other] as const;
  const where = parting(...chains);
  // Each chain up to and with the parting stage, where it has one; norm's parting shows the processors.
  const until = (d: Distribution, chain: number): number | undefined => {
    if (where === undefined) return undefined;
    if (where.stage === 'norm') {
      const filter = d.steps.findIndex((s) => s.probs !== undefined);
      return filter === -1 ? d.steps.length : filter;
    }
    const at = chain === where.chain ? where.step : d.steps.findIndex((s) => s.stage.name === where.stage);
    return at === -1 ? undefined : at + 1;
  };
  chains.forEach((d, k) => {
    const chain = { number: k + 1, until: until(d, k), parting: where?.stage };
    const view = { ...input, distribution: d, options: k === 0 ? input.options : second.options, chain };
    io.stderr.write(explainView(k === 0 ? view : { ...view, draw: undefined }));
  });
  io.stderr.write(`\n${partingSentence(input.model, chains[0], chains[1], input.m)}\n`);
}

declare const SAMPLE_VERSION: string;

/** What was typed for each option, a repeated one's values space-separated: as the page and a command line read them. */
const typedTexts = ({ typed }: CliOptions): Map<string, string> =>
  new Map([...typed].map(([flag, texts]) => [flag, texts.join(' ')]));

/**
 * The command line that makes the same receipt: the options as typed, the seed the run used, the
 * model's files (absolute) or the capture, and -f json. A run from stdin reads its lines again.
 */
function replay(options: CliOptions, seed: string, input: string | undefined, capture: CaptureRun | undefined): string {
  const typed = typedTexts(options);
  // A value given in several spellings (llama.cpp's -l 15043-1) is written as the receipt writes it.
  for (const setting of SETTINGS) {
    const value = options[setting.key];
    if (setting.receipt && typed.has(setting.flag)) typed.set(setting.flag, [setting.receipt(value)].flat().join(' '));
  }
  typed.set('seed', seed);
  typed.set('phrase', input ?? '-');
  const bundled =
    resolve(options.vocab) === bundledModelPaths.vocab && resolve(options.weights) === bundledModelPaths.weights;
  const files = capture
    ? { logits: capture.file, at: capture.positions.length === 1 ? capture.positions[0] + 1 : undefined }
    : bundled
      ? {}
      : { vocab: resolve(options.vocab), weights: resolve(options.weights) };
  return `${commandLine(typed, files)}${capture && capture.positions.length > 1 ? ' --at all' : ''} -f json`;
}

/** How many rows a terminal's --probs table shows: --all, --top N (a whole number from 1), or the writer's default. */
function rowsShown({ all, top }: CliOptions): number | undefined {
  if (all) return Number.POSITIVE_INFINITY;
  if (top === undefined) return undefined;
  if (!/^\d+$/.test(top) || Number(top) < 1) throw usageError((m) => m.topInvalid(printable(top, 40)));
  return Number(top);
}

/** --compare: the second chain's distribution for a phrase, from the same logits. */
const otherChain = ({ second }: Shell, p: Phrase): Distribution | undefined =>
  second?.phraseDistribution(p.window, p.positions, p.source.captured?.logits);

/** For --explain: the capture a phrase's logits come from, if they do. */
function capturedOf({ capture }: Shell, p: Phrase): ExplainInput['captured'] {
  const at = p.source.captured;
  if (capture === undefined || at === undefined) return undefined;
  const { format, kind } = capture.captured;
  return { format, kind, position: at.position, missing: at.missing, before: p.source.text };
}

/**
 * Every setting that shapes the result, under the option names that reproduce it: the chain's
 * order, then each stage's options, whether set or not, so that a receipt reads the same for any
 * later default.
 */
function receipt(o: CliOptions, sampling: SamplingOptions, capture?: CaptureRun): Record<string, unknown> {
  const stages = Object.fromEntries(
    SETTINGS.map((setting) => {
      const value = sampling[setting.key];
      return [setting.flag, setting.receipt ? setting.receipt(value) : value];
    }),
  );
  return {
    count: o.count,
    tokens: o.tokens,
    norm: sampling.norm,
    samplers: sampling.samplers.join(';'),
    'min-keep': sampling.minKeep,
    greedy: sampling.greedy,
    ...stages,
    'only-new': o.onlyNew,
    // Absolute, so that the receipt reproduces from any directory; a capture's with its SHA-256,
    // so that a replay notices a file that changed.
    ...(capture === undefined
      ? { vocab: resolve(o.vocab), weights: resolve(o.weights) }
      : {
          logits: capture.file,
          'logits-sha256': capture.sha256,
          at: o.at ?? '1',
          missing: o.missing ?? 'renormalise',
        }),
  };
}

/** Errors about a line of stdin name its number. */
function withLine<T>(source: PhraseSource, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof SampleError && source.line !== undefined) {
      const line = source.line;
      throw new SampleError(error.kind, (m) => m.onLine(line, error.render(m)));
    }
    throw error;
  }
}

/** One line on stderr, `sample: …`; returns the exit code to go with it. */
export async function report(io: Io, message: string, code: number): Promise<number> {
  const colors = await stderrColors(io.env, io.stderr.isTTY === true);
  io.stderr.write(`${colors.red('sample:')} ${escapeUnsafe(message)}\n`);
  return code;
}
