import { CONTROLS, type Control, InvalidValue } from './controls.js';
import { dataError, printable, SampleError, shown } from './errors.js';
import type { Messages } from './i18n/en.js';
import type { Localized } from './i18n/lang.js';
import { defaultSampling, type SamplingOptions } from './options.js';
import { llamaChain } from './samplers/index.js';

/** The settings files sample reads, by the tool that writes them. */
export type SettingsFormat = 'transformers' | 'llama.cpp' | 'openai';

/** One option the file sets, as it would be typed: the file's key, the long flag, and its text. */
export interface TypedSetting {
  readonly key: string;
  readonly flag: string;
  /** The option's argument; empty for a flag without one (--greedy). */
  readonly text: string;
}

/** A key of the file that sample does not apply, and why; no why: sample does not know it. */
export interface UnusedSetting {
  readonly key: string;
  readonly why?: Localized;
}

export interface Settings {
  readonly format: SettingsFormat;
  /** In the file's order; a key may set several options (repetition_penalty: the penalty and its window). */
  readonly typed: readonly TypedSetting[];
  readonly unused: readonly UnusedSetting[];
}

type Pairs = readonly (readonly [flag: string, text: string])[];
/** What a key turns into: options as typed, the reason it is not applied, or some of each. */
type Reading = Pairs | Localized | { readonly typed: Pairs; readonly why: Localized };
type Reader = (value: unknown, key: string, file: Record<string, unknown>) => Reading;

/** A JSON value a key needs: its type is checked here, its range by the option's own reading. */
function expect<T>(value: unknown, key: string, source: string, kind: 'number' | 'boolean' | 'list' | 'text'): T {
  const valid =
    kind === 'number'
      ? typeof value === 'number' && Number.isFinite(value)
      : kind === 'list'
        ? Array.isArray(value)
        : typeof value === (kind === 'text' ? 'string' : 'boolean');
  if (!valid) throw dataError((m) => m.settingsType(source, key, m.settingsKind[kind], shown(value)));
  return value as T;
}

/** The readers need the file's name for their errors: each is made for one file. */
function readers(source: string) {
  const number = (value: unknown, key: string): number => expect<number>(value, key, source, 'number');
  /** A number as the option's text; `off` maps llama.cpp's "disabled" values to sample's. */
  const option =
    (flag: string, off?: (x: number) => boolean, offText = '0'): Reader =>
    (value, key) => {
      const x = number(value, key);
      return [[flag, off?.(x) ? offText : String(x)]];
    };
  /** transformers' and OpenAI's penalties look at the whole sequence: the window is all of it. */
  const whole =
    (flag: string): Reader =>
    (value, key) => [...(option(flag)(value, key, {}) as [string, string][]), ['repeat-last-n', '-1']];
  /** A token id from a file: a whole number ≥ 0. */
  const id = (value: unknown, key: string): number => {
    const x = number(value, key);
    if (!Number.isSafeInteger(x) || x < 0)
      throw dataError((m) => m.settingsType(source, key, m.settingsKind.id, shown(value)));
    return x;
  };
  /** One bias as --logit-bias takes it, the token by its id (llama.cpp's ID+BIAS) or by its text. */
  const bias = (token: unknown, amount: unknown, key: string): [string, string] => {
    const size = amount === false ? '-inf' : String(number(amount, key));
    if (typeof token === 'string' && !/^\d+$/.test(token)) return ['logit-bias', `${token}=${size}`];
    const at = id(typeof token === 'string' ? Number(token) : token, key);
    return ['logit-bias', size.startsWith('-') ? `${at}${size}` : `${at}+${size}`];
  };
  /** OpenAI's {"15043": -1}, which llama.cpp takes too, with its [[15043, -1]] and [["word", false]]. */
  const logitBias: Reader = (value, key) => {
    if (Array.isArray(value)) {
      return value.map((pair, i) => {
        const at = `${key}[${i}]`;
        const [token, amount] = expect<unknown[]>(pair, at, source, 'list');
        return bias(token, amount, at);
      });
    }
    if (typeof value !== 'object' || value === null) {
      throw dataError((m) => m.settingsType(source, key, m.settingsKind.biases, shown(value)));
    }
    return Object.entries(value).map(([token, amount]) => bias(token, amount, `${key}.${token}`));
  };
  /** transformers' lists of token sequences: a one-token sequence is a bias on that token; longer ones are left out. */
  const sequences =
    (size: (entry: unknown, at: string) => string): Reader =>
    (value, key) => {
      const list = expect<unknown[]>(value, key, source, 'list');
      const typed: [string, string][] = [];
      let longer = 0;
      for (const [i, entry] of list.entries()) {
        const at = `${key}[${i}]`;
        const ids = expect<unknown[]>(
          Array.isArray(entry) && Array.isArray(entry[0]) ? entry[0] : entry,
          at,
          source,
          'list',
        );
        if (ids.length === 1) typed.push(['logit-bias', `${id(ids[0], at)}${size(entry, at)}`]);
        else longer++;
      }
      if (longer === 0) return typed;
      const why = {
        en: `${longer} of its ${list.length} entries bias a sequence; sample biases single tokens`,
        es: `${longer} de sus ${list.length} entradas sesgan una secuencia; sample sesga tokens sueltos`,
      };
      return { typed, why };
    };
  const signed = (x: number): string => (x < 0 ? `${x}` : `+${x}`);
  return { number, option, whole, id, logitBias, sequences, signed };
}

