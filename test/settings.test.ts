import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SampleError } from '../src/errors.js';
import { loadModel } from '../src/load.js';
import { nextDistribution } from '../src/sampler.js';
import { readSettings, settingsOptions } from '../src/settings.js';
import { failure as thrown } from './helpers/errors.js';
import { inMemory as cli } from './helpers/memory-io.js';
import { writtenFile } from './helpers/models.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/settings/${name}`, import.meta.url));

const file = (content: unknown): string => writtenFile('settings.json', content);

/** The options a file types, as `--flag text`. */
const typedBy = (json: unknown, given?: Set<string>): string[] =>
  readSettings(json, 'f.json', given).typed.map(({ flag, text }) => `--${flag}${text === '' ? '' : ` ${text}`}`);

/** The data error's message: one line naming the file. */
const failure = (run: () => unknown): string => {
  const error = thrown(run);
  expect(error.kind).toBe('data');
  return error.message;
};

describe('readSettings: which tool wrote the file', () => {
  it.each([
    [{ transformers_version: '4.45', do_sample: true, temperature: 0.7 }, 'transformers'],
    [{ prompt: 'x', n_predict: 5, temperature: 0.7 }, 'llama.cpp'],
    [{ default_generation_settings: { temperature: 0.7 } }, 'llama.cpp'],
    [{ default_generation_settings: { params: { temperature: 0.7 } } }, 'llama.cpp'],
    [{ model: 'gpt-4o', messages: [], temperature: 0.7 }, 'openai'],
    // llama.cpp's /v1 takes OpenAI's body with its own keys: the tool that knows more of them.
    [{ model: 'm', messages: [], temperature: 0.7, top_k: 20, min_p: 0.1 }, 'llama.cpp'],
    // Only keys every tool has: OpenAI, whose body is the smallest.
    [{ temperature: 0.7, top_p: 0.9 }, 'openai'],
  ])('%j is %s', (json, format) => {
    expect(readSettings(json, 'f.json').format).toBe(format);
  });

  it.each([[[1]], ['text'], [null], [{}], [{ hello: 1 }]])('%j is none of them: the line lists the formats', (json) => {
    expect(failure(() => readSettings(json, 'f.json'))).toBe(
      'f.json holds no settings sample reads; give --settings a JSON object from one of: openai, llama.cpp, transformers',
    );
  });
});

