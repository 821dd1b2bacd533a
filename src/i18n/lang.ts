/** The languages sample speaks. English stays the default when nothing asks for Spanish. */
export type Lang = 'en' | 'es';

/** A text in every language, for the texts a stage carries itself (its options, its titles). */
export type Localized = Readonly<Record<Lang, string>>;

/**
 * The language: --lang when given; otherwise the locale, in POSIX order (LC_ALL, then LC_MESSAGES,
 * then LANG), where a value starting with "es" means Spanish. As GNU gettext does, LANGUAGE (a
 * list such as "es:en") comes first, unless the locale is C or POSIX.
 */
export function languageOf(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  if (flag !== undefined) return flag === 'es' ? 'es' : 'en';
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const plain = locale === '' || locale === 'C' || locale === 'POSIX' || locale.startsWith('C.');
  const first = plain ? '' : (env.LANGUAGE ?? '').split(':').find((entry) => entry !== '');
  return (first || locale).startsWith('es') ? 'es' : 'en';
}

/** The --lang value on a command line, if any, before the command line is parsed. */
export function langFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return undefined;
    if (argv[i] === '--lang') return argv[i + 1];
    if (argv[i].startsWith('--lang=')) return argv[i].slice('--lang='.length);
  }
  return undefined;
}

/** one or other, by the language's plural rules. */
export function plural(lang: Lang, n: number, one: string, other: string): string {
  return new Intl.PluralRules(lang).select(n) === 'one' ? one : other;
}
