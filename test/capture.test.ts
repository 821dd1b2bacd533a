import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capturedModel, readCapture } from '../src/capture.js';
import { fileBytes, loadCapture } from '../src/capture-file.js';
import { parseJson } from '../src/json.js';
import { nextDistribution } from '../src/sampler.js';
import { failure as thrown } from './helpers/errors.js';
import { inMemory as cli } from './helpers/memory-io.js';
import { writtenFile } from './helpers/models.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/captures/${name}`, import.meta.url));
const real = fixture('llm-sampling-top50.json');
const read = (path: string) => readCapture(parseJson(readFileSync(path, 'utf8'), 'f.json'), 'f.json');

const file = (content: unknown): string => writtenFile('capture.json', content);

/** The data error's message: one line naming the file. */
const failure = (run: () => unknown): string => {
  const error = thrown(run);
  expect(error.kind).toBe('data');
  return error.message;
};

/** Every runtime's fixture holds the same two positions: " blue" then " and", after "The sky is". */
const RUNTIMES = [
  ['llama-completion.json', 'llama.cpp', 'logprob'],
  ['llama-post-sampling.json', 'llama.cpp', 'prob'],
  ['llama-old.json', 'llama.cpp (older)', 'prob'],
  ['openai-chat.json', 'openai chat', 'logprob'],
  ['openai-completions.json', 'openai completions', 'logprob'],
  ['ollama.json', 'ollama', 'logprob'],
] as const;

describe('readCapture: each runtime’s file', () => {
  it.each(RUNTIMES)('%s is %s with %s values, its chosen tokens and lists', (name, format, kind) => {
    const capture = read(fixture(name));
    expect([capture.format, capture.kind, capture.pieces]).toEqual([format, kind, true]);
    expect(capture.positions.map((p) => p.chosen)).toEqual([' blue', ' and']);
    expect(capture.positions.map((p) => p.tokens)).toEqual([
      [' blue', ' clear', '\n'],
      [' and', ',', ' today'],
    ]);
    const values = capture.positions[0].values.map((v) => (kind === 'prob' ? v : Math.exp(v)));
    expect(values.map((v) => +v.toFixed(12))).toEqual([0.6, 0.25, 0.05]);
  });

  it('llama.cpp keeps the prompt, the ids and the bytes', () => {
    const capture = read(fixture('llama-completion.json'));
    expect(capture.prompt).toBe('The sky is');
    expect(capture.positions[0].ids).toEqual([3290, 2867, 198]);
    expect(capture.positions[0].bytes?.[2]).toEqual([10]);
  });

  it('the real top-50 lists are [prompt, map] pairs of probabilities, each pair its own prompt', () => {
    const capture = read(real);
    expect([capture.format, capture.kind, capture.pieces, capture.positions.length]).toEqual([
      'pairs',
      'prob',
      false,
      5,
    ]);
    expect(capture.positions[0].prompt).toMatch(/^Avocados are rich/);
    expect(capture.positions[0].tokens.slice(0, 2)).toEqual(['absorption', 'health']);
  });

  it.each([
    [{ a: 0.5, b: 0.25 }, 'prob'],
    [{ a: -0.5, b: -2 }, 'logprob'],
    [{ a: 3.5, b: -2 }, 'logit'],
    // Probabilities that sum past 1 are no distribution: logits.
    [{ a: 0.9, b: 0.8 }, 'logit'],
  ])('a plain map %j reads as %s', (json, kind) => {
    expect(readCapture(json, 'f.json').kind).toBe(kind);
  });
});

