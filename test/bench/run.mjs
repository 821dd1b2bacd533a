// npm run bench: speed and memory of `sample`, each against its floor, measured in one run with the
// commands alternating, so that a noisy machine slows both sides alike. Prints medians and ratios.
// Never part of npm test: targets live here, not in timed tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logits as npyLogits, SIZE, tokenizer } from './captured.mjs';
import { collidingModel } from './colliding.mjs';
import { makeModel } from './make-model.mjs';
import { DICTIONARY, spanishModel, withShape, withShuffledWeights, writtenBy } from './real-vocab.mjs';

const cli = fileURLToPath(new URL('../../dist/sample.cjs', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'sample-bench-'));
const TIME = '/usr/bin/time';
const quote = (s) => `'${s.replaceAll("'", "'\\''")}'`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs a shell command once: wall seconds and peak RSS in MB (of the slowest process in it, via GNU time). */
function once(command) {
  const rssFile = join(scratch, 'rss');
  const timed = existsSync(TIME) ? `${TIME} -f %M -o ${rssFile} bash -c ${quote(command)}` : command;
  const start = process.hrtime.bigint();
  const result = spawnSync('bash', ['-c', timed], { stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  const rss = existsSync(TIME) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) / 1024 : Number.NaN;
  return { seconds, rss };
}

/** Alternates commands `runs` times each; for each, the medians of time and of peak memory. */
function alternate(commands, runs) {
  const results = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, command] of commands.entries()) results[k].push(once(command));
  }
  return results.map((rs) => ({ seconds: median(rs.map((r) => r.seconds)), rss: median(rs.map((r) => r.rss)) }));
}

/** Alternates two commands `runs` times each; medians of time and of peak memory. */
function compare(a, b, runs) {
  const [first, second] = alternate([a, b], runs);
  return { a: first, b: second };
}

const rows = [];
function row(what, subject, floor, ratio, target) {
  rows.push({ what, subject, floor, ratio, target, ok: ratio <= target });
}
const ms = (s) => `${(s * 1000).toFixed(1)} ms`;
const mb = (x) => `${x.toFixed(0)} MB`;

const sample = (args) => `node ${quote(cli)} ${args}`;

console.error('start-up …');
{
  const { a, b } = compare(sample('"el cielo es" -n 1 --seed 1 > /dev/null'), 'node -e 0', 30);
  row('start-up: -n 1', `${ms(a.seconds)}, ${mb(a.rss)}`, `node -e 0: ${ms(b.seconds)}`, a.seconds / b.seconds, 1.3);
}

console.error('throughput …');
{
  const { a, b } = compare(
    sample('"el cielo es" -n 10000000 --seed 1 > /dev/null'),
    'yes "el cielo es azul" | head -n 10000000 > /dev/null',
    5,
  );
  row(
    '10,000,000 samples',
    `${ms(a.seconds)}, ${mb(a.rss)}`,
    `yes \\| head: ${ms(b.seconds)}`,
    a.seconds / b.seconds,
    8,
  );
  // The heap settles within the first few million samples; ten times more must not need more.
  const more = once(sample('"el cielo es" -n 100000000 --seed 1 > /dev/null'));
  row('memory: -n 10⁸ against -n 10⁷', mb(more.rss), mb(a.rss), more.rss / a.rss, 1.2);
}

{
  // The progress line shows only when stderr is a terminal: script(1) gives the run one.
  const underTerminal = (args) =>
    `script -qec ${quote(sample(`"el cielo es" -n 10000000 --seed 1 ${args} > /dev/null`))} /dev/null`;
  // Fifteen runs: two runs of some 0.7 s each differ by a few percent at random here, and with
  // five, this row read 0.90× to 1.16× of the same code across bench runs, around a target of
  // 1.05×; 25 alternating runs, in either order, read 0.99× to 1.03×.
  const { a, b } = compare(underTerminal(''), underTerminal('--quiet'), 15);
  row(
    '10,000,000 samples on a terminal: the progress line',
    ms(a.seconds),
    `--quiet: ${ms(b.seconds)}`,
    a.seconds / b.seconds,
    1.05,
  );
}

console.error('stdin …');
{
  // A warning-raising option (top-k 1 collapses every line's distribution) must cost a line nothing.
  const lines = join(scratch, 'lines.txt');
  writeFileSync(lines, 'el cielo es\n'.repeat(100_000));
  const stdin = (args) => sample(`- -n 1 --seed 1 ${args} < ${quote(lines)} > /dev/null 2>&1`);
  const { a, b } = compare(stdin('-k 1'), stdin(''), 5);
  row('100,000 stdin lines with a warning (-k 1)', ms(a.seconds), `none: ${ms(b.seconds)}`, a.seconds / b.seconds, 1.1);
}

