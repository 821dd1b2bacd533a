import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { splitLine } from '../../src/cli/shell-line.js';
import { lines, sample } from '../helpers/cli.js';

const args = ['el cielo es', '-n', '3', '--seed', '1', '-t', '2'];

interface Sample {
  index: number;
  line?: number;
  seed: string;
  input: string;
  tokens: string[];
  ids: number[];
  probs: number[];
  u: (number | null)[];
  text: string;
}

const jsonl = (text: string): Sample[] => lines(text).map((line) => JSON.parse(line));

describe('--format', () => {
  it('jsonl: one object per continuation whose .text is the text output', async () => {
    const text = await sample(args);
    const run = await sample([...args, '--format', 'jsonl']);
    const samples = jsonl(run.stdout);
    expect(samples.map((s) => s.text)).toEqual(lines(text.stdout));
    expect(samples[0]).toMatchObject({ index: 0, seed: '1', input: 'el cielo es' });
    for (const s of samples) {
      expect(s.tokens).toHaveLength(2);
      expect(s.ids).toHaveLength(2);
      expect(s.probs.every((p) => p > 0 && p <= 1)).toBe(true);
      expect(s.u.every((u) => u !== null && u >= 0 && u < 1)).toBe(true);
      expect(s.text).toBe(`el cielo es ${s.tokens.join(' ')}`);
    }
    expect(samples.map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it('json: one receipt document with the seed, the input, the options and the samples', async () => {
    const run = await sample([...args, '-f', 'json']);
    const receipt = JSON.parse(run.stdout);
    expect(Object.keys(receipt)).toEqual(['sample', 'command', 'seed', 'input', 'options', 'samples']);
    expect(receipt.seed).toBe('1');
    expect(receipt.input).toBe('el cielo es');
    expect(receipt.options).toMatchObject({ count: 3, tokens: 2, norm: 'sum', temperature: 1, 'top-k': 0 });
    expect(receipt.samples).toEqual(jsonl((await sample([...args, '-f', 'jsonl'])).stdout));
  });

  it('tsv: index and text, no header', async () => {
    const text = await sample(args);
    const run = await sample([...args, '-f', 'tsv']);
    expect(lines(run.stdout)).toEqual(lines(text.stdout).map((line, i) => `${i}\t${line}`));
  });

  it('records null for the u greedy never drew', async () => {
    const [s] = jsonl((await sample(['el cielo es', '--greedy', '-f', 'jsonl'])).stdout);
    expect(s).toMatchObject({ tokens: ['azul'], probs: [1], u: [null] });
  });

  it('stays valid JSON beside --explain, --stats and warnings on stderr', async () => {
    const run = await sample(['el cielo es', '-n', '50', '-f', 'json', '--explain', '--stats', '--norm', 'softmax']);
    expect(run.stderr).toMatch(/warning[\s\S]*explain[\s\S]*chi-square/);
    expect(JSON.parse(run.stdout).samples).toHaveLength(50);
    expect(run.stdout).not.toContain('\x1b');
  });

  it('--only-new prints only the sampled tokens', async () => {
    const run = await sample([...args, '--only-new']);
    const full = await sample(args);
    expect(lines(run.stdout)).toEqual(lines(full.stdout).map((line) => line.replace('el cielo es ', '')));
    expect(jsonl((await sample([...args, '--only-new', '-f', 'jsonl'])).stdout)[0].text).toBe(lines(run.stdout)[0]);
  });
});

describe('--probs in every format', () => {
  const expected = [
    { token: 'azul', id: 227, logit: 4500, prob: 4500 / 10620 },
    { token: 'cielo', id: 350, logit: 1260, prob: 1260 / 10620 },
    { token: 'frío', id: 402, logit: 3600, prob: 3600 / 10620 },
    { token: 'el', id: 578, logit: 360, prob: 360 / 10620 },
    { token: 'es', id: 698, logit: 900, prob: 900 / 10620 },
  ];

  it('json: an array in canonical order, every digit', async () => {
    expect(JSON.parse((await sample(['el cielo es', '--probs', '-f', 'json'])).stdout)).toEqual(expected);
  });

  it('jsonl: one object per token', async () => {
    expect(lines((await sample(['el cielo es', '--probs', '-f', 'jsonl'])).stdout).map((l) => JSON.parse(l))).toEqual(
      expected,
    );
  });

  it('tsv: the same columns under a header', async () => {
    const [header, ...rows] = lines((await sample(['el cielo es', '--probs', '-f', 'tsv'])).stdout);
    expect(header).toBe('token\tid\tlogit\tprob');
    expect(rows.map((row) => row.split('\t'))).toEqual(
      expected.map((e) => [e.token, String(e.id), String(e.logit), String(e.prob)]),
    );
  });
});

describe('phrases on stdin', () => {
  const input = 'el cielo es\nes el cielo\n';

  it('continues each line -n times, in input order, from one stream', async () => {
    const run = await sample(['-n', '2', '--seed', '1'], { input });
    const out = lines(run.stdout);
    expect(out).toHaveLength(4);
    expect(out.slice(0, 2).every((line) => line.startsWith('el cielo es '))).toBe(true);
    expect(out.slice(2).every((line) => line.startsWith('es el cielo '))).toBe(true);
    // One stream: the second phrase's draws follow the first's, so with this model (where the
    // distribution does not depend on the context) the tokens are those of one four-sample run.
    const single = await sample(['el cielo es', '-n', '4', '--seed', '1', '--only-new']);
    expect(out.map((line) => line.split(' ')[3])).toEqual(lines(single.stdout));
  });

  it('takes - as the phrase to mean stdin, and skips empty lines', async () => {
    const dash = await sample(['-', '-n', '2', '--seed', '1'], { input: `\n${input.replace('\n', '\n\n')}` });
    const plain = await sample(['-n', '2', '--seed', '1'], { input });
    expect(dash.stdout).toBe(plain.stdout);
  });

  it('numbers the lines in jsonl and lists them in the json receipt', async () => {
    const samples = jsonl((await sample(['-n', '1', '--seed', '1', '-f', 'jsonl'], { input: `\n${input}` })).stdout);
    expect(samples.map((s) => [s.index, s.line, s.input])).toEqual([
      [0, 2, 'el cielo es'],
      [1, 3, 'es el cielo'],
    ]);
    const receipt = JSON.parse((await sample(['-n', '1', '--seed', '1', '-f', 'json'], { input })).stdout);
    expect(receipt.input).toEqual(['el cielo es', 'es el cielo']);
  });

  it('names the line of a bad phrase, after writing the lines before it', async () => {
    const run = await sample(['-n', '2', '--seed', '1'], { input: 'el cielo es\nel frio es\nes el cielo\n' });
    expect(run.code).toBe(1);
    expect(lines(run.stdout)).toHaveLength(2);
    expect(run.stderr).toBe(
      'sample: line 2: unknown token "frio" at position 2; did you mean "frío"? Known tokens: azul, cielo, frío, el, es.\n',
    );
  });

  it('shows the distribution of each line with --probs', async () => {
    const rows = lines((await sample(['--probs', '-f', 'tsv'], { input })).stdout);
    expect(rows[0]).toBe('line\ttoken\tid\tlogit\tprob');
    expect(rows).toHaveLength(11);
    expect(rows[6]).toMatch(/^2\tazul\t227\t3780\t/);
  });
});

describe('seeds and receipts', () => {
  it('a run without --seed reports its seed, and its receipt reproduces it', async () => {
    const first = JSON.parse((await sample(['el cielo es', '-n', '20', '-t', '2', '-k', '3', '-f', 'json'])).stdout);
    expect(first.seed).toMatch(/^\d+$/);
    const o = first.options;
    const again = await sample([
      first.input,
      '--seed',
      first.seed,
      '-n',
      String(o.count),
      '-t',
      String(o.tokens),
      '--norm',
      o.norm,
      '-T',
      String(o.temperature),
      '-k',
      String(o['top-k']),
      '-p',
      String(o['top-p']),
      '--min-p',
      String(o['min-p']),
      '--vocab',
      o.vocab,
      '--weights',
      o.weights,
      '-f',
      'json',
    ]);
    // The same receipt, but for the command line, which says what was typed.
    expect({ ...JSON.parse(again.stdout), command: first.command }).toEqual(first);
  });

  it('every jsonl line carries the seed of its run', async () => {
    const samples = jsonl((await sample(['el cielo es', '-n', '5', '-f', 'jsonl'])).stdout);
    expect(new Set(samples.map((s) => s.seed)).size).toBe(1);
  });
});

describe('help', () => {
  it('leads with examples, including jq and stdin, and lists the exit codes', async () => {
    const { stdout } = await sample(['--help']);
    expect(stdout.indexOf('Examples:')).toBeLessThan(stdout.indexOf('The draws:'));
    expect(stdout.indexOf('Examples:')).toBeGreaterThan(-1);
    expect(stdout).toContain('| jq -r .text');
    expect(stdout).toMatch(/printf .* \| sample -n 2/);
    expect(stdout).toMatch(/Exit codes:\n\s+0 [\s\S]*\n\s+1 [\s\S]*\n\s+2 /);
  });
});

describe('the json receipt says what made it', () => {
  it.each([
    [['el cielo es', '-n', '3', '-T', '0.7', '--seed', '5', '-f', 'json']],
    [['el cielo es', '-n', '2', '--logit-bias', 'azul=-inf', '-f', 'json']],
    [
      [
        '--logits',
        fileURLToPath(new URL('../fixtures/captures/ollama.json', import.meta.url)),
        '--at',
        '2',
        '-n',
        '3',
        '-f',
        'json',
      ],
    ],
  ])('sample’s version, and a command line that makes the same receipt: %j', async (args) => {
    const first = await sample(args);
    const receipt = JSON.parse(first.stdout);
    expect(receipt.sample).toMatch(/^\d+\.\d+\.\d+/);
    const words = splitLine(receipt.command).words.filter((word) => word !== '');
    expect(words[0]).toBe('sample');
    expect((await sample(words.slice(1))).stdout).toBe(first.stdout);
  });
});
