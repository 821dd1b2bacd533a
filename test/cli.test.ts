import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

/** Runs the CLI in-process with streams that claim to be terminals, as only a test can. */
async function inProcess(argv: string[], tty: { stdin?: boolean; stdout?: boolean; stderr?: boolean } = {}) {
  const collect = (isTTY: boolean) => {
    const stream = Object.assign(new PassThrough(), { isTTY });
    let text = '';
    stream.on('data', (chunk) => {
      text += chunk;
    });
    return { stream, text: () => text };
  };
  const stdout = collect(tty.stdout ?? false);
  const stderr = collect(tty.stderr ?? false);
  const stdin = Object.assign(new PassThrough(), { isTTY: tty.stdin ?? false });
  stdin.end();
  const code = await main(argv, { stdin, stdout: stdout.stream, stderr: stderr.stream, env: {} });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('the CLI on terminals', () => {
  it('prints the help on stderr and exits 2 when there is no phrase and stdin is a terminal', async () => {
    const run = await inProcess([], { stdin: true });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Choose the next token[\s\S]*Usage: sample/);
  });

  it('draws --probs as a table with a bar per token on a terminal', async () => {
    const run = await inProcess(['el cielo es', '--probs'], { stdout: true });
    expect(run.stdout.split('\n')).toEqual([
      'token  id   logit  prob',
      `azul   227  4500   0.4237  ${'█'.repeat(13)}`,
      `cielo  350  1260   0.1186  ${'█'.repeat(4)}`,
      `frío   402  3600   0.3390  ${'█'.repeat(10)}`,
      `el     578  360    0.0339  ${'█'.repeat(1)}`,
      `es     698  900    0.0847  ${'█'.repeat(3)}`,
      '',
    ]);
  });

  it('adds bars to --stats on a terminal', async () => {
    const run = await inProcess(['el cielo es', '-n', '1000', '--stats', '--seed', '1'], { stderr: true });
    expect(run.stderr).toMatch(/azul\s+0\.4237\s+0\.\d{4}\s+\d+\s+█+/);
  });
});
