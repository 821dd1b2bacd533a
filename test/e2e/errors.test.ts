import { spawnSync } from 'node:child_process';
import { openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bin, sample } from '../helpers/cli.js';
import { modelFiles, postVocab, postWeights } from '../helpers/models.js';

/** Every error: its exit code, one line on stderr naming the problem, nothing on stdout, no stack trace. */
async function expectError(args: string[], code: number, message: RegExp | string): Promise<void> {
  const run = await sample(args);
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr.split('\n')).toHaveLength(2); // one line and its newline
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr.trimEnd()).toMatch(typeof message === 'string' ? `sample: ${message}` : message);
}

function withModel(vocab: unknown, weights: unknown): string[] {
  const paths = modelFiles(vocab, weights);
  return ['el cielo es', '--vocab', paths.vocab, '--weights', paths.weights];
}

describe('usage errors exit 2', () => {
  it.each(['abc', '-1', '1.5', '10abc', ''])('-n %j', async (value) => {
    await expectError(
      ['el cielo es', '-n', value],
      2,
      /^sample: option '-n, --count <n>' argument .* is invalid\. It must be a whole number ≥ 0\.$/,
    );
  });

  it('an unknown option, with a suggestion', async () => {
    await expectError(['el cielo es', '--sed', '1'], 2, "unknown option '--sed' (Did you mean --seed?)");
  });

  it('a missing phrase, with nothing on stdin either', async () => {
    await expectError([], 2, 'no phrase on stdin; give one as an argument or as a line of input');
  });

  it('an option without its value', async () => {
    await expectError(['el cielo es', '--seed'], 2, "option '-s, --seed <seed>' argument missing");
  });
});

describe('bad data exits 1', () => {
  it('an unknown token, with the nearest known one and the vocabulary', async () => {
    await expectError(
      ['el', 'frio', 'es'],
      1,
      'unknown token "frio" at position 2; did you mean "frío"? Known tokens: azul, cielo, frío, el, es.',
    );
  });

  it.each(['__proto__', 'constructor', 'toString'])('%s as input is an unknown token', async (word) => {
    await expectError(['el', 'cielo', word], 1, `unknown token "${word}" at position 3`);
  });

  it('a phrase shorter than the context', async () => {
    await expectError(
      ['cielo es'],
      1,
      'the phrase has 2 tokens, but the model needs 3 (f1 has 3 weights); give at least 3 tokens',
    );
  });

  it('a missing model file, by path', async () => {
    await expectError(
      ['el cielo es', '--weights', '/no/such/weights.json'],
      1,
      'cannot read the weights file /no/such/weights.json: no such file; pass a readable JSON file with --weights',
    );
  });

  it('a directory as a model file', async () => {
    await expectError(
      ['el cielo es', '--vocab', '/tmp'],
      1,
      /the vocabulary file \/tmp is a directory, not a regular file; pass a readable JSON file with --vocab/,
    );
  });

  it.each([
    [
      'invalid JSON, with its position',
      '{"azul": 227,',
      postWeights,
      /vocab\.json: invalid JSON at line 1, column 14: /,
    ],
    ['the wrong shape', '["azul"]', postWeights, /vocab\.json: the vocabulary must be a JSON object/],
    [
      'an id that is not a whole number',
      { ...postVocab, azul: 2.5 },
      postWeights,
      /the id of "azul" is 2\.5; ids must be whole numbers ≥ 0/,
    ],
    ['a negative id', { ...postVocab, azul: -227 }, postWeights, /the id of "azul" is -227/],
    [
      'a repeated id',
      { ...postVocab, azul: 350 },
      postWeights,
      /tokens "azul" and "cielo" share the id 350; ids must be unique/,
    ],
    ['an empty token', { ...postVocab, '': 1 }, postWeights, /a token is empty/],
    ['a token with whitespace', { ...postVocab, 'muy azul': 1 }, postWeights, /token "muy azul" holds whitespace/],
    [
      'tokens that collide after NFC',
      { ...postVocab, 'fri\u0301o': 1 },
      postWeights,
      /tokens "frío" and "fri\\u0301o" are the same after NFC normalisation/,
    ],
    [
      'an id of 1e999',
      '{"azul": 1e999, "cielo": 350, "frío": 402, "el": 578, "es": 698}',
      postWeights,
      /the id of "azul" is too large for a number \(it overflows to Infinity\)/,
    ],
    [
      'a weight of 1e999',
      postVocab,
      '{"f1": [1, 1e999, 1], "f2": {}}',
      /weights\.json: f1\[1\] is too large for a number \(it overflows to Infinity\)/,
    ],
    ['an empty f1', postVocab, { ...postWeights, f1: [] }, /f1 is empty; it needs one weight per context position/],
    [
      'an f2 that misses a token',
      postVocab,
      { ...postWeights, f2: { azul: 1 } },
      /f2 has no weight for "cielo"; it needs one weight per token/,
    ],
    [
      'an f2 that names an unknown token',
      postVocab,
      { ...postWeights, f2: { ...postWeights.f2, verde: 1 } },
      /f2 has a weight for "verde", which the vocabulary lacks/,
    ],
  ])('%s', async (_, vocab, weights, message) => {
    await expectError(withModel(vocab, weights), 1, message);
  });

  it('a negative logit, naming the token', async () => {
    await expectError(
      withModel(postVocab, { ...postWeights, f2: { ...postWeights.f2, el: -0.2 } }),
      1,
      /the logit of "el" is -360, and norm cannot make a probability of a negative logit/,
    );
  });

  it('logits that sum to zero', async () => {
    await expectError(
      withModel(postVocab, { ...postWeights, f1: [0, 0, 0] }),
      1,
      /the logits sum to 0, so norm cannot divide by them/,
    );
  });
});

describe('odd token names are ordinary tokens in a vocabulary', () => {
  it('samples __proto__, constructor and toString', async () => {
    const vocab = JSON.parse('{"__proto__": 1, "constructor": 2, "toString": 3}');
    const weights = JSON.parse('{"f1": [1], "f2": {"__proto__": 1, "constructor": 1, "toString": 1}}');
    const paths = modelFiles(vocab, weights);
    const run = await sample(['__proto__', '-n', '50', '--vocab', paths.vocab, '--weights', paths.weights]);
    expect(run.code).toBe(0);
    expect(new Set(run.stdout.trim().split('\n'))).toEqual(
      new Set(['__proto__ __proto__', '__proto__ constructor', '__proto__ toString']),
    );
  });
});

describe('output that cannot be written', () => {
  it('is bad data, exit 1, with one line naming the reason', () => {
    const run = spawnSync(bin, ['el cielo es', '-n', '100000'], {
      stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'],
    });
    expect(run.status).toBe(1);
    expect(run.stderr.toString()).toBe('sample: cannot write the output: no space left on the device\n');
  });
});
