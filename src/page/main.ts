import { SampleError } from '../errors.js';
import { en } from '../i18n/en.js';
import { es } from '../i18n/es.js';
import type { Lang } from '../i18n/lang.js';
import { modelFromTexts, modelOfTokens } from '../model.js';
import { comparison } from './comparison.js';
import { h } from './dom.js';
import { bandsLine, drawsList } from './draws.js';
import { figure, rowsOf } from './figure.js';
import { Form, matches } from './form.js';
import { counting, histogram } from './histogram.js';
import { secondChain } from './second.js';
import { sections } from './sections.js';
import { commandLine, fromFragment, read, toFragment } from './state.js';
import style from './style.css';
import { type PageCapture, type Second, type View, viewOf } from './view.js';

/** What the CLI embeds in the page: the model's files, their names, and the command line's settings. */
interface Embedded {
  readonly lang: Lang;
  readonly vocab: string;
  readonly weights: string;
  readonly files: { readonly vocab?: string; readonly weights?: string };
  readonly state: Record<string, string>;
  /** --logits: a capture's position, in place of the model's files. */
  readonly capture?: PageCapture;
}

/** The page's language, fixed when it is built: each language's page ships its own catalogue only. */
declare const PAGE_LANG: Lang;

const embedded = JSON.parse(document.getElementById('sample-data')?.textContent ?? '{}') as Embedded;
// The page speaks the command line's language.
const m = PAGE_LANG === 'es' ? es : en;
const { capture } = embedded;
const model = capture
  ? modelOfTokens(capture.tokens, capture.ids, [], new Float64Array(capture.tokens.length))
  : modelFromTexts(embedded.vocab, embedded.weights, {
      vocab: embedded.files.vocab ?? 'vocab.json',
      weights: embedded.files.weights ?? 'weights.json',
    });
/** A capture's logits and history, which stand for f1 → f2 and the phrase. */
const captured = capture && {
  ...capture,
  logits: Float64Array.from(capture.logits, (z) => z ?? Number.NEGATIVE_INFINITY),
};

/**
 * The settings: the command line's, or, when the URL has a fragment, the page's phrase and seed
 * and what the fragment names, so that a link reproduces a view. Draws are made by pressing
 * "sample": a page whose command line gave no count starts with none.
 */
function initialState(): Map<string, string> {
  const fromCli = new Map(Object.entries(embedded.state));
  const state =
    location.hash.length <= 1 ? fromCli : new Map([...fromCli].filter(([key]) => key === 'phrase' || key === 'seed'));
  for (const [key, value] of fromFragment(location.hash)) state.set(key, value);
  if (!state.has('count')) state.set('count', '0');
  return state;
}

const state = initialState();
let found: number[] = [];
let last: View | undefined;
/** Each render's number: a count still running for an older one stops. */
let job = 0;

document.head.append(h('style', {}, style));
const errors = h('div', { id: 'errors', role: 'alert' });
const command = h('code', { id: 'command' });
// On a phone the figure scrolls sideways: the keyboard reaches it too.
const picture = h('div', { id: 'picture', tabindex: 0, role: 'region', 'aria-label': m.page.figureTitle });
const line = h('div', { id: 'line' });
const draws = h('div', { id: 'drawn' });
const stale = h('p', { id: 'stale', hidden: true }, m.page.stale);
const seedShown = h('output', { id: 'seed', 'aria-live': 'polite' });
const counted = h('div', { id: 'histogram', 'aria-live': 'off' });
const compared = h('section', { id: 'comparison', 'aria-labelledby': 'comparison-title', hidden: true });
const explained = h('details', { id: 'output', open: true });

const button = (id: string, label: string, action: () => void, aria?: string): HTMLElement => {
  const element = h('button', { type: 'button', id, 'aria-label': aria }, label);
  element.addEventListener('click', action);
  return element;
};

/** A setting the page's own buttons change: in the settings, and in its control. */
function put(flag: string, text: string): void {
  state.set(flag, text);
  form.set(flag, text);
}

/** Draws `n` more continuations: the next lines of the same seeded stream. */
function more(n: number): void {
  const count = Number(state.get('count') ?? '0');
  if (!Number.isSafeInteger(count)) return;
  put('count', String(count + n));
  changed(n);
}

function newSeed(): void {
  put('seed', String(crypto.getRandomValues(new Uint32Array(1))[0]));
  put('count', '0');
  changed();
}

function present(): void {
  if (state.has('present')) state.delete('present');
  else state.set('present', 'true');
  changed();
}

const form = new Form(
  state,
  m,
  {
    change(flag, text) {
      if (text === undefined) state.delete(flag);
      else state.set(flag, text);
      changed();
    },
    search(query) {
      found = matches(model.tokens, query);
      render();
    },
  },
  { readonly: captured !== undefined, search: model.tokens.length > 20 ? model.tokens.length : undefined },
);

