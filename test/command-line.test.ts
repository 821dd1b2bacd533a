import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commandLine } from '../src/page/state.js';
import { bin } from './helpers/cli.js';
import { modelFiles, postVocab, postWeights } from './helpers/models.js';

/** The page's "same command line", run by a shell with sample standing for the built CLI. */
const runAsShown = (line: string): string =>
  execFileSync('bash', ['-c', line.replace(/^sample /, `"${bin}" `)], { encoding: 'utf8' });

describe("the page's command line runs as shown", () => {
  const vocab = { ...postVocab, '-la': 5, "o'": 6 };
  const weights = { ...postWeights, f2: { ...postWeights.f2, '-la': 1, "o'": 1 } };
  const files = modelFiles(vocab, weights);

  it.each([
    ['el cielo es', new Map([['top-k', '2']])],
    ['el cielo -la', new Map([['temperature', '0.5']])],
    ['-la cielo es', new Map([['seed', '7']])],
    ["el o' es", new Map()],
  ])('for the phrase %j', (phrase, settings) => {
    const typed = new Map([['phrase', phrase], ['seed', '1'], ...settings]);
    // execFileSync throws on any exit but 0: the line runs, and samples the phrase.
    const out = runAsShown(commandLine(typed, files));
    expect(out).toMatch(new RegExp(`^${phrase.replace(/[-']/g, '\\$&')} \\S+\\n$`));
  });
});
