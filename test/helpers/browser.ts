import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Browsers a machine may have, for where @sparticuz/chromium's Linux build cannot start (macOS, Windows). */
const INSTALLED = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

// No network here: Chromium's background services would only fail to connect.
const QUIET = ['--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * A real headless Chromium: the one @sparticuz/chromium ships inside its npm package, or, where
 * that cannot start, one the machine has (CHROME_PATH names another). With neither, the page's
 * tests fail and say why: they are never skipped.
 */
export async function launch(): Promise<Browser> {
  let reason = '';
  try {
    return await puppeteer.launch({
      executablePath: await chromium.executablePath(),
      args: [...chromium.args, ...QUIET],
      headless: true,
    });
  } catch (error) {
    reason = String(error).split('\n')[0];
  }
  const installed = INSTALLED.find((path) => path !== undefined && existsSync(path));
  if (installed === undefined) {
    throw new Error(
      `no browser for the page's tests: @sparticuz/chromium failed (${reason}); set CHROME_PATH to a Chrome or Chromium`,
    );
  }
  process.stderr.write(`page tests: @sparticuz/chromium failed (${reason}); using ${installed}\n`);
  return puppeteer.launch({ executablePath: installed, args: QUIET, headless: true });
}

/** Opens a URL, collecting every console error and uncaught exception of the page. */
export async function open(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url);
  return { page, errors };
}

const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's audit of the page as it stands, WCAG 2.1 A and AA: the serious and critical violations, each with where. */
export async function audit(page: Page): Promise<string[]> {
  await page.evaluate(axe);
  const found = await page.evaluate(async () => {
    interface AxeResults {
      violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
    }
    const { axe } = window as unknown as { axe: { run(options: unknown): Promise<AxeResults> } };
    const results = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      where: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.where.slice(0, 3).join(', ')}`);
}
