import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { launch, open } from '../helpers/browser.js';
import { lines, sample } from '../helpers/cli.js';
import { memoryIo } from '../helpers/memory-io.js';
import { modelFiles } from '../helpers/models.js';

const phrase = 'el cielo es';
const scratch = mkdtempSync(join(tmpdir(), 'sample-page-'));
const artifacts = new URL('../artifacts/', import.meta.url);
let browser: Browser;
let url = '';

beforeAll(async () => {
  const file = join(scratch, 'x.html');
  const made = await sample([phrase, '--seed', '42', '-n', '10', '--html', file]);
  expect(made.code).toBe(0);
  url = pathToFileURL(file).href;
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const samples = (page: Page): Promise<string[]> =>
  page.$$eval('[data-sample]', (items) => items.map((item) => item.getAttribute('data-sample') ?? ''));
const probs = (page: Page): Promise<number[]> =>
  page.$$eval('#probs [data-prob]', (items) => items.map((item) => Number(item.getAttribute('data-prob'))));

/** Replaces a control's text as a person does: focus it, select all, type. */
async function type(page: Page, flag: string, value: string): Promise<void> {
  await page.focus(`#control-${flag}`);
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.type(value);
}

describe('the page of --html', () => {
  it('opens from file:// with no console error, shows the post’s numbers, and draws the CLI’s lines', async () => {
    const { page, errors } = await open(browser, url);
    const text = await page.$eval('#output', (output) => output.textContent ?? '');
    for (const number of ['1800', '4500', '10620', '0.4237']) expect(text).toContain(number);
    const cli = await sample([phrase, '--seed', '42', '-n', '10']);
    expect(await samples(page)).toEqual(lines(cli.stdout));
    expect(errors).toEqual([]);
    mkdirSync(artifacts, { recursive: true });
    await page.setViewport({ width: 1000, height: 1400 });
    await page.screenshot({ path: new URL('page.png', artifacts).pathname as `${string}.png`, fullPage: true });
    await page.close();
  });

  it('a capture’s page shows its prompt, its position and the mass its list leaves out, and draws the CLI’s lines', async () => {
    const capture = fileURLToPath(new URL('../fixtures/captures/llm-sampling-top50.json', import.meta.url));
    const file = join(scratch, 'capture.html');
    const args = ['--logits', capture, '--at', '2', '--seed', '7', '-n', '6', '-p', '0.9'];
    const made = await sample([...args, '--html', file]);
    expect([made.code, made.stderr]).toEqual([
      0,
      `sample: wrote ${file} (${Math.ceil(statSync(file).size / 1024)} KB): open it in a browser\n`,
    ]);
    const { page, errors } = await open(browser, pathToFileURL(file).href);
    const cli = await sample(args);
    expect(await samples(page)).toEqual(lines(cli.stdout));
    const text = await page.$eval('#captured', (part) => part.textContent ?? '');
    expect(text).toContain('position 2');
    expect(text).toContain('the list leaves out 2.08% of the mass');
    expect(await page.$eval('#control-phrase', (input) => (input as HTMLInputElement).value)).toMatch(/^"You will pay/);
    expect(await page.$eval('#command', (command) => command.textContent ?? '')).toBe(
      `sample --logits ${capture} --at 2 --count 6 --seed 7 --top-p 0.9`,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  // Each capture at its last position: the runtimes' two, the map's one, the tensor's third row.
  it.each([
    ['captures/llama-completion.json', 2],
    ['captures/llama-post-sampling.json', 2],
    ['captures/llama-old.json', 2],
    ['captures/openai-chat.json', 2],
    ['captures/openai-completions.json', 2],
    ['captures/ollama.json', 2],
    ['captures/map-logprobs.json', 1],
    ['npy/post-2d-f4.npy', 3],
  ])('the page of %s at position %i draws the CLI’s lines, with its logits in place of f1 and f2', async (name, at) => {
    const capture = fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
    const file = join(scratch, `${name.replace('/', '-')}.html`);
    const args = ['--logits', capture, '--at', String(at), '--seed', '3', '-n', '8', '-T', '1.5'];
    expect((await sample([...args, '--html', file])).code).toBe(0);
    const { page, errors } = await open(browser, pathToFileURL(file).href);
    expect(await samples(page)).toEqual(lines((await sample(args)).stdout));
    expect(await page.$eval('#captured', (part) => part.textContent ?? '')).toContain(`position ${at}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is one self-contained file under 200 KB with the bundled model, fetching nothing', () => {
    const file = new URL(url).pathname;
    expect(statSync(file).size).toBeLessThan(200 * 1024);
    expect(readFileSync(file, 'utf8')).not.toMatch(/<script[^>]+src=|<link|https?:\/\//);
  });

  it('typing a temperature and a top-p gives the probabilities the CLI’s --probs gives', async () => {
    const { page, errors } = await open(browser, url);
    await type(page, 'temperature', '2');
    await type(page, 'top-p', '0.7');
    const cli = await sample([phrase, '-T', '2', '-p', '0.7', '--probs', '-f', 'jsonl']);
    expect(await probs(page)).toEqual(lines(cli.stdout).map((line) => JSON.parse(line).prob));
    expect(await page.evaluate(() => location.hash)).toContain('temperature=2&top-p=0.7');
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([
    ['count=100000000', 20_000, 100_000_000],
    ['count=3000&tokens=10', 2_000, 3_000],
    ['tokens=1000000', 0, 1],
  ])(
    'a fragment that asks for #%s stays quick: it draws the first %d and says how many were asked',
    async (fragment, drawn, asked) => {
      const { page, errors } = await open(browser, `${url}#seed=7&${fragment}`);
      const shown = await samples(page);
      expect(shown).toHaveLength(drawn);
      expect(await page.$eval('#capped', (note) => note.textContent ?? '')).toContain(`${drawn} of ${asked}`);
      // The first of them are the command line's first lines, from the same stream.
      const cli = await sample([
        phrase,
        '--seed',
        '7',
        '-n',
        '3',
        ...(fragment.includes('tokens=10') ? ['-t', '10'] : []),
      ]);
      if (drawn > 0) expect(shown.slice(0, 3)).toEqual(lines(cli.stdout));
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it('a URL fragment restores a state: #seed=7&count=5&temperature=2&top-p=0.7 draws the CLI’s five lines', async () => {
    const { page } = await open(browser, `${url}#seed=7&count=5&temperature=2&top-p=0.7`);
    const cli = await sample([phrase, '--seed', '7', '-n', '5', '-T', '2', '-p', '0.7']);
    expect(await samples(page)).toEqual(lines(cli.stdout));
    expect(await page.$eval('#control-top-p', (input) => (input as HTMLInputElement).value)).toBe('0.7');
    await page.close();
  });

  it.each([
    ['greedy', true],
    ['greedy=true', true],
    ['greedy=0', false],
    ['greedy=false', false],
  ])('#%s shows the greedy box as it draws: %s', async (fragment, on) => {
    const { page } = await open(browser, `${url}#seed=7&count=5&${fragment}`);
    const cli = await sample([phrase, '--seed', '7', '-n', '5', ...(on ? ['--greedy'] : [])]);
    expect(await samples(page)).toEqual(lines(cli.stdout));
    expect(await page.$eval('#control-greedy', (input) => (input as HTMLInputElement).checked)).toBe(on);
    expect(await page.$eval('#command', (command) => command.textContent ?? '')).toBe(
      `sample 'el cielo es' --count 5 --seed 7${on ? ' --greedy' : ''}`,
    );
    await page.close();
  });

  it.each([
    ['top-p=0', ['-p', '0']],
    ['count=-1', ['-n', '-1']],
    ['norm=max', ['--norm', 'max']],
    ['samplers=top_k;warmth', ['--samplers', 'top_k;warmth']],
  ])('a fragment value that is not valid (%s) is an error in the CLI’s words', async (fragment, args) => {
    const { page } = await open(browser, `${url}#${fragment}`);
    const cli = await sample([phrase, ...args]);
    expect(await page.$eval('#errors', (element) => element.textContent)).toBe(cli.stderr.trim());
    expect(await page.$eval('#output', (output) => output.textContent ?? '')).not.toMatch(/NaN/);
    await page.close();
  });

  it('works from the keyboard: every control is labelled, Tab reaches it, Enter draws', async () => {
    const { page } = await open(browser, url);
    const unlabelled = await page.$$eval('input, select', (inputs) =>
      inputs.filter((input) => !document.querySelector(`label[for="${input.id}"]`)).map((input) => input.id),
    );
    expect(unlabelled).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('control-phrase');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('control-count');
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Control');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    const cli = await sample([phrase, '--seed', '42', '-n', '3']);
    expect(await samples(page)).toEqual(lines(cli.stdout));
    await page.close();
  });

  it('shows every number --explain prints', async () => {
    const args = ['--seed', '3', '-T', '2', '-p', '0.7', '--samplers', 'llama.cpp'];
    const explained = await sample([phrase, ...args, '--explain']);
    const { page } = await open(browser, `${url}#seed=3&temperature=2&top-p=0.7&samplers=llama.cpp`);
    const text = await page.$eval('#output', (output) => output.textContent ?? '');
    const numbers = explained.stderr.match(/\d+(\.\d+)?(e-?\d+)?/g) ?? [];
    expect(numbers.length).toBeGreaterThan(30);
    for (const number of numbers) expect(text).toContain(number);
    await page.close();
  });

  it('speaks the CLI’s language: a page made under LANG=es is in Spanish, and draws the same lines', async () => {
    const file = join(scratch, 'es.html');
    const env = { LANG: 'es_ES.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' };
    await sample([phrase, '--seed', '42', '-n', '10', '--html', file], { env });
    const { page, errors } = await open(browser, pathToFileURL(file).href);
    const text = await page.$eval('#output', (output) => output.textContent ?? '');
    expect(text).toContain('norm divide cada logit por su suma, 10620');
    expect(text).toContain('los sorteos');
    expect(await page.$eval('html', (html) => html.lang)).toBe('es');
    const cli = await sample([phrase, '--seed', '42', '-n', '10']);
    expect(await samples(page)).toEqual(lines(cli.stdout));
    const bad = await open(browser, `${pathToFileURL(file).href}#top-p=0`);
    expect(await bad.page.$eval('#errors', (element) => element.textContent)).toBe(
      "sample: la opción '-p, --top-p <p>' no admite el valor '0'. Debe ser un número con 0 < valor ≤ 1.",
    );
    expect(errors).toEqual([]);
    await page.close();
    await bad.page.close();
  });

  it('a vocabulary over 50 tokens shows its 20 most probable and a search box', async () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
    const files = modelFiles(Object.fromEntries(words.map((w, i) => [w, i + 1])), {
      f1: [1],
      f2: Object.fromEntries(words.map((w, i) => [w, i + 1])),
    });
    const file = join(scratch, 'wide.html');
    await sample(['w1', '--vocab', files.vocab, '--weights', files.weights, '--html', file]);
    const { page, errors } = await open(browser, pathToFileURL(file).href);
    expect((await probs(page)).length).toBeLessThanOrEqual(21);
    await type(page, 'search', 'w3');
    const shown = await page.$$eval('#probs [data-token]', (items) =>
      items.map((item) => item.getAttribute('data-token')),
    );
    expect(shown).toEqual(expect.arrayContaining(['w3', 'w30', 'w33']));
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('--html on the command line', () => {
  it('- into a terminal is a usage error that suggests a file name', async () => {
    const io = memoryIo('', true);
    expect(await main([phrase, '--html', '-'], io)).toBe(2);
    expect(io.err()).toMatch(
      /--html - would write a whole page to the terminal; give a file name, as in --html sample\.html/,
    );
  });

  it('- writes the page to stdout', async () => {
    const run = await sample([phrase, '--html', '-']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<!doctype html>/);
  });

  it.each([
    [[], /--html needs a file name, as in --html sample\.html/],
    [
      ['/nowhere/x.html'],
      /cannot write the page to \/nowhere\/x\.html: no such file; give another file name with --html/,
    ],
  ])('%j is refused in one line', async (path, message) => {
    const run = await sample([phrase, '--html', ...(path.length ? path : [''])]);
    expect(run.code).toBeGreaterThan(0);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
