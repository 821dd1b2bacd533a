import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { codeOf, dataError, printable, usageError } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import { bundledModelPaths, readModelTexts } from '../load.js';
import { modelFromTexts } from '../model.js';
import type { PageCapture } from '../page/view.js';

/** What the page starts from: the command line's phrase, seed and settings as typed, and its model. */
export interface PageStart {
  readonly phrase: string;
  readonly seed: string;
  /** Each option given on the command line, by long name, as typed (a repeated one, space-separated). */
  readonly typed: ReadonlyMap<string, string>;
  readonly vocab: string;
  readonly weights: string;
  /** The CLI's language, which the page speaks too. */
  readonly lang: Lang;
  /** --logits: the capture's position the page shows, in place of the model's files. */
  readonly capture?: PageCapture;
}

/**
 * The page of --html: one self-contained file, the model and the settings embedded as JSON and
 * the project's core inlined as the page's script (dist/page-en.js or page-es.js, built beside the CLI), so that it
 * works from file:// with nothing fetched.
 */
export function pageHtml(start: PageStart): string {
  const state = { phrase: start.phrase, seed: start.seed, ...Object.fromEntries(start.typed) };
  const data = start.capture
    ? { capture: start.capture, lang: start.lang, state }
    : { ...modelData(start), lang: start.lang, state };
  // Inside a script element, "</" could close it: JSON and the script say it another way.
  const json = JSON.stringify(data).replaceAll('<', '\\u003c');
  const script = readFileSync(fileURLToPath(new URL(`./page-${start.lang}.js`, import.meta.url)), 'utf8').replaceAll(
    '</script',
    '<\\/script',
  );
  const title = `sample: ${start.phrase}`.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  return `<!doctype html>
<html lang="${start.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body>
<script type="application/json" id="sample-data">${json}</script>
<script>${script}</script>
</body>
</html>
`;
}

/** The model's files as the page embeds them, with their names when they are not the bundled ones. */
function modelData(start: PageStart): { vocab: string; weights: string; files: { vocab?: string; weights?: string } } {
  const paths = { vocab: start.vocab, weights: start.weights };
  const texts = readModelTexts(paths);
  // The files are read again for the page: what it embeds is checked as the run's model was, so
  // that a file changed in between is an error here, not a page that cannot start.
  modelFromTexts(texts.vocab, texts.weights, paths);
  const bundled = start.vocab === bundledModelPaths.vocab && start.weights === bundledModelPaths.weights;
  return { vocab: texts.vocab, weights: texts.weights, files: bundled ? {} : paths };
}

/** Where --html writes: a file, or stdout for "-", but not a terminal, where a page is noise. */
export function pageTarget(path: string, terminal: boolean): string {
  if (path === '') throw usageError((m) => m.htmlNeedsFile());
  if (path === '-' && terminal) {
    throw usageError((m) => m.htmlTerminal());
  }
  return path;
}

export function writePage(path: string, html: string): void {
  try {
    writeFileSync(path, html);
  } catch (error) {
    throw dataError((m) => m.cannotWritePage(printable(path), m.reason(codeOf(error))));
  }
}
