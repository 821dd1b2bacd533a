import { shown, usageError } from '../errors.js';
import type { SamplingOptions } from '../options.js';
import { adaptiveP } from './adaptive-p.js';
import { dry } from './dry.js';
import { epsilon } from './epsilon.js';
import { eta } from './eta.js';
import { logitBias } from './logit-bias.js';
import { minP } from './min-p.js';
import { mirostat } from './mirostat.js';
import { noRepeatNgram } from './no-repeat-ngram.js';
import { penalties } from './penalties.js';
import { smoothing } from './smoothing.js';
import type { Setting, Stage } from './stage.js';
import { temperature } from './temperature.js';
import { tfs } from './tfs.js';
import { topA } from './top-a.js';
import { topH } from './top-h.js';
import { topK } from './top-k.js';
import { topNSigma } from './top-n-sigma.js';
import { topP } from './top-p.js';
import { typical } from './typical.js';
import { xtc } from './xtc.js';

/** Frozen through and through: the registry serves every run, and no caller may change it. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) frozen(inner);
  }
  return value;
}

/** Every stage, in the order --help lists their options. Adding a stage: its module, and one line here. */
export const STAGES: readonly Stage[] = frozen([
  logitBias,
  penalties,
  noRepeatNgram,
  dry,
  temperature,
  smoothing,
  topNSigma,
  topK,
  topA,
  tfs,
  topP,
  topH,
  minP,
  typical,
  epsilon,
  eta,
  xtc,
  adaptiveP,
  mirostat,
]);

export type StageName = string;

/**
 * The two runtimes' orders. transformers applies its processors, then temperature, top-k, top-p,
 * min-p, typical, epsilon and eta; llama.cpp's default chain ends with XTC and temperature. The
 * stages one runtime lacks stand where they act alike in both: processors first, mirostat last.
 */
export const PRESETS: Readonly<Record<string, readonly StageName[]>> = frozen({
  hf: [
    'logit_bias',
    'penalties',
    'no_repeat_ngram',
    'dry',
    'temperature',
    'smoothing',
    'top_n_sigma',
    'top_k',
    'top_a',
    'tfs',
    'top_p',
    'top_h',
    'min_p',
    'typ_p',
    'epsilon',
    'eta',
    'xtc',
    'adaptive_p',
    'mirostat',
  ],
  'llama.cpp': [
    'logit_bias',
    'penalties',
    'no_repeat_ngram',
    'dry',
    'top_n_sigma',
    'top_k',
    'top_a',
    'tfs',
    'typ_p',
    'top_p',
    'top_h',
    'min_p',
    'epsilon',
    'eta',
    'xtc',
    'temperature',
    'smoothing',
    'adaptive_p',
    'mirostat',
  ],
});

/** The preset a list of stages is, if it is one: "hf", "llama.cpp", or undefined. */
export const presetOf = (names: readonly StageName[]): string | undefined =>
  Object.keys(PRESETS).find((preset) => PRESETS[preset].join(';') === names.join(';'));

/** The other spellings llama.cpp accepts for its samplers. */
const ALIASES: Readonly<Record<string, StageName>> = {
  temp: 'temperature',
  typical: 'typ_p',
  typical_p: 'typ_p',
  nucleus: 'top_p',
  tfs_z: 'tfs',
  tail_free: 'tfs',
};

/** llama.cpp's letters for its samplers (--sampler-seq), those of common/sampling.cpp that sample has. */
const LETTERS: Readonly<Record<string, StageName>> = {
  e: 'penalties',
  d: 'dry',
  s: 'top_n_sigma',
  k: 'top_k',
  y: 'typ_p',
  p: 'top_p',
  m: 'min_p',
  x: 'xtc',
  t: 'temperature',
  a: 'adaptive_p',
};

/**
 * A chain as llama.cpp builds it from its list of samplers, as --samplers takes it: the logit bias
 * first, then the list, then the stage that picks the token: adaptive-p wherever the list names it,
 * then mirostat when it is on. `letters`: the list is --sampler-seq's letters ("kpt").
 */
export function llamaChain(list: readonly string[], letters = false): string {
  const names = list.map((item) => {
    if (!letters) return item.trim().toLowerCase().replaceAll('-', '_');
    const name = LETTERS[item];
    if (name === undefined) throw usageError((m) => m.unknownLetter(shown(item), Object.keys(LETTERS).join('')));
    return name;
  });
  const picks = names.filter((name) => name === 'adaptive_p');
  const rest = names.filter((name) => !['logit_bias', 'adaptive_p', 'mirostat'].includes(name));
  return ['logit_bias', ...rest, ...picks, 'mirostat'].join(';');
}

/** --sampler-seq's letters as --samplers' names ("kpt": "logit_bias;top_k;top_p;temperature;mirostat"). */
export const samplersOfLetters = (letters: string): string => llamaChain([...letters.trim()], true);

const byName = new Map(STAGES.map((stage) => [stage.name, stage]));

export const stageNamed = (name: StageName): Stage | undefined => byName.get(name);

/** Every option a stage owns, in --help's order. */
export const SETTINGS: readonly Setting[] = frozen(STAGES.flatMap((stage) => stage.settings));

/**
 * --samplers: a preset's name, or stage names separated by ";" or ",", in llama.cpp's syntax
 * ("top_k;top_p;temperature"); "-" may stand for "_".
 */
export function parseSamplers(text: string): StageName[] {
  const preset = PRESETS[text.trim()];
  if (preset !== undefined) return [...preset];
  const [presets, all] = [Object.keys(PRESETS).join(', '), STAGES.map((s) => s.name).join(', ')];
  const names: StageName[] = [];
  for (const word of text.split(/[;,]/)) {
    const spelled = word.trim().toLowerCase().replaceAll('-', '_');
    if (spelled === '') continue;
    const name = ALIASES[spelled] ?? spelled;
    if (!byName.has(name)) throw usageError((m) => m.unknownStage(shown(word.trim()), presets, all));
    if (names.includes(name)) throw usageError((m) => m.stageTwice(name));
    names.push(name);
  }
  if (names.length === 0 && text.trim() !== '') throw usageError((m) => m.noStage(presets, all));
  return names;
}

/** The stages the options turn on, in the order they list. */
export function activeStages(options: SamplingOptions): Stage[] {
  return options.samplers.flatMap((name) => {
    const stage = byName.get(name);
    return stage?.active(options) ? [stage] : [];
  });
}

/** The stages whose options are set but which the order leaves out: each gets a warning. */
export function leftOut(options: SamplingOptions): Stage[] {
  return STAGES.filter((stage) => stage.active(options) && !options.samplers.includes(stage.name));
}