/** A grammar or schema, which sample cannot honour; an empty one (what /props shows) says nothing. */
const noGrammar: Reader = (value) =>
  value === '' || value === null || (typeof value === 'object' && Object.keys(value).length === 0)
    ? []
    : { en: 'sample has no grammars', es: 'sample no tiene gramáticas' };

const NOT_THE_PHRASE: Localized = {
  en: 'the phrase is what you type on the command line',
  es: 'la frase es la que escribes en la línea de órdenes',
};

/** Keys each tool writes that say nothing about sampling: token ids, caching, output, transport. */
const SILENT: Readonly<Record<SettingsFormat, readonly string[]>> = {
  transformers: [
    'transformers_version',
    '_from_model_config',
    'bos_token_id',
    'eos_token_id',
    'pad_token_id',
    'decoder_start_token_id',
    'use_cache',
    'cache_implementation',
    'output_scores',
    'output_logits',
    'output_attentions',
    'output_hidden_states',
    'return_dict_in_generate',
    'max_length',
    'min_length',
    'num_beams',
    'early_stopping',
    'length_penalty',
  ],
  'llama.cpp': [
    'stream',
    'cache_prompt',
    'n_keep',
    'n_discard',
    'stop',
    'ignore_eos',
    'id_slot',
    'n_probs',
    'post_sampling_probs',
    'timings_per_token',
    'return_tokens',
    'n_indent',
    't_max_predict_ms',
    'lora',
    'n_cmpl',
    'response_fields',
    'chat_format',
    'reasoning_format',
    'reasoning_in_content',
    'thinking_forced_open',
    'generation_prompt',
    'backend_sampling',
    'model',
    'logprobs',
    'top_logprobs',
    'user',
    'n_ctx',
    'id',
    'id_task',
    'is_processing',
    'speculative',
    'speculative.n_max',
    'speculative.n_min',
    'speculative.p_min',
  ],
  openai: [
    'model',
    'stream',
    'stream_options',
    'user',
    'logprobs',
    'top_logprobs',
    'stop',
    'store',
    'metadata',
    'service_tier',
    'modalities',
    'response_format',
    'tools',
    'tool_choice',
    'parallel_tool_calls',
  ],
};

