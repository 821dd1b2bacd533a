import { Command, CommanderError, Help, InvalidArgumentError, Option } from 'commander';
import { CHAIN_CONTROLS, CONTROLS, type Control, flagsOf, InvalidValue } from '../controls.js';
import { clipped, codeOf, exitCodeOf, printable, SampleError, usageError } from '../errors.js';
import { FORMATS } from '../format/samples.js';
import type { Messages } from '../i18n/en.js';
import { langFlag, languageOf } from '../i18n/lang.js';
import { messagesFor } from '../i18n/messages.js';
import { bundledModelPaths } from '../load.js';
import { PRESETS } from '../samplers/index.js';
import { nearestToken } from '../suggest.js';
import { splitPhrase } from '../tokenize.js';
import { ALIAS_FLAGS, aliasList, canonicalArgs } from './aliases.js';
import { shownFlags } from './flags.js';
import { type CliOptions, type Io, report, run, SIGNAL_CODES } from './run.js';
import { settingsArgs } from './settings.js';
import { splitLine } from './shell-line.js';

declare const SAMPLE_VERSION: string;

/** Flags are false unless given; commander leaves them out, and --help shows no "(default: false)". */
const FLAGS_OFF = {
  greedy: false,
  onlyNew: false,
  probs: false,
  all: false,
  explain: false,
  stats: false,
  verbose: false,
  quiet: false,
};

function program(io: Io, typed: Map<string, string[]>, m: Messages): Command {
  const help = m.help;
  const groups = m.helpLabels.groups;
  // commander wraps the options to the terminal's width; the texts before and after them wrap alike.
  const width = (error: boolean): number => (error ? io.stderr : io.stdout).columns ?? 80;
  const command = new Command('sample')
    .addHelpText('before', ({ error }) => wrap(m.helpBefore(), width(error)))
    .argument(m.helpLabels.phrase, help.phrase);
  // --help groups the options as the page does (each control's own group), then output, files,
  // and the rest.
  for (const control of CONTROLS) command.addOption(optionOf(control, typed, m).helpGroup(groups[control.group]));
  command.optionsGroup(groups.chain).option('--compare <spec>', help.compare);
  return (
    command
      .optionsGroup(groups.output)
      .addOption(new Option('-f, --format <format>', help.format).choices(FORMATS).default('text'))
      .option('--only-new', help.onlyNew)
      .option('--probs', help.probs)
      .option('--top <n>', help.top)
      .option('--all', help.all)
      .option('--explain', help.explain)
      .option('--stats', help.stats)
      .option('--html <file>', help.html)
      .option('-v, --verbose', help.verbose)
      .option('-q, --quiet', help.quiet)
      .optionsGroup(groups.files)
      .option('--vocab <file>', help.vocab, bundledModelPaths.vocab)
      .option('--weights <file>', help.weights, bundledModelPaths.weights)
      .option('--settings <file>', help.settings)
      .option('--logits <file>', help.logits)
      .option('--at <n>', help.at)
      .addOption(new Option('--logits-kind <kind>', help.logitsKind).choices(['prob', 'logprob', 'logit']))
      .addOption(new Option('--missing <how>', help.missing).choices(['renormalise', 'rest']))
      .optionsGroup(groups.other)
      .addOption(new Option('--lang <lang>', help.lang).choices(['es', 'en']))
      .addOption(new Option('--completion <shell>', help.completion).choices(['bash', 'zsh', 'fish']))
      .version(SAMPLE_VERSION, '-V, --version', help.version)
      .helpOption('-h, --help', help.help)
      .addHelpText('after', ({ error }) =>
        wrap(
          `${m.helpAfter(PRESETS.hf.join(' → '), PRESETS['llama.cpp'].join(' → '))}\n${m.aliasesHelp(aliasList())}`,
          width(error),
        ),
      )
      // commander's own words are put in the language before it wraps the lines, not after.
      .configureHelp({
        optionTerm: (option) => spelled(option.flags, m),
        optionDescription: (option) => localisedExtra(new Help().optionDescription(option), m),
        // Too narrow for a column of descriptions beside the terms (60 columns): each description
        // goes under its term instead, wrapped, rather than running past the edge.
        formatItem(term, termWidth, description, helper) {
          const helpWidth = helper.helpWidth ?? 80;
          if (description === '' || helpWidth - termWidth - 4 >= NARROW) {
            return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
          }
          const under = wrap(description, helpWidth - 6).replace(/^/gm, '      ');
          return `  ${term}\n${under}`;
        },
      })
      .exitOverride()
      .configureOutput({
        getOutHelpWidth: () => width(false),
        getErrHelpWidth: () => width(true),
        writeOut: (text) => io.stdout.write(localisedHelp(text, m)),
        writeErr: (text) => io.stderr.write(localisedHelp(text, m)),
        outputError: () => {},
      })
  );
}

