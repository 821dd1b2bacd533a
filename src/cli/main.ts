import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CHAIN_CONTROLS, type Control, flagsOf, InvalidValue, RUN_CONTROLS } from '../controls.js';
import { exitCodeOf, inWords, SampleError } from '../errors.js';
import { FORMATS } from '../format/samples.js';
import { bundledModelPaths } from '../load.js';
import { PRESETS } from '../samplers/index.js';
import { splitPhrase } from '../tokenize.js';
import { type CliOptions, type Io, report, run } from './run.js';

declare const SAMPLE_VERSION: string;

const EXAMPLES = `Choose the next token as a language model does: f1 → f2 → norm → a seeded draw.

Examples:
  # ten continuations in the terminal
  sample "el cielo es" -n 10
  # count them with other tools
  sample el cielo es -n 1000 | sort | uniq -c
  # the same ten lines on every run
  sample "el cielo es" -n 10 --seed 42
  # structured output for scripts
  sample "el cielo es" -n 3 -f jsonl | jq -r .text
  # one phrase per line of stdin
  printf 'el cielo es\\nes el cielo\\n' | sample -n 2
  # every number behind one draw, and the distribution without drawing
  sample "el cielo es" --explain
  sample "el cielo es" --probs --norm softmax
`;

const EPILOGUE = `
With the phrase - (or none, when stdin is not a terminal) each non-empty line of stdin is a
phrase: -n continuations of each, in input order, all from the one seeded stream.
The json format is the run's receipt: its seed and options reproduce every sample.

The chain runs in the order --samplers gives: hf (the default) is
  ${PRESETS.hf.join(' → ')}
llama.cpp is
  ${PRESETS['llama.cpp'].join(' → ')}
Only the stages whose options are set act; the logit processors always act before norm.
--stats counts the first new token of each continuation: all of them come from the
phrase's own distribution, so with -t > 1 the later tokens are not counted.

Exit codes:
  0  success (also when the reader of stdout closes early, as with | head)
  1  bad data: an unknown token, a short phrase, an unreadable or invalid model file
  2  usage: a bad option value, an unknown option, a missing phrase`;

/** Flags are false unless given; commander leaves them out, and --help shows no "(default: false)". */
const FLAGS_OFF = {
  greedy: false,
  onlyNew: false,
  probs: false,
  explain: false,
  stats: false,
  verbose: false,
  quiet: false,
};

function program(io: Io, typed: Map<string, string[]>): Command {
  const command = new Command('sample')
    .addHelpText('before', EXAMPLES)
    .version(SAMPLE_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .argument('[phrase...]', 'the context, as one quoted argument or several words');
  for (const control of [...RUN_CONTROLS, ...CHAIN_CONTROLS]) command.addOption(optionOf(control, typed));
  return command
    .addOption(
      new Option('-f, --format <format>', 'text; jsonl, json or tsv for scripts').choices(FORMATS).default('text'),
    )
    .option('--only-new', 'text lines carry only the new tokens, not the phrase')
    .option('--probs', 'print the next-token distribution instead of sampling')
    .option('--explain', 'show on stderr how the first token is chosen, every number of it')
    .option('--stats', 'after sampling, check the counts against the distribution on stderr (chi-square)')
    .option('--vocab <file>', 'the vocabulary: a JSON object mapping token → id', bundledModelPaths.vocab)
    .option('--weights <file>', 'the weights: {"f1": [...], "f2": {token: weight}}', bundledModelPaths.weights)
    .option('--html <file>', 'write the post’s diagram, live, as one self-contained page (- for stdout)')
    .option('-v, --verbose', 'print the seed and the model files on stderr')
    .option('-q, --quiet', 'print no warnings and no progress line')
    .addOption(
      new Option('--completion <shell>', 'print a completion script for the shell').choices(['bash', 'zsh', 'fish']),
    )
    .addHelpText('after', EPILOGUE)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {},
    });
}

