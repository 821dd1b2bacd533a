import { Command, CommanderError } from 'commander';
import { exitCodeOf, SampleError } from '../errors.js';
import { streamSink } from '../format/sink.js';
import { textFormatter } from '../format/text.js';
import { generateBatches } from '../generate.js';
import { bundledModelPaths, loadModel } from '../model.js';
import { createRng, freshSeed } from '../rng.js';
import { splitPhrase, tokenize } from '../tokenize.js';
import { stderrColors } from './colors.js';
import { wholeNumber } from './parse.js';

declare const SAMPLE_VERSION: string;

export interface Io {
  readonly stdout: NodeJS.WritableStream & import('node:stream').Writable;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

interface Options {
  count: number;
  seed?: string;
  vocab: string;
  weights: string;
  verbose: boolean;
}

const EXAMPLES = `Choose the next token as a language model does: f1 → f2 → norm → a seeded draw.

Examples:
  sample "el cielo es" -n 10            ten continuations in the terminal
  sample el cielo es -n 1000 | sort | uniq -c    count them with other tools
  sample "el cielo es" -n 10 --seed 42  the same ten lines on every run`;

const EXIT_CODES = `
Exit codes:
  0  success (also when the reader of stdout closes early, as with | head)
  1  bad data: an unknown token, a short phrase, an unreadable or invalid model file
  2  usage: a bad option value, an unknown option, a missing phrase`;

function program(io: Io): Command {
  return new Command('sample')
    .description(EXAMPLES)
    .version(SAMPLE_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .argument('[phrase...]', 'the context, as one quoted argument or several words')
    .option('-n, --count <n>', 'how many continuations to draw', wholeNumber(0), 1)
    .option('-s, --seed <seed>', 'seed the random draws, to repeat a run exactly (default: a fresh seed)')
    .option('--vocab <file>', 'the vocabulary: a JSON object mapping token → id', bundledModelPaths.vocab)
    .option('--weights <file>', 'the weights: {"f1": [...], "f2": {token: weight}}', bundledModelPaths.weights)
    .option('-v, --verbose', 'print the seed and the model files on stderr', false)
    .addHelpText('after', EXIT_CODES)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {},
    });
}

/** Runs the command line and returns the exit code; never throws for anything a user can cause. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const command = program(io);
  try {
    command.parse(argv, { from: 'user' });
    return await run(command.args, command.opts<Options>(), io);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      return report(io, error.message.replace(/^error: /, '').replaceAll('\n', ' '), 2);
    }
    if (error instanceof SampleError) return report(io, error.message, exitCodeOf(error.kind));
    throw error;
  }
}

async function run(words: string[], options: Options, io: Io): Promise<number> {
  const phrase = words.join(' ');
  if (splitPhrase(phrase).length === 0 && words.length === 0) {
    return report(io, 'no phrase given; try: sample "el cielo es" -n 10', 2);
  }
  const model = loadModel({ vocab: options.vocab, weights: options.weights });
  const positions = tokenize(phrase, model);
  const seed = options.seed ?? freshSeed();
  if (options.verbose) io.stderr.write(`seed: ${seed}\nvocab: ${options.vocab}\nweights: ${options.weights}\n`);
  const format = textFormatter(model, positions.map((p) => model.tokens[p]).join(' '));
  const sink = streamSink(io.stdout);
  for (const batch of generateBatches({ model, phrase: positions, count: options.count, rng: createRng(seed) })) {
    if (!(await sink.write(format(batch)))) break;
  }
  if (sink.failure) return report(io, `cannot write the output: ${sink.failure.message}`, 1);
  return 0;
}

async function report(io: Io, message: string, code: number): Promise<number> {
  const colors = await stderrColors(io.env);
  io.stderr.write(`${colors.red('sample:')} ${message}\n`);
  return code;
}

function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
