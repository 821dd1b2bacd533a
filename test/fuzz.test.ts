import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { CONTROLS } from '../src/controls.js';
import { SampleError } from '../src/errors.js';
import { en } from '../src/i18n/en.js';
import { loadModel } from '../src/load.js';
import { secondChain } from '../src/page/second.js';
import { fromFragment, PAGE_KEYS, read } from '../src/page/state.js';
import { PAGE_TOKENS, viewOf } from '../src/page/view.js';
import { memoryIo } from './helpers/memory-io.js';
import { postVocab, postWeights } from './helpers/models.js';

const scratch = mkdtempSync(join(tmpdir(), 'sample-fuzz-'));
let files = 0;
/** Writes a model file of any text, as a hostile user might hand one over. */
const file = (text: string): string => {
  const path = join(scratch, `f${files++}.json`);
  writeFileSync(path, text);
  return path;
};

const word = fc.constantFrom(
  'el',
  'cielo',
  'es',
  'azul',
  'frío',
  'frio',
  'verde',
  '-',
  '--',
  '',
  ' ',
  '\x1b[31m',
  'x'.repeat(300),
);
const value = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '2',
    '-1',
    '0.5',
    '1e-320',
    '1e308',
    'NaN',
    'abc',
    '',
    '\x1b]0;t\x07',
    'azul=-inf',
    'el=2',
    'hf',
  ),
  fc.constantFrom('llama.cpp', 'top_k;temp', 'top_k;top_k', 'nope', 'softmax', 'sum', 'json', 'jsonl', 'tsv', 'text'),
  fc.integer({ min: -5, max: 40 }).map(String),
  fc.double({ min: -3, max: 3, noNaN: true }).map(String),
);
/** Every option that takes a value, from the registry, in each spelling; and the ones outside it. */
const flag = fc.constantFrom(
  ...CONTROLS.filter((control) => control.argument !== undefined).flatMap((control) => [
    `--${control.flag}`,
    ...(control.short ? [`-${control.short}`] : []),
    ...(control.aliases ?? []).map((alias) => alias.flag),
  ]),
  '-f',
  '--vocab',
  '--weights',
  '--settings',
  '--compare',
  '--at',
  '--logits-kind',
  '--missing',
  '--nope',
);
const bare = fc.constantFrom(
  '--greedy',
  '--probs',
  '--explain',
  '--stats',
  '--only-new',
  '--verbose',
  '--quiet',
  '-h',
  '-V',
);
/** Model texts: the post's, shuffled or broken, and others. */
const modelText = fc.oneof(
  fc.constant(JSON.stringify(postVocab)),
  fc.constant(JSON.stringify(postWeights)),
  fc.constant('{"azul": 227, "azul": 228}'),
  fc.constant('{"f1": [1], "f2": {"azul": -1}}'),
  // Captures for --logits: a llama.cpp response, a map, and one whose numbers are no log-probabilities.
  fc.constant('{"completion_probabilities": [{"token": " a", "top_logprobs": [{"token": " a", "logprob": -0.1}]}]}'),
  fc.constant('{" a": 0.5, "\\n": 0.25}'),
  fc.constant('{"logprobs": [{"token": "a", "top_logprobs": [{"token": "a", "logprob": 3}]}]}'),
  fc.json(),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Runs that mostly succeed: the post's phrase and stage options with values in their ranges. */
const plausible = fc
  .tuple(
    fc.constantFrom(['el cielo es'], ['el', 'cielo', 'es'], ['-'], []),
    fc.array(
      fc.oneof(
        fc.tuple(
          fc.constantFrom('-T', '--top-n-sigma', '--dynatemp-range', '--mirostat-ent'),
          fc.double({ min: 0, max: 5, noNaN: true }),
        ),
        fc.tuple(
          fc.constantFrom(
            '-p',
            '--typical',
            '--min-p',
            '--epsilon',
            '--eta',
            '--xtc-probability',
            '--xtc-threshold',
            '--top-a',
            '--tfs',
            '--top-h',
            '--smoothing-factor',
            '--adaptive-target',
            '--adaptive-decay',
          ),
          fc.double({ min: 0.01, max: 1, noNaN: true }),
        ),
        fc.tuple(
          fc.constantFrom('-k', '--min-keep', '--no-repeat-ngram', '--repeat-last-n', '--dry-allowed-length'),
          fc.nat(6),
        ),
        fc.tuple(
          fc.constantFrom('--repeat-penalty', '--presence-penalty', '--frequency-penalty', '--dry-multiplier'),
          fc.double({ min: 0.1, max: 3, noNaN: true }),
        ),
        // Values at the edges of the doubles: overflow in a stage must be an error, never NaN or a crash.
        fc.tuple(
          fc.constantFrom(
            '-T',
            '--repeat-penalty',
            '--presence-penalty',
            '--frequency-penalty',
            '--dry-multiplier',
            '--dry-base',
            '--dynatemp-range',
            '--dynatemp-exp',
            '--top-n-sigma',
            '--mirostat-ent',
            '--mirostat-lr',
          ),
          fc.constantFrom('5e-324', '1e-320', '1e-10', '1e308', '-1e308'),
        ),
        fc.tuple(
          fc.constantFrom('--norm', '--samplers', '-f', '--mirostat', '--logit-bias', '--dry-sequence-breaker'),
          fc.constantFrom('softmax', 'llama.cpp', 'jsonl', 'json', 'tsv', '2', 'frío=-inf', 'es'),
        ),
      ),
      { maxLength: 5 },
    ),
    fc.subarray(['--greedy', '--explain', '--stats', '--only-new', '--probs']),
  )
  .map(([phrase, pairs, flags]) => [...phrase, ...pairs.flatMap(([f, v]) => [f, String(v)]), ...flags]);

const hostile = fc
  .tuple(
    fc.array(
      fc.oneof(
        word,
        fc.tuple(flag, value).map(([f, v]) => [f, v]),
        bare,
        modelText.chain((t) =>
          fc.constantFrom(['--vocab', file(t)], ['--weights', file(t)], ['--settings', file(t)], ['--logits', file(t)]),
        ),
      ),
    ),
    fc.constantFrom(['-n', '3'], ['-n', '40', '-t', '3'], []),
  )
  .map(([parts, count]) => [...parts.flat(), ...count]);
const argv = fc.oneof(plausible, hostile);
const stdin = fc.constantFrom('', 'el cielo es\n', 'el cielo es\nes el cielo\n\nfrío azul el\n', '\x00\x1b\n');

/** What stdout must be for the format the run asked for. */
function checkFormat(args: string[], stdout: string): void {
  // --version and --help print themselves, whatever the format.
  if (args.some((arg) => ['-V', '--version', '-h', '--help'].includes(arg))) return;
  const format = args[args.lastIndexOf('-f') + 1];
  const lines = stdout.split('\n').slice(0, -1);
  if (args.includes('-f') && format === 'json' && stdout !== '') JSON.parse(stdout);
  if (args.includes('-f') && format === 'jsonl') for (const line of lines) JSON.parse(line);
  if (stdout !== '') expect(stdout.endsWith('\n')).toBe(true);
}

describe('fuzzing main() with random arguments, option values, model files and stdin', () => {
  it('exits 0, 1 or 2; fails with one line; never a stack trace; writes valid output; never hangs', async () => {
    await fc.assert(
      fc.asyncProperty(argv, stdin, async (args, input) => {
        const io = memoryIo(input);
        const started = Date.now();
        const code = await main(args, io);
        expect(Date.now() - started).toBeLessThan(5000);
        expect([0, 1, 2]).toContain(code);
        const stderr = io.err();
        expect(stderr).not.toMatch(/\n\s+at /);
        expect(io.out()).not.toMatch(/NaN/);
        expect(stderr.replaceAll('\n', '')).not.toMatch(/\p{Cc}/u);
        if (code !== 0) {
          expect(stderr.split('\n').filter((line) => line !== '')).toHaveLength(1);
          expect(stderr).toMatch(/^sample: /);
        }
        checkFormat(args, io.out());
      }),
      { seed: 20261128, numRuns: 1500 },
    );
  }, 120_000);
});

describe('fuzzing the page’s URL fragment', () => {
  const model = loadModel();
  /** A fragment as anyone may write one: any control of the registry, any value, any encoding. */
  const fragment = fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom('phrase', 'nope', '', ...PAGE_KEYS, ...CONTROLS.map((c) => c.flag)),
          fc.string({ maxLength: 4 }),
        ),
        fc.oneof(
          value,
          word,
          // What the page's second chain takes, as --compare does, and what it refuses.
          fc.constantFrom('llama.cpp', '-T%202', '--top-p%200.5%20-k', '%22', '-n%203', 'top_k;warmth', '--temp=2'),
          fc.constantFrom('1e9', '1e400', '100000000', '%00', '%ZZ', '%E2%80%AE', '%ED%A0%80', 'x'.repeat(5000)),
          fc.string({ unit: 'binary', maxLength: 12 }),
        ),
      ),
      { maxLength: 6 },
    )
    .map((pairs) => `#${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`);

  it('reads any fragment into settings or one-line errors, and draws at most the page’s tokens, quickly', () => {
    fc.assert(
      fc.property(fragment, (text) => {
        const started = Date.now();
        const reading = read(fromFragment(text), en);
        for (const { message } of reading.errors) {
          expect(message).not.toMatch(/\p{Cc}/u);
          expect(message.length).toBeLessThan(400);
        }
        if (reading.errors.length > 0) return;
        const typed = fromFragment(text);
        const spec = typed.get('compare');
        let second: ReturnType<typeof secondChain> | undefined;
        if (spec !== undefined) {
          try {
            second = secondChain(spec, en);
          } catch (error) {
            // The page shows it under the field: one line in the CLI's words.
            expect((error as Error).message).not.toMatch(/\n|\p{Cc}/u);
            return;
          }
        }
        try {
          const view = viewOf(reading, model, en, { second });
          const drawn = view.drawn.reduce((sum, d) => sum + d.tokens.length, 0);
          expect(drawn).toBeLessThanOrEqual(PAGE_TOKENS);
        } catch (error) {
          // What the page prints: a SampleError in the CLI's words, never an internal one.
          expect(error).toBeInstanceOf(SampleError);
          expect((error as SampleError).render(en)).not.toMatch(/\n|\p{Cc}/u);
        }
        expect(Date.now() - started).toBeLessThan(5000);
      }),
      { seed: 20261202, numRuns: 400 },
    );
  }, 120_000);
});
