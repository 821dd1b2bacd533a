import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../src/controls.js';
import { en } from '../src/i18n/en.js';
import { es } from '../src/i18n/es.js';
import { langFlag, languageOf } from '../src/i18n/lang.js';
import { defaultSampling, samplingOptions } from '../src/options.js';
import { STAGES } from '../src/samplers/index.js';

/** Arguments that every message takes: a string, or what a few of them need instead. */
const special: Record<string, unknown[]> = {
  invalidJson: ['v.json', { line: 3, column: 1 }, '"}"'],
  unknownToken: ['"frio"', 'at position 4', '"frío"', ['azul', 'frío']],
  notRegular: ['the file', 'fifo', 'fix it'],
  file: ['vocabulary', 'x.json'],
};

/** Every message of a catalogue, rendered: functions called, texts and lists as they are. */
function rendered(m: object, prefix = ''): [string, string][] {
  return Object.entries(m).flatMap(([key, value]): [string, string][] => {
    if (key === 'lang') return [];
    if (typeof value === 'function') {
      const text = (value as (...args: unknown[]) => unknown)(...(special[key] ?? ['X', 2, 'Y', 'Z']));
      return [[prefix + key, Array.isArray(text) ? text.join(' ') : String(text)]];
    }
    if (typeof value === 'object') return rendered(value as object, `${prefix}${key}.`);
    return [[prefix + key, String(value)]];
  });
}

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
      'page.columns.id',
      'page.columns.logit',
      'page.columns.token',
      'page.more',
      'page.tokens',
      'probsColumns',
    ]);
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