/** Each tool's keys: how each one reads. */
function keysOf(format: SettingsFormat, source: string): Readonly<Record<string, Reader>> {
  const r = readers(source);
  const openai: Record<string, Reader> = {
    temperature: r.option('temperature'),
    top_p: r.option('top-p'),
    presence_penalty: r.whole('presence-penalty'),
    frequency_penalty: r.whole('frequency-penalty'),
    logit_bias: r.logitBias,
    seed: r.option('seed'),
    n: r.option('count'),
    max_tokens: r.option('tokens'),
    max_completion_tokens: r.option('tokens'),
    messages: () => NOT_THE_PHRASE,
    prompt: () => NOT_THE_PHRASE,
    best_of: () => ({
      en: 'best_of ranks several completions on the server; sample draws each one',
      es: 'best_of ordena varias continuaciones en el servidor; sample sortea cada una',
    }),
  };
  if (format === 'openai') return openai;
  if (format === 'transformers') {
    return {
      do_sample: (value, key) => (expect<boolean>(value, key, source, 'boolean') ? [] : [['greedy', '']]),
      temperature: r.option('temperature'),
      top_k: r.option('top-k'),
      top_p: r.option('top-p'),
      min_p: r.option('min-p'),
      typical_p: r.option('typical'),
      epsilon_cutoff: r.option('epsilon'),
      eta_cutoff: r.option('eta'),
      top_h: r.option('top-h'),
      repetition_penalty: r.whole('repeat-penalty'),
      no_repeat_ngram_size: r.option('no-repeat-ngram'),
      num_return_sequences: r.option('count'),
      max_new_tokens: r.option('tokens'),
      sequence_bias: r.sequences((entry, at) =>
        r.signed(r.number(Array.isArray(entry) ? entry[1] : entry, `${at}[1]`)),
      ),
      bad_words_ids: r.sequences(() => '-inf'),
      suppress_tokens: (value, key) =>
        expect<unknown[]>(value, key, source, 'list').map((token, i) => [
          'logit-bias',
          `${r.id(token, `${key}[${i}]`)}-inf`,
        ]),
      begin_suppress_tokens: () => ({
        en: 'it bans tokens at the first position only; sample bans them everywhere or nowhere',
        es: 'prohíbe tokens solo en la primera posición; sample los prohíbe en todas o en ninguna',
      }),
      min_new_tokens: () => ({
        en: 'it bans the end-of-sequence token, which sample’s models do not have',
        es: 'prohíbe el token de fin de secuencia, que los modelos de sample no tienen',
      }),
      num_beams: (value, key) =>
        r.number(value, key) > 1
          ? {
              en: 'beam search keeps several continuations; sample draws each token',
              es: 'la búsqueda en haz guarda varias continuaciones; sample sortea cada token',
            }
          : [],
      penalty_alpha: () => ({
        en: 'contrastive search needs the model’s hidden states',
        es: 'la búsqueda contrastiva necesita los estados ocultos del modelo',
      }),
      guidance_scale: () => ({
        en: 'classifier-free guidance needs a second run of the model',
        es: 'la guía sin clasificador necesita otra pasada del modelo',
      }),
    };
  }
  const llama: Record<string, Reader> = {
    ...openai,
    top_k: r.option('top-k', (x) => x <= 0),
    min_p: r.option('min-p'),
    typical_p: r.option('typical'),
    typ_p: r.option('typical'),
    top_n_sigma: r.option('top-n-sigma', (x) => x < 0),
    dynatemp_range: r.option('dynatemp-range'),
    dynatemp_exponent: r.option('dynatemp-exp'),
    xtc_probability: r.option('xtc-probability'),
    xtc_threshold: r.option('xtc-threshold'),
    repeat_penalty: r.option('repeat-penalty'),
    repeat_last_n: r.option('repeat-last-n'),
    presence_penalty: r.option('presence-penalty'),
    frequency_penalty: r.option('frequency-penalty'),
    dry_multiplier: r.option('dry-multiplier'),
    dry_base: r.option('dry-base'),
    dry_allowed_length: r.option('dry-allowed-length'),
    dry_penalty_last_n: r.option('dry-penalty-last-n'),
    // The breakers matter only while DRY acts; llama.cpp's defaults ("\n", ":", …) name no token of most vocabularies.
    dry_sequence_breakers: (value, key, file) =>
      typeof file.dry_multiplier === 'number' && file.dry_multiplier > 0
        ? expect<unknown[]>(value, key, source, 'list').map((t, i) => [
            'dry-sequence-breaker',
            expect<string>(t, `${key}[${i}]`, source, 'text'),
          ])
        : [],
    mirostat: r.option('mirostat'),
    mirostat_tau: r.option('mirostat-ent'),
    mirostat_eta: r.option('mirostat-lr'),
    adaptive_target: r.option('adaptive-target'),
    adaptive_decay: r.option('adaptive-decay'),
    tfs_z: r.option('tfs'),
    min_keep: r.option('min-keep'),
    // llama.cpp's "random seed" is -1, or 4294967295 once the server has read it: a fresh seed here too.
    seed: (value, key) => {
      const x = r.number(value, key);
      return x === -1 || x === 0xffffffff ? [] : [['seed', String(x)]];
    },
    // llama.cpp's -1 is "until the end of the text": sample's own count stays.
    n_predict: (value, key) => (r.number(value, key) > 0 ? [['tokens', String(value)]] : []),
    max_tokens: (value, key) => (r.number(value, key) > 0 ? [['tokens', String(value)]] : []),
    samplers: (value, key) => {
      const letters = typeof value === 'string' ? [...value] : undefined;
      const names =
        letters ??
        expect<unknown[]>(value, key, source, 'list').map((v, i) => expect<string>(v, `${key}[${i}]`, source, 'text'));
      try {
        return [['samplers', llamaChain(names, letters !== undefined)]];
      } catch (error) {
        // A letter llama.cpp's --sampler-seq does not have.
        if (!(error instanceof SampleError)) throw error;
        throw dataError((m) =>
          m.settingsValue(source, key, shown(value), '--sampler-seq', clause(error.render(m), 'sampler-seq')),
        );
      }
    },
    penalize_nl: () => ({ en: 'llama.cpp no longer has it', es: 'llama.cpp ya no lo tiene' }),
    grammar: noGrammar,
    json_schema: noGrammar,
  };
  return llama;
}

