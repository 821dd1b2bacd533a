import { describe, expect, it } from 'vitest';
import { lines, sample } from '../helpers/cli.js';
import { modelFiles } from '../helpers/models.js';

const phrase = 'el cielo es';

/** The --probs column of each token, from the jsonl rows. */
async function probs(args: string[], files?: { vocab: string; weights: string }): Promise<number[]> {
  const model = files ? ['--vocab', files.vocab, '--weights', files.weights] : [];
  const run = await sample([...args, ...model, '--probs', '-f', 'jsonl']);
  expect(run.stderr).not.toMatch(/error/);
  expect(run.code).toBe(0);
  return lines(run.stdout).map((line) => JSON.parse(line).prob);
}

const closeTo = (actual: number[], expected: number[]): void => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((x, i) => {
    expect(x).toBeCloseTo(expected[i], 5);
  });
};

describe('the order of the chain', () => {
  it('-T 2 -p 0.7 keeps cielo under hf, drops it under llama.cpp, and --explain shows why', async () => {
    const [, hf] = await probs([phrase, '-T', '2', '-p', '0.7']);
    const [, llama] = await probs([phrase, '-T', '2', '-p', '0.7', '--samplers', 'llama.cpp']);
    expect(hf).toBeGreaterThan(0);
    expect(llama).toBe(0);
    const explained = await sample([
      phrase,
      '-T',
      '2',
      '-p',
      '0.7',
      '--samplers',
      'llama.cpp',
      '--explain',
      '--seed',
      '1',
    ]);
    expect(explained.stderr).toMatch(/5\. top-p 0\.7: .*\n {2}removed: cielo, el, es[\s\S]*6\. temperature 2/);
    const hfExplained = await sample([phrase, '-T', '2', '-p', '0.7', '--explain', '--seed', '1']);
    expect(hfExplained.stderr).toMatch(/5\. temperature 2[\s\S]*6\. top-p 0\.7: .*\n {2}removed: el, es;/);
  });

  it('takes llama.cpp list syntax, with ; or , and - for _', async () => {
    const a = await probs([phrase, '-T', '2', '-p', '0.7', '--samplers', 'top_p;temperature']);
    const b = await probs([phrase, '-T', '2', '-p', '0.7', '--samplers', 'top-p, temp']);
    expect(a).toEqual(b);
    expect(a[1]).toBe(0);
  });

  it.each([
    ['top_k;warmth', /unknown stage "warmth"; use a preset \(hf, llama\.cpp\) or names from: logit_bias, penalties/],
    ['top_k;top-k', /top_k is listed twice/],
  ])('--samplers %s is a usage error that lists the valid names', async (list, message) => {
    const run = await sample([phrase, '--samplers', list]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(lines(run.stderr)).toHaveLength(1);
  });

  it('warns about a stage whose option is set but which the list leaves out', async () => {
    const run = await sample([phrase, '-k', '2', '--samplers', 'top_p', '--seed', '1']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      'sample: warning: top-k 2 is set, but --samplers leaves out top_k, so it does nothing; add top_k to the list\n',
    );
  });

  it('the receipt records the order and every stage option', async () => {
    const run = await sample([
      phrase,
      '--samplers',
      'llama.cpp',
      '--logit-bias',
      'el=-inf',
      '-f',
      'json',
      '--seed',
      '1',
    ]);
    const { options } = JSON.parse(run.stdout);
    expect(options.samplers).toBe(
      'logit_bias;penalties;no_repeat_ngram;dry;top_n_sigma;top_k;top_a;tfs;typ_p;top_p;top_h;min_p;epsilon;eta;xtc;temperature;smoothing;adaptive_p;mirostat',
    );
    expect(options['logit-bias']).toEqual(['el=-inf']);
    expect(options['repeat-last-n']).toBe(64);
    expect(options['xtc-threshold']).toBe(0.1);
  });
});

describe('logit processors', () => {
  it('--logit-bias TOKEN=-inf bans a token under both norms; an id works too', async () => {
    expect((await probs([phrase, '--logit-bias', 'azul=-inf']))[0]).toBe(0);
    expect((await probs([phrase, '--logit-bias', '227=-inf', '--norm', 'softmax']))[0]).toBe(0);
    const frio = await probs([phrase, '--logit-bias', 'azul=-inf', '--norm', 'softmax']);
    expect(frio[2]).toBe(1);
  });

  it('an unknown --logit-bias token is an error with a suggestion', async () => {
    const run = await sample([phrase, '--logit-bias', 'frio=2']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown token "frio" in --logit-bias; did you mean "frío"\?/);
  });

  it.each([
    ['--logit-bias', 'azul'],
    ['--logit-bias', 'azul=lots'],
    ['--repeat-penalty', '0'],
    ['--repeat-last-n', '-2'],
    ['--top-n-sigma', '-1'],
    ['--mirostat', '3'],
    ['--typical', '0'],
    ['--xtc-probability', '1.5'],
  ])('%s %s is a usage error', async (flag, value) => {
    const run = await sample([phrase, flag, value]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`^sample: option '.*${flag} .*' argument '${value}' is invalid\\. It must be`),
    );
  });

  it('under sum norm, a penalty that makes a logit negative points to softmax', async () => {
    const run = await sample([phrase, '--presence-penalty', '5000']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /the logit of "cielo" is -3740 after penalties, and norm cannot make a probability of a negative logit; use --norm softmax/,
    );
  });

  it('penalties see the phrase, then the tokens generated: greedy takes an unseen token while one is left', async () => {
    const args = [phrase, '-t', '2', '--greedy', '--repeat-penalty', '1e9', '--norm', 'softmax', '-T', '300'];
    expect((await sample(args)).stdout).toBe('el cielo es azul frío\n');
  });
});

