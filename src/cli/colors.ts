import type { ChalkInstance } from 'chalk';

/**
 * Colours for the human views on stderr. chalk looks at the terminal and FORCE_COLOR but not at
 * NO_COLOR (no-color.org), so that is checked here. Loaded only when a view needs it.
 */
export async function stderrColors(env: NodeJS.ProcessEnv): Promise<ChalkInstance> {
  const { Chalk, supportsColorStderr } = await import('chalk');
  const level = env.NO_COLOR ? 0 : supportsColorStderr ? supportsColorStderr.level : 0;
  return new Chalk({ level });
}
