import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { bands } from '../src/draw.js';
import { en } from '../src/i18n/en.js';
import { loadModel } from '../src/load.js';
import { read } from '../src/page/state.js';
import { viewOf } from '../src/page/view.js';
import { STAGES } from '../src/samplers/index.js';
import { memoryIo } from './helpers/memory-io.js';

/**
 * For each stage, settings that turn it on, as the page and the command line both take them; a
 * new stage without one here fails the test below.
 */
const ON: Record<string, Record<string, string>> = {
  logit_bias: { 'logit-bias': 'azul=-1000' },
  penalties: { 'repeat-penalty': '1.5' },
  no_repeat_ngram: { 'no-repeat-ngram': '2' },
  dry: { norm: 'softmax', temperature: '300', 'dry-multiplier': '800', 'dry-allowed-length': '1' },
  temperature: { temperature: '2' },
  smoothing: { 'smoothing-factor': '1' },
  top_n_sigma: { 'top-n-sigma': '1' },
  top_k: { 'top-k': '2' },
  top_a: { 'top-a': '1' },
  tfs: { tfs: '0.9' },
  top_p: { 'top-p': '0.7' },
  top_h: { 'top-h': '0.6' },
  min_p: { 'min-p': '0.3' },
  typ_p: { typical: '0.5' },
  epsilon: { epsilon: '0.1' },
  eta: { eta: '0.1' },
  xtc: { 'xtc-probability': '0.5', 'xtc-threshold': '0.3' },
  adaptive_p: { 'adaptive-target': '0.3', 'adaptive-decay': '0.5' },
  mirostat: { mirostat: '1', 'mirostat-ent': '1.5' },
};

describe('every stage, from the command line, the library and the page', () => {
  it.each(STAGES.map((stage) => [stage.name]))('with %s on, over continuations of three tokens', async (name) => {
    const settings = ON[name];
    expect(settings, `settings that turn ${name} on`).toBeDefined();
    const typed = new Map([
      ['phrase', 'el cielo es'],
      ['seed', '11'],
      ['count', '12'],
      ['tokens', '3'],
      ...Object.entries(settings),
    ]);
    const reading = read(typed, en);
    expect(reading.errors).toEqual([]);
    const model = loadModel();
    const view = viewOf(reading, model, en, {});
    expect(STAGES.find((s) => s.name === name)?.active(view.options)).toBe(true);
    const page = view.drawn.map((d) => d.line);
    // Each draw is explained against the distribution it came from: its u falls in its token's band there.
    for (const drawn of view.drawn) {
      if (drawn.u === null) continue;
      const band = bands(drawn.distribution.probs);
      expect(band.from(drawn.token) <= drawn.u && drawn.u < band.to(drawn.token), `u ${drawn.u} in its band`).toBe(
        true,
      );
    }
    const io = memoryIo('');
    const args = Object.entries(settings).flatMap(([flag, text]) => [`--${flag}`, text]);
    expect(await main(['el cielo es', '--seed', '11', '-n', '12', '-t', '3', ...args], io)).toBe(0);
    expect(page).toEqual(io.out().split('\n').filter(Boolean));
    // --explain shows the stage with its options, and the receipt records them as typed.
    const stage = STAGES.find((s) => s.name === name);
    const explained = memoryIo('');
    expect(await main(['el cielo es', '--seed', '11', '--explain', '-f', 'json', ...args], explained)).toBe(0);
    expect(explained.err()).toContain(stage?.title(view.options).en);
    const receipt = JSON.parse(explained.out()).options;
    // A number as JSON writes it (1.50 as 1.5), anything else as typed.
    const recorded = (text: string): string => (Number.isNaN(Number(text)) ? text : String(Number(text)));
    for (const [flag, text] of Object.entries(settings)) expect(String(receipt[flag])).toBe(recorded(text));
  });
});
