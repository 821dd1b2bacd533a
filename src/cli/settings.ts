import { CONTROLS } from '../controls.js';
import { printable } from '../errors.js';
import type { Messages } from '../i18n/en.js';
import { parseJson } from '../json.js';
import { readSettingsText } from '../load.js';
import { readSettings } from '../settings.js';

/** What --settings adds to a command line: the options as typed, and what to say about the file. */
export interface SettingsArgs {
  /** The file's options not typed on the command line, as `--flag=text`: they go before it. */
  readonly args: readonly string[];
  /** A warning for each key left out. */
  readonly notes: readonly string[];
  /** --verbose's line: the format, and what was applied. */
  readonly verbose: string;
}

const argumentFlags = new Set(CONTROLS.flatMap((control) => (control.argument === undefined ? [] : [control.flag])));

/** A --settings file as options typed before the command line's own, which win over them. */
export function settingsArgs(path: string, typed: ReadonlySet<string>, m: Messages): SettingsArgs {
  const source = printable(path);
  const settings = readSettings(parseJson(readSettingsText(path), source), source, typed);
  const applied = settings.typed;
  const args = applied.map(({ flag, text }) => (argumentFlags.has(flag) ? `--${flag}=${text}` : `--${flag}`));
  const notes = settings.unused.map(({ key, why }) =>
    why === undefined ? m.settingsUnknown(source, printable(key, 60)) : m.settingsUnused(source, key, why[m.lang]),
  );
  const shown = applied.map(
    ({ key, flag, text }) => `--${flag}${text === '' ? '' : ` ${printable(text, 300)}`} (${key})`,
  );
  return { args, notes, verbose: `${m.settingsRead(source, settings.format, shown.join(', '))}\n` };
}
