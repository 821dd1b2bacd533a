import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, idle, lines, sample } from '../helpers/cli.js';
import { modelFiles, postVocab, postWeights } from '../helpers/models.js';

const phrase = 'el cielo es';
const scratch = mkdtempSync(join(tmpdir(), 'sample-robust-'));

/** A failure: its exit code, one line on stderr, nothing on stdout, no stack trace, no raw control byte. */
async function fails(args: string[], code: number, message: RegExp, input?: string): Promise<void> {
  const run = await sample(args, { input });
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  expect(lines(run.stderr)).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr.replaceAll('\n', '')).not.toMatch(/\p{Cc}/u);
  expect(run.stderr).toMatch(message);
}

describe('size', () => {
  it('a 60 KB phrase works: the context is its last C tokens', async () => {
    const long = `${'el cielo es '.repeat(5500)}el cielo es`;
    const run = await sample([long, '-n', '2', '--seed', '42', '--only-new']);
    expect(run.stdout).toBe('azul\nazul\n');
  });

  it('a 100 KB token works, and a batch of it is as long as its lines', async () => {
    const token = 'x'.repeat(100_000);
    const files = modelFiles(
      { ...postVocab, [token]: 900 },
      { f1: postWeights.f1, f2: { ...postWeights.f2, [token]: 50 } },
    );
    const run = await sample([phrase, '-n', '300', '--seed', '1', '--vocab', files.vocab, '--weights', files.weights]);
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out).toHaveLength(300);
    expect(out.filter((line) => line === `${phrase} ${token}`).length).toBeGreaterThan(240);
  });

  it('a 1 MB line of stdin works', async () => {
    const run = await sample(['-n', '1', '--seed', '42'], { input: `${'es '.repeat(350_000)}el cielo es\n` });
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith(' el cielo es azul\n')).toBe(true);
  });

  it('-n 2^53 − 1 and -t 100000 stream: | head -1 gets its line at once', () => {
    for (const args of [
      ['-n', String(2 ** 53 - 1)],
      ['-n', '100', '-t', '100000'],
    ]) {
      const run = spawnSync('sh', ['-c', `"${bin}" "el cielo es" ${args.join(' ')} --seed 1 | head -c 40`], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^el cielo es (azul|cielo|frío|el|es)/);
    }
  });

  it('a 110 KB phrase times thousands of continuations is written batch by batch, in every format', () => {
    // 5,000 lines of 110 KB: 550 million characters, more than one string can hold, were one batch.
    const long = `${'cielo '.repeat(18_000)}el cielo es`;
    for (const format of ['text', 'jsonl']) {
      const run = spawnSync(bin, [long, '-n', '5000', '-t', '2', '--seed', '1', '-f', format], {
        encoding: 'utf8',
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: 60_000,
      });
      expect([run.status, run.stderr]).toEqual([0, '']);
    }
  });

  it('a line longer than any string can be names the limit and what to lower', async () => {
    const token = 'x'.repeat(100_000);
    const files = modelFiles(
      { ...postVocab, [token]: 900 },
      { f1: postWeights.f1, f2: { ...postWeights.f2, [token]: 1e6 } },
    );
    const args = [phrase, '-t', '6000', '--seed', '1', '--vocab', files.vocab, '--weights', files.weights];
    await fails(
      args,
      2,
      /longer than the longest string JavaScript can hold \(about 512 MB\); give fewer tokens .* -t/,
    );
  });

  it('-t past its limit names the limit', async () => {
    await fails([phrase, '-t', '5000000'], 2, /It must be a whole number from 1 to 1000000\./);
  });
});

describe('numbers', () => {
  it.each([
    ['-T', '1e-320'],
    ['-T', '1e-320', '--norm', 'softmax'],
    ['-T', '1e-320', '--samplers', 'llama.cpp'],
  ])('%s %s %s %s: a temperature whose 1/T overflows is greedy, never NaN', async (...args) => {
    const run = await sample([phrase, ...args, '-n', '3', '--seed', '1', '-f', 'jsonl']);
    expect(run.code).toBe(0);
    for (const line of lines(run.stdout)) expect(JSON.parse(line).tokens).toEqual(['azul']);
    expect(run.stdout).not.toMatch(/NaN|null/);
  });

  it.each([
    ['--repeat-penalty', '1e-320', '--norm', 'softmax'],
    ['--repeat-penalty', '5e-324', '--norm', 'sum'],
  ])('%s %s %s %s: a penalty that pushes a logit to Infinity is an error naming it', async (...args) => {
    await fails(
      [phrase, ...args, '-t', '4', '--seed', '1'],
      1,
      /becomes Infinity after penalties; weaken the penalties/,
    );
  });

  it('a penalty that makes the logits sum overflow is an error naming it; softmax takes those logits', async () => {
    // Each of el, cielo and es is once in the history: 1e308 more each, finite, but not their sum.
    const args = [phrase, '--frequency-penalty', '-1e308', '--seed', '1'];
    await fails(
      args,
      1,
      /the logits sum overflows to Infinity after penalties; weaken the penalties, or use --norm softmax/,
    );
    expect((await sample([...args, '--norm', 'softmax'])).code).toBe(0);
  });
});

