import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lines, sample } from '../helpers/cli.js';

const phrase = 'el cielo es';
const drawn = async (...args: string[]): Promise<Set<string>> => {
  const run = await sample([phrase, '-n', '300', '--seed', '5', ...args]);
  expect(run.code).toBe(0);
  return new Set(lines(run.stdout).map((line) => line.slice(phrase.length + 1)));
};

describe('sampling controls on the bundled model', () => {
  it.each([['--norm', 'softmax'], ['--greedy'], ['-T', '0']])('%s %s gives only azul', async (...args) => {
    expect(await drawn(...args)).toEqual(new Set(['azul']));
  });

  it.each([
    ['-k', '2'],
    ['-p', '0.5'],
  ])('%s %s gives azul and frío', async (...args) => {
    expect(await drawn(...args)).toEqual(new Set(['azul', 'frío']));
  });

  it('--min-p 0.25 gives azul, cielo and frío', async () => {
    expect(await drawn('--min-p', '0.25')).toEqual(new Set(['azul', 'cielo', 'frío']));
  });

  it('-t 3 puts three new tokens on each line', async () => {
    const run = await sample([phrase, '-n', '20', '-t', '3', '--seed', '1']);
    for (const line of lines(run.stdout)) expect(line.split(' ')).toHaveLength(6);
  });
});

describe('warnings for settings that leave one token', () => {
  it.each([
    [
      ['--norm', 'softmax'],
      'sample: warning: softmax gives "azul" all the probability: its logit leads the next by 900, and e^-900 rounds to 0; --temperature 230 shows the shape of the distribution; every sample will be "azul", whatever the seed',
    ],
    [['-k', '1'], 'sample: warning: top-k 1 leaves only "azul"; every sample will be "azul", whatever the seed'],
    [['-p', '0.4'], 'sample: warning: top-p 0.4 leaves only "azul"; every sample will be "azul", whatever the seed'],
    [
      ['--min-p', '0.9'],
      'sample: warning: min-p 0.9 leaves only "azul"; every sample will be "azul", whatever the seed',
    ],
    [
      ['-T', '0.0001'],
      'sample: warning: temperature 0.0001 leaves only "azul"; every sample will be "azul", whatever the seed',
    ],
  ])('%j warns once, on stderr, and still samples', async (args, warning) => {
    const run = await sample([phrase, '-n', '3', ...args]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`${warning}\n`);
    expect(lines(run.stdout)).toEqual(['el cielo es azul', 'el cielo es azul', 'el cielo es azul']);
  });

  it('greedy asked for by name needs no warning', async () => {
    expect((await sample([phrase, '--greedy'])).stderr).toBe('');
  });
});

describe('--probs', () => {
  it("prints the post's distribution as tab-separated rows on a pipe", async () => {
    const run = await sample([phrase, '--probs']);
    expect(run.stdout).toBe(
      'azul\t227\t4500\t0.4237\ncielo\t350\t1260\t0.1186\nfrío\t402\t3600\t0.3390\nel\t578\t360\t0.0339\nes\t698\t900\t0.0847\n',
    );
  });

  it('shows the distribution after the chain', async () => {
    const run = await sample([phrase, '--probs', '-k', '2']);
    expect(lines(run.stdout).map((line) => line.split('\t')[3])).toEqual([
      '0.5556',
      '0.0000',
      '0.4444',
      '0.0000',
      '0.0000',
    ]);
  });
});

