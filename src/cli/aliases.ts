import type { Command } from 'commander';
import { type Alias, CONTROLS, type Control } from '../controls.js';
import { optionNamed } from './flags.js';

/** Every alias, with the control it spells. */
const ALIASES: readonly { readonly alias: Alias; readonly control: Control }[] = CONTROLS.flatMap((control) =>
  (control.aliases ?? []).map((alias) => ({ alias, control })),
);

/** Every alias as typed, for did-you-mean. */
export const ALIAS_FLAGS: readonly string[] = ALIASES.map(({ alias }) => alias.flag);

/** An argument as a flag and the value attached to it: `--temp=2`, `-l5+1`; no value when none is attached. */
function attached(arg: string): [string, string | undefined] {
  if (arg.startsWith('--')) {
    const at = arg.indexOf('=');
    return at === -1 ? [arg, undefined] : [arg.slice(0, at), arg.slice(at + 1)];
  }
  return /^-[^-]./s.test(arg) ? [arg.slice(0, 2), arg.slice(2)] : [arg, undefined];
}

/**
 * The command line with llama.cpp's spellings written as sample's own (`--temp 2` as
 * `--temperature 2`, `--sampler-seq kpt` as `--samplers logit_bias;top_k;top_p;…`), so that commander
 * reads each exactly as the option it stands for, with the same checks and messages. An option's
 * value is never read as an option, and nothing after `--` is touched.
 */
export function canonicalArgs(argv: readonly string[], command: Command): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const [flag, value] = attached(arg);
    const spelled = ALIASES.find(({ alias }) => alias.flag === flag);
    if (spelled !== undefined) {
      const own = `--${spelled.control.flag}`;
      const meaning = spelled.alias.value ?? ((text: string) => text);
      if (value !== undefined) out.push(`${own}=${meaning(value)}`);
      else if (i + 1 < argv.length) out.push(own, meaning(argv[++i]));
      else out.push(own);
      continue;
    }
    out.push(arg);
    if (optionNamed(command, arg)?.required && i + 1 < argv.length) out.push(argv[++i]);
  }
  return out;
}

/** The aliases for --help, with the option they stand for: one line, not one per option. */
export const aliasList = (): string =>
  CONTROLS.flatMap((control) =>
    control.aliases ? [`${control.aliases.map((alias) => alias.flag).join(', ')} (--${control.flag})`] : [],
  ).join('; ');
