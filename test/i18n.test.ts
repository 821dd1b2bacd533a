import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { CONTROLS } from '../src/controls.js';
import { en } from '../src/i18n/en.js';
import { es } from '../src/i18n/es.js';
import { langFlag, languageOf } from '../src/i18n/lang.js';
import { defaultSampling, samplingOptions } from '../src/options.js';
import { STAGES } from '../src/samplers/index.js';
import { memoryIo } from './helpers/memory-io.js';

/** Arguments that every message takes: a string, or what a few of them need instead. */
const special: Record<string, unknown[]> = {
  invalidJson: ['v.json', { line: 3, column: 1 }, '"}"'],
  unknownToken: ['"frio"', 'at position 4', '"frío"', ['azul', 'frío']],
  notRegular: ['the file', 'fifo', 'fix it'],
  file: ['vocabulary', 'x.json'],
};

/** Every message of a catalogue, rendered: functions called, texts and lists as they are. */
function rendered(m: object, prefix = '', args = special): [string, string][] {
  return Object.entries(m).flatMap(([key, value]): [string, string][] => {
    if (key === 'lang') return [];
    if (typeof value === 'function') {
      const text = (value as (...args: unknown[]) => unknown)(...(args[key] ?? ['X', 2, 'Y', 'Z', 'W', 'V']));
      return [[prefix + key, Array.isArray(text) ? text.join(' ') : String(text)]];
    }
    if (typeof value === 'object') return rendered(value as object, `${prefix}${key}.`, args);
    return [[prefix + key, String(value)]];
  });
}