describe('capturedModel: a capture as the model the chain runs on', () => {
  it('one vocabulary by the file’s ids; each position’s logits are ln p, -Infinity for a token its list leaves out', () => {
    const captured = capturedModel(read(fixture('llama-completion.json')), 'f.json');
    expect(captured.model.tokens).toEqual([',', '\n', ' and', ' clear', ' blue', ' today']);
    expect(captured.model.ids).toEqual([11, 198, 323, 2867, 3290, 3432]);
    const logits = Array.from(captured.logits(0), (z) => (Number.isFinite(z) ? +Math.exp(z).toFixed(12) : z));
    expect(logits).toEqual([-Infinity, 0.05, -Infinity, 0.25, 0.6, -Infinity]);
    expect(captured.missing(0)).toBeCloseTo(0.1, 12);
  });

  it('the history of a position is the tokens chosen before it; its text, the prompt and them', () => {
    const captured = capturedModel(read(fixture('llama-completion.json')), 'f.json');
    expect(captured.history(0)).toEqual([]);
    expect(captured.history(1)).toEqual([4]);
    expect([captured.before(0), captured.before(1)]).toEqual(['The sky is', 'The sky is blue']);
  });

  it('pairs stand alone: no history, each its own prompt; a map’s words are joined by spaces', () => {
    const captured = capturedModel(read(real), 'f.json');
    expect(captured.history(3)).toEqual([]);
    expect(captured.before(3)).toMatch(/^A rainbow is/);
    expect(captured.missing(0)).toBeCloseTo(1 - 0.9677474903000984, 12);
  });

  it('with rest, the missing mass is one more candidate, which a filter can remove', () => {
    const captured = capturedModel(read(fixture('llama-completion.json')), 'f.json', true);
    expect(captured.model.tokens.at(-1)).toBe('(rest)');
    const d = nextDistribution(captured.model, [], { norm: 'softmax' }, { logits: captured.logits(0) });
    expect(Array.from(d.probs, (p) => +p.toFixed(12))).toEqual([0, 0.05, 0, 0.25, 0.6, 0, 0.1]);
    const kept = nextDistribution(captured.model, [], { norm: 'softmax', topK: 2 }, { logits: captured.logits(0) });
    expect(kept.probs.at(-1)).toBe(0);
  });
});