describe('readSettings: the keys as the options they stand for', () => {
  it('transformers: its names, the whole history for its repetition penalty, its top-k 50 when the file has none, do_sample false as --greedy', () => {
    expect(
      typedBy({ do_sample: false, temperature: 0.6, top_p: 0.9, repetition_penalty: 1.2, typical_p: 0.9 }),
    ).toEqual([
      '--greedy',
      '--temperature 0.6',
      '--top-p 0.9',
      '--repeat-penalty 1.2',
      '--repeat-last-n -1',
      '--typical 0.9',
      '--top-k 50',
    ]);
    expect(
      typedBy({ do_sample: true, top_k: 0, min_p: 0.1, epsilon_cutoff: 3e-4, eta_cutoff: 1e-3, top_h: 0.4 }),
    ).toEqual(['--top-k 0', '--min-p 0.1', '--epsilon 0.0003', '--eta 0.001', '--top-h 0.4']);
    expect(
      typedBy({ do_sample: true, no_repeat_ngram_size: 3, num_return_sequences: 4, max_new_tokens: 7, top_k: 5 }),
    ).toEqual(['--no-repeat-ngram 3', '--count 4', '--tokens 7', '--top-k 5']);
  });

  it('transformers: a one-token sequence bias or bad word is a logit bias on its id; longer ones are left out, said why', () => {
    const settings = readSettings(
      {
        do_sample: true,
        top_k: 0,
        sequence_bias: [
          [[227], -1.5],
          [[350, 402], 2],
        ],
        bad_words_ids: [[698]],
        suppress_tokens: [578],
      },
      'f.json',
    );
    expect(settings.typed.map((t) => t.text)).toEqual(['0', '227-1.5', '698-inf', '578-inf']);
    expect(settings.unused).toEqual([
      {
        key: 'sequence_bias',
        why: expect.objectContaining({ en: '1 of its 2 entries bias a sequence; sample biases single tokens' }),
      },
    ]);
  });

  it('transformers: what it cannot honour is said, with why; a missing do_sample says transformers would be greedy', () => {
    const { unused } = readSettings(
      { transformers_version: '4', num_beams: 4, penalty_alpha: 0.6, temperature: 1 },
      'f.json',
    );
    expect(unused.map((u) => [u.key, u.why?.en])).toEqual([
      ['num_beams', 'beam search keeps several continuations; sample draws each token'],
      ['penalty_alpha', 'contrastive search needs the model’s hidden states'],
      ['do_sample', expect.stringMatching(/^the file has none, so transformers would decode greedily/)],
    ]);
    // One beam is no beam search.
    expect(readSettings({ do_sample: true, num_beams: 1 }, 'f.json').unused).toEqual([]);
  });

  it("llama.cpp: its names, its disabled values as sample's, its random seed as a fresh one, its default order when none is given", () => {
    expect(
      typedBy({
        n_predict: -1,
        seed: -1,
        top_k: -1,
        top_n_sigma: -1,
        temperature: 0.8,
        mirostat: 2,
        mirostat_tau: 3,
        mirostat_eta: 0.2,
      }),
    ).toEqual([
      '--top-k 0',
      '--top-n-sigma 0',
      '--temperature 0.8',
      '--mirostat 2',
      '--mirostat-ent 3',
      '--mirostat-lr 0.2',
      '--samplers llama.cpp',
    ]);
    expect(
      typedBy({
        n_predict: 4,
        seed: 4294967295,
        typical_p: 0.5,
        tfs_z: 0.9,
        adaptive_target: 0.3,
        adaptive_decay: 0.5,
      }),
    ).toEqual([
      '--tokens 4',
      '--typical 0.5',
      '--tfs 0.9',
      '--adaptive-target 0.3',
      '--adaptive-decay 0.5',
      '--samplers llama.cpp',
    ]);
  });

  it('llama.cpp: samplers as names or letters, the logit bias first and the picking stages last, as its chain builds them', () => {
    expect(typedBy({ n_predict: 1, samplers: ['top_k', 'adaptive_p', 'temperature'] })).toEqual([
      '--tokens 1',
      '--samplers logit_bias;top_k;temperature;adaptive_p;mirostat',
    ]);
    expect(typedBy({ n_predict: 1, samplers: 'kt' })).toEqual([
      '--tokens 1',
      '--samplers logit_bias;top_k;temperature;mirostat',
    ]);
  });

  it('llama.cpp: logit biases by id, by text, false as a ban, in its list form and its object form', () => {
    expect(
      typedBy({
        n_predict: 1,
        logit_bias: [
          [578, false],
          ['cielo', 0.5],
          [227, -2],
        ],
      }),
    ).toEqual([
      '--tokens 1',
      '--logit-bias 578-inf',
      '--logit-bias cielo=0.5',
      '--logit-bias 227-2',
      '--samplers llama.cpp',
    ]);
    expect(typedBy({ n_predict: 1, logit_bias: { 578: 1, 402: false } })).toEqual([
      '--tokens 1',
      '--logit-bias 402-inf',
      '--logit-bias 578+1',
      '--samplers llama.cpp',
    ]);
  });

  it("llama.cpp: DRY's breakers only while DRY acts; an empty grammar says nothing, a grammar is said to be left out", () => {
    const breakers = { dry_sequence_breakers: ['\n', 'es'], n_predict: 1 };
    expect(typedBy(breakers)).toEqual(['--tokens 1', '--samplers llama.cpp']);
    expect(typedBy({ ...breakers, dry_multiplier: 0.8 })).toEqual([
      '--dry-sequence-breaker \n',
      '--dry-sequence-breaker es',
      '--tokens 1',
      '--dry-multiplier 0.8',
      '--samplers llama.cpp',
    ]);
    expect(readSettings({ n_predict: 1, grammar: '' }, 'f.json').unused).toEqual([]);
    expect(readSettings({ n_predict: 1, grammar: 'root ::= "a"' }, 'f.json').unused.map((u) => u.key)).toEqual([
      'grammar',
    ]);
  });

  it('OpenAI: its penalties over the whole history, once; n and max_tokens as the count and the length', () => {
    expect(
      typedBy({
        model: 'm',
        presence_penalty: 0.5,
        frequency_penalty: 0.25,
        logit_bias: { 227: -100 },
        seed: 7,
        n: 3,
        max_tokens: 2,
      }),
    ).toEqual([
      '--presence-penalty 0.5',
      '--repeat-last-n -1',
      '--frequency-penalty 0.25',
      '--logit-bias 227-100',
      '--seed 7',
      '--count 3',
      '--tokens 2',
    ]);
  });

  it('an unknown key is named and left out; the prompt or messages are left out, said why', () => {
    const { unused } = readSettings({ model: 'm', messages: [], temperature: 1, tempreature: 2 }, 'f.json');
    expect(unused.map((u) => [u.key, u.why?.en])).toEqual([
      ['messages', 'the phrase is what you type on the command line'],
      ['tempreature', undefined],
    ]);
  });

  it('the options given otherwise win: their keys are left out, unread', () => {
    expect(typedBy({ model: 'm', temperature: -5, top_p: 0.5 }, new Set(['temperature']))).toEqual(['--top-p 0.5']);
  });
});

