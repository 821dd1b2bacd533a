import type { Localized } from '../i18n/lang.js';
import type { SamplingOptions } from '../options.js';
import type { Range, Setting } from './stage.js';

/** Numbers as typed on a command line: a sign, digits, an optional fraction and exponent. */
export const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

interface NumberSpec {
  readonly key: keyof SamplingOptions;
  readonly flag: string;
  readonly label: Localized;
  /** The slider's ends where the value has no bound of its own (temperature: 0 to 3). */
  readonly slider?: readonly [number, number];
  readonly short?: string;
  readonly aliases?: readonly string[];
  readonly argument: string;
  readonly description: Localized;
  readonly default: number;
  readonly min: number;
  readonly max?: number;
  readonly openMin?: boolean;
  readonly integer?: boolean;
  /** A value outside the range that is valid too, with its meaning: -1 for "the whole history". */
  readonly special?: number;
}

/** A numeric option: its range is both the CLI's validation and the library's. */
export function numberSetting(spec: NumberSpec): Setting {
  const { min, max = Infinity, openMin = false, integer = false, special } = spec;
  const range = (kind: string, value: string): string =>
    min === -Infinity
      ? kind
      : max === Infinity
        ? `${kind} ${openMin ? '>' : '≥'} ${min}`
        : `${kind} ${value} ${min} ${openMin ? '<' : '≤'} value ≤ ${max}`;
  const en = range(integer ? 'a whole number' : 'a number', 'with');
  const es = range(integer ? 'un número entero' : 'un número', 'con').replace('value', 'valor');
  const check = (value: unknown): boolean =>
    typeof value === 'number' &&
    (value === special ||
      (Number.isFinite(value) &&
        (!integer || Number.isSafeInteger(value)) &&
        (openMin ? value > min : value >= min) &&
        value <= max));
  return {
    key: spec.key,
    flag: spec.flag,
    label: spec.label,
    range: slider(spec),
    short: spec.short,
    aliases: spec.aliases,
    argument: spec.argument,
    description: spec.description,
    default: spec.default,
    expects: special === undefined ? { en, es } : { en: `${en}, or ${special}`, es: `${es}, o ${special}` },
    parse: (text) => (NUMBER.test(text) ? Number(text) : undefined),
    check,
  };
}

/** The slider of a number: its own bounds, or the ends its spec gives where it has none. */
function slider(spec: NumberSpec): Range | undefined {
  const [min, max] = spec.slider ?? [spec.min, spec.max ?? Infinity];
  if (!Number.isFinite(min) || !Number.isFinite(max)) return undefined;
  return { min, max, step: spec.integer ? 1 : max - min > 10 ? 0.1 : 0.01 };
}