const NO_DO_SAMPLE: Localized = {
  en: 'the file has none, so transformers would decode greedily, its default; sample draws (add --greedy for what transformers does)',
  es: 'el archivo no lo tiene, así que transformers decodificaría de forma voraz, su valor por omisión; sample sortea (añade --greedy para hacer lo que hace transformers)',
};

const FORMATS: readonly SettingsFormat[] = ['openai', 'llama.cpp', 'transformers'];

/**
 * The settings a file holds, as the options they stand for: transformers' generation_config.json,
 * a llama.cpp server request or its /props (`default_generation_settings`, its `params`), or an
 * OpenAI-compatible request. The format is the one that knows most of the file's keys (on a tie,
 * the first of OpenAI, llama.cpp, transformers: the fewer keys a format has, the likelier a small
 * file is its). Each value is read as the option's own text, and refused as the option refuses it.
 * The options `given` otherwise (typed on the command line, by long name) win: the file's are left
 * out, unread.
 */
export function readSettings(json: unknown, source: string, given: ReadonlySet<string> = new Set()): Settings {
  const names = FORMATS.join(', ');
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw dataError((m) => m.settingsNone(source, names));
  }
  let file = json as Record<string, unknown>;
  const props = file.default_generation_settings;
  if (typeof props === 'object' && props !== null) {
    const params = (props as Record<string, unknown>).params;
    file = (typeof params === 'object' && params !== null ? params : props) as Record<string, unknown>;
  }
  const keys = Object.keys(file);
  const known = (format: SettingsFormat): number => {
    const readers = keysOf(format, source);
    return keys.filter((key) => Object.hasOwn(readers, key) || SILENT[format].includes(key)).length;
  };
  const score = new Map(FORMATS.map((format) => [format, known(format)]));
  const format =
    props !== undefined ? 'llama.cpp' : FORMATS.reduce((a, b) => ((score.get(b) ?? 0) > (score.get(a) ?? 0) ? b : a));
  if (props === undefined && score.get(format) === 0) throw dataError((m) => m.settingsNone(source, names));
  const readers = keysOf(format, source);
  const typed: TypedSetting[] = [];
  const unused: UnusedSetting[] = [];
  for (const key of keys) {
    if (SILENT[format].includes(key) && !Object.hasOwn(readers, key)) continue;
    const reader = Object.hasOwn(readers, key) ? readers[key] : undefined;
    if (reader === undefined) {
      unused.push({ key });
      continue;
    }
    const reading = reader(file[key], key, file);
    const pairs = Array.isArray(reading) ? reading : 'typed' in reading ? reading.typed : [];
    if (!Array.isArray(reading)) unused.push({ key, why: 'why' in reading ? reading.why : (reading as Localized) });
    for (const [flag, text] of pairs) {
      // transformers' and OpenAI's two penalties each ask for the whole history: once is enough.
      if (!typed.some((t) => t.flag === flag && t.text === text)) typed.push({ key, flag, text });
    }
  }
  // What the tool does with a key the file leaves out, where sample's default differs.
  const set = new Set(typed.map((t) => t.flag));
  const defaults: [string, string][] =
    format === 'transformers' ? [['top-k', '50']] : format === 'llama.cpp' ? [['samplers', 'llama.cpp']] : [];
  for (const [flag, text] of defaults) if (!set.has(flag)) typed.push({ key: `${format} default`, flag, text });
  if (format === 'transformers' && !keys.includes('do_sample')) unused.push({ key: 'do_sample', why: NO_DO_SAMPLE });
  const applied = typed.filter(({ flag }) => !given.has(flag));
  for (const setting of applied) check(setting, source);
  return { format, typed: applied, unused };
}

