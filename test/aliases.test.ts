import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../src/controls.js';
import { inMemory as cli } from './helpers/memory-io.js';

/**
 * For each option that has llama.cpp spellings, a value in each: the alias's, then sample's own
 * that means the same. A control that gains an alias without one here fails the test below.
 */
const EXAMPLES: Record<string, [string, string]> = {
  temperature: ['0.7', '0.7'],
  'top-n-sigma': ['1', '1'],
  typical: ['0.9', '0.9'],
  'logit-bias': ['578-1.5', '578=-1.5'],
  samplers: ['dkpt', 'logit_bias;dry;top_k;top_p;temperature;mirostat'],
};

const aliased = CONTROLS.flatMap((control) => (control.aliases ?? []).map((alias) => ({ control, alias })));

describe("llama.cpp's spellings", () => {
  it('cover what common/arg.cpp spells otherwise', () => {
    expect(aliased.map(({ alias }) => alias.flag).sort()).toEqual(
      ['--temp', '--top-nsigma', '--typical-p', '-l', '--sampler-seq', '--sampling-seq'].sort(),
    );
  });

  it.each(aliased.map(({ control, alias }) => [alias.flag, control.flag]))(
    '%s gives what --%s gives, with its value apart or attached, in every format',
    async (alias, flag) => {
      const example = EXAMPLES[flag];
      expect(example, `an example value for ${alias}`).toBeDefined();
      const [theirs, ours] = example;
      for (const format of ['text', 'jsonl', 'json']) {
        const common = ['el cielo es', '-n', '20', '-t', '3', '--seed', '7', '-f', format];
        const own = await cli([...common, `--${flag}`, ours]);
        expect(own.code).toBe(0);
        expect(await cli([...common, alias, theirs])).toEqual(own);
        const joined = alias.startsWith('--') ? `${alias}=${theirs}` : `${alias}${theirs}`;
        expect(await cli([...common, joined])).toEqual(own);
      }
    },
  );

  it('an unknown option suggests the nearest spelling, llama.cpp’s included: --tmp → --temp', async () => {
    expect((await cli(['el', '--tmp', '2'])).stderr).toMatch(/unknown option '--tmp' \(Did you mean --temp\?\)/);
    expect((await cli(['el', '--top-nsigm', '1'])).stderr).toMatch(/Did you mean --top-nsigma\?/);
    expect((await cli(['el', '--temperatur', '1'])).stderr).toMatch(/Did you mean --temperature\?/);
  });

  it('--help names them in one line, each with the option it stands for', async () => {
    const help = (await cli(['--help'])).stdout;
    // One sentence, which --help wraps to the terminal's width like the rest.
    const sentence = help.slice(help.indexOf("llama.cpp's spellings")).split('\n\n')[0].replace(/\s+/g, ' ');
    expect(sentence).toContain('--temp (--temperature)');
    for (const { alias } of aliased) expect(sentence).toContain(alias.flag);
    expect(sentence).toContain('--sampler-seq, --sampling-seq (--samplers)');
  });

  it('-l takes llama.cpp’s ID-inf ban, and refuses ID+inf as --logit-bias refuses +inf', async () => {
    const banned = await cli(['el cielo es', '-l', '227-inf', '--probs', '-f', 'jsonl']);
    expect(JSON.parse(banned.stdout.split('\n')[0])).toMatchObject({ token: 'azul', prob: 0 });
    const refused = await cli(['el cielo es', '-l', '227+inf']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/argument '227\+inf' is invalid/);
  });

  it('an unknown --sampler-seq letter is a usage error that lists the letters', async () => {
    const run = await cli(['el cielo es', '--sampler-seq', 'kq']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^sample: --sampler-seq: no sampler has the letter "q"; use llama.cpp's letters edskypmxt/,
    );
  });

  it('an option’s value and the words after -- are never read as aliases', async () => {
    // --temp is the breaker's value: a token the vocabulary lacks.
    const breaker = await cli(['el cielo es', '--dry-multiplier', '1', '--dry-sequence-breaker', '--temp']);
    expect(breaker.stderr).toMatch(/^sample: unknown token "--temp" in --dry-sequence-breaker/);
    const phrase = await cli(['--', '--temp']);
    expect(phrase.code).toBe(1);
    expect(phrase.stderr).toMatch(/unknown token "--temp"/);
  });
});