// A message's words, leaving out what it quotes and names: options, quoted text, placeholders,
// file names, identifiers (camelCase, dotted, with digits or underscores).
const words = (text: string): string[] =>
  text
    .replace(/(^|\s)--?[\w.=-]+/g, ' ')
    .replace(/"[^"]*"|'[^']*'|`[^`]*`|<[^>]*>/g, ' ')
    .split(/[^\p{L}\p{N}_.'’-]+/u)
    .map((word) => word.replace(/^[.'’-]+|[.'’-]+$/g, ''))
    .filter((word) => word !== '' && !/[\d_.]|\p{Ll}\p{Lu}/u.test(word))
    .map((word) => word.toLowerCase());
const allowed = new Set([
  // Loanwords the Spanish literature on language models keeps, and the post's own terms.
  ...['token', 'tokens', 'logit', 'logits', 'softmax', 'norm', 'top', 'prompt', 'post', 'script', 'scripts'],
  ...['shell', 'greedy', 'prob', 'probs', 'logprob', 'logprobs', 'exp', 'id', 'ids', 'nfc', 'sum', 'rest', 'all'],
  // Names: programs, formats, runtimes, APIs, signals, streams, the library's own values.
  ...['sample', 'samplers', 'bash', 'zsh', 'fish', 'jq', 'sort', 'uniq', 'head', 'printf', 'iconv', 'json'],
  ...['jsonl', 'tsv', 'text', 'npy', 'ollama', 'chat', 'completion', 'completions', 'transformers', 'rng'],
  ...['tokenize', 'sigint', 'sigterm', 'stdin', 'stdout', 'stderr', 'true', 'false', 'infinity', 'error'],
  ...['lang', 'kb', 'mb', 'nul', 'bytes', 'fifo', 'arturo', 'creatividad', 'cielo', 'azul', 'frío', 'posición'],
  // Words the two languages spell alike.
  ...['a', 'el', 'en', 'es', 'la', 'no', 'control', 'visible', 'invisible', 'divide', 'probable', 'terminal'],
  ...['extras', 'archivo', 'corrígelo', 'probabilidades'],
  // The stages' names, which --samplers lists.
  ...STAGES.map((stage) => stage.name),
  // Symbols and single letters: x₁, f1's f, u, p, e, n, T, and the rendering's own stand-ins.
  ...['x₁', 'x₂', 'x₃', 'c', 'e', 'f', 'i', 'n', 'p', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'log'],
]);

describe('the catalogues', () => {
  const english = new Map(rendered(en));
  const spanish = new Map(rendered(es));

  it('hold the same messages, each of them rendering to text in both languages', () => {
    expect([...spanish.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of [...english, ...spanish]) expect(text.trim(), key).not.toBe('');
  });

  it('translate: nearly every Spanish message differs from the English', () => {
    const same = [...english].filter(([key, text]) => spanish.get(key) === text).map(([key]) => key);
    // Words Spanish takes from the post as they are (token, id, logit, prob), a symbol, and a
    // message that only puts the option before its reason.
    expect(same.sort()).toEqual([
      'atLeast',
      'compareInvalid',
      'helpLabels.placeholders.shell',
      'helpLabels.placeholders.token',
      'page.columns.logit',
      'page.more',
      'page.tokens',
      'probsColumns',
    ]);
  });

  it('leave no English word in a Spanish message, but the loanwords, names and shared words listed', () => {
    // Spanish arguments where a message takes words, so that only the catalogue's own are read.
    const args: Record<string, unknown[]> = {
      ...special,
      unknownToken: ['"frio"', 'en la posición 4', '"frío"', ['azul', 'frío']],
      notRegular: ['el archivo', 'fifo', 'corrígelo'],
      file: ['vocabulary', 'x.json'],
    };
    const english = new Set([...rendered(en)].flatMap(([, text]) => words(text)));
    const left = rendered(es, '', args).flatMap(([key, text]) =>
      words(text).flatMap((word) => (english.has(word) && !allowed.has(word) ? [`${key}: ${word}`] : [])),
    );
    expect(left).toEqual([]);
  });

  it('plurals follow each language’s rules', () => {
    expect(en.repeated(1, 'w')).toMatch(/1 more line:/);
    expect(en.repeated(4, 'w')).toMatch(/4 more lines:/);
    expect(es.repeated(1, 'w')).toMatch(/1 línea más:/);
    expect(es.repeated(4, 'w')).toMatch(/4 líneas más:/);
    expect(es.shortPhrase(1, 3)).toMatch(/^la frase tiene 1 token,/);
  });

  it('keep the decimal point, as the post writes numbers', () => {
    expect(es.chiSquare('5.665', 4, '0.2256', 'ok')).toContain('5.665');
    expect(es.normTitle('10620')).toContain('10620');
  });

  it('every stage and option speaks both languages', () => {
    const o = samplingOptions({ temperature: 0.5, dynatempRange: 0.2 });
    for (const stage of STAGES) {
      for (const text of [stage.title(o), stage.label(o), stage.title(defaultSampling)]) {
        expect(text.en).not.toBe('');
        expect(text.es).not.toBe('');
      }
      for (const setting of stage.settings) {
        expect(setting.description.es).not.toBe(setting.description.en);
        expect(setting.expects.es).not.toBe('');
      }
    }
    for (const control of CONTROLS) expect(control.description.es).not.toBe('');
  });
});

describe('choosing the language', () => {
  it.each([
    [undefined, {}, 'en'],
    [undefined, { LANG: 'es_ES.UTF-8' }, 'es'],
    [undefined, { LANG: 'es_ES.UTF-8', LC_MESSAGES: 'en_US.UTF-8' }, 'en'],
    [undefined, { LANG: 'en_US.UTF-8', LC_MESSAGES: 'es_MX.UTF-8' }, 'es'],
    [undefined, { LC_ALL: 'en_GB.UTF-8', LC_MESSAGES: 'es_ES', LANG: 'es_ES' }, 'en'],
    [undefined, { LC_ALL: 'es_PE.UTF-8' }, 'es'],
    [undefined, { LANG: 'C' }, 'en'],
    [undefined, { LANG: 'en_US.UTF-8', LANGUAGE: 'es:en' }, 'es'],
    [undefined, { LANG: 'C', LANGUAGE: 'es' }, 'en'],
    ['en', { LANG: 'es_ES.UTF-8' }, 'en'],
    ['es', { LANG: 'C' }, 'es'],
    // SAMPLE_LANG before the locale; an invalid --lang falls back, so its error is in the user's language.
    [undefined, { LANG: 'C', SAMPLE_LANG: 'es' }, 'es'],
    ['fr', { LANG: 'es_ES.UTF-8' }, 'es'],
    ['fr', { SAMPLE_LANG: 'es' }, 'es'],
  ] as const)('--lang %s with %j is %s', (flag, env, lang) => {
    expect(languageOf(flag, env, 'en-US')).toBe(lang);
  });

  it('with no locale variable at all, the system’s own locale decides (Windows, desktop terminals)', () => {
    expect(languageOf(undefined, {}, 'es-ES')).toBe('es');
    expect(languageOf(undefined, {}, 'en-GB')).toBe('en');
    // A locale variable set to C is a choice: the system's locale does not override it.
    expect(languageOf(undefined, { LANG: 'C' }, 'es-ES')).toBe('en');
  });

  it('finds --lang on a command line before it is parsed, and not past --', () => {
    expect(langFlag(['el', '--lang', 'es'])).toBe('es');
    expect(langFlag(['--lang=en', 'el'])).toBe('en');
    expect(langFlag(['--', '--lang', 'es'])).toBeUndefined();
  });
});

describe('--help', () => {
  it.each([60, 80, 200].flatMap((width) => [[width, 'en'] as const, [width, 'es'] as const]))(
    'at %i columns in %s: every line fits, but a word longer than the width; grouped; no English left in Spanish',
    async (width, lang) => {
      const io = memoryIo('');
      Object.assign(io.stdout, { columns: width });
      expect(await main(['--help', '--lang', lang], io)).toBe(0);
      const lines = io.out().split('\n');
      const over = lines.filter((line) => line.length > width && line.trim().includes(' '));
      expect(over).toEqual([]);
      const m = lang === 'es' ? es : en;
      for (const heading of Object.values(m.helpLabels.groups)) expect(lines).toContain(heading);
      // commander's own words are the language's too, wrapped or not.
      if (lang === 'es') expect(io.out()).not.toMatch(/\b(default|choices)\b/);
      if (lang === 'es') {
        const english = new Set([...rendered(en)].flatMap(([, text]) => words(text)));
        const left = words(io.out()).filter((word) => english.has(word) && !allowed.has(word));
        expect(left).toEqual([]);
      }
    },
  );
});

describe('README.es.md', () => {
  it('covers every section of the English README, and sends no reader there for one', () => {
    const read = (name: string) => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');
    const headings = (text: string) => text.split('\n').filter((line) => /^#{2,3} /.test(line));
    const [english, spanish] = [read('README.md'), read('README.es.md')];
    expect(headings(spanish).map((h) => h.split(' ')[0])).toEqual(headings(english).map((h) => h.split(' ')[0]));
    expect(spanish).not.toMatch(/para todo lo demás|es la referencia/i);
  });
});