describe('a capture file’s bytes', () => {
  it('its SHA-256 taken a chunk at a time, a partial one last, is the whole file’s; reads give its bytes', () => {
    // Two and a half chunks of 1 MB, each byte different from its neighbours.
    const content = Buffer.from(Array.from({ length: 2.5 * 2 ** 20 + 3 }, (_, i) => (i * 7 + (i >> 11)) & 255));
    const bytes = fileBytes(writtenFile('big.npy', content));
    expect(bytes.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(bytes.size).toBe(content.length);
    expect(Buffer.from(bytes.read(2 ** 20 - 2, 5))).toEqual(content.subarray(2 ** 20 - 2, 2 ** 20 + 3));
  });
});

describe('the library: loadCapture reads any of them, and the chain runs on each position', () => {
  const files = [...RUNTIMES.map(([name]) => fixture(name)), fixture('map-logprobs.json'), real];
  it.each(files.map((path) => [path.split('/').at(-1), path]))('%s', (_, path) => {
    const captured = loadCapture(path as string);
    expect(captured.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(path as string))
        .digest('hex'),
    );
    for (let k = 0; k < captured.count; k++) {
      const d = nextDistribution(captured.model, [], { norm: 'softmax', topP: 0.9 }, { logits: captured.logits(k) });
      expect(d.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('a .npy, with the vocabulary of its columns', () => {
    const captured = loadCapture(fileURLToPath(new URL('./fixtures/npy/post-2d-f4.npy', import.meta.url)));
    expect([captured.format, captured.count, captured.model.tokens]).toEqual([
      'npy',
      3,
      ['azul', 'cielo', 'frío', 'el', 'es'],
    ]);
  });
});

describe('a bad capture is one line naming the file, the JSON path and the fix', () => {
  const row = (top: unknown) => ({ completion_probabilities: [{ token: 'a', logprob: -1, top_logprobs: top }] });
  it.each([
    [{ hello: 'world' }, /^f\.json is no capture sample reads; give --logits a llama\.cpp \/completion response/],
    [
      { completion_probabilities: [{ token: 'a' }] },
      /^f\.json: completion_probabilities\[0\]\.top_logprobs must be a list, not undefined; fix the capture$/,
    ],
    [
      row([{ token: 'a' }]),
      /^f\.json: completion_probabilities\[0\]\.top_logprobs\[0\]\.logprob must be a number, not undefined/,
    ],
    [row([{ token: 'a', logprob: 'NaN' }]), /\.logprob must be a number, not "NaN"/],
    [row([{ token: 'a', logprob: 0.5 }]), /\.logprob must be a log-probability, a number ≤ 0, not 0\.5/],
    [
      row([
        { token: 'a', logprob: -1 },
        { token: 'a', logprob: -2 },
      ]),
      /top_logprobs\[1\]\.token lists "a" a second time; a list names each token once$/,
    ],
    [
      { completion_probabilities: [{ content: 'a', probs: [{ tok_str: 'a', prob: 1.5 }] }] },
      /probs\[0\]\.prob must be a probability in \[0, 1\], not 1\.5/,
    ],
    [
      { choices: [{ logprobs: { content: [{ token: 'a', top_logprobs: [{ token: 5, logprob: -1 }] }] } }] },
      /^f\.json: choices\[0\]\.logprobs\.content\[0\]\.top_logprobs\[0\]\.token must be a string, not 5/,
    ],
    [{ choices: [{}] }, /^f\.json: choices\[0\]\.logprobs must be an object, not undefined/],
  ])('%j', (json, message) => {
    expect(failure(() => capturedModel(readCapture(json, 'f.json'), 'f.json'))).toMatch(message);
  });

  it('probabilities summing past 1 are refused when the file says they are probabilities', () => {
    const json = {
      completion_probabilities: [
        {
          content: 'a',
          probs: [
            { tok_str: 'a', prob: 0.7 },
            { tok_str: 'b', prob: 0.6 },
          ],
        },
      ],
    };
    expect(failure(() => capturedModel(readCapture(json, 'f.json'), 'f.json'))).toMatch(
      /^f\.json: the probabilities of completion_probabilities\[0\]\.probs sum to 1\.3, over 1/,
    );
  });
});

describe('--logits on the command line', () => {
  it.each(RUNTIMES)('%s: --probs lists each position’s own tokens, renormalised', async (name) => {
    const run = await cli(['--logits', fixture(name), '--at', 'all', '--probs', '-f', 'jsonl']);
    expect(run.code).toBe(0);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const at = (position: number) =>
      Object.fromEntries(rows.filter((r) => r.position === position).map((r) => [r.token, +r.prob.toFixed(6)]));
    expect(at(1)).toEqual({ ' blue': 0.666667, ' clear': 0.277778, '\n': 0.055556 });
    expect(at(2)).toEqual({ ' and': 0.555556, ',': 0.333333, ' today': 0.111111 });
  });

  it('--missing rest keeps what the list leaves out as one more candidate, (rest)', async () => {
    const run = await cli(['--logits', fixture('openai-chat.json'), '--probs', '-f', 'jsonl', '--missing', 'rest']);
    const rest = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
    expect([rest.token, +rest.prob.toFixed(12)]).toEqual(['(rest)', 0.1]);
  });

  it('draws from the seed: a runtime’s tokens after its prompt as they are, with their own spaces', async () => {
    const run = await cli(['--logits', fixture('llama-completion.json'), '--at', '2', '-n', '40', '--seed', '5']);
    const lines = run.stdout.trim().split('\n');
    expect(new Set(lines)).toEqual(new Set(['The sky is blue and', 'The sky is blue,', 'The sky is blue today']));
    expect(
      (await cli(['--logits', fixture('llama-completion.json'), '--at', '2', '-n', '40', '--seed', '5'])).stdout,
    ).toBe(run.stdout);
  });

  it('text shows a newline token as \\n, on its line; json keeps it exact, with its bytes', async () => {
    const args = ['--logits', fixture('llama-completion.json'), '--logit-bias', '198+100', '-n', '1', '--seed', '1'];
    expect((await cli(args)).stdout).toBe('The sky is\\n\n');
    const json = JSON.parse((await cli([...args, '-f', 'json'])).stdout);
    expect([json.samples[0].tokens, json.samples[0].text]).toEqual([['\n'], 'The sky is\n']);
  });

  it('the tokens chosen before a position are its history: --no-repeat-ngram 1 bans them there', async () => {
    const path = file({
      choices: [
        {
          logprobs: {
            content: [
              { token: ' la', top_logprobs: [{ token: ' la', logprob: -0.1 }] },
              {
                token: ' luna',
                top_logprobs: [
                  { token: ' la', logprob: -0.5 },
                  { token: ' luna', logprob: -1 },
                ],
              },
            ],
          },
        },
      ],
    });
    const run = await cli(['--logits', path, '--at', '2', '--probs', '-f', 'jsonl', '--no-repeat-ngram', '1']);
    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).prob),
    ).toEqual([0, 1]);
  });

  it('the receipt records the file’s absolute path and SHA-256, the position and how the missing mass is treated', async () => {
    const path = fixture('ollama.json');
    const json = JSON.parse((await cli(['--logits', path, '-f', 'json', '--seed', '1'])).stdout);
    const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(json.options).toMatchObject({ logits: path, 'logits-sha256': sha256, at: '1', missing: 'renormalise' });
    expect(json.options.vocab).toBeUndefined();
  });

  it('reads stdin with -', async () => {
    const run = await cli(
      ['--logits', '-', '--probs', '-f', 'jsonl'],
      readFileSync(fixture('openai-chat.json'), 'utf8'),
    );
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('--compare and --stats work on a capture as on a model', async () => {
    const compared = await cli(['--logits', real, '--probs', '-T', '1.5', '-p', '0.5', '--compare', 'llama.cpp']);
    expect(compared.stderr).toBe(
      'the two chains part at top_p in chain 2: it removes "prevention", "healthy", which chain 1 keeps\n',
    );
    const stats = await cli(['--logits', real, '-n', '2000', '-k', '5', '--stats', '--seed', '1']);
    expect(stats.stderr).toMatch(/absorption +0\.3229 /);
    expect(stats.stderr).toMatch(/5 tokens|4 degrees of freedom/);
  });

  it('says how much mass the list leaves out: on a terminal, in --explain and with --verbose', async () => {
    const table = await cli(['--logits', real, '--probs'], '', true);
    expect(table.stdout).toContain('the list leaves out 3.23% of the mass, renormalised over its 57 tokens\n');
    const explained = await cli(['--logits', real, '--explain', '--seed', '1']);
    expect(explained.stderr).toContain("the capture's logits at position 1: pairs gives probabilities p, here ln p");
    expect(explained.stderr).toContain('the list leaves out 3.23% of the mass');
    const verbose = await cli(['--logits', real, '-v', '--seed', '1']);
    expect(verbose.stderr).toContain(`logits: ${real}, read as pairs (prob), 5 positions\nmissing mass: 3.23%\n`);
  });

  it('on a terminal, a real token’s spaces show as ␣ and its newline as \\n', async () => {
    const run = await cli(['--logits', fixture('llama-completion.json'), '--probs'], '', true);
    expect(run.stdout).toMatch(/\n\\n +198 /);
    expect(run.stdout).toMatch(/\n␣blue +3290 /);
  });

  it.each([
    [['x'], 2, /^sample: --logits runs the capture’s own positions/],
    [['-t', '2'], 2, /^sample: a captured distribution has no model to continue with: -t must be 1/],
    [['--norm', 'sum'], 2, /^sample: --norm sum divides positive scores by their sum/],
    [['--at', '0'], 2, /^sample: --at must be a position from 1, or all; got 0$/],
    [['--at', 'two'], 2, /^sample: --at must be a position from 1, or all; got two$/],
    [['--at', '3'], 1, /^sample: --at 3: .*ollama\.json holds 2 positions; give --at from 1 to 2, or all$/],
    [['--logits-kind', 'odds'], 2, /^sample: option '--logits-kind <kind>' argument 'odds' is invalid/],
  ])('%j is exit %i, one line', async (args, code, message) => {
    const run = await cli(['--logits', fixture('ollama.json'), ...args]);
    expect([run.code, run.stdout]).toEqual([code, '']);
    expect(run.stderr.trimEnd()).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a missing file, or one that is not UTF-8, is named with the fix', async () => {
    expect((await cli(['--logits', '/nonexistent/c.json'])).stderr).toBe(
      'sample: cannot read the capture file /nonexistent/c.json: no such file; pass a readable JSON file with --logits\n',
    );
    expect((await cli(['--logits', file(Buffer.from([0xff, 0xfe, 0x41, 0]))])).stderr).toMatch(
      /is UTF-16 text; save it as UTF-8/,
    );
  });
});