/** A control as commander's option: its parser is the control's own, so the CLI and the page agree. */
function optionOf(control: Control, typed: Map<string, string[]>, m: Messages): Option {
  const option = new Option(flagsOf(control), control.description[m.lang]);
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
      throw error instanceof InvalidValue ? new InvalidArgumentError(error.reason(m)) : error;
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
    CONTROLS.map((control) => {
      const option = command.options.find((o) => o.long === `--${control.flag}`);
      return [control.key, option && command.getOptionValue(option.attributeName())];
    }),
  );
}

/** The long names of the chain's options: what --compare may set. */
const CHAIN_FLAGS = new Set(CHAIN_CONTROLS.map((c) => c.flag));

/**
 * --compare SPEC as the second chain's options: a preset or a stage list (`llama.cpp`), or the
 * chain's options as typed (`--samplers llama.cpp -T 0.7`), split as a shell splits them. Each is
 * read and refused as on the command line; anything but the chain's options is refused.
 */
function compareOptions(spec: string, io: Io, m: Messages): Record<string, unknown> {
  const shown = clipped(spec);
  const line = splitLine(spec);
  if (line.quote !== '') throw usageError((mm) => mm.compareInvalid(shown, mm.compareQuote()));
  // splitLine ends on the word being typed: '' after a trailing blank.
  const typed = line.words.at(-1) === '' ? line.words.slice(0, -1) : line.words;
  const words = spec.trimStart().startsWith('-') ? typed : ['--samplers', spec];
  const command = program(io, new Map(), m).configureOutput({ writeOut: () => {}, writeErr: () => {} });
  try {
    command.parse(canonicalArgs(words, command), { from: 'user' });
  } catch (error) {
    // --samplers reads its list itself, and says why it cannot in its own words.
    if (error instanceof SampleError) throw usageError((mm) => mm.compareInvalid(shown, error.render(mm)));
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) throw usageError((mm) => mm.compareOutside(shown, clipped(words.join(' '))));
    throw usageError((mm) => mm.compareInvalid(shown, commanderMessage(error, command, mm)));
  }
  const given = givenFlags(command);
  const outside = [...given].filter((flag) => !CHAIN_FLAGS.has(flag)).map((flag) => `--${flag}`);
  const stray = [...outside, ...command.args.map(clipped)];
  if (stray.length > 0) throw usageError((mm) => mm.compareOutside(shown, stray[0]));
  const values = controlValues(command);
  return Object.fromEntries(CONTROLS.filter((c) => given.has(c.flag)).map((c) => [c.key, values[c.key]]));
}

/** The long names of the options the command line gave. */
const givenFlags = (command: Command): Set<string> =>
  new Set(
    command.options.flatMap((o) => (command.getOptionValueSource(o.attributeName()) === 'cli' ? [o.name()] : [])),
  );

