import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built CLI, spawned as a user runs it (npm test builds it first). */
export const bin = fileURLToPath(new URL('../../dist/sample.cjs', import.meta.url));

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** stdin: text, or bytes as they are. */
  readonly input?: string | Buffer;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export function sample(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

/**
 * Resolves once the process has gone idle: asleep, its CPU time unchanged for 300 ms, as a CLI
 * waiting for stdin is once it has started (and installed its signal handlers). Node catches
 * SIGINT and SIGTERM from its first instant, so /proc's SigCgt cannot say when the CLI's own
 * handlers are there, and a fixed delay is too short on a loaded machine.
 */
export async function idle(pid: number): Promise<void> {
  let last = '';
  let still = 0;
  while (still < 6) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Fields after the command's parenthesis: state, then (at 12 and 13) user and system time.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const now = `${fields[11]} ${fields[12]}`;
    still = fields[0] === 'S' && now === last ? still + 1 : 0;
    last = now;
  }
}
