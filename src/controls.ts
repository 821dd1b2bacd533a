import { clipped, type Text } from './errors.js';
import type { Messages } from './i18n/en.js';
import type { Localized } from './i18n/lang.js';
import { defaultSampling } from './options.js';
import { PRESETS, parseSamplers, STAGES, samplersOfLetters } from './samplers/index.js';
import type { Group, Range, Setting } from './samplers/stage.js';
import { MAX_LENGTH } from './validate.js';

/**
 * The options that shape a run's samples, as the command line and the page both take them: one
 * definition, so that a value the CLI refuses the page refuses in the same words, and a new
 * stage's options appear in --help and on the page alike.
 */
export interface Control {
  /** The property of the options it sets. */
  readonly key: string;
  /** The long option name, without dashes: also the receipt's and the page's URL key. */
  readonly flag: string;
  /** What a reader calls it, for the page's label. */
  readonly label: Localized;
  /** A number's slider on the page, where it has one. */
  readonly range?: Range;
  /** Where --help and the page put it: the run, the chain's order, or its stage's group. */
  readonly group: ControlGroup;
  readonly short?: string;
  /** Other spellings, as llama.cpp's common/arg.cpp has them: each reads as the flag itself. */
  readonly aliases?: readonly Alias[];
  /** The argument's name in --help; none for a flag (--greedy). */
  readonly argument?: string;
  readonly description: Localized;
  readonly default: unknown;
  /** The values it takes, for help, completion and the page's menus. */
  readonly choices?: readonly string[];
  readonly repeatable?: boolean;
  /** The value a typed string stands for; throws InvalidValue, with the reason the CLI gives. */
  read(text: string): unknown;
}

/** The groups of --help and the page's controls: the draws, norm and the chain's order, then the stages'. */
export type ControlGroup = 'run' | 'chain' | Group;

/** Another spelling of an option, and what its value stands for in the option's own terms. */
export interface Alias {
  /** As typed: `--temp`, `-l`. */
  readonly flag: string;
  /** The option's value for the alias's (llama.cpp's sampler letters as stage names); the same if absent. */
  readonly value?: (text: string) => string;
}

/** A value the option does not take; the reason, as commander words it, in any language. */
export class InvalidValue extends Error {
  constructor(readonly reason: Text) {
    super('invalid value');
  }
}

/** The option as --help writes it: "-p, --top-p <p>". */
export const flagsOf = (control: Control): string =>
  `${control.short ? `-${control.short}, ` : ''}--${control.flag}${control.argument ? ` ${control.argument}` : ''}`;

/** commander's words for a value an option refuses, which the page repeats. */
export const invalidMessage = (control: Control, text: string, error: InvalidValue, m: Messages): string =>
  m.invalidArgument(flagsOf(control), clipped(text), error.reason(m));

function whole(min: number, max = Number.MAX_SAFE_INTEGER): (text: string) => number {
  const range = (m: Messages): string => (max === Number.MAX_SAFE_INTEGER ? m.atLeast(min) : m.fromTo(min, max));
  return (text) => {
    const number = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(number) || number < min || number > max) {
      throw new InvalidValue((m) => m.mustBe(m.wholeNumber(range(m))));
    }
    return number;
  };
}

function oneOf(choices: readonly string[]): (text: string) => string {
  return (text) => {
    if (!choices.includes(text)) throw new InvalidValue((m) => m.choices(choices.join(', ')));
    return text;
  };
}

/** A stage's setting as a control: its own parse and check. */
function stageControl(setting: Setting, group: Group): Control {
  return {
    group,
    key: setting.key,
    flag: setting.flag,
    label: setting.label,
    range: setting.range,
    short: setting.short,
    aliases: setting.aliases?.map((flag) => ({ flag })),
    argument: setting.argument,
    description: setting.description,
    default: setting.default,
    repeatable: setting.repeatable,
    read(text) {
      const value = setting.parse(text);
      if (value === undefined || !setting.check(setting.repeatable ? [value] : value)) {
        throw new InvalidValue((m) => m.mustBe(setting.expects[m.lang]));
      }
      return value;
    },
  };
}