/** Runs the command line and returns the exit code; never throws for anything a user can cause. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const flag = langFlag(argv);
  const m = await messagesFor(languageOf(flag, io.env));
  const typed = new Map<string, string[]>();
  let command = program(io, typed, m);
  // A reader that leaves early (| head) is no error: the sample sink stops on it. Any other
  // failure to write help or the version is kept, to be reported; stderr failing is no one's to hear.
  let failure: Error | undefined;
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') failure ??= error;
  });
  io.stderr.on('error', () => {});
  // What --help, --version and completion wrote, once it is out: a full disk is an error.
  const written = async (): Promise<number> => {
    await new Promise((resolve) => io.stdout.write('', resolve));
    return failure ? report(io, m.cannotWrite(m.reason(codeOf(failure))), 1) : 0;
  };
  try {
    if (argv[0] === '__complete' || argv[0] === '__complete-bash') {
      const { bashReplies, complete } = await import('./completion.js');
      const candidates =
        argv[0] === '__complete'
          ? complete(command, Number(argv[1]), argv.slice(2))
          : bashReplies(command, argv[1] ?? '', argv[2] ?? '');
      io.stdout.write(candidates.map((c) => `${c}\n`).join(''));
      return await written();
    }
    command.parse(canonicalArgs(argv, command), { from: 'user' });
    // --settings: the file's options as if typed before the command line, whose own win.
    const file = command.getOptionValue('settings');
    const settings = file === undefined ? undefined : settingsArgs(file, givenFlags(command), m);
    if (settings !== undefined) {
      typed.clear();
      command = program(io, typed, m);
      command.parse([...settings.args, ...canonicalArgs(argv, command)], { from: 'user' });
    }
    const shell = command.getOptionValue('completion');
    if (shell !== undefined) {
      io.stdout.write((await import('./completion.js')).completionScript(shell));
      return await written();
    }
    const words = command.args;
    // A capture brings its own positions, after its own prompt.
    const captured = command.getOptionValue('logits') !== undefined;
    if (captured && words.length > 0) throw usageError((mm) => mm.logitsPhrase());
    const fromStdin = !captured && ((words.length === 1 && words[0] === '-') || words.length === 0);
    // No phrase and no stdin to read: a short usage, whose examples start a first run.
    if (!captured && words.length === 0 && io.stdin.isTTY) {
      io.stderr.write(m.shortUsage());
      return 2;
    }
    const phrase = words.join(' ');
    const phrases = fromStdin ? (await import('./phrases.js')).stdinPhrases(io.stdin) : [{ text: phrase }];
    const input = fromStdin || captured ? undefined : splitPhrase(phrase).join(' ');
    const given = givenFlags(command);
    if (given.has('greedy')) typed.set('greedy', ['true']);
    const spec = command.getOptionValue('compare');
    const compare = spec === undefined ? undefined : { spec, options: compareOptions(spec, io, m) };
    const options = {
      ...FLAGS_OFF,
      ...command.opts<CliOptions>(),
      ...controlValues(command),
      given,
      typed,
      m,
      settings,
      compare,
    };
    return await run(phrases, input, options, io);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return await written();
      return report(io, commanderMessage(error, command, m), 2);
    }
    if (error instanceof SampleError) return report(io, error.render(m), exitCodeOf(error.kind));
    throw error;
  }
}

/**
 * commander's errors in the user's language: its codes say which message it is, and its English
 * says what to fill in.
 */
