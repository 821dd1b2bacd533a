import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { bin, lines, sample } from '../helpers/cli.js';
import { model } from '../helpers/models.js';
import { sampledTokens } from '../helpers/sampling.js';

const tokens = ['azul', 'cielo', 'frío', 'el', 'es'];

describe('sample "el cielo es" -n 10', () => {
  it('prints ten continuations like the post, one per line, and nothing on stderr', async () => {
    const run = await sample(['el cielo es', '-n', '10']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const out = lines(run.stdout);
    expect(out).toHaveLength(10);
    for (const line of out) expect(tokens.map((t) => `el cielo es ${t}`)).toContain(line);
  });

  it('takes the phrase as several words too', async () => {
    const quoted = await sample(['el cielo es', '-n', '5', '--seed', '3']);
    const words = await sample(['el', 'cielo', 'es', '-n', '5', '--seed', '3']);
    expect(words.stdout).toBe(quoted.stdout);
  });

  it('prints one continuation by default and nothing with -n 0', async () => {
    expect(lines((await sample(['el cielo es'])).stdout)).toHaveLength(1);
    const none = await sample(['el cielo es', '-n', '0']);
    expect([none.code, none.stdout, none.stderr]).toEqual([0, '', '']);
  });

  it('uses the last C tokens of a longer phrase and prints the whole phrase', async () => {
    const run = await sample(['azul el cielo es', '-n', '3', '--seed', '42']);
    const short = await sample(['el cielo es', '-n', '3', '--seed', '42']);
    expect(run.stdout).toBe(short.stdout.replaceAll('el cielo es', 'azul el cielo es'));
  });

  it('finds the bundled model from any directory', async () => {
    const run = await sample(['el cielo es', '--seed', '42'], { cwd: tmpdir() });
    expect(run.stdout).toBe('el cielo es azul\n');
  });

  it('prints the version in package.json', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect((await sample(['--version'])).stdout).toBe(`${version}\n`);
  });

  it('prints help with examples and exit codes on stdout', async () => {
    const run = await sample(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Examples:[\s\S]*--seed 42[\s\S]*Exit codes:/);
  });
});

describe('reproducibility', () => {
  it('prints the same lines for the same seed, the golden ones of the library', async () => {
    const first = await sample(['el cielo es', '-n', '10', '--seed', '42']);
    const second = await sample(['el cielo es', '-n', '10', '--seed', '42']);
    expect(second.stdout).toBe(first.stdout);
    const golden = sampledTokens(model(), 'el cielo es', '42', 10).map((t) => `el cielo es ${t}\n`);
    expect(first.stdout).toBe(golden.join(''));
  });

  it('differs between seeds and between unseeded runs', async () => {
    const runs = await Promise.all([
      sample(['el cielo es', '-n', '30', '--seed', '1']),
      sample(['el cielo es', '-n', '30', '--seed', '2']),
      sample(['el cielo es', '-n', '30']),
      sample(['el cielo es', '-n', '30']),
    ]);
    expect(runs[0].stdout).not.toBe(runs[1].stdout);
    expect(runs[2].stdout).not.toBe(runs[3].stdout);
  });

  it('--verbose names the fresh seed on stderr, and that seed repeats the run', async () => {
    const run = await sample(['el cielo es', '-n', '20', '--verbose']);
    const seed = /^seed: (.+)$/m.exec(run.stderr)?.[1];
    expect(seed).toMatch(/^\d+$/);
    const again = await sample(['el cielo es', '-n', '20', '--seed', seed as string]);
    expect(again.stdout).toBe(run.stdout);
  });
});

describe('pipes', () => {
  it('stops at once with exit 0 and a quiet stderr when the reader closes early', () => {
    const script = `"${bin}" "el cielo es" -n 100000000 2>"$ERR" | head -n 1; echo "\${PIPESTATUS[0]}"`;
    const err = `${tmpdir()}/sample-head-${process.pid}.err`;
    const out = execFileSync('bash', ['-c', script], { env: { ...process.env, ERR: err }, encoding: 'utf8' });
    const [first, status] = lines(out);
    expect(first).toMatch(/^el cielo es \S+$/);
    expect(status).toBe('0');
    expect(readFileSync(err, 'utf8')).toBe('');
  });

  it('gives a slow reader every line', async () => {
    const child = spawn(bin, ['el cielo es', '-n', '300000', '--seed', '9']);
    let count = 0;
    let paused = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      count += chunk.split('\n').length - 1;
      if (paused++ < 20) {
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 20);
      }
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(count).toBe(300_000);
  });
});