describe('readSettings: a bad value is one line naming the file and the key', () => {
  it.each([
    [{ temperature: 'hot', model: 'm' }, 'f.json: temperature must be a number, not "hot"; fix the file'],
    [{ temperature: null, model: 'm' }, 'f.json: temperature must be a number, not null; fix the file'],
    [
      { do_sample: 'yes', transformers_version: '4' },
      'f.json: do_sample must be true or false, not "yes"; fix the file',
    ],
    [
      { temperature: -1, model: 'm' },
      'f.json: temperature is -1, which --temperature refuses: it must be a number ≥ 0; fix the file, or type --temperature to override it',
    ],
    [
      { top_p: 1.5, model: 'm' },
      'f.json: top_p is 1.5, which --top-p refuses: it must be a number with 0 < value ≤ 1; fix the file, or type --top-p to override it',
    ],
    [{ logit_bias: { 227: 'x' }, model: 'm' }, 'f.json: logit_bias.227 must be a number, not "x"; fix the file'],
    [
      { logit_bias: 5, model: 'm' },
      'f.json: logit_bias must be an object of token ids to biases, or a list of [token, bias] pairs, not 5; fix the file',
    ],
    [
      { logit_bias: [[1.5, 1]], n_predict: 1 },
      'f.json: logit_bias[0] must be a token id (a whole number ≥ 0), not 1.5; fix the file',
    ],
    [
      { suppress_tokens: [-1], do_sample: true },
      'f.json: suppress_tokens[0] must be a token id (a whole number ≥ 0), not -1; fix the file',
    ],
    [{ samplers: ['top_k', 5], n_predict: 1 }, 'f.json: samplers[1] must be a string, not 5; fix the file'],
    [
      { samplers: 'kq', n_predict: 1 },
      'f.json: samplers is "kq", which --sampler-seq refuses: no sampler has the letter "q"; use llama.cpp\'s letters edskypmxta, or --samplers with names; fix the file, or type --sampler-seq to override it',
    ],
  ])('%j', (json, message) => {
    expect(failure(() => readSettings(json, 'f.json'))).toBe(message);
  });

  it('a list of stages it cannot read is refused as --samplers refuses it', () => {
    expect(failure(() => readSettings({ samplers: ['top_k', 'infill'], n_predict: 1 }, 'f.json'))).toMatch(
      /^f\.json: samplers is logit_bias;top_k;infill;mirostat, which --samplers refuses: unknown stage "infill"; use a preset .*; fix the file, or type --samplers to override it$/,
    );
  });
});

describe('readSettings on hostile files', () => {
  // The keys the fixtures hold, as real tools write them, and any others.
  const names = ['generation_config.json', 'llama-completion.json', 'openai-chat.json'];
  const known = names.flatMap((name) => Object.keys(JSON.parse(readFileSync(fixture(name), 'utf8'))));
  const key = fc.oneof(
    fc.constantFrom(...known, 'samplers', 'dry_multiplier', 'default_generation_settings'),
    fc.string(),
  );

  it('any JSON under their keys: settings every option accepts, or one line naming the file', () => {
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }), (json) => {
        let settings: ReturnType<typeof readSettings>;
        try {
          settings = readSettings(json, 'f.json');
        } catch (error) {
          expect(error).toBeInstanceOf(SampleError);
          expect((error as SampleError).kind).toBe('data');
          expect((error as Error).message).toMatch(/^f\.json[: ]/);
          expect((error as Error).message).not.toMatch(/\n/);
          return;
        }
        // Whatever it applies, the library takes.
        expect(() => nextDistribution(loadModel(), [1, 2, 3], settingsOptions(settings).sampling)).not.toThrow(
          TypeError,
        );
      }),
      { numRuns: 400 },
    );
  });
});

