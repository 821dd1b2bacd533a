import { describe, expect, it } from 'vitest';
import { compareChains, parting, partingSentence, removals } from '../src/compare.js';
import { en } from '../src/i18n/en.js';
import { loadModel } from '../src/load.js';
import { secondChain } from '../src/page/second.js';
import { nextDistribution } from '../src/sampler.js';
import { PRESETS } from '../src/samplers/index.js';
import { inMemory as cli } from './helpers/memory-io.js';

const post = loadModel();
/** "el cielo es": el, cielo, es. */
const window = [3, 1, 4];
const llama = { samplers: PRESETS['llama.cpp'] };

describe('where two chains part', () => {
  it('T 2 and top-p 0.7 in both orders: llama.cpp’s top-p, first, removes cielo, which hf’s keeps after T flattened it', () => {
    // hf: √p renormalised is 0.3171, 0.1678, 0.2836, 0.0897, 0.1418: azul + frío = 0.6007 < 0.7, so cielo stays.
    // llama.cpp: azul + frío = 0.4237 + 0.3390 = 0.7627 ≥ 0.7 before T, so cielo goes.
    const c = compareChains(post, window, [
      { temperature: 2, topP: 0.7 },
      { temperature: 2, topP: 0.7, ...llama },
    ]);
    expect(c.parting).toEqual({ stage: 'top_p', chain: 1, step: 0, removed: [1] });
    expect(Array.from(c.distributions[1].probs, (p) => +p.toFixed(4))).toEqual([0.5279, 0, 0.4721, 0, 0]);
    expect(Array.from(c.distributions[0].probs, (p) => +p.toFixed(4))).toEqual([0.4126, 0.2183, 0.3691, 0, 0]);
  });

  it('the first removal by its place in its own chain; the first chain’s on a tie', () => {
    // -k 1 removes four tokens at step 0 in chain 1; chain 2's top-p 0.5 keeps azul, frío at step 0 too.
    expect(compareChains(post, window, [{ topK: 1 }, { topP: 0.6 }]).parting).toEqual({
      stage: 'top_k',
      chain: 0,
      step: 0,
      removed: [2],
    });
  });

  it('a processor’s ban parts them too, at the processor', () => {
    const ban = { logitBias: [{ token: 'frío', bias: Number.NEGATIVE_INFINITY }] };
    expect(compareChains(post, window, [{}, ban]).parting).toEqual({
      stage: 'logit_bias',
      chain: 1,
      step: 0,
      removed: [2],
    });
  });

  it('the same tokens with other probabilities: the stage only one chain has, or where the steps first differ', () => {
    expect(compareChains(post, window, [{ topK: 2 }, { topK: 2, temperature: 3 }]).parting).toEqual({
      stage: 'temperature',
      chain: 1,
      step: 0,
      removed: [],
    });
    expect(compareChains(post, window, [{ temperature: 2 }, { temperature: 0.5 }]).parting?.stage).toBe('temperature');
    expect(compareChains(post, window, [{}, { norm: 'softmax' }]).parting).toEqual({
      stage: 'norm',
      chain: 0,
      step: 0,
      removed: [],
    });
  });

  it('two orders that commute, or the same chain, do not part', () => {
    // Temperature and top-k commute under the post's norm: the same tokens and, to rounding, the same probabilities.
    expect(
      compareChains(post, window, [
        { temperature: 2, topK: 3 },
        { temperature: 2, topK: 3, ...llama },
      ]).parting,
    ).toBe(undefined);
    const d = nextDistribution(post, window, { topP: 0.5 });
    expect(parting(d, d)).toBe(undefined);
  });

  it('removals: the step that removed each token, -1 for those left', () => {
    const d = nextDistribution(post, window, { topK: 3, topP: 0.7, samplers: ['top_k', 'top_p'] });
    expect(Array.from(removals(d))).toEqual([-1, 1, -1, 0, 0]);
  });
});