console.error('a 200,000-token model …');
const big = makeModel(200_000, join(scratch, 'model'));
const model = `--vocab ${quote(big.paths.vocab)} --weights ${quote(big.paths.weights)}`;
const phrase = quote(big.phrase);
{
  const inProcess = JSON.parse(
    execFileSync('node', [join(here, 'in-process.mjs'), big.paths.vocab, big.paths.weights, big.phrase], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    }),
  );
  const load = inProcess.load;
  row('load 200,000 tokens', ms(load.model), `JSON.parse: ${ms(load.parse)}`, load.model / load.parse, 2);
  const token = inProcess.token;
  row(
    'per token, 200,000: softmax -T 300 -p 0.9',
    ms(token.sample),
    `logits + softmax: ${ms(token.floor)}`,
    token.sample / token.floor,
    3,
  );
}
{
  const args = `${phrase} ${model} --seed 1`;
  const { a: million, b: fewer } = compare(
    sample(`${args} -n 1000000 > /dev/null`),
    sample(`${args} -n 100000 > /dev/null`),
    3,
  );
  row(
    '-n 1,000,000, 200,000 tokens: memory against -n 100,000',
    `${ms(million.seconds)}, ${mb(million.rss)}`,
    mb(fewer.rss),
    million.rss / fewer.rss,
    1.2,
  );
  const chain = '--norm softmax -T 300 -p 0.9';
  const long = compare(
    sample(`${args} ${chain} -n 20 -t 50 > /dev/null`),
    sample(`${args} ${chain} -n 2 -t 5 > /dev/null`),
    3,
  );
  row(
    '-n 20 -t 50 -p 0.9, 200,000 tokens: memory against -n 2 -t 5',
    `${ms(long.a.seconds)}, ${mb(long.a.rss)}`,
    mb(long.b.rss),
    long.a.rss / long.b.rss,
    1.2,
  );
  const peak = Math.max(million.rss, long.a.rss);
  row('peak memory, 200,000 tokens', mb(peak), '250 MB', peak / 250, 1);
}

console.error("llama.cpp's chain on 128,256 Zipf-like logits …");
{
  const chain = JSON.parse(
    execFileSync('node', [join(here, 'chain.mjs'), join(scratch, 'zipf')], { encoding: 'utf8', maxBuffer: 1 << 20 }),
  );
  row(
    "per token, 128,256 Zipf-like logits: llama.cpp's chain (-k 40 -p 0.95 --min-p 0.05 -T 0.8)",
    `${(chain.sample * 1e6).toFixed(0)} µs`,
    `f2 alone: ${(chain.logits * 1e6).toFixed(0)} µs`,
    chain.sample / chain.logits,
    3,
  );
}

console.error('every stage on the post, -t 200000 …');
{
  // One setting that turns each stage on; a stage the registry gains without one stops the bench.
  const ACTIVE = {
    logit_bias: '--logit-bias el=-1',
    penalties: '--repeat-penalty 1.1',
    no_repeat_ngram: '--no-repeat-ngram 20',
    dry: '--dry-multiplier 0.01',
    temperature: '-T 0.7',
    smoothing: '--smoothing-factor 0.5',
    top_n_sigma: '--top-n-sigma 1',
    top_k: '-k 2',
    top_a: '--top-a 0.5',
    tfs: '--tfs 0.5',
    top_p: '-p 0.9',
    top_h: '--top-h 0.5',
    min_p: '--min-p 0.2',
    typ_p: '--typical 0.9',
    epsilon: '--epsilon 0.05',
    eta: '--eta 0.05',
    xtc: '--xtc-probability 0.5',
    adaptive_p: '--adaptive-target 0.3',
    mirostat: '--mirostat 2',
  };
  const { STAGES } = await import('../../dist/index.js');
  const missing = STAGES.filter((stage) => ACTIVE[stage.name] === undefined).map((stage) => stage.name);
  if (missing.length > 0) throw new Error(`bench: no setting turns on ${missing.join(', ')}`);
  const run = (args, tokens) => sample(`"el cielo es" --seed 1 -t ${tokens} ${args} > /dev/null`);
  const cases = [
    ...STAGES.map((stage) => ({ stage, args: ACTIVE[stage.name] })),
    { stage: STAGES.find((s) => s.name === 'penalties'), args: '--repeat-penalty 1.1 --repeat-last-n -1' },
  ];
  const [none, ...timed] = alternate(
    [run('', 200000), ...cases.flatMap(({ args }) => [run(args, 200000), run(args, 20000)])],
    // Five runs: with three, a row of this run read 1.59× where the run before read 1.17×.
    5,
  );
  cases.forEach(({ stage, args }, k) => {
    const [long, short] = [timed[2 * k], timed[2 * k + 1]];
    // A filter costs what the chain pays per token; a history stage over the whole history, a little more.
    const target = stage.acts === 'probs' ? 1.5 : stage.name === 'dry' ? Infinity : 2;
    row(
      `-t 200000 ${args}, the post`,
      ms(long.seconds),
      `no stage: ${ms(none.seconds)}`,
      long.seconds / none.seconds,
      target,
    );
    row(`-t 200000 against -t 20000, ${args}`, ms(long.seconds), ms(short.seconds), long.seconds / short.seconds, 11);
  });
}

