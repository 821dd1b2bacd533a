import { CONTROLS, type Control, InvalidValue, invalidMessage } from '../controls.js';
import { SampleError } from '../errors.js';
import type { Messages } from '../i18n/en.js';
import type { SamplingOptions } from '../options.js';

/**
 * The page's settings, as text keyed by the CLI's long option names: what the URL fragment holds
 * (#seed=42&count=10&top-p=0.9) and the controls show. A repeatable option holds its values
 * separated by spaces (a token holds none).
 */
export type Typed = ReadonlyMap<string, string>;

/** What the page shows and draws, read from the typed settings; `errors` in the CLI's words. */
export interface Reading {
  readonly phrase: string;
  readonly seed: string;
  readonly count: number;
  readonly tokens: number;
  readonly options: Partial<SamplingOptions>;
  /** Each refused value: its flag, and why, in the CLI's words. */
  readonly errors: readonly { readonly flag: string; readonly message: string }[];
}

/** The page's own settings, beside the CLI's options: a second chain to compare, and the projector's view. */
export const PAGE_KEYS = ['compare', 'present'] as const;

/** Whether a flag's typed value turns it on: given, and neither false nor 0. */
export const isOn = (text: string | undefined): boolean => text !== undefined && text !== 'false' && text !== '0';

/** A repeatable option's values, which the typed text holds separated by spaces. */
const items = (text: string): string[] => text.split(/\s+/).filter((item) => item !== '');

/** Every typed setting read as the CLI reads it; a bad one keeps its default and says why. */
export function read(typed: Typed, m: Messages): Reading {
  const values: Record<string, unknown> = {};
  const errors: { flag: string; message: string }[] = [];
  for (const control of CONTROLS) {
    const text = typed.get(control.flag);
    if (text === undefined) continue;
    try {
      if (control.argument === undefined) values[control.key] = isOn(text);
      else if (control.repeatable) values[control.key] = items(text).map(control.read);
      else values[control.key] = control.read(text);
    } catch (error) {
      if (error instanceof InvalidValue)
        errors.push({ flag: control.flag, message: invalidMessage(control, text, error, m) });
      else if (error instanceof SampleError) errors.push({ flag: control.flag, message: error.render(m) });
      else throw error;
    }
  }
  const { count = 1, tokens = 1, seed = '', ...options } = values as Record<string, never>;
  return { phrase: typed.get('phrase') ?? '', seed, count, tokens, options, errors };
}

/** The settings from a URL fragment: defaults, then what it names. */
export function fromFragment(fragment: string): Map<string, string> {
  const typed = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(fragment.replace(/^#/, ''))) {
    const previous = typed.get(key);
    typed.set(key, previous === undefined ? value : `${previous} ${value}`);
  }
  return typed;
}

/**
 * The settings given, in the controls' order, each with its values: none for a flag that is on
 * (off, it is left out), each item of a repeatable option, or the one value of any other.
 */
function given(typed: Typed): { readonly control: Control; readonly values: readonly string[] }[] {
  return CONTROLS.flatMap((control) => {
    const text = typed.get(control.flag);
    if (text === undefined) return [];
    if (control.argument === undefined) return isOn(text) ? [{ control, values: [] }] : [];
    const values = control.repeatable ? items(text) : text === '' ? [] : [text];
    return values.length === 0 ? [] : [{ control, values }];
  });
}

/** The fragment for settings: only what differs from the defaults, in the controls' order. */
export function toFragment(typed: Typed): string {
  const params = new URLSearchParams();
  const phrase = typed.get('phrase');
  if (phrase !== undefined) params.append('phrase', phrase);
  for (const { control, values } of given(typed)) {
    if (values.length === 0) params.append(control.flag, 'true');
    for (const value of values) params.append(control.flag, value);
  }
  for (const key of PAGE_KEYS) {
    const value = typed.get(key);
    if (value !== undefined) params.append(key, value);
  }
  return params.toString().replaceAll('%3B', ';');
}

/** The command line that draws what the page draws, ready to copy. */
export function commandLine(
  typed: Typed,
  files: { readonly vocab?: string; readonly weights?: string; readonly logits?: string; readonly at?: number },
): string {
  // A capture brings its own phrase: the file and the position say it all.
  const phrase = files.logits === undefined ? (typed.get('phrase') ?? '') : undefined;
  // A phrase that starts with - would be read as an option: it goes last, after --.
  const last = phrase?.startsWith('-') === true;
  const words = phrase === undefined ? ['sample', '--logits', shellQuote(files.logits ?? '')] : ['sample'];
  if (files.at !== undefined) words.push('--at', String(files.at));
  if (phrase !== undefined && !last) words.push(shellQuote(phrase));
  for (const { control, values } of given(typed)) {
    if (values.length === 0) words.push(`--${control.flag}`);
    for (const value of values) words.push(`--${control.flag}`, shellQuote(value));
  }
  // --compare shows its second chain in --explain's view, as the page does beside the first.
  const compare = typed.get('compare');
  if (compare !== undefined) words.push('--compare', shellQuote(compare), '--explain');
  if (files.vocab) words.push('--vocab', shellQuote(files.vocab));
  if (files.weights) words.push('--weights', shellQuote(files.weights));
  if (phrase !== undefined && last) words.push('--', shellQuote(phrase));
  return words.join(' ');
}

/** A word as a POSIX shell takes it: bare when safe, else in single quotes. */
const shellQuote = (word: string): string =>
  /^[\p{L}\p{N}_./:=,+-]+$/u.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
