import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, sample } from '../helpers/cli.js';
import { modelFiles } from '../helpers/models.js';
import { type Shell, typeLines } from '../helpers/terminal.js';

/** A folder whose `sample` is the built CLI, for the completion scripts to call. */
const path = mkdtempSync(join(tmpdir(), 'sample-path-'));
symlinkSync(bin, join(path, 'sample'));
const env = { ...process.env, PATH: `${path}:${process.env.PATH}` };

const installed = (shell: string): boolean => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

/**
 * Loads the bash script, sets COMP_LINE and COMP_POINT as bash does for words typed plainly, calls
 * the function with readline's word, and returns COMPREPLY.
 */
function bashComplete(words: string[]): string[] {
  const script = execFileSync(bin, ['--completion', 'bash'], { encoding: 'utf8' });
  const file = join(path, 'completion.bash');
  writeFileSync(file, script);
  const line = words.join(' ');
  const quoted = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  const program = `source ${file}; COMP_LINE=${quoted(line)}; COMP_POINT=${line.length}; _sample sample ${quoted(words.at(-1) ?? '')}; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', program], { encoding: 'utf8', env })
    .split('\n')
    .filter((line) => line !== '');
}

describe('--completion', () => {
  it.each(['bash', 'zsh', 'fish'].filter(installed))('the %s script passes its shell’s syntax check', (shell) => {
    const script = execFileSync(bin, ['--completion', shell], { encoding: 'utf8' });
    const file = join(path, `completion.${shell}`);
    writeFileSync(file, script);
    expect(spawnSync(shell, ['-n', file], { encoding: 'utf8' }).stderr).toBe('');
  });

  it.each(['zsh'].filter(installed))('the %s script works in a shell that never loaded compinit (zsh -f)', (shell) => {
    const file = join(path, 'bare.zsh');
    writeFileSync(file, execFileSync(bin, ['--completion', shell], { encoding: 'utf8' }));
    const run = spawnSync(shell, ['-f', '-c', `source ${file} && print -r -- \${_comps[sample]}`], {
      encoding: 'utf8',
      env: { ...process.env, HOME: path, ZDOTDIR: path },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).not.toBe('');
  });

  it('bash completes the vocabulary’s tokens: sample el ci → cielo', () => {
    expect(bashComplete(['sample', 'el', 'ci'])).toEqual(['cielo']);
  });

  it('bash completes option names: --nor → --norm; --no offers --norm and --no-repeat-ngram', () => {
    expect(bashComplete(['sample', '--nor'])).toEqual(['--norm']);
    expect(bashComplete(['sample', '--no'])).toEqual(['--norm', '--no-repeat-ngram']);
  });

  it('bash completes the choices of --norm, --format and --samplers', () => {
    expect(bashComplete(['sample', '--norm', ''])).toEqual(['sum', 'softmax']);
    expect(bashComplete(['sample', '-f', 'j'])).toEqual(['jsonl', 'json']);
    expect(bashComplete(['sample', '--samplers', 'l'])).toEqual(['llama.cpp', 'logit_bias']);
  });

  it('bash completes the tokens of the --vocab given earlier on the line, and paths after --vocab', () => {
    const files = modelFiles({ perro: 1, perezoso: 2, gato: 3 }, { f1: [1], f2: { perro: 1, perezoso: 1, gato: 1 } });
    expect(bashComplete(['sample', '--vocab', files.vocab, 'pe'])).toEqual(['perro', 'perezoso']);
    expect(bashComplete(['sample', '--vocab', files.vocab.replace(/vocab\.json$/, 'voc')])).toEqual([files.vocab]);
    // Spelled with an escape, as Python's json.dump writes every accent.
    const escaped = modelFiles('{"caf\\u00e9": 1, "cama": 2}', { f1: [1], f2: { café: 1, cama: 1 } });
    expect(bashComplete(['sample', '--vocab', escaped.vocab, 'caf'])).toEqual(['café']);
  });

  it('completes no token, at once, from a --vocab that is a device, a directory or not JSON', () => {
    const text = join(path, 'notes.txt');
    writeFileSync(text, 'not JSON\n');
    for (const vocab of ['/dev/zero', path, text]) {
      const run = spawnSync(bin, ['__complete', '3', 'sample', '--vocab', vocab, 'a'], {
        encoding: 'utf8',
        timeout: 5000,
      });
      expect([run.status, run.stdout, run.stderr]).toEqual([0, '', '']);
    }
  });

  it('completes nothing after an option that takes a number', () => {
    expect(bashComplete(['sample', '-n', ''])).toEqual([]);
  });

  it('an unknown shell is a usage error', async () => {
    const run = await sample(['--completion', 'tcsh']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/argument 'tcsh' is invalid\. Allowed choices are bash, zsh, fish\./);
  });
});

describe('the progress line', () => {
  /** Runs a command under a pseudo-terminal (script), stdout to a file: stderr is the terminal. */
  const underTerminal = (args: string): string => {
    const out = join(path, 'samples.txt');
    const command = `${bin} ${args} > ${out}`;
    return execFileSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' });
  };

  it('moves on a terminal when stdout is a file, and is erased at the end', () => {
    const screen = underTerminal("'el cielo es' -n 30000000");
    const erase = '\r\u001b[K';
    const updates = screen.split(erase).filter((update) => update !== '');
    expect(updates.length).toBeGreaterThan(0);
    for (const update of updates) expect(update).toMatch(/^\d+\.\d% {2}\d+ of 30000000 {2}about \d+ s left$/);
    expect(screen.endsWith(erase)).toBe(true);
  });

  it('a run of many stdin phrases shows one line for the whole run, counting what is done', () => {
    const phrases = join(path, 'phrases.txt');
    writeFileSync(phrases, 'el cielo es\n'.repeat(60));
    const screen = underTerminal(`- -n 300000 < ${phrases}`);
    const erase = '\r\u001b[K';
    const updates = screen.split(erase).filter((update) => update !== '');
    expect(updates.length).toBeGreaterThan(0);
    for (const update of updates) expect(update).toMatch(/^\d+ so far, in \d+ s$/);
    // The count goes on across phrases, never back to zero.
    const counts = updates.map((update) => Number(update.split(' ')[0]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(screen.endsWith(erase)).toBe(true);
  });

  it('--quiet silences the warnings too', async () => {
    expect((await sample(['el cielo es', '-k', '1', '--seed', '1'])).stderr).toMatch(/^sample: warning: top-k 1/);
    expect((await sample(['el cielo es', '-k', '1', '--seed', '1', '--quiet'])).stderr).toBe('');
  });

  it('is never shown under --quiet, nor in a pipe', async () => {
    expect(underTerminal("'el cielo es' -n 30000000 --quiet")).toBe('');
    const piped = await sample(['el cielo es', '-n', '3000000']);
    expect(piped.stderr).toBe('');
  });
});

describe('completion in a real interactive shell, under a pseudo-terminal', () => {
  /** A home with a vocabulary of hostile tokens in a folder whose name has a space. */
  const tokens = {
    cielo: 1,
    'p1;touch${IFS}P': 2,
    'p2$(touch P)': 3,
    'p3`touch P`': 4,
    'p4*': 5,
    'p5?': 6,
    "p6'x": 7,
    'p7"x': 8,
    'p8:x': 9,
    'p9=x': 10,
    'q!x': 11,
    '~p': 12,
  };

  it.each(['bash', 'zsh', 'fish'].filter(installed) as Shell[])(
    '%s: a hostile token completes to one quoted argument that runs nothing; paths with spaces, =, quotes and ~ complete alike',
    async (shell) => {
      const home = mkdtempSync(join(tmpdir(), 'sample-home-'));
      mkdirSync(join(home, 'mis modelos'));
      const vocab = join(home, 'mis modelos', 'vocab.json');
      writeFileSync(vocab, JSON.stringify(tokens));
      // The folder the shell runs in holds files that a glob left in a reply would match.
      const cwd = mkdtempSync(join(tmpdir(), 'sample-cwd-'));
      for (const name of ['p4-file', 'p5x']) writeFileSync(join(cwd, name), '');
      const typed = [
        'sample --vocab ~/mis\tv\tp1\t',
        `sample --vocab="${home}/mis modelos/vocab.json" p2\t`,
        `sample --vocab "${home}/mis modelos/vocab.json" 'p3\t`,
        'sample --vocab ~/mis\\ modelos/vocab.json p4\t',
        'sample --vocab ~/mis\\ modelos/vocab.json "p5\t',
        'sample --vocab ~/mis\\ modelos/vocab.json p6\t',
        'sample --vocab ~/mis\\ modelos/vocab.json p7\t',
        'sample --vocab ~/mis\\ modelos/vocab.json p8\t',
        'sample --vocab ~/mis\\ modelos/vocab.json p9\t',
        'sample --vocab ~/mis\\ modelos/vocab.json q\t',
        'sample --vocab ~/mis\\ modelos/vocab.json \\~\t',
      ];
      const ran = await typeLines(shell, home, cwd, typed);
      const expected = Object.keys(tokens).slice(1);
      expect(ran.map((args) => args.at(-1))).toEqual(expected);
      // --vocab=PATH is one argument.
      expect(ran.map((args) => args.length)).toEqual(expected.map((_, i) => (i === 1 ? 2 : 3)));
      expect(ran[0][1]).toBe(vocab);
      expect(ran[1][0]).toBe(`--vocab=${vocab}`);
      expect(readdirSync(cwd).sort()).toEqual(['p4-file', 'p5x']);
      expect(readdirSync(home)).not.toContain('P');
    },
    60_000,
  );
});