/** Runs of each command in the rows that compare whole processes of a few tenths of a second. */
const RUNS = 15;
/**
 * Runs of each command in the rows of a cost beyond -n 1: a difference of two medians, over a
 * denominator of a tenth of a second (the post's). With fifteen, the same code's rows moved by a
 * third from one bench run to the next.
 */
const BEYOND_RUNS = 31;

/** `sample PHRASE -n 1` against node parsing both files, as whole processes. */
function loading(what, paths, words) {
  const parse = `node -e 'const f = require("fs"); for (const p of process.argv.slice(1)) JSON.parse(f.readFileSync(p, "utf8"))' ${quote(paths.vocab)} ${quote(paths.weights)}`;
  const { a, b } = compare(
    sample(`${quote(words)} -n 1 --vocab ${quote(paths.vocab)} --weights ${quote(paths.weights)} > /dev/null`),
    parse,
    RUNS,
  );
  row(`load ${what}, whole process`, ms(a.seconds), `node JSON.parse: ${ms(b.seconds)}`, a.seconds / b.seconds, 1.3);
}

console.error('real vocabularies …');
loading('200,000 tokens, f2 shuffled', withShuffledWeights(big.paths, join(scratch, 'shuffled')), big.phrase);
{
  // Tokens crafted to share one slot of a fixed hash load as fast as any: the index's hash is seeded.
  const crafted = collidingModel(200_000, join(scratch, 'colliding'));
  const normal = makeModel(200_000, join(scratch, 'normal'));
  const load = ({ paths, phrase }) =>
    sample(`${quote(phrase)} -n 1 --vocab ${quote(paths.vocab)} --weights ${quote(paths.weights)} > /dev/null`);
  const { a, b } = compare(load(crafted), load(normal), 9);
  row(
    'load 200,000 tokens crafted to collide',
    ms(a.seconds),
    `a normal model: ${ms(b.seconds)}`,
    a.seconds / b.seconds,
    2,
  );
}
const spanish = spanishModel(join(scratch, 'spanish'));
if (spanish === undefined) {
  console.error(
    `${DICTIONARY} is missing: install Debian's Spanish word list (apt-get install wspanish) to measure it`,
  );
} else {
  const words = `${spanish.size.toLocaleString('en')} Spanish words`;
  loading(words, spanish.paths, spanish.phrase);
  const { writers, missing } = writtenBy(spanish.paths, join(scratch, 'writers'));
  for (const tool of missing) console.error(`${tool} is missing: its files are not measured`);
  for (const { name, paths } of writers) loading(`${words} written by ${name}`, paths, spanish.phrase);
  // The cost of a million samples beyond one, against the same on the post's model, for each
  // shape of distribution: the commands alternate, so that a machine whose speed drifts moves
  // every cost alike.
  const counts = (args) => [1000000, 1].map((n) => sample(`${args} -n ${n} --seed 1 > /dev/null`));
  const shapes = ['Zipf-like', 'flat', 'peaked'];
  const files = shapes.map((shape) => withShape(spanish.paths, join(scratch, 'shapes'), shape));
  const timed = alternate(
    [
      ...counts('"el cielo es"'),
      ...files.flatMap((f) =>
        counts(`${quote(spanish.phrase)} --vocab ${quote(f.vocab)} --weights ${quote(f.weights)}`),
      ),
    ],
    BEYOND_RUNS,
  );
  const post = timed[0].seconds - timed[1].seconds;
  shapes.forEach((shape, k) => {
    const cost = timed[2 + 2 * k].seconds - timed[3 + 2 * k].seconds;
    row(`-n 1,000,000 beyond -n 1: ${words}, ${shape}`, ms(cost), `the post's model: ${ms(post)}`, cost / post, 2);
  });
}
{
  const completion = once(sample(`__complete 3 sample --vocab ${quote(big.paths.vocab)} ab > /dev/null`));
  row('completion of tokens, 200,000 tokens', ms(completion.seconds), '1 s', completion.seconds, 0.5);
}

