import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { modelFiles } from './helpers/models.js';

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
  it('prints a short usage on stderr and exits 2 when there is no phrase and stdin is a terminal', async () => {
    const run = await inProcess([], { stdin: true });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^Usage: sample \[options\] \[phrase\.\.\.\]\n[\s\S]*sample --help lists every option\.\n$/,
    );
    // The three examples of a first hour: lines, every number, the page.
    const examples = run.stderr.split('\n').filter((line) => line.trim().startsWith('sample "el cielo es"'));
    expect(examples.map((line) => line.trim().split(/\s{2,}/)[0])).toEqual([
      'sample "el cielo es" -n 10',
      'sample "el cielo es" --explain',
      'sample "el cielo es" --html sample.html',
    ]);
  });

  it('draws --probs as a table with a bar per token on a terminal, the most probable first', async () => {
    const run = await inProcess(['el cielo es', '--probs'], { stdout: true });
    expect(run.stdout.split('\n')).toEqual([
      'token  id   logit  prob',
      `azul   227  4500   0.4237  ${'█'.repeat(13)}`,
      `frío   402  3600   0.3390  ${'█'.repeat(10)}`,
      `cielo  350  1260   0.1186  ${'█'.repeat(4)}`,
      `es     698  900    0.0847  ${'█'.repeat(3)}`,
      `el     578  360    0.0339  ${'█'.repeat(1)}`,
      '',
    ]);
  });

  it('--top N shows the N most probable and sums the rest; --all shows every one', async () => {
    const top = await inProcess(['el cielo es', '--probs', '--top', '2'], { stdout: true });
    expect(top.stdout.split('\n').slice(1)).toEqual([
      `azul   227  4500   0.4237  ${'█'.repeat(13)}`,
      `frío   402  3600   0.3390  ${'█'.repeat(10)}`,
      '… 3 more tokens, with 0.2373 of the mass (--top N or --all to show them)',
      '',
    ]);
    const all = await inProcess(['el cielo es', '--probs', '--top', '2', '--all'], { stdout: true });
    expect(all.stdout.split('\n')).toHaveLength(7);
  });

  it('a 5,000-token vocabulary and a 5 MB token stay bounded: 20 rows, cut tokens, short removed lists', async () => {
    const tokens = Array.from({ length: 5000 }, (_, i) => (i === 7 ? `w${'x'.repeat(5_000_000)}` : `w${i}`));
    const files = modelFiles(Object.fromEntries(tokens.map((t, i) => [t, i + 1])), {
      f1: [1],
      f2: Object.fromEntries(tokens.map((t, i) => [t, i === 7 ? 100 : 1 + (i % 7)])),
    });
    const args = ['w1', '--vocab', files.vocab, '--weights', files.weights];
    const probs = await inProcess([...args, '--probs'], { stdout: true });
    expect(probs.stdout.split('\n').length).toBeLessThan(25);
    expect(probs.stdout.length).toBeLessThan(5000);
    const explain = await inProcess([...args, '--explain', '-p', '0.5', '--seed', '1'], { stderr: true });
    expect(explain.stderr.length).toBeLessThan(20_000);
    expect(explain.stderr).toMatch(/removed: .*\(\d+ more\)/);
  });

  it('adds bars to --stats on a terminal', async () => {
    const run = await inProcess(['el cielo es', '-n', '1000', '--stats', '--seed', '1'], { stderr: true });
    expect(run.stderr).toMatch(/azul\s+0\.4237\s+0\.\d{4}\s+\d+\s+█+/);
  });
});

describe('the views on a large vocabulary', () => {
  const vocab = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`t${i}`, i + 1]));
  const weights = { f1: [1], f2: Object.fromEntries(Object.keys(vocab).map((t, i) => [t, (i % 7) + 1])) };
  const files = modelFiles(vocab, weights);
  const model = ['--vocab', files.vocab, '--weights', files.weights];

  it('--explain shows the context and the most probable tokens, and says so', async () => {
    const run = await inProcess(['t5', ...model, '--explain', '--seed', '1']);
    expect(run.stderr).toContain('(showing 11 of 40 tokens: the context and the most probable)');
    expect(run.stderr).toMatch(/t5\s+6\s+← x1/);
  });

  it('--stats lists the 20 most probable tokens and counts the rest', async () => {
    const run = await inProcess(['t5', ...model, '-n', '2000', '--stats', '--seed', '1']);
    expect(run.stderr).toContain('(20 more)');
    expect(run.stderr).toMatch(/39 degrees of freedom/);
  });

  it('--explain with --probs draws nothing', async () => {
    const run = await inProcess(['el cielo es', '--probs', '--explain']);
    expect(run.stderr).toContain('none: --probs shows the distribution without drawing');
    expect(run.stdout.split('\n')[0]).toBe('azul\t227\t4500\t0.4237');
  });
});