/** A model whose distribution after `history` is `p`: ids are powers of two and f1 scales the last one's id to 1. */
function modelFor(p: number[], history: number[], logits: (x: number) => number) {
  const names = p.map((_, i) => `t${i}`);
  const vocab = Object.fromEntries(names.map((name, i) => [name, 2 ** i]));
  const f2 = Object.fromEntries(names.map((name, i) => [name, logits(p[i])]));
  const files = modelFiles(vocab, { f1: [1 / 2 ** history[history.length - 1]], f2 });
  return { files, phrase: history.map((i) => names[i]).join(' ') };
}

describe("the reference implementations' cases, through the CLI", () => {
  const base = [0.1, 0.2, 0.3, 0.4];
  it.each([
    [
      ['-k', '3'],
      [0, 2 / 9, 3 / 9, 4 / 9],
    ],
    [
      ['-p', '0.7'],
      [0, 0, 3 / 7, 4 / 7],
    ],
    [
      ['--min-p', '0.26'],
      [0, 2 / 9, 3 / 9, 4 / 9],
    ],
    [
      ['--xtc-probability', '0.99', '--xtc-threshold', '0.19'],
      [1 / 3, 2 / 3, 0, 0],
    ],
  ])('llama.cpp: %j on (0.1, 0.2, 0.3, 0.4)', async (args, expected) => {
    const { files, phrase: p } = modelFor(base, [0], (x) => x);
    closeTo(await probs([p, ...args], files), expected);
  });

  it('llama.cpp: top-n-sigma 1 on logits ln p keeps 0.3 and 0.4', async () => {
    const { files, phrase: p } = modelFor(base, [0], Math.log);
    closeTo(await probs([p, '--norm', 'softmax', '--top-n-sigma', '1'], files), [0, 0, 0.428571, 0.571429]);
  });

  it('llama.cpp: penalties 1, 5, 5 after (0, 1, 2, 0, 0)', async () => {
    const { files, phrase: p } = modelFor([0.2, 0.2, 0.2, 0.2, 0.2], [0, 1, 2, 0, 0], Math.log);
    const args = [p, '--norm', 'softmax', '--frequency-penalty', '5', '--presence-penalty', '5'];
    closeTo(await probs(args, files), [0, 0.000023, 0.000023, 0.499977, 0.499977]);
  });

  it('llama.cpp: DRY 2, 1.1, 2 after (0, 1, 2, 0, 1)', async () => {
    const { files, phrase: p } = modelFor([0.2, 0.2, 0.2, 0.2, 0.2], [0, 1, 2, 0, 1], Math.log);
    const args = [p, '--norm', 'softmax', '--dry-multiplier', '2', '--dry-base', '1.1', '--dry-penalty-last-n', '5'];
    closeTo(await probs(args, files), [0.241818, 0.241818, 0.032727, 0.241818, 0.241818]);
  });

  it('llama.cpp: a DRY sequence breaker stops the run', async () => {
    const { files, phrase: p } = modelFor([0.2, 0.2, 0.2, 0.2, 0.2], [0, 1, 3, 4, 0, 1], Math.log);
    const args = [p, '--norm', 'softmax', '--dry-multiplier', '1', '--dry-base', '1.1', '--dry-sequence-breaker', 't3'];
    closeTo(await probs(args, files), [0.2, 0.2, 0.2, 0.2, 0.2]);
  });

  it('transformers: no-repeat-ngram 2 after (0, 1, 0, 1) bans token 0', async () => {
    const { files, phrase: p } = modelFor([1 / 3, 1 / 3, 1 / 3], [0, 1, 0, 1], () => 1);
    closeTo(await probs([p, '--no-repeat-ngram', '2'], files), [0, 0.5, 0.5]);
  });

  it.each([
    [
      ['--epsilon', '0.1'],
      [0.87, 0.099, 0.001, 0.03],
      [1, 0, 0, 0],
    ],
    [
      ['--eta', '0.0625'],
      [0.01, 0.04, 0.9, 0.05],
      [0, 0, 1, 0],
    ],
    [
      ['--typical', '0.5'],
      [0.4, 0.2, 0.2, 0.2],
      [0, 1 / 3, 1 / 3, 1 / 3],
    ],
  ])('transformers: %j on %j', async (args, p, expected) => {
    const { files, phrase: words } = modelFor(p, [0], (x) => x);
    closeTo(await probs([words, ...args], files), expected);
  });
});

