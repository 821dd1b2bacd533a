import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { audit, launch, open } from '../helpers/browser.js';
import { lines, sample } from '../helpers/cli.js';
import { memoryIo } from '../helpers/memory-io.js';
import { modelFiles } from '../helpers/models.js';

const phrase = 'el cielo es';
const scratch = mkdtempSync(join(tmpdir(), 'sample-page-'));
const artifacts = new URL('../artifacts/', import.meta.url);
const spanish = { LANG: 'es_ES.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' };
let browser: Browser;
/** The page of `sample "el cielo es" --seed 42 --html`: no count given, so it starts with no draw. */
let url = '';
let urlEs = '';

beforeAll(async () => {
  const file = join(scratch, 'x.html');
  const made = await sample([phrase, '--seed', '42', '--html', file]);
  expect(made.code).toBe(0);
  url = pathToFileURL(file).href;
  const es = join(scratch, 'es.html');
  expect((await sample([phrase, '--seed', '42', '--html', es], { env: spanish })).code).toBe(0);
  urlEs = pathToFileURL(es).href;
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const samples = (page: Page): Promise<string[]> =>
  page.$$eval('[data-sample]', (items) => items.map((item) => item.getAttribute('data-sample') ?? ''));
/** The diagram's final probabilities, by token. */
const probs = (page: Page): Promise<Record<string, number>> =>
  page.$$eval('#figure [data-node="prob"]', (items) =>
    Object.fromEntries(items.map((item) => [item.getAttribute('data-token'), Number(item.textContent)])),
  );
const node = (page: Page, name: string): Promise<string[]> =>
  page.$$eval(`#figure [data-node="${name}"]`, (items) => items.map((item) => item.textContent ?? ''));
/** The CLI's --probs, by token, at the page's four decimals. */
async function cliProbs(args: readonly string[]): Promise<Record<string, number>> {
  const run = await sample([phrase, ...args, '--probs', '-f', 'jsonl']);
  return Object.fromEntries(
    lines(run.stdout).map((line) => {
      const row = JSON.parse(line);
      return [row.token, Number(row.prob.toFixed(4))];
    }),
  );
}

/** Replaces a control's text as a person does: focus it, select all, type. */
async function type(page: Page, flag: string, value: string): Promise<void> {
  await page.focus(`#control-${flag}`);
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.type(value);
}

/** Waits until the histogram has counted every draw. */
const counted = (page: Page) => page.waitForSelector('#histogram[data-done="true"]', { timeout: 30_000 });

describe('the page of --html: the post’s diagram', () => {
  it.each([
    [1280, 800],
    [1024, 768],
  ])('at %i×%i the first screen shows the post’s figure with its numbers', async (width, height) => {
    const { page, errors } = await open(browser, url);
    await page.setViewport({ width, height });
    expect(await node(page, 'x1')).toEqual(['x₁ = el']);
    expect(await node(page, 'id1')).toEqual(['id 578']);
    expect(await node(page, 'x3')).toEqual(['x₃ = es']);
    expect(await node(page, 'f1')).toEqual(['= 1800']);
    expect(await node(page, 'logit')).toEqual(['4500', '1260', '3600', '360', '900']);
    expect(await node(page, 'norm')).toEqual(['norm ÷ 10620']);
    expect(await probs(page)).toEqual({ azul: 0.4237, cielo: 0.1186, frío: 0.339, el: 0.0339, es: 0.0847 });
    expect(await node(page, 'u')).toEqual(['press “sample”']);
    const box = await page.$eval('#figure', (svg) => svg.getBoundingClientRect().toJSON());
    expect(box.bottom).toBeLessThanOrEqual(height);
    expect(box.width).toBeGreaterThan(width * 0.6);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([
    [1280, 800, 'light'],
    [1024, 768, 'light'],
    [390, 844, 'light'],
    [1280, 800, 'dark'],
  ])('writes a screenshot at %i×%i, %s, for review, with ten draws', async (width, height, theme) => {
    const { page } = await open(browser, `${url}#seed=42&count=10`);
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
    await page.setViewport({ width, height });
    mkdirSync(artifacts, { recursive: true });
    const path = new URL(`page-${width}x${height}-${theme}.png`, artifacts).pathname as `${string}.png`;
    await page.screenshot({ path });
    expect(statSync(path).size).toBeGreaterThan(10_000);
    // On a phone the controls come below the diagram; on a wide screen, beside it.
    const [figure, controls] = await page.$$eval('#figure, #controls', (all) =>
      all.map((e) => e.getBoundingClientRect().toJSON()),
    );
    if (width < 1200) expect(controls.top).toBeGreaterThanOrEqual(figure.bottom);
    else expect(controls.left).toBeGreaterThanOrEqual(figure.right);
    await page.close();
  });

  it('a wide vocabulary shows its most probable tokens first, "20 of 60 shown" with the mass of the rest, and a search', async () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
    const files = modelFiles(Object.fromEntries(words.map((w, i) => [w, i + 1])), {
      f1: [1],
      f2: Object.fromEntries(words.map((w, i) => [w, i + 1])),
    });
    const file = join(scratch, 'wide.html');
    await sample(['w1', '--vocab', files.vocab, '--weights', files.weights, '--html', file]);
    const { page, errors } = await open(browser, pathToFileURL(file).href);
    const shown = Object.keys(await probs(page));
    expect(shown.slice(0, 3)).toEqual(['w59', 'w58', 'w57']);
    expect(shown).toHaveLength(21);
    // The 20 most probable hold (41 + … + 60) / (1 + … + 60) of the mass, and w1, the context, 2 more of 1830.
    const rest = (1 - (1010 + 2) / 1830) * 100;
    expect(await node(page, 'shown')).toEqual([
      `21 of 60 tokens shown; the other 39 hold ${rest.toPrecision(3)}% of the probability`,
    ]);
    await type(page, 'search', 'w3');
    expect(Object.keys(await probs(page))).toEqual(expect.arrayContaining(['w3', 'w30', 'w33']));
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([['en'], ['es']])(
    'in %s, is one self-contained file of at most 150 KB with the bundled model, fetching nothing',
    (lang) => {
      const file = new URL(lang === 'es' ? urlEs : url).pathname;
      expect(statSync(file).size).toBeLessThanOrEqual(150 * 1024);
      // The one address in it is SVG's namespace, a name that is never fetched.
      const text = readFileSync(file, 'utf8').replaceAll('http://www.w3.org/2000/svg', '');
      expect(text).not.toMatch(/<script[^>]+src=|<link|https?:\/\//);
    },
  );
});

describe('the page’s controls', () => {
  it('each continuous setting has a slider and a box, a label in words, its flag, and its default as its value', async () => {
    const { page } = await open(browser, url);
    const fields = await page.$$eval('input[type="range"]', (sliders) =>
      sliders.map((slider) => {
        const flag = slider.id.replace('slider-', '');
        const box = document.getElementById(`control-${flag}`) as HTMLInputElement;
        const label = document.getElementById(`label-${flag}`)?.textContent ?? '';
        return { flag, label, value: box.value, slider: (slider as HTMLInputElement).value };
      }),
    );
    const byFlag = Object.fromEntries(fields.map((f) => [f.flag, f]));
    expect(byFlag.temperature).toEqual({
      flag: 'temperature',
      label: 'temperature --temperature',
      value: '1',
      slider: '1',
    });
    expect(byFlag['top-p']).toMatchObject({ label: 'cumulative probability --top-p', value: '1' });
    expect(byFlag['min-p']).toMatchObject({ value: '0' });
    expect(fields.length).toBeGreaterThanOrEqual(25);
    const es = await open(browser, urlEs);
    expect(await es.page.$eval('#label-temperature', (label) => label.textContent)).toBe('temperatura --temperature');
    await es.page.close();
    await page.close();
  });

  it('moving the temperature slider and the top-p box gives the probabilities the CLI’s options give', async () => {
    const { page, errors } = await open(browser, url);
    await page.focus('#slider-temperature');
    for (let k = 0; k < 100; k++) await page.keyboard.press('ArrowRight');
    expect(await page.$eval('#control-temperature', (box) => (box as HTMLInputElement).value)).toBe('2');
    await type(page, 'top-p', '0.7');
    expect(await probs(page)).toEqual(await cliProbs(['-T', '2', '-p', '0.7']));
    expect(await page.evaluate(() => location.hash)).toContain('temperature=2&top-p=0.7');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('each stage box shows what it removed, struck through, and what it computed', async () => {
    const { page } = await open(browser, `${url}#seed=1&top-k=2`);
    const removed = await page.$$eval('#figure [data-stage="top_k"][data-removed]', (items) =>
      items.map((item) => item.getAttribute('data-token')),
    );
    expect(removed.sort()).toEqual(['cielo', 'el', 'es']);
    expect(await page.$$eval('#figure .strike', (lines) => lines.length)).toBe(3);
    const sigma = await open(browser, `${url}#seed=1&top-n-sigma=1`);
    const explained = await sample([phrase, '--top-n-sigma', '1', '--explain']);
    const quantity = /σ = [\d.]+/.exec(explained.stderr)?.[0];
    expect(quantity).toBeDefined();
    expect(await sigma.page.$eval('#figure', (svg) => svg.textContent ?? '')).toContain(quantity);
    await sigma.page.close();
    await page.close();
  });

  it('the chain’s order is the boxes’ order, and a stage moves by keyboard as --samplers would order it', async () => {
    const { page, errors } = await open(browser, `${url}#seed=1&temperature=2&top-p=0.7`);
    const boxes = () =>
      page.$$eval('#figure [data-box^="step-"]', (items) => items.map((item) => item.getAttribute('data-box')));
    expect(await boxes()).toEqual(['step-temperature', 'step-top_p']);
    await page.focus('[data-move="temperature:1"]');
    await page.keyboard.press('Enter');
    expect(await boxes()).toEqual(['step-top_p', 'step-temperature']);
    const command = await page.$eval('#command', (c) => c.textContent ?? '');
    const samplers = /--samplers '?([^' ]+)'?/.exec(command)?.[1] ?? '';
    expect(samplers.indexOf('top_p')).toBeLessThan(samplers.indexOf('temperature'));
    expect(await probs(page)).toEqual(await cliProbs(['-T', '2', '-p', '0.7', '--samplers', samplers]));
    await page.select('#control-samplers', 'llama.cpp');
    expect(await probs(page)).toEqual(await cliProbs(['-T', '2', '-p', '0.7', '--samplers', 'llama.cpp']));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an invalid value keeps the last diagram, dimmed, marks its field and says why under it, in the CLI’s words', async () => {
    const { page, errors } = await open(browser, url);
    await type(page, 'top-p', '0');
    const cli = await sample([phrase, '-p', '0']);
    const message = cli.stderr.trim().replace(/^sample: /, '');
    expect(await page.$eval('#error-top-p', (e) => e.textContent)).toBe(message);
    expect(await page.$eval('#control-top-p', (e) => e.getAttribute('aria-invalid'))).toBe('true');
    expect(await page.$eval('body', (b) => b.classList.contains('stale'))).toBe(true);
    expect(await node(page, 'f1')).toEqual(['= 1800']);
    expect(await page.$eval('#stale', (e) => (e as HTMLElement).hidden)).toBe(false);
    await type(page, 'top-p', '0.5');
    expect(await page.$eval('#control-top-p', (e) => e.getAttribute('aria-invalid'))).toBeNull();
    expect(await probs(page)).toEqual(await cliProbs(['-p', '0.5']));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('works from the keyboard: every control is labelled, Tab reaches the figure, then “sample”, then the phrase and the count', async () => {
    const { page } = await open(browser, url);
    const unlabelled = await page.$$eval('input, select', (inputs) =>
      inputs
        .filter(
          (input) => !document.querySelector(`label[for="${input.id}"]`) && !input.getAttribute('aria-labelledby'),
        )
        .map((input) => input.id),
    );
    expect(unlabelled).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('picture');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sample');
    await page.keyboard.press('Enter');
    expect(await samples(page)).toEqual(lines((await sample([phrase, '--seed', '42', '-n', '1'])).stdout));
    await page.focus('#control-phrase');
    // Past the group's own disclosure, the count.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('control-count');
    await type(page, 'count', '3');
    await page.keyboard.press('Enter');
    const cli = await sample([phrase, '--seed', '42', '-n', '3']);
    expect(await samples(page)).toEqual(lines(cli.stdout));
    await page.close();
  });
});

describe('the page’s draws', () => {
  it('pressing “sample” ten times shows the CLI’s -n 10 for the seed, each draw numbered and explained', async () => {
    const { page, errors } = await open(browser, url);
    expect(await samples(page)).toEqual([]);
    for (let k = 0; k < 10; k++) await page.click('#sample');
    const cli = await sample([phrase, '--seed', '42', '-n', '10']);
    expect(await samples(page)).toEqual(lines(cli.stdout));
    expect(new Set(await samples(page)).size).toBeGreaterThan(1);
    const marks = await page.$$eval('#bands [data-mark]', (items) =>
      items.map((item) => item.getAttribute('data-mark')),
    );
    expect(marks).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    const jsonl = lines((await sample([phrase, '--seed', '42', '-n', '10', '-f', 'jsonl'])).stdout);
    const how = await page.$$eval('[data-sample] .how', (items) => items.map((item) => item.textContent ?? ''));
    how.forEach((text, k) => {
      const u = Number(/u = ([\d.e-]+)/.exec(text)?.[1]);
      expect(u).toBeCloseTo(JSON.parse(jsonl[k]).u[0], 5);
    });
    expect(await page.evaluate(() => location.hash)).toContain('count=10');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('“new seed” starts afresh, shows the seed, and its draws are the CLI’s for it', async () => {
    const { page } = await open(browser, `${url}#seed=42&count=3`);
    await page.click('#new-seed');
    expect(await samples(page)).toEqual([]);
    const seed = await page.$eval('#control-seed', (box) => (box as HTMLInputElement).value);
    expect(seed).not.toBe('42');
    expect(await page.$eval('#seed', (e) => e.textContent)).toBe(`seed ${seed}`);
    await page.click('#sample-10');
    expect(await samples(page)).toEqual(lines((await sample([phrase, '--seed', seed, '-n', '10'])).stdout));
    await page.close();
  });

  it('ten thousand draws show their histogram, with the counts and the chi-square test of --stats', async () => {
    const { page, errors } = await open(browser, url);
    await page.click('#sample-10000');
    await counted(page);
    const counts = await page.$$eval('#histogram [data-count]', (items) =>
      Object.fromEntries(
        items.map((item) => [item.getAttribute('data-token'), Number(item.getAttribute('data-count'))]),
      ),
    );
    const stats = await sample([phrase, '--seed', '42', '-n', '10000', '--stats']);
    const rows = lines(stats.stderr)
      .slice(2, 7)
      .map((line) => line.trim().split(/\s+/));
    expect(counts).toEqual(Object.fromEntries(rows.map((row) => [row[0], Number(row[3])])));
    expect(await page.$eval('#verdict', (e) => e.textContent)).toBe(lines(stats.stderr).at(-1)?.trim());
    expect(await samples(page)).toHaveLength(100);
    expect(await page.$eval('#listed', (e) => e.textContent)).toContain('100 of 10000');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('ten draws say the test means nothing yet, as --stats does', async () => {
    const { page } = await open(browser, `${url}#seed=42&count=10`);
    await counted(page);
    const stats = await sample([phrase, '--seed', '42', '-n', '10', '--stats']);
    expect(await page.$eval('#verdict', (e) => e.textContent)).toBe(lines(stats.stderr).at(-1)?.trim());
    expect(await page.$eval('#verdict', (e) => e.textContent)).toContain('too few');
    await page.close();
  });

  it('with XTC, each draw is explained against the distribution it was drawn from', async () => {
    const args = ['--xtc-probability', '0.5', '--xtc-threshold', '0.1'];
    const { page, errors } = await open(browser, `${url}#seed=5&count=20&xtc-probability=0.5&xtc-threshold=0.1`);
    const cli = await sample([phrase, '--seed', '5', '-n', '20', ...args]);
    expect(await samples(page)).toEqual(lines(cli.stdout));
    const how = await page.$$eval('[data-sample] .how', (items) => items.map((item) => item.textContent ?? ''));
    const spans = new Map<string, Set<string>>();
    for (const text of how) {
      const [, u, from, to, token] = /u = ([\d.e-]+) falls in \[([\d.]+), ([\d.]+)\) → (.+)$/.exec(text) ?? [];
      expect(Number(from)).toBeLessThanOrEqual(Number(u));
      expect(Number(u)).toBeLessThan(Number(to));
      spans.set(token, new Set([...(spans.get(token) ?? []), `${from} ${to}`]));
    }
    // One token drawn with two bands: from the distribution XTC gave when it fired, and when it did not.
    expect([...spans.values()].some((set) => set.size > 1)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('honours prefers-reduced-motion: a new draw appears without falling', async () => {
    const { page } = await open(browser, url);
    await page.click('#sample');
    expect(await page.$eval('#bands .mark.new', (e) => getComputedStyle(e).animationName)).toBe('fall');
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    await page.click('#sample');
    expect(await page.$eval('#bands .mark.new', (e) => getComputedStyle(e).animationName)).toBe('none');
    await page.close();
  });

  it.each([
    ['count=100000000', 100, 100_000_000],
    ['count=3000&tokens=10', 100, 3_000],
    ['tokens=1000000&count=1', 0, 1],
  ])(
    'a fragment that asks for #%s stays quick: it lists the first %d and counts in pieces',
    async (fragment, listed, asked) => {
      const { page, errors } = await open(browser, `${url}#seed=7&${fragment}`);
      const shown = await samples(page);
      expect(shown).toHaveLength(listed);
      expect(await page.$eval('#listed', (note) => note.textContent ?? '')).toContain(`${listed} of ${asked}`);
      const cli = await sample([
        phrase,
        '--seed',
        '7',
        '-n',
        '3',
        ...(fragment.includes('tokens=10') ? ['-t', '10'] : []),
      ]);
      if (listed > 0) expect(shown.slice(0, 3)).toEqual(lines(cli.stdout));
      // The page answers while it counts.
      expect(await page.evaluate(() => 1 + 1)).toBe(2);
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});

describe('the page for the classroom', () => {
  it('compares the llama.cpp order beside hf’s, marking the token where they part, as --compare does', async () => {
    const { page, errors } = await open(browser, `${url}#seed=3&temperature=2&top-p=0.7`);
    await page.click('#control-compare-on');
    expect(await page.$eval('#comparison', (e) => (e as HTMLElement).hidden)).toBe(false);
    const parted = await page.$$eval('#comparison [data-parted]', (items) => [
      ...new Set(items.map((item) => item.getAttribute('data-token'))),
    ]);
    expect(parted).toEqual(['cielo']);
    const cli = await sample([phrase, '-T', '2', '-p', '0.7', '--compare', 'llama.cpp', '--explain']);
    expect(await page.$eval('#parting', (e) => e.textContent)).toBe(lines(cli.stderr).at(-1));
    const command = await page.$eval('#command', (c) => c.textContent ?? '');
    expect(command).toContain('--compare llama.cpp --explain');
    expect(await page.evaluate(() => location.hash)).toContain('compare=llama.cpp');
    await type(page, 'compare', '-T hot');
    const refused = await sample([phrase, '--compare', '-T hot', '--explain']);
    expect(await page.$eval('#error-compare', (e) => e.textContent)).toBe(
      refused.stderr.trim().replace(/^sample: /, ''),
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('#present hides the controls and gives the diagram the screen; its button toggles it', async () => {
    const { page } = await open(browser, `${url}#present=true`);
    await page.setViewport({ width: 1024, height: 768 });
    expect(await page.$eval('#controls', (e) => getComputedStyle(e).display)).toBe('none');
    const wide = await page.$eval('#figure', (svg) => svg.getBoundingClientRect().width);
    expect(wide).toBeGreaterThan(900);
    await page.click('#present');
    expect(await page.$eval('#controls', (e) => getComputedStyle(e).display)).not.toBe('none');
    expect(await page.evaluate(() => location.hash)).not.toContain('present');
    await page.close();
  });

  it.each([
    ['en', 'light'],
    ['en', 'dark'],
    ['es', 'light'],
    ['es', 'dark'],
  ])(
    'has no serious or critical axe-core violation (%s, %s), with draws, comparison and an error showing',
    async (lang, theme) => {
      const { page } = await open(
        browser,
        `${lang === 'es' ? urlEs : url}#seed=3&count=12&top-p=0.9&compare=llama.cpp`,
      );
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
      await counted(page);
      expect(await audit(page)).toEqual([]);
      await type(page, 'temperature', 'x');
      expect(await audit(page)).toEqual([]);
      await page.close();
    },
    60_000,
  );
});

describe('the page and the command line agree', () => {
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
    expect(await node(page, 'position')).toEqual(['position 2:']);
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
    expect(await page.$eval('main', (main) => main.textContent ?? '')).not.toMatch(/NaN/);
    await page.close();
  });

  it('shows every number --explain prints', async () => {
    const args = ['--seed', '3', '-T', '2', '-p', '0.7', '--samplers', 'llama.cpp'];
    const explained = await sample([phrase, ...args, '--explain']);
    const { page } = await open(browser, `${url}#seed=3&count=1&temperature=2&top-p=0.7&samplers=llama.cpp`);
    const text = await page.$eval('#explain', (output) => output.textContent ?? '');
    const numbers = explained.stderr.match(/\d+(\.\d+)?(e-?\d+)?/g) ?? [];
    expect(numbers.length).toBeGreaterThan(30);
    for (const number of numbers) expect(text).toContain(number);
    await page.close();
  });

  it('speaks the CLI’s language: a page made under LANG=es is in Spanish, and draws the same lines', async () => {
    const { page, errors } = await open(browser, `${urlEs}#seed=42&count=10`);
    const text = await page.$eval('#explain', (output) => output.textContent ?? '');
    expect(text).toContain('norm divide cada logit por su suma, 10620');
    expect(await page.$eval('#counts-title', (e) => e.textContent)).toBe('muchos sorteos frente a la distribución');
    expect(await page.$eval('html', (html) => html.lang)).toBe('es');
    const cli = await sample([phrase, '--seed', '42', '-n', '10']);
    expect(await samples(page)).toEqual(lines(cli.stdout));
    const bad = await open(browser, `${urlEs}#top-p=0`);
    expect(await bad.page.$eval('#errors', (element) => element.textContent)).toBe(
      'sample: la opción "-p, --top-p <p>" no admite el valor "0". Debe ser un número con 0 < valor ≤ 1.',
    );
    expect(errors).toEqual([]);
    await page.close();
    await bad.page.close();
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
