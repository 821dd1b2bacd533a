import type { Localized } from '../i18n/lang.js';
import type { Model } from '../model.js';
import type { SamplingOptions } from '../options.js';
import type { Candidates } from './candidates.js';

/**
 * One stage of the chain, as llama.cpp's sampler objects and transformers' logits processors
 * are: a name, the options it owns, where it acts, and an apply that works on the candidates in
 * place. The sampler owns the candidates; a stage never allocates them. A stage may keep state
 * for one continuation (`init`, `accept`), as llama.cpp's penalties keep their ring buffer.
 */
export interface Stage<Prepared = unknown, State = unknown> {
  /** llama.cpp's name where it has one: what --samplers lists. */
  readonly name: string;
  /** Where a reader looks for it: the page groups the stages' settings by this. */
  readonly group: Group;
  /**
   * `logits`: a processor, before norm; it changes logits, indexed by token (every token is still
   * a candidate then, slot i being token i), and removes none: -Infinity bans a token at norm.
   * `probs`: a filter or transform, after norm; it removes candidates or reshapes their distribution.
   */
  readonly acts: 'logits' | 'probs';
  /** The options it owns, each with its validation. */
  readonly settings: readonly Setting[];
  /** Whether the options turn it on; an inactive stage is left out of the chain. */
  active(options: SamplingOptions): boolean;
  /**
   * What the distribution depends on besides the context window: the history (penalties), state
   * across the tokens of one continuation (mirostat), or a draw of its own (XTC). A chain with
   * none of these gives the same distribution for the same window, so the sampler can reuse it.
   */
  readonly depends?: 'history' | 'state' | 'coin';
  /** For a stage with a coin: how likely its coin makes it act (it acts when u ≤ this). */
  chance?(options: SamplingOptions): number;
  /** True when, with these options, the stage always leaves only the most probable token: no u is drawn. */
  greedy?(options: SamplingOptions): boolean;
  /** True when it never removes the most probable token, so that --greedy makes it idle. */
  readonly keepsTop?: boolean;
  /** Short, for warnings: "top-k 2". */
  label(options: SamplingOptions): Localized;
  /** Longer, for --explain and the page: what it does with these options. */
  title(options: SamplingOptions): Localized;
  /** Checks what the options alone cannot: tokens that must exist in the model. */
  prepare?(options: SamplingOptions, model: Model): Prepared;
  /** The state as a continuation starts, from the tokens before it (the phrase, as positions). */
  init?(options: SamplingOptions, history: ArrayLike<number>, prepared: Prepared): State;
  /**
   * Once a token is chosen, the state moves with it and its probability in the final distribution;
   * `incoming` is its probability as this stage received it, recorded only for a stage that `recalls`.
   */
  accept?(state: State, token: number, probability: number, options: SamplingOptions, incoming: number): State;
  /** True when accept reads the chosen token's probability as the stage received it (adaptive-p's average). */
  readonly recalls?: boolean;
  apply(candidates: Candidates, context: StageContext<Prepared, State>): Report | undefined;
}

export interface StageContext<Prepared = unknown, State = unknown> {
  readonly options: SamplingOptions;
  /** What prepare returned. */
  readonly prepared: Prepared;
  /** The stage's state in this continuation (see init). */
  readonly state: State;
  /** Whether a view will read the report: reasons and quantities only it reads are built then. */
  readonly trace: boolean;
  /** A u from the stream, for a stage that draws one of its own (XTC). */
  coin(): number;
}

/** What a stage computed, for the views: named quantities, and why each changed logit changed. */
export interface Report {
  readonly quantities?: readonly (readonly [Localized, number])[];
  readonly reasons?: ReadonlyMap<number, Localized>;
  /** A remark for the views (XTC: whether it fired). */
  readonly note?: Localized;
}

/** The page's groups of stages, as a reader groups them. */
export type Group = 'penalties' | 'temperature' | 'truncation' | 'extras';

/** An option of a stage, as the library and the command line take it. */
export interface Setting {
  readonly key: keyof SamplingOptions;
  /** The long option name, without dashes: also the receipt's key and the page's URL key. */
  readonly flag: string;
  /** What a reader calls it: the page's label ("temperatura"), the flag beside it in small type. */
  readonly label: Localized;
  /** A number's slider on the page: its ends and step. The box beside it takes any valid value. */
  readonly range?: Range;
  readonly short?: string;
  /** llama.cpp's own spellings of the option (common/arg.cpp), as typed: `--temp`, `-l`. */
  readonly aliases?: readonly string[];
  /** The option argument's name in --help. */
  readonly argument: string;
  readonly description: Localized;
  /** What a valid value is, for errors: "a whole number ≥ 0". */
  readonly expects: Localized;
  /** The value a command-line string stands for, or undefined if it is not valid. */
  parse(text: string): unknown;
  /** Whether a value (from the library or parse) is valid. */
  check(value: unknown): boolean;
  /** The value when the option is not given: the stage is off, or acts as both runtimes do by default. */
  readonly default: unknown;
  /** The value as the json receipt records it, when JSON cannot hold it as it is (a -inf bias). */
  receipt?(value: unknown): unknown;
  /** Repeatable options collect a list. */
  readonly repeatable?: boolean;
}

export interface Range {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** A text the same in every language (a symbol: μ, σ, u). */
export const same = (text: string): Localized => ({ en: text, es: text });

/** The quantities the stages report, by name. */
export const QUANTITY = {
  entropy: { en: 'entropy', es: 'entropía' },
  cutoff: { en: 'cutoff', es: 'umbral' },
  temperature: { en: 'temperature', es: 'temperatura' },
  max: { en: 'max', es: 'máx' },
} as const satisfies Record<string, Localized>;