describe('files', () => {
  const loop = join(scratch, 'loop.json');
  symlinkSync(loop, loop);
  const sparse = join(scratch, 'huge.json');
  writeFileSync(sparse, '');
  truncateSync(sparse, 300 * 2 ** 20);
  const fifo = join(scratch, 'fifo');
  spawnSync('mkfifo', [fifo]);
  const utf16 = join(scratch, 'utf16.json');
  writeFileSync(utf16, Buffer.from(`\uFEFF${JSON.stringify(postVocab)}`, 'utf16le'));
  const binary = join(scratch, 'binary.json');
  writeFileSync(binary, Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]));

  it.each([
    [
      '/dev/zero',
      /the vocabulary file \/dev\/zero is a device, not a regular file; pass a readable JSON file with --vocab/,
    ],
    [fifo, /is a FIFO, not a regular file/],
    [scratch, /is a directory, not a regular file/],
    [sparse, /is 300 MiB, over the limit of 256 MiB/],
    [loop, /cannot read the vocabulary file .*: too many symbolic links \(a loop\?\)/],
    [utf16, /is UTF-16 text; save it as UTF-8/],
    [binary, /is not UTF-8 text \(it looks binary\)/],
  ])('--vocab %s is refused in words', async (path, message) => {
    await fails([phrase, '--vocab', path], 1, message);
  });

  it('an empty path is a usage error', async () => {
    await fails([phrase, '--weights', ''], 2, /--weights needs a file path, not an empty one/);
  });

  it('a duplicate key is named', async () => {
    const files = modelFiles(
      '{"azul": 227, "cielo": 350, "frío": 402, "el": 578, "es": 698, "cielo": 351}',
      postWeights,
    );
    await fails(
      [phrase, '--vocab', files.vocab],
      1,
      /the key "cielo" appears twice in one object; JSON keeps only the last/,
    );
    const weights = modelFiles(
      postVocab,
      '{"f1": [1, 0.5, 1.5], "f2": {"azul": 2.5, "cielo": 0.7, "frío": 2, "el": 0.2, "es": 0.5, "el": 1}}',
    );
    await fails([phrase, '--weights', weights.weights], 1, /the key "el" appears twice/);
  });
});