describe('--compare on the command line', () => {
  const args = ['el cielo es', '--temp', '2', '-p', '0.7', '--compare', 'llama.cpp', '--probs'];

  it('text on a terminal: both distributions side by side, which chain keeps each token, and where they part', async () => {
    const run = await cli(args, '', true);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      'token  id   p 1     p 2     kept by',
      `azul   227  0.4126  0.5279  1 2      ${'█'.repeat(6).padEnd(15)} ${'█'.repeat(8)}`,
      `cielo  350  0.2183  0.0000  1        ${'█'.repeat(3)}`,
      `frío   402  0.3691  0.4721  1 2      ${'█'.repeat(6).padEnd(15)} ${'█'.repeat(7)}`,
    ]);
    expect(run.stdout).toContain('\nel     578  0.0000  0.0000  –\n');
    expect(run.stderr).toBe('the two chains part at top_p in chain 2: it removes "cielo", which chain 1 keeps\n');
  });

  it.each([
    ['text', 'azul\t227\t4500\t0.4126\t\t4500\t0.5279\t\ncielo\t350\t1260\t0.2183\t\t1260\t0.0000\ttop_p\n'],
    [
      'tsv',
      'token\tid\tlogit\tprob\tremoved_by\tlogit2\tprob2\tremoved_by2\nazul\t227\t4500\t0.41261318002209596\t\t4500\t0.5278640450004206\t\n',
    ],
    [
      'jsonl',
      '{"token":"azul","id":227,"logit":4500,"prob":0.41261318002209596,"removed_by":null,"logit2":4500,"prob2":0.5278640450004206,"removed_by2":null}\n',
    ],
  ])('%s: the second chain as further columns, with the stage that removed each token', async (format, start) => {
    const run = await cli([...args, '-f', format]);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith(start)).toBe(true);
    expect(run.stderr).toMatch(/^the two chains part at top_p in chain 2/);
  });

  it('json: one array of rows, each with both chains', async () => {
    const rows = JSON.parse((await cli([...args, '-f', 'json'])).stdout);
    expect(
      rows.map((r: { removed_by: string | null; removed_by2: string | null }) => [r.removed_by, r.removed_by2]),
    ).toEqual([
      [null, null],
      [null, 'top_p'],
      [null, null],
      ['top_p', 'top_p'],
      ['top_p', 'top_p'],
    ]);
  });

  it('other settings: "--samplers llama.cpp -T 0.7" is read as the chain’s own options', async () => {
    const run = await cli(['el cielo es', '--probs', '-f', 'jsonl', '--compare', '--samplers llama.cpp -T 0.7']);
    const second = nextDistribution(post, window, { ...llama, temperature: 0.7 }).probs;
    expect(
      run.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).prob2),
    ).toEqual(Array.from(second));
    expect(run.stderr).toBe(
      'the two chains keep the same tokens; their probabilities part at temperature in chain 2\n',
    );
  });

  it.each([
    ['llama.cpp'],
    ['--samplers llama.cpp -T 0.7'],
    ['-p 0.9 --min-p 0.1'],
    ['--temp=2 --top-k 2'],
    ['--sampler-seq pt'],
    ['--logit-bias azul=-inf --greedy'],
  ])('the page reads --compare %s as the command line does: the same second distribution', async (spec) => {
    const first = { temperature: 2, topP: 0.7 };
    const run = await cli(['el cielo es', '-T', '2', '-p', '0.7', '--probs', '-f', 'jsonl', '--compare', spec]);
    expect(run.code).toBe(0);
    const page = compareChains(post, window, [first, { ...first, ...secondChain(spec, en) }]);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines.map((line) => JSON.parse(line).prob2)).toEqual(Array.from(page.distributions[1].probs));
    expect(run.stderr.trim().split('\n').at(-1)).toBe(partingSentence(post, ...page.distributions, en));
  });

  it.each([['-T hot'], ['-n 3'], ['--seed=4'], ['"top_p'], ['"top_p;temperature"'], ['top_k;warmth']])(
    'the page refuses --compare %s in the words of the command line',
    async (spec) => {
      const run = await cli(['el cielo es', '--probs', '--compare', spec]);
      expect(run.code).toBe(2);
      expect(() => secondChain(spec, en)).toThrow(run.stderr.trim().replace(/^sample: /, ''));
    },
  );

  it('--explain shows both chains, each up to the stage where they part, then says where', async () => {
    const run = await cli([...args.slice(0, -1), '--explain', '-n', '1', '--seed', '1']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('chain 1: temperature → top_p\n');
    expect(run.stderr).toContain('chain 2: top_p → temperature\n');
    expect(run.stderr.match(/the chains part here, at top_p/g)).toHaveLength(2);
    // Chain 2 stops at its top-p: its temperature is never shown.
    const second = run.stderr.slice(run.stderr.indexOf('chain 2:'));
    expect(second).not.toMatch(/temperature 2:/);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
      'the two chains part at top_p in chain 2: it removes "cielo", which chain 1 keeps',
    );
    expect(run.stdout).toMatch(/^el cielo es \S+\n$/);
  });

  it('the same chain twice says so', async () => {
    expect((await cli(['el cielo es', '--probs', '--compare', 'hf'])).stderr).toBe(
      'the two chains give the same distribution\n',
    );
  });

  it.each([
    ['llama', /^sample: --compare llama: --samplers: unknown stage "llama"; use a preset/],
    ['--tmp 2', /^sample: --compare --tmp 2: unknown option '--tmp' \(Did you mean --temp\?\)$/],
    [
      '-T -1',
      /^sample: --compare -T -1: option '-T, --temperature <t>' argument '-1' is invalid\. It must be a number ≥ 0\.$/,
    ],
    ['-n 5', /^sample: --compare -n 5: --count is not an option of the chain; give --compare a preset/],
    ['-T 2 azul', /^sample: --compare -T 2 azul: azul is not an option of the chain/],
    ['--help', /^sample: --compare --help: --help is not an option of the chain/],
    ["-T '2", /^sample: --compare -T '2: a quote is left open; close it$/],
  ])('a spec that does not parse, %s, is a usage error in one line', async (spec, message) => {
    const run = await cli(['el cielo es', '--probs', '--compare', spec]);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr.trimEnd()).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('without --probs or --explain there is nothing to compare', async () => {
    const run = await cli(['el cielo es', '--compare', 'llama.cpp']);
    expect([run.code, run.stderr]).toEqual([
      2,
      'sample: --compare shows two distributions side by side; add --probs or --explain\n',
    ]);
  });
});