describe('settingsOptions: the library takes a file as the CLI does', () => {
  it('as options by key, the repeatable ones as lists', () => {
    const settings = readSettings(
      {
        n_predict: 2,
        temperature: 0.5,
        logit_bias: [
          [578, false],
          [227, 1],
        ],
        seed: 3,
      },
      'f.json',
    );
    const { sampling, run } = settingsOptions(settings);
    expect(run).toEqual({ tokens: 2, seed: '3' });
    expect(sampling).toEqual({
      temperature: 0.5,
      logitBias: [
        { token: '578', bias: Number.NEGATIVE_INFINITY },
        { token: '227', bias: 1 },
      ],
      samplers: expect.arrayContaining(['logit_bias', 'temperature']),
    });
    const d = nextDistribution(loadModel(), [1, 2, 3], sampling);
    expect(d.probs[3]).toBe(0);
  });
});

describe('--settings on the command line', () => {
  it.each(['generation_config.json', 'llama-completion.json', 'llama-props.json', 'openai-chat.json'])(
    '%s gives what its options typed give, in every format, receipt included',
    async (name) => {
      const verbose = await cli(['el cielo es', '--settings', fixture(name), '-v', '--seed', '3']);
      const line = verbose.stderr.split('\n').find((l) => l.startsWith('settings: '));
      expect(line).toBeDefined();
      // The verbose line lists what was applied: --flag text (key), which is what is typed.
      const typed = [...(line as string).matchAll(/--([a-z-]+)(?: ([^ ]+))? \([^)]+\)/g)].flatMap(([, flag, text]) =>
        text === undefined ? [`--${flag}`] : [`--${flag}`, text],
      );
      for (const format of ['text', 'jsonl', 'json']) {
        const viaFile = await cli(['el cielo es', '--settings', fixture(name), '-n', '4', '-f', format, '--seed', '3']);
        const viaFlags = await cli(['el cielo es', ...typed, '-n', '4', '-f', format, '--seed', '3']);
        expect(viaFile.code).toBe(0);
        expect(viaFile.stdout).toBe(viaFlags.stdout);
      }
    },
  );

  it('options typed on the command line win over the file', async () => {
    const path = file({ model: 'm', temperature: 0.01, seed: 5 });
    const mine = await cli(['el cielo es', '--settings', path, '--temperature', '2', '-f', 'json']);
    const options = JSON.parse(mine.stdout).options;
    expect([options.temperature, JSON.parse(mine.stdout).seed]).toEqual([2, '5']);
    // llama.cpp's spelling counts as typed too.
    const theirs = await cli(['el cielo es', '--settings', path, '--temp', '2', '-f', 'json']);
    expect(JSON.parse(theirs.stdout).options.temperature).toBe(2);
  });

  it('warns about each key left out, naming it; --quiet silences it', async () => {
    const path = file({ model: 'm', messages: [], tempreature: 2 });
    const run = await cli(['el cielo es', '--settings', path]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `sample: ${path}: messages is left out: the phrase is what you type on the command line\n`,
    );
    expect(run.stderr).toContain(`sample: ${path}: unknown key tempreature, left out\n`);
    expect((await cli(['el cielo es', '--settings', path, '-q'])).stderr).toBe('');
  });

  it.each([
    [{ model: 'm', temperature: 'x' }, 'temperature must be a number, not "x"; fix the file'],
    ['{"temperature": 1,}', 'settings.json: invalid JSON at line 1, column 19'],
    [[1], 'holds no settings sample reads'],
  ])('a bad file %j is exit 1, one line', async (content, part) => {
    const run = await cli(['el cielo es', '--settings', file(content)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(part);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a missing file is named, with the fix', async () => {
    const run = await cli(['el cielo es', '--settings', '/nonexistent/s.json']);
    expect([run.code, run.stderr]).toEqual([
      1,
      'sample: cannot read the settings file /nonexistent/s.json: no such file; pass a readable JSON file with --settings\n',
    ]);
  });

  it('speaks Spanish', async () => {
    const run = await cli(['el cielo es', '--lang', 'es', '--settings', file({ model: 'm', temperature: -1 })]);
    expect(run.stderr).toMatch(
      /: temperature vale -1, que --temperature no acepta: .*; corrige el archivo, o escribe --temperature para sustituirlo\n$/,
    );
  });
});
