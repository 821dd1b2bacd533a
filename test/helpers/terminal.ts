import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin } from './cli.js';

export type Shell = 'bash' | 'zsh' | 'fish';

/** The prompt every shell is given, to know when it is ready for a line. */
const READY = 'READY> ';

/**
 * A home folder for an interactive shell: `bin/sample` answers completion with the built CLI, and
 * otherwise records the arguments it ran with, one JSON array per line of `argv.jsonl`.
 */
function homeFor(shell: Shell, home: string): { command: string; env: NodeJS.ProcessEnv } {
  const folder = join(home, 'bin');
  mkdirSync(folder, { recursive: true });
  const fake = join(folder, 'sample');
  const record = `require('fs').appendFileSync(process.env.ARGV_FILE, JSON.stringify(process.argv.slice(1)) + '\\n')`;
  writeFileSync(
    fake,
    `#!/bin/sh\ncase "$1" in __complete*) exec "${bin}" "$@";; esac\nexec node -e "${record}" -- "$@"\n`,
  );
  chmodSync(fake, 0o755);
  const script = join(home, `completion.${shell}`);
  writeFileSync(script, execFileSync(bin, ['--completion', shell], { encoding: 'utf8' }));
  const env = { ...process.env, HOME: home, ARGV_FILE: join(home, 'argv.jsonl'), TERM: 'xterm' };
  const path = `${folder}:${process.env.PATH}`;
  switch (shell) {
    case 'bash':
      writeFileSync(
        join(home, '.bashrc'),
        `PS1='${READY}'\nPATH=${path}\nbind 'set bell-style none'\nsource ${script}\n`,
      );
      return { command: `bash --noprofile --rcfile ${join(home, '.bashrc')} -i`, env };
    case 'zsh':
      writeFileSync(join(home, '.zshrc'), `PROMPT='${READY}'\nPATH=${path}\nsource ${script}\n`);
      return { command: 'zsh -i', env: { ...env, ZDOTDIR: home } };
    case 'fish': {
      const config = join(home, '.config', 'fish');
      mkdirSync(config, { recursive: true });
      const prompt = `function fish_prompt; printf '${READY}'; end\nset -g fish_greeting\n`;
      writeFileSync(join(config, 'config.fish'), `${prompt}set -gx PATH ${folder} $PATH\nsource ${script}\n`);
      return { command: 'fish -i', env: { ...env, XDG_CONFIG_HOME: join(home, '.config') } };
    }
  }
}

/**
 * Types each of `lines` (keys, Tab included, then Enter) into an interactive shell under a
 * pseudo-terminal (util-linux's script), in `cwd`, and returns the arguments each `sample` ran
 * with. A line goes in once the previous one has run; a line that never runs ends the session at
 * the timeout, and the screen comes back in the error.
 */
export function typeLines(shell: Shell, home: string, cwd: string, lines: readonly string[]): Promise<string[][]> {
  const { command, env } = homeFor(shell, home);
  const argv = env.ARGV_FILE as string;
  const ran = (): string[][] =>
    existsSync(argv)
      ? readFileSync(argv, 'utf8')
          .split('\n')
          .slice(0, -1)
          .map((line) => JSON.parse(line))
      : [];
  writeFileSync(argv, '');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env });
    let screen = '';
    // How many lines went in, and where the screen was then: the next goes in at the next prompt.
    let sent = 0;
    let mark = 0;
    const poll = setInterval(() => {
      if (sent > lines.length || ran().length < sent || !screen.includes(READY, mark)) return;
      child.stdin.write(`${sent < lines.length ? lines[sent] : 'exit'}\r`);
      [sent, mark] = [sent + 1, screen.length];
    }, 100);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      screen += chunk;
    });
    const timeout = setTimeout(() => {
      child.kill();
      reject(new Error(`${shell} stopped after ${ran().length} of ${lines.length} lines; its screen:\n${screen}`));
    }, 30_000);
    child.on('close', () => {
      clearInterval(poll);
      clearTimeout(timeout);
      resolve(ran());
    });
  });
}