function commanderMessage(error: CommanderError, command: Command, m: Messages): string {
  const message = error.message.replace(/^error: /, '');
  const unknown = /^unknown option '(.*?)'(?:\n\(Did you mean (.*)\?\))?$/s.exec(message);
  if (error.code === 'commander.unknownOption' && unknown) {
    // The nearest of the options and llama.cpp's spellings (--tmp: --temp), else commander's guess.
    const flags = [...shownFlags(command), ...ALIAS_FLAGS];
    const nearest = unknown[1].startsWith('--') ? nearestToken(unknown[1], flags) : undefined;
    return m.unknownOption(clipped(unknown[1]), nearest ?? unknown[2]);
  }
  const missing = /^option '(.*)' argument missing$/.exec(message);
  if (error.code === 'commander.optionMissingArgument' && missing) return m.missingArgument(missing[1]);
  const invalid = /^option '(.*?)' argument '(.*)' is invalid\. (.*)$/s.exec(message);
  if (error.code === 'commander.invalidArgument' && invalid) {
    // commander's own choices (--format, --completion) come in its English.
    const choices = /^Allowed choices are (.*)\.$/.exec(invalid[3]);
    // What the user typed is quoted cut to one short line, as every message quotes user data.
    return m.invalidArgument(invalid[1], clipped(invalid[2]), choices ? m.choices(choices[1]) : invalid[3]);
  }
  return printable(message.replaceAll('\n', ' '));
}

/** commander's headings in --help, in the user's language. */
function localisedHelp(text: string, m: Messages): string {
  const { usage, options, arguments: args, optionsWord } = m.helpLabels;
  return text
    .replace(/^Usage: sample \[options\]/m, `${usage} sample ${optionsWord}`)
    .replace(/^Options:$/m, options)
    .replace(/^Arguments:$/m, args);
}

/** Below this width, a column of descriptions beside the options' terms is too narrow to read. */
const NARROW = 40;

/**
 * Text wrapped to a width at its spaces, as commander wraps the options: an indented line goes on
 * two columns further in, so that a wrapped example or list still reads as one.
 */
export function wrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const indent = /^ */.exec(line)?.[0] ?? '';
      const further = indent === '' ? '' : `${indent}  `;
      const lines: string[] = [];
      let current = '';
      for (const word of line.slice(indent.length).split(' ')) {
        const start = lines.length === 0 ? indent : further;
        if (current !== '' && start.length + current.length + 1 + word.length > width) {
          lines.push(start + current);
          current = word;
        } else current = current === '' ? word : `${current} ${word}`;
      }
      lines.push((lines.length === 0 ? indent : further) + current);
      return lines.join('\n');
    })
    .join('\n');
}

/** An option's flags with its argument's name in the language: `--seed <semilla>`. */
const spelled = (flags: string, m: Messages): string =>
  flags.replace(/<([^>]+)>/g, (whole, name: string) => {
    const word = m.helpLabels.placeholders[name];
    return word === undefined ? whole : `<${word}>`;
  });

/** commander's "(choices: …, default: …)" after a description, in the language. */
const localisedExtra = (description: string, m: Messages): string =>
  description
    .replace(
      /\((choices|default): /,
      (_, word: string) => `(${word === 'choices' ? m.helpLabels.choices : m.helpLabels.default}: `,
    )
    .replace(/, default: /, `, ${m.helpLabels.default}: `);

/**
 * The process's streams, each made only when first used: node builds process.stdin at some cost.
 * SIGINT and SIGTERM ask the run to stop after the lines it is writing. A second one ends it at
 * once, but only after what stdout has already taken (a pipe takes a chunk in pieces): the lines
 * stay whole, and the run's closing (a json document's end) follows them. A third one, for a
 * reader that never reads, ends it there.
 */
function processIo(): Io {
  let caught: NodeJS.Signals | undefined;
  let signals = 0;
  let closing = (): string => '';
  let stdinMade = false;
  for (const [signal, code] of Object.entries(SIGNAL_CODES) as [NodeJS.Signals, number][]) {
    process.on(signal, () => {
      signals++;
      if (signals === 1) {
        caught = signal;
        // A run waiting for lines of stdin stops waiting, and may end before main returns its code.
        process.exitCode = code;
        if (stdinMade) process.stdin.destroy();
      } else if (signals === 2) {
        process.stdout.write(closing(), () => process.exit(code));
      } else {
        process.exit(code);
      }
    });
  }
  return {
    interrupted: () => caught,
    halted: () => signals > 1,
    closeWith: (tail) => {
      closing = tail;
    },
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