describe('JSON of any depth, and numbers past the doubles', () => {
  const deep = (open: string, close: string, inner = ''): string =>
    open.repeat(100_000) + inner + close.repeat(100_000);
  it.each([
    ['the vocabulary itself', deep('[', ']'), undefined, /must be a JSON object mapping each token/],
    ['an id', `{"azul": ${deep('[', ']')}}`, undefined, /the id of "azul" is \[\[\[\[…\]\]\]\]/],
    ['an id, as objects', `{"azul": ${deep('{"a":', '}', '1')}}`, undefined, /the id of "azul" is \{"a":\{"a":/],
    ['f1', undefined, `{"f1": ${deep('[', ']')}, "f2": {}}`, /f1\[0\] is \[\[\[\[…\]\]\]\]; weights must be numbers/],
    ['a weight of f2', undefined, `{"f1": [1, 0.5, 1.5], "f2": {"azul": ${deep('[', ']')}}}`, /f2\["azul"\] is \[/],
  ])('nesting 100,000 deep in %s is a one-line data error', async (_, vocab, weights, message) => {
    const files = modelFiles(vocab ?? postVocab, weights ?? postWeights);
    await fails([phrase, '--vocab', files.vocab, '--weights', files.weights], 1, message);
  });

  it.each([
    ['1e400', 'Infinity'],
    ['-1e400', '-Infinity'],
  ])('an id of %s names the overflow', async (id, value) => {
    const files = modelFiles(`{"azul": 227, "cielo": 350, "frío": 402, "el": 578, "es": ${id}}`, postWeights);
    await fails(
      [phrase, '--vocab', files.vocab, '--weights', files.weights],
      1,
      new RegExp(`the id of "es" is too large for a number \\(it overflows to ${value}\\)`),
    );
  });
});

describe('terminal safety', () => {
  it.each([
    ['\x1b[31mred', 'U+001B'],
    ['zero\u200bwidth', 'U+200B'],
    ['bidi\u202eevil', 'U+202E'],
    ['del\x7f', 'U+007F'],
    ['c1\x85', 'U+0085'],
    ['soft\u00adhyphen', 'U+00AD'],
    ['\u3164', 'U+3164'],
    ['\u115f\u1160', 'U+115F'],
    ['half\uffa0', 'U+FFA0'],
    ['cgj\u034f', 'U+034F'],
    ['vs\ufe0f', 'U+FE0F'],
    ['lone\ud800', 'U+D800'],
    ['tag\u{e0041}', 'U+E0041'],
  ])('a token holding %j is refused with its code', async (token, code) => {
    const files = modelFiles({ ...postVocab, [token]: 1 }, { ...postWeights, f2: { ...postWeights.f2, [token]: 1 } });
    await fails(
      [phrase, '--vocab', files.vocab, '--weights', files.weights],
      1,
      new RegExp(`control character ${code.replace('+', '\\+')}`),
    );
  });

  it.each([['\u0301a'], ['\u20dd']])(
    'a token starting with a combining mark (%j) is refused: it would join the text before it',
    async (token) => {
      const files = modelFiles({ ...postVocab, [token]: 1 }, { ...postWeights, f2: { ...postWeights.f2, [token]: 1 } });
      await fails(
        [phrase, '--vocab', files.vocab, '--weights', files.weights],
        1,
        /starts with the combining mark U\+[0-9A-F]{4}/,
      );
    },
  );

  it.each([
    [['--x'.padEnd(400, 'x')], 2],
    [[phrase, '-k', 'k'.repeat(400)], 2],
    [[phrase, '--samplers', 's'.repeat(400)], 2],
    [[phrase, '--lang', 'l'.repeat(400)], 2],
    [[phrase, '--format', 'f'.repeat(400)], 2],
    [[`el cielo ${'w'.repeat(400)}`], 1],
  ])('a long value the user typed is cut with … in its message: %j', async (args, code) => {
    const run = await sample(args as string[]);
    expect(run.code).toBe(code);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/[kslfwx]{50,60}…/);
    expect(run.stderr).not.toMatch(/[kslfwx]{61}/);
  });

  it('user data in a message is escaped and cut to one line', async () => {
    await fails([`el cielo \x1b[2J${'x'.repeat(500)}`], 1, /unknown token "\\u001b\[2Jx+…" at position 3/);
    await fails([phrase, '-n', '\x1b[31m'], 2, /argument '\\u001b\[31m' is invalid/);
    await fails(
      [phrase, '--vocab', '/nowhere/\x1b]0;title\x07'],
      1,
      /\/nowhere\/\\u001b\]0;title\\u0007: no such file/,
    );
  });
});

describe('streams', () => {
  /** Spawns a long run, sends the signal once output has begun, and returns what it left. */
  function interrupted(signal: NodeJS.Signals, args: string[]): Promise<{ code: number | null; stdout: string }> {
    return new Promise((resolve) => {
      const child = spawn(bin, [phrase, '-n', '100000000', '--seed', '1', ...args]);
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (stdout === '') setTimeout(() => child.kill(signal), 200);
        stdout += chunk;
      });
      child.on('close', (code) => resolve({ code, stdout }));
    });
  }

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s ends the run with whole lines and exit %d', async (signal, code) => {
    const run = await interrupted(signal, ['-t', '2']);
    expect(run.code).toBe(code);
    expect(run.stdout.endsWith('\n')).toBe(true);
    for (const line of lines(run.stdout)) expect(line.split(' ')).toHaveLength(5);
  });

  it('an interrupted -f json run closes its document; so does -f jsonl with whole objects', async () => {
    const json = await interrupted('SIGINT', ['-f', 'json']);
    expect(json.code).toBe(130);
    expect(JSON.parse(json.stdout).samples.length).toBeGreaterThan(0);
    const jsonl = await interrupted('SIGINT', ['-f', 'jsonl']);
    for (const line of lines(jsonl.stdout)) expect(JSON.parse(line).tokens).toHaveLength(1);
  });

  /**
   * Spawns a long run whose reader stops reading once output has begun, so that the pipe is full
   * and a chunk half written; sends the signal twice, then reads what the run left.
   */
  function twice(signal: NodeJS.Signals, args: string[]): Promise<{ code: number | null; stdout: string }> {
    return new Promise((resolve) => {
      const child = spawn(bin, [phrase, '-n', '100000000', '--seed', '1', '-t', '2', ...args]);
      let stdout = '';
      child.stdout.setEncoding('utf8').once('data', () => {
        child.stdout.pause();
        setTimeout(() => child.kill(signal), 300);
        setTimeout(() => child.kill(signal), 320);
        setTimeout(() => child.stdout.resume(), 600);
      });
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
      });
      child.on('close', (code) => resolve({ code, stdout }));
    });
  }

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s twice in a row, with the reader behind, still leaves whole lines and a closed json document',
    async (signal, code) => {
      const text = await twice(signal, []);
      expect(text.code).toBe(code);
      expect(text.stdout.endsWith('\n')).toBe(true);
      for (const line of lines(text.stdout)) expect(line.split(' ')).toHaveLength(5);
      const json = await twice(signal, ['-f', 'json']);
      expect(json.code).toBe(code);
      expect(JSON.parse(json.stdout).samples.length).toBeGreaterThan(0);
      const jsonl = await twice(signal, ['-f', 'jsonl']);
      for (const line of lines(jsonl.stdout)) expect(JSON.parse(line).tokens).toHaveLength(2);
    },
  );

  it('a -f json run that fails midway leaves a closed document', async () => {
    const run = await sample(['-f', 'json', '-n', '2', '--seed', '1'], { input: 'el cielo es\nel cielo verde\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^sample: line 2: unknown token "verde"/);
    const receipt = JSON.parse(run.stdout);
    expect(receipt.samples).toHaveLength(2);
    expect(receipt.input).toEqual(['el cielo es']);
  });

  it.each([
    [
      'a Latin-1 line',
      Buffer.from('el cielo es\nel cielo \xe9s\n', 'latin1'),
      /^sample: line 2 of stdin is not UTF-8 text; give UTF-8/,
    ],
    [
      'UTF-16 with its byte-order mark',
      Buffer.from('\ufeffel cielo es\n', 'utf16le'),
      /^sample: line 1 of stdin is UTF-16 text/,
    ],
    ['UTF-16 without one', Buffer.from('el cielo es\n', 'utf16le'), /^sample: line 1 of stdin is UTF-16 text/],
  ])('stdin in %s is named as such, with its line', async (_, input, message) => {
    const run = await sample(['-n', '1', '--seed', '1'], { input });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('stdin lines end at \\n, \\r\\n or a lone \\r, and a UTF-8 byte-order mark is no part of the first', async () => {
    const run = await sample(['-n', '1', '--seed', '1'], { input: '\ufeffel cielo es\r\nel cielo es\rel cielo es' });
    expect(run.code).toBe(0);
    expect(lines(run.stdout).map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual(Array(3).fill(phrase));
  });

  it.each([
    ['SIGINT', ['-f', 'json', '-n', '2'], 130, (d: { samples: unknown[] }) => d.samples],
    ['SIGTERM', ['-f', 'json', '--probs'], 143, (d: unknown[]) => d],
  ] as const)(
    'a %s while waiting for the first line of stdin still writes a whole, empty json document (%j)',
    async (signal, args, code, listed) => {
      const child = spawn(bin, [...args, '--seed', '1'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
      });
      const closed = new Promise((resolve) => child.on('close', resolve));
      await idle(child.pid as number);
      child.kill(signal);
      expect(await closed).toBe(code);
      expect(listed(JSON.parse(stdout))).toEqual([]);
    },
  );

  it('a SIGINT while waiting for stdin ends the run quietly', async () => {
    const child = spawn(bin, ['-n', '1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const closed = new Promise((resolve) => child.on('close', resolve));
    await idle(child.pid as number);
    child.kill('SIGINT');
    expect(await closed).toBe(130);
  });

  it.each([
    ['--help'],
    ['--version'],
    ['--completion', 'bash'],
    ['--completion', 'fish'],
    ['__complete', '2', 'sample', '-'],
  ])('%s into /dev/full exits 1 with one line', (...args) => {
    const run = spawnSync(bin, args, { stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'], encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('sample: cannot write the output: no space left on the device\n');
  });

  it('a closed stderr is as quiet as a closed stdout', () => {
    const run = spawnSync('sh', ['-c', `"${bin}" "el cielo es" -k 1 -n 3 2>&- | cat`], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(lines(run.stdout)).toHaveLength(3);
  });
});

describe('conflicts', () => {
  it.each([
    [['--probs', '-n', '5'], 'warning: --probs prints the distribution and draws nothing, so --count does nothing'],
    [
      ['--probs', '--only-new'],
      'warning: --probs prints the distribution and draws nothing, so --only-new does nothing',
    ],
    [
      ['--greedy', '-T', '2'],
      'warning: --greedy takes the most probable token, which --temperature never removes, so --temperature does nothing',
    ],
    [
      ['--greedy', '--min-p', '0.1'],
      'warning: --greedy takes the most probable token, which --min-p never removes, so --min-p does nothing',
    ],
    [['-n', '0', '--explain'], 'warning: -n 0 draws nothing, so --explain shows nothing'],
  ])('%j warns', async (args, warning) => {
    const run = await sample([phrase, ...args, '--seed', '1']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`sample: ${warning}\n`);
  });

  it('a run that fails before writing says only why, in one line: the warnings due wait for output', async () => {
    // --greedy with -T warns; then no_repeat_ngram bans every token within the ten new ones.
    const args = [phrase, '--greedy', '-T', '2', '--no-repeat-ngram', '1', '-t', '10', '--verbose'];
    await fails(args, 1, /^sample: no token is left with a logit above 0 after no_repeat_ngram/);
    const lively = await sample([phrase, '--greedy', '-T', '2', '-n', '2', '--verbose']);
    expect(lively.code).toBe(0);
    expect(lively.stderr).toMatch(/^seed: \d+\n/);
    expect(lively.stderr).toContain('sample: warning: --greedy takes the most probable token');
  });

  it('a phrase that starts with - gets the -- hint', async () => {
    await fails(['-cielo'], 2, /unknown option '-cielo'; a phrase that starts with - goes after --/);
  });

  it('the same warning for many lines of stdin is said once, with a count', async () => {
    const run = await sample(['-k', '1', '--seed', '1'], { input: 'el cielo es\n'.repeat(5) });
    expect(lines(run.stderr)).toEqual([
      'sample: line 1: warning: top-k 1 leaves only "azul"; every sample will be "azul", whatever the seed',
      'sample: the same warning held for 4 more lines: warning: top-k 1 leaves only "azul"; every sample will be "azul", whatever the seed',
    ]);
  });
});

describe('colour', () => {
  const explain = (env: NodeJS.ProcessEnv) => sample([phrase, '--explain', '--seed', '1'], { env });
  it.each([
    [{ FORCE_COLOR: '1' }, true],
    [{ FORCE_COLOR: '' }, true],
    [{ FORCE_COLOR: '0' }, false],
    [{ FORCE_COLOR: 'false' }, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false],
    [{ NO_COLOR: '' }, false],
    [{}, false],
  ])('%j: colour on stderr %s (stderr is a pipe here)', async (env, coloured) => {
    const run = await explain(env);
    expect(run.stderr.includes('\x1b[')).toBe(coloured);
    expect(run.stdout).not.toContain('\x1b[');
  });
});

describe('receipts', () => {
  it('record absolute model paths, so that they reproduce from another directory', async () => {
    const files = modelFiles(postVocab, postWeights);
    const cwd = join(files.vocab, '..');
    const run = await sample([phrase, '--vocab', 'vocab.json', '--weights', 'weights.json', '-f', 'json'], { cwd });
    const { options } = JSON.parse(run.stdout);
    expect(options.vocab).toBe(files.vocab);
    expect(options.weights).toBe(files.weights);
  });
});

describe('--html beside options it cannot honour', () => {
  const page = join(tmpdir(), `sample-page-${process.pid}.html`);
  it.each([['--probs'], ['-f', 'json'], ['--stats'], ['--explain']])(
    '%s gets a warning, and the page is written',
    async (...flags) => {
      const run = await sample([phrase, '--html', page, ...flags]);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/^sample: warning: --html writes the page, .* so --\S+ does nothing$/m);
      expect(readFileSync(page, 'utf8')).toMatch(/^<!doctype html>/i);
    },
  );

  it('several lines of stdin: the page is the first one’s, and a warning says so', async () => {
    const run = await sample(['--html', page], { input: 'el cielo es\nel cielo es\n' });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^sample: warning: --html makes the page of the first line of stdin/m);
  });
});