console.error('captures …');
{
  const dir = mkdtempSync(join(scratch, 'capture-'));
  const vocab = tokenizer(dir);
  const [one, many] = [npyLogits(dir, 1), npyLogits(dir, 500)];
  const read = `node -e 'const f = require("fs"); f.readFileSync(process.argv[1]); JSON.parse(f.readFileSync(process.argv[2], "utf8"))' ${quote(one)} ${quote(vocab)}`;
  const capture = (file, args) => sample(`--logits ${quote(file)} --vocab ${quote(vocab)} ${args} > /dev/null`);
  const { a, b } = compare(capture(one, '-n 1 --seed 1'), read, RUNS);
  row(
    `load a ${SIZE.toLocaleString('en')}-float32 .npy and its tokenizer.json`,
    ms(a.seconds),
    `node reading both: ${ms(b.seconds)}`,
    a.seconds / b.seconds,
    1.3,
  );
  const [row3, flat] = alternate([capture(many, '--at 3 -n 1 --seed 1'), capture(one, '-n 1 --seed 1')], 5);
  row('memory: --at 3 of a 500-row .npy against a 1-row one', mb(row3.rss), mb(flat.rss), row3.rss / flat.rss, 1.2);
  // A million samples beyond one, against the same on the post's model.
  const timed = alternate(
    [1000000, 1].flatMap((n) => [
      capture(one, `-n ${n} --seed 1`),
      sample(`"el cielo es" -n ${n} --seed 1 > /dev/null`),
    ]),
    BEYOND_RUNS,
  );
  const [captured, post] = [timed[0].seconds - timed[2].seconds, timed[1].seconds - timed[3].seconds];
  row(
    `-n 1,000,000 beyond -n 1: a ${SIZE.toLocaleString('en')}-token capture`,
    ms(captured),
    `the post's model: ${ms(post)}`,
    captured / post,
    2,
  );
}

/** The page of --html in a real Chromium: the median time to recompute everything after a control changes. */
async function pageRecompute(args) {
  const { default: chromium } = await import('@sparticuz/chromium');
  const { default: puppeteer } = await import('puppeteer-core');
  const file = join(scratch, 'page.html');
  execFileSync('bash', ['-c', sample(`${args} --seed 1 -n 10 --html ${quote(file)}`)]);
  const browser = await puppeteer.launch({ executablePath: await chromium.executablePath(), args: chromium.args });
  const page = await browser.newPage();
  await page.goto(`file://${file}`);
  const times = [];
  for (let i = 0; i < 15; i++) {
    await page.evaluate(
      (t) => {
        const input = document.querySelector('#control-temperature');
        input.value = String(t);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      },
      1 + (i % 5) / 10,
    );
    times.push(Number(await page.evaluate(() => document.body.dataset.ms)));
  }
  await browser.close();
  return median(times) / 1000;
}

console.error('the page …');
{
  const post = await pageRecompute('"el cielo es"');
  row('page: recompute after a change, the post', ms(post), '50 ms', post / 0.05, 1);
  const wide = await pageRecompute(`${phrase} ${model}`);
  row('page: recompute after a change, 200,000 tokens', ms(wide), '200 ms', wide / 0.2, 1);
}
rmSync(scratch, { recursive: true, force: true });

const node = execFileSync('node', ['--version'], { encoding: 'utf8' }).trim();
console.log(`\nsample benchmark — ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${node}\n`);
console.log('| measure | sample | floor | ratio | target |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) {
  const ratio = r.ratio === 0 ? '' : `${r.ratio.toFixed(2)}×`;
  const target = r.target === Infinity ? '' : `≤ ${r.target}× ${r.ok ? '✓' : '✗'}`;
  console.log(`| ${r.what} | ${r.subject} | ${r.floor} | ${ratio} | ${target} |`);
}
