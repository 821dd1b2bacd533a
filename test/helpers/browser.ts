import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** A real headless Chromium, the one @sparticuz/chromium ships inside its npm package. */
export async function launch(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: await chromium.executablePath(),
    // No network here: Chromium's background services would only fail to connect.
    args: [...chromium.args, '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    headless: true,
  });
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