describe('--explain', () => {
  it('traces the first draw on stderr with every number of the post, and leaves stdout alone', async () => {
    const plain = await sample([phrase, '-n', '3', '--seed', '42']);
    const run = await sample([phrase, '-n', '3', '--seed', '42', '--explain']);
    expect(run.stdout).toBe(plain.stdout);
    for (const number of ['1800', '4500', '1260', '3600', '360', '900', '10620']) expect(run.stderr).toContain(number);
    expect(run.stderr).toContain('f1 = 578×1.0 + 350×0.5 + 698×1.5 = 1800');
    expect(run.stderr).toContain('4500 + 1260 + 3600 + 360 + 900 = 10620');
    expect(run.stderr).toMatch(/cielo\s+\[0\.4237, 0\.5424\)/);
    // u to six digits, said what it is; the norm's note that the phrase divides out.
    expect(run.stderr).toContain('u = 0.00701752 falls in [0.0000, 0.4237) → azul');
    expect(run.stderr).toContain('u is a number between 0 and 1 from the seeded stream');
    expect(run.stderr).toContain('every phrase gives this distribution');
    expect(run.stderr).toContain("this explains the first of the run's 3 draws");
    expect(run.stderr).not.toContain('\x1b[');
  });

  it('names each filter and what it removed', async () => {
    const run = await sample([phrase, '--explain', '-k', '2', '--seed', '1']);
    expect(run.stderr).toMatch(/top-k 2: keep the 2 most probable\n\s+removed: cielo, el, es; the rest renormalised/);
    expect(run.stderr).toMatch(/cielo\s+no band/);
  });

  it('shows why softmax gives azul everything: 4500 − 3600 = 900', async () => {
    const run = await sample([phrase, '--explain', '--norm', 'softmax']);
    expect(run.stderr).toContain('azul leads frío by 4500 − 3600 = 900');
    expect(run.stderr).toMatch(/frío\s+exp\(-900\)\s+=\s+0/);
  });

  it('shows a banned token as −∞, out of the sum, and float noise to six digits', async () => {
    const run = await sample([phrase, '--explain', '--logit-bias', 'frío=-inf', '-T', '3', '--seed', '1']);
    expect(run.stderr).toContain('4500 + 1260 + 360 + 900 = 7020\n  banned, −∞, left out of the sum: frío\n');
    expect(run.stderr).toMatch(/frío\s+banned: −∞, probability 0\n/);
    expect(run.stderr).not.toMatch(/\d\.\d{7,}/);
  });

  it('says greedy draws nothing', async () => {
    const run = await sample([phrase, '--explain', '--greedy']);
    expect(run.stderr).toContain('greedy: azul, the most probable token; no u is drawn');
  });

  it('is coloured only where colour is wanted, and never on stdout', async () => {
    const forced = await sample([phrase, '--explain', '--seed', '1'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stderr).toContain('\x1b[');
    expect(forced.stdout).not.toContain('\x1b[');
    const refused = await sample([phrase, '--explain'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(refused.stderr).not.toContain('\x1b[');
  });
});

describe('--stats', () => {
  it('checks the counts against the distribution with a chi-square on stderr', async () => {
    const plain = await sample([phrase, '-n', '20000', '--seed', '8']);
    const run = await sample([phrase, '-n', '20000', '--seed', '8', '--stats']);
    expect(run.stdout).toBe(plain.stdout);
    expect(run.stderr).toMatch(/azul\s+0\.4237\s+0\.4\d{3}\s+\d+/);
    expect(run.stderr).toMatch(
      /chi-square \d+\.\d{3}, 4 degrees of freedom, p-value (0\.\d{4}|1\.0000): the counts fit/,
    );
  });

  it('counts the first new token of each continuation with -t', async () => {
    const run = await sample([phrase, '-n', '1000', '-t', '4', '--stats']);
    expect(run.stderr).toMatch(/the first new token of 1000 continuations/);
  });
});

describe('invalid values are usage errors', () => {
  it.each([
    ['-T', '-1', 'a number ≥ 0'],
    ['-T', 'abc', 'a number ≥ 0'],
    ['-T', 'Infinity', 'a number ≥ 0'],
    ['-k', '-1', 'a whole number ≥ 0'],
    ['-k', '1.5', 'a whole number ≥ 0'],
    ['-p', '0', 'a number with 0 < value ≤ 1'],
    ['-p', '1.5', 'a number with 0 < value ≤ 1'],
    ['--min-p', '2', 'a number with 0 ≤ value ≤ 1'],
    ['--norm', 'foo', 'Allowed choices are sum, softmax'],
    ['-t', '0', 'a whole number from 1 to 1000000'],
    ['-t', '1000001', 'a whole number from 1 to 1000000'],
  ])('%s %s', async (option, value, expected) => {
    const run = await sample([phrase, option, value]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^sample: option '.*${option}.*' argument '${value}' is invalid\\. .*${expected.replace(/[()]/g, '\\$&')}`,
      ),
    );
  });
});

describe('--settings', () => {
  it("transformers' generation_config.json gives what its options typed give, receipt and all", async () => {
    const config = fileURLToPath(new URL('../fixtures/settings/generation_config.json', import.meta.url));
    // temperature, top_p, top_k, repetition_penalty over the whole sequence, no_repeat_ngram_size,
    // the one-token sequence_bias and suppress_tokens.
    const typed = ['-T', '0.6', '-p', '0.9', '-k', '2', '--repeat-penalty', '1.1', '--repeat-last-n', '-1'];
    const biases = ['--no-repeat-ngram', '3', '--logit-bias', '227=-1.5', '--logit-bias', '698=-inf'];
    for (const format of ['text', 'json']) {
      const run = ['-n', '50', '-t', '3', '--seed', '9', '-f', format];
      const viaFile = await sample([phrase, '--settings', config, ...run]);
      const viaFlags = await sample([phrase, ...typed, ...biases, ...run]);
      expect(viaFile.code).toBe(0);
      expect(viaFile.stdout).toBe(viaFlags.stdout);
      // The one sequence bias of two tokens is said to be left out; the file's other keys are silent.
      expect(viaFile.stderr).toMatch(
        /^sample: .*generation_config\.json: sequence_bias is left out: 1 of its 2 entries bias a sequence; sample biases single tokens\n$/,
      );
    }
  });
});