/** A control as commander's option: its parser is the control's own, so the CLI and the page agree. */
function optionOf(control: Control, typed: Map<string, string[]>): Option {
  const option = new Option(flagsOf(control), control.description);
  // "--no-repeat-ngram" names a number, not the negation of a "--repeat-ngram" flag.
  option.negate = false;
  // For --help and completion; the parser checks the value (a list of stages is no single choice).
  if (control.choices) option.argChoices = [...control.choices];
  if (control.argument === undefined) return option;
  const read = (text: string): unknown => {
    typed.set(control.flag, control.repeatable ? [...(typed.get(control.flag) ?? []), text] : [text]);
    try {
      return control.read(text);
    } catch (error) {
      throw error instanceof InvalidValue ? new InvalidArgumentError(error.message) : error;
    }
  };
  if (control.repeatable) return option.argParser((text, list: unknown[] = []) => [...list, read(text)]);
  option.argParser(read);
  if (control.default === PRESETS.hf) return option.default(control.default, 'hf');
  return control.default === undefined ? option : option.default(control.default);
}

/** The controls' values under their keys (an option's attribute may differ: --dry-sequence-breaker). */
function controlValues(command: Command): Record<string, unknown> {
  return Object.fromEntries(
    [...RUN_CONTROLS, ...CHAIN_CONTROLS].map((control) => {
      const option = command.options.find((o) => o.long === `--${control.flag}`);
      return [control.key, option && command.getOptionValue(option.attributeName())];
    }),
  );
}

/** Runs the command line and returns the exit code; never throws for anything a user can cause. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const typed = new Map<string, string[]>();
  const command = program(io, typed);
  // A reader that leaves early (| head) is no error: the sample sink stops on it. Any other
  // failure to write help or the version is kept, to be reported; stderr failing is no one's to hear.
  let failure: Error | undefined;
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') failure ??= error;
  });
  io.stderr.on('error', () => {});
  try {
    if (argv[0] === '__complete') {
      const { complete } = await import('./completion.js');
      const candidates = complete(command, Number(argv[1]), argv.slice(2));
      io.stdout.write(candidates.map((c) => `${c}\n`).join(''));
      return 0;
    }
    command.parse(argv, { from: 'user' });
    const shell = command.getOptionValue('completion');
    if (shell !== undefined) {
      io.stdout.write((await import('./completion.js')).completionScript(shell));
      return 0;
    }
    const words = command.args;
    const fromStdin = (words.length === 1 && words[0] === '-') || words.length === 0;
    if (words.length === 0 && io.stdin.isTTY) {
      command.outputHelp({ error: true });
      return 2;
    }
    const phrase = words.join(' ');
    const phrases = fromStdin ? (await import('./phrases.js')).stdinPhrases(io.stdin) : [{ text: phrase }];
    const input = fromStdin ? undefined : splitPhrase(phrase).join(' ');
    const given = new Set(
      command.options.flatMap((o) => (command.getOptionValueSource(o.attributeName()) === 'cli' ? [o.name()] : [])),
    );
    if (given.has('greedy')) typed.set('greedy', ['true']);
    const options = { ...FLAGS_OFF, ...command.opts<CliOptions>(), ...controlValues(command), given, typed };
    return await run(phrases, input, options, io);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) {
        await new Promise((resolve) => io.stdout.write('', resolve));
        return failure ? report(io, `cannot write the output: ${inWords(failure)}`, 1) : 0;
      }
      return report(io, commanderMessage(error), 2);
    }
    if (error instanceof SampleError) return report(io, error.message, exitCodeOf(error.kind));
    throw error;
  }
}

/** commander's message on one line; an unknown short option may be a phrase that starts with -. */
function commanderMessage(error: CommanderError): string {
  const message = error.message.replace(/^error: /, '').replaceAll('\n', ' ');
  if (error.code === 'commander.unknownOption' && !message.includes('Did you mean')) {
    return `${message}; a phrase that starts with - goes after --, as in: sample -- "-la frase"`;
  }
  return message;
}

/**
 * The process's streams, each made only when first used: node builds process.stdin at some cost.
 * SIGINT and SIGTERM ask the run to stop after the lines it is writing; a second one ends it at once.
 */
function processIo(): Io {
  let caught: NodeJS.Signals | undefined;
  let stdinMade = false;
  const stop = (signal: NodeJS.Signals, code: number): void => {
    process.on(signal, () => {
      if (caught !== undefined) process.exit(code);
      caught = signal;
      // A run waiting for lines of stdin stops waiting, and may end before main returns its code.
      process.exitCode = code;
      if (stdinMade) process.stdin.destroy();
    });
  };
  stop('SIGINT', 130);
  stop('SIGTERM', 143);
  return {
    interrupted: () => caught,
    get stdin() {
      stdinMade = true;
      return process.stdin;
    },
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    env: process.env,
  };
}
