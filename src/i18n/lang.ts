/** The languages sample speaks. English stays the default when nothing asks for Spanish. */
export type Lang = 'en' | 'es';

/** A text in every language, for the texts a stage carries itself (its options, its titles). */
export type Localized = Readonly<Record<Lang, string>>;

/**
 * The language: --lang when it names one; then SAMPLE_LANG; then the locale, in POSIX order
 * (LC_ALL, then LC_MESSAGES, then LANG), where a value starting with "es" means Spanish. As GNU
 * gettext does, LANGUAGE (a list such as "es:en") comes first, unless the locale is C or POSIX.
 * Where no locale variable is set at all (Windows, terminals a desktop starts), the system's own
 * locale as Intl reports it decides. An invalid --lang falls back to the rest, so that its error
 * speaks the user's language.
 */
export function languageOf(flag: string | undefined, env: NodeJS.ProcessEnv, system?: string): Lang {
  for (const asked of [flag, env.SAMPLE_LANG]) if (asked === 'es' || asked === 'en') return asked;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const plain = locale === '' || locale === 'C' || locale === 'POSIX' || locale.startsWith('C.');
  const first = plain ? '' : (env.LANGUAGE ?? '').split(':').find((entry) => entry !== '');
  const unset = !env.LC_ALL && !env.LC_MESSAGES && !env.LANG && !env.LANGUAGE;
  // Asked for only when nothing else decides: the runtime's locale takes milliseconds to start.
  return (first || locale || (unset ? (system ?? systemLocale()) : '')).startsWith('es') ? 'es' : 'en';
}

/** The system's locale, as the runtime knows it: "es-ES", "en-US". */
function systemLocale(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    return '';
  }
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
