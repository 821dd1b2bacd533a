import type { ChalkInstance } from 'chalk';

/**
 * How much colour the views on stderr use, as the README says: none with NO_COLOR set to anything
 * but the empty string (no-color.org), whatever else is set; FORCE_COLOR=0 or false, none; any
 * other FORCE_COLOR forces colour even off a terminal (2: 256 colours, 3: true colour); otherwise
 * colour on a terminal only, unless TERM is dumb.
 */
export function colorLevel(env: NodeJS.ProcessEnv, terminal: boolean): 0 | 1 | 2 | 3 {
  if (env.NO_COLOR) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    return force === '2' ? 2 : force === '3' ? 3 : 1;
  }
  if (!terminal || env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  return env.TERM?.includes('256') ? 2 : 1;
}

/** Colours for the human views on stderr, loaded only when a view needs them. */
export async function stderrColors(env: NodeJS.ProcessEnv, terminal: boolean): Promise<ChalkInstance> {
  const { Chalk } = await import('chalk');
  return new Chalk({ level: colorLevel(env, terminal) });
}