/** An option's reason as a clause of the settings' message: without the option's name, which the message gives, or a full stop. */
const clause = (reason: string, flag: string): string =>
  reason
    .replace(`--${flag}: `, '')
    .replace(/\.$/, '')
    .replace(/^\p{Lu}(?=\p{Ll})/u, (first) => first.toLowerCase());

const byFlag = new Map<string, Control>(CONTROLS.map((control) => [control.flag, control]));

/** A value is refused as the option refuses it, with the file and the key named. */
function check({ key, flag, text }: TypedSetting, source: string): void {
  const control = byFlag.get(flag) as Control;
  if (control.argument === undefined) return;
  try {
    control.read(text);
  } catch (error) {
    // An option's reason (InvalidValue), or --samplers' own message for a list it cannot read.
    const reason =
      error instanceof InvalidValue
        ? error.reason
        : error instanceof SampleError
          ? (m: Messages) => error.render(m)
          : undefined;
    if (reason === undefined) throw error;
    throw dataError((m) => m.settingsValue(source, key, printable(text, 40), `--${flag}`, clause(reason(m), flag)));
  }
}

/** The settings as the library takes them: the chain's options, and the run's (count, tokens, seed). */
export interface SettingsOptions {
  readonly sampling: Partial<SamplingOptions>;
  readonly run: { readonly count?: number; readonly tokens?: number; readonly seed?: string };
}

/**
 * The settings as the library's options, by key ({ temperature: 0.6, logitBias: [...] }): each
 * text read as its option reads it, a repeatable one's into a list.
 */
export function settingsOptions(settings: Settings): SettingsOptions {
  const sampling: Record<string, unknown> = {};
  const run: Record<string, unknown> = {};
  for (const { flag, text } of settings.typed) {
    const control = byFlag.get(flag) as Control;
    const into = Object.hasOwn(defaultSampling, control.key) ? sampling : run;
    const value = control.read(text);
    into[control.key] = control.repeatable ? [...((into[control.key] as unknown[] | undefined) ?? []), value] : value;
  }
  return { sampling, run };
}