/** How many samples, how long, from which seed. */
const RUN_CONTROLS: readonly Control[] = [
  {
    key: 'count',
    flag: 'count',
    group: 'run',
    label: { en: 'continuations', es: 'continuaciones' },
    short: 'n',
    argument: '<n>',
    description: { en: 'how many continuations to draw', es: 'cuántas continuaciones muestrear' },
    default: 1,
    read: whole(0),
  },
  {
    key: 'tokens',
    flag: 'tokens',
    group: 'run',
    label: { en: 'new tokens in each', es: 'tokens nuevos en cada una' },
    short: 't',
    argument: '<k>',
    description: {
      en: 'new tokens per continuation, each joining the context',
      es: 'tokens nuevos por continuación, cada uno se suma al contexto',
    },
    default: 1,
    read: whole(1, MAX_LENGTH),
  },
  {
    key: 'seed',
    flag: 'seed',
    group: 'run',
    label: { en: 'seed', es: 'semilla' },
    short: 's',
    argument: '<seed>',
    description: {
      en: 'seed the random draws, to repeat a run exactly (default: a fresh seed)',
      es: 'semilla de los sorteos, para repetir una ejecución exacta (por omisión: una nueva)',
    },
    default: undefined,
    read: (text) => text,
  },
];

/** The distribution's: norm, the chain's order, and every stage's options; what --compare may set. */
export const CHAIN_CONTROLS: readonly Control[] = [
  {
    key: 'norm',
    flag: 'norm',
    group: 'chain',
    label: { en: 'normalisation', es: 'normalización' },
    argument: '<kind>',
    description: {
      en: 'sum: the post, logits ÷ their sum; softmax: as real models do',
      es: 'sum: el post, los logits ÷ su suma; softmax: como los modelos reales',
    },
    default: 'sum',
    choices: ['sum', 'softmax'],
    read: oneOf(['sum', 'softmax']),
  },
  {
    key: 'samplers',
    flag: 'samplers',
    group: 'chain',
    label: { en: 'the chain’s order', es: 'el orden de la cadena' },
    argument: '<list>',
    description: {
      en: `the chain's order: hf, llama.cpp, or names separated by ; or , (${STAGES.map((s) => s.name).join(', ')})`,
      es: `el orden de la cadena: hf, llama.cpp, o nombres separados por ; o , (${STAGES.map((s) => s.name).join(', ')})`,
    },
    default: PRESETS.hf,
    choices: [...Object.keys(PRESETS), ...STAGES.map((s) => s.name)],
    aliases: ['--sampler-seq', '--sampling-seq'].map((flag) => ({ flag, value: samplersOfLetters })),
    read: parseSamplers,
  },
  {
    key: 'minKeep',
    flag: 'min-keep',
    group: 'chain',
    label: { en: 'every filter keeps at least', es: 'cada filtro conserva al menos' },
    argument: '<n>',
    description: { en: 'every filter keeps at least n tokens', es: 'cada filtro conserva al menos n tokens' },
    default: defaultSampling.minKeep,
    read: whole(0),
  },
  {
    key: 'greedy',
    flag: 'greedy',
    group: 'chain',
    label: { en: 'always the most probable', es: 'siempre el más probable' },
    description: {
      en: 'always take the most probable token, with no draw',
      es: 'toma siempre el token más probable, sin sorteo',
    },
    default: false,
    read: () => true,
  },
  ...STAGES.flatMap((stage) => stage.settings.map((setting) => stageControl(setting, stage.group))),
];

/** Every control, in --help's order and the page's. */
export const CONTROLS: readonly Control[] = [...RUN_CONTROLS, ...CHAIN_CONTROLS];