describe('stateful and random stages', () => {
  it('--probs shows XTC as when it fires, and says so', async () => {
    const run = await sample([phrase, '--xtc-probability', '0.5', '--xtc-threshold', '0.3', '--probs']);
    expect(run.stderr).toMatch(/^sample: note: --probs shows the distribution as when xtc fires/);
    expect(run.stdout.split('\n')[0]).toBe('azul\t227\t4500\t0.0000');
  });

  it('--explain shows XTC’s own u, mirostat’s μ and dynatemp’s temperature', async () => {
    const run = await sample([
      phrase,
      '--seed',
      '3',
      '--xtc-probability',
      '1',
      '--xtc-threshold',
      '0.3',
      '--mirostat',
      '2',
      '--dynatemp-range',
      '0.5',
      '--explain',
    ]);
    expect(run.stderr).toMatch(/dynamic temperature 1 ± 0\.5[\s\S]*entropy = 1\.30734[\s\S]*temperature = /);
    expect(run.stderr).toMatch(/XTC: [\s\S]*fired: u ≤ 1\n {2}u = 0\.\d+\n {2}removed: azul/);
    expect(run.stderr).toMatch(/mirostat v2 [\s\S]*μ = 10\n/);
  });

  it('--stats checks XTC’s counts against the mix of its two distributions, in its coin’s proportions', async () => {
    const run = await sample([
      phrase,
      '-n',
      '20000',
      '--seed',
      '1',
      '--stats',
      '--xtc-probability',
      '0.5',
      '--xtc-threshold',
      '0.3',
    ]);
    expect(run.stderr).toMatch(/azul\s+0\.2119\s/); // 0.5 × 4500/10620 + 0.5 × 0
    expect(run.stderr).toMatch(/: the counts fit/);
  });

  it('mirostat starts afresh for each continuation', async () => {
    const run = await sample([phrase, '-n', '4', '-t', '6', '--seed', '2', '--mirostat', '2', '--mirostat-ent', '1']);
    const first = lines(run.stdout).map((line) => line.split(' ')[3]);
    const again = await sample([phrase, '-n', '1', '-t', '6', '--seed', '2', '--mirostat', '2', '--mirostat-ent', '1']);
    expect(first[0]).toBe(lines(again.stdout)[0].split(' ')[3]);
  });
});