const buttons = h(
  'div',
  { class: 'buttons' },
  button('sample', m.page.sample, () => more(1)),
  ...[10, 100, 10_000].map((n) => button(`sample-${n}`, m.page.more(n), () => more(n), m.page.moreLabel(n))),
  button('new-seed', m.page.newSeed, newSeed),
  seedShown,
  button('clear', m.page.clear, () => {
    put('count', '0');
    changed();
  }),
  button('present', m.page.present, present),
);

document.body.append(
  h('header', {}, h('h1', {}, m.page.title), h('p', { class: 'intro' }, m.page.intro)),
  h(
    'main',
    {},
    h('div', { id: 'stage' }, picture, line, buttons, stale, errors, draws),
    form.element,
    h(
      'div',
      { id: 'below' },
      h(
        'section',
        { id: 'counts', 'aria-labelledby': 'counts-title' },
        h('h2', { id: 'counts-title' }, m.page.histogramTitle),
        counted,
      ),
      compared,
      explained,
      h('p', { class: 'command' }, m.page.sameCommand, command, ' ', button('copy', m.page.copy, copy)),
    ),
  ),
);

function copy(): void {
  void navigator.clipboard?.writeText(command.textContent ?? '');
}

/**
 * Reads the settings, computes the distribution and the draws with the project's own core, and
 * shows them. A refused value keeps the last valid diagram, dimmed, and says why under its field.
 * `fresh`: how many draws are new, to animate.
 */
function render(fresh = 0): void {
  const started = performance.now();
  document.body.classList.toggle('present', state.has('present'));
  const reading = read(state, m);
  command.textContent = commandLine(
    state,
    captured ? { logits: captured.file, at: captured.position } : embedded.files,
  );
  const problems = [...reading.errors];
  let second: Second;
  const spec = state.get('compare');
  if (spec !== undefined) {
    try {
      second = secondChain(spec, m);
    } catch (error) {
      problems.push({ flag: 'compare', message: (error as Error).message });
    }
  }
  let view: View | undefined;
  if (problems.length === 0) {
    try {
      view = viewOf(reading, model, m, { found, captured, second });
    } catch (error) {
      if (!(error instanceof SampleError)) throw error;
      problems.push({ flag: 'phrase', message: error.render(m) });
    }
  }
  form.mark(problems);
  errors.replaceChildren(...problems.map(({ message }) => h('p', {}, `sample: ${message}`)));
  stale.hidden = view !== undefined || last === undefined;
  document.body.classList.toggle('stale', view === undefined);
  if (view === undefined) return;
  last = view;
  show(view, fresh);
  document.body.dataset.ms = String(performance.now() - started);
}

function show(view: View, fresh: number): void {
  const rows = rowsOf(view, found);
  picture.replaceChildren(figure(view, rows, m));
  line.replaceChildren(bandsLine(view, m, fresh));
  draws.replaceChildren(drawsList(view, m, fresh));
  seedShown.textContent = m.page.seedIs(view.seed);
  explained.replaceChildren(h('summary', {}, m.page.detailsTitle), sections(view.scene));
  compared.hidden = view.comparison === undefined;
  compared.replaceChildren(
    ...(view.comparison
      ? [h('h2', { id: 'comparison-title' }, m.page.compareTitle), comparison(model, view.comparison, rows, m)]
      : []),
  );
  form.showOrder(view.options, view.sampler.stages);
  count(view, rows);
}

/** Counts the draws for the histogram a batch at a time, drawing it between batches, so that 10,000 or a million stay smooth. */
function count(view: View, rows: readonly number[]): void {
  const mine = ++job;
  const tallies = counting(view);
  counted.dataset.done = 'false';
  const step = (): void => {
    if (mine !== job) return;
    const until = performance.now() + 12;
    let next = tallies.next();
    let tally = next.value;
    while (!next.done && performance.now() < until) {
      next = tallies.next();
      if (!next.done) tally = next.value;
    }
    if (tally !== undefined) counted.replaceChildren(histogram(view, rows, tally, m));
    if (next.done) {
      counted.dataset.done = 'true';
      if (tally !== undefined && tally.total < view.count)
        counted.append(h('p', { class: 'muted' }, m.page.countedOf(tally.total, view.count)));
    } else if (tally !== undefined) {
      counted.prepend(h('p', { class: 'muted' }, m.page.counting(tally.total, view.count)));
      setTimeout(step, 0);
    }
  };
  step();
}

/** A change of any control: new settings, a new fragment, everything computed again. */
function changed(fresh = 0): void {
  history.replaceState(null, '', `#${toFragment(state)}`);
  render(fresh);
}

// A fragment typed or followed: the page starts again from it, its controls built anew.
window.addEventListener('hashchange', () => location.reload());
history.replaceState(null, '', `#${toFragment(state)}`);
render();
