import { CONTROLS, type Control } from '../controls.js';
import { SampleError } from '../errors.js';
import { en } from '../i18n/en.js';
import { es } from '../i18n/es.js';
import type { Lang } from '../i18n/lang.js';
import { modelFromTexts, modelOfTokens } from '../model.js';
import { STAGES } from '../samplers/index.js';
import { h } from './dom.js';
import { diagram, type PageCapture, SHOWN_WHOLE } from './render.js';
import { sceneOf } from './scene.js';
import { commandLine, fromFragment, isOn, read, toFragment } from './state.js';
import style from './style.css';

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

const embedded = JSON.parse(document.getElementById('sample-data')?.textContent ?? '{}') as Embedded;
// The page speaks the command line's language; both catalogues are small enough to ship.
const m = embedded.lang === 'es' ? es : en;
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
 * and what the fragment names, so that a link reproduces a view.
 */
function initialState(): Map<string, string> {
  const fromCli = new Map(Object.entries(embedded.state));
  if (location.hash.length <= 1) return fromCli;
  const state = new Map([...fromCli].filter(([key]) => key === 'phrase' || key === 'seed'));
  for (const [key, value] of fromFragment(location.hash)) state.set(key, value);
  return state;
}

let state = initialState();
let found: number[] = [];

document.head.append(h('style', {}, style));
const form = h('form', { id: 'controls', 'aria-label': m.page.settings });
const errors = h('div', { id: 'errors', role: 'alert' });
const command = h('code', { id: 'command' });
const output = h('div', { id: 'output' });
document.body.append(
  h('header', {}, h('h1', {}, m.page.title), h('p', {}, m.page.intro)),
  form,
  h(
    'p',
    { class: 'command' },
    m.page.sameCommand,
    command,
    ' ',
    h('button', { type: 'button', id: 'copy' }, m.page.copy),
  ),
  errors,
  output,
);

/** The options the post itself uses, shown first; every other stage's wait behind a disclosure. */
const FIRST = new Set([
  'count',
  'tokens',
  'seed',
  'norm',
  'samplers',
  'greedy',
  'temperature',
  'top-k',
  'top-p',
  'min-p',
]);

/** One labelled control per option, built from the options' own definitions: a new stage needs no page code. */
function buildForm(): void {
  const text = (flag: string, placeholder: string) =>
    h('input', {
      id: `control-${flag}`,
      name: flag,
      value: state.get(flag) ?? '',
      placeholder,
      autocomplete: 'off',
      spellcheck: 'false',
    });
  const field = (flag: string, label: string, input: HTMLElement, hint?: string): HTMLElement =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: `control-${flag}` }, label),
      input,
      hint ? h('small', {}, hint) : undefined,
    );
  const fieldOf = (control: Control): HTMLElement => {
    const shown = control.default === undefined ? '' : Array.isArray(control.default) ? 'hf' : String(control.default);
    let input: HTMLElement;
    if (control.argument === undefined) {
      const checked = isOn(state.get(control.flag));
      input = h('input', { type: 'checkbox', id: `control-${control.flag}`, name: control.flag, checked });
    } else if (control.choices && control.flag !== 'samplers') {
      const value = state.get(control.flag) ?? shown;
      const options = control.choices.map((c) => h('option', { value: c, selected: c === value }, c));
      input = h('select', { id: `control-${control.flag}`, name: control.flag }, ...options);
    } else {
      input = text(control.flag, control.repeatable ? m.page.none : shown);
    }
    return field(control.flag, `--${control.flag}`, input, control.description[m.lang]);
  };
  const phrase = text('phrase', '');
  // A capture's prompt is what its model read: shown, not changed.
  if (captured) phrase.setAttribute('readonly', '');
  const main = h('div', { class: 'grid' }, field('phrase', m.page.phrase, phrase));
  main.append(...CONTROLS.filter((c) => FIRST.has(c.flag)).map(fieldOf));
  const groups = STAGES.map((stage) => {
    const controls = CONTROLS.filter((c) => stage.settings.some((s) => s.flag === c.flag) && !FIRST.has(c.flag));
    if (controls.length === 0) return undefined;
    return h('fieldset', {}, h('legend', {}, stage.name), h('div', { class: 'grid' }, ...controls.map(fieldOf)));
  });
  const rest = CONTROLS.filter(
    (c) => !FIRST.has(c.flag) && !STAGES.some((s) => s.settings.some((t) => t.flag === c.flag)),
  );
  const anySet = CONTROLS.some((c) => !FIRST.has(c.flag) && state.has(c.flag));
  const more = h(
    'details',
    { open: anySet },
    h('summary', {}, m.page.more),
    h('div', { class: 'grid' }, ...rest.map(fieldOf)),
    ...groups,
  );
  form.append(main, more, h('button', { type: 'submit', id: 'sample' }, m.page.sample));
  if (model.tokens.length > SHOWN_WHOLE) {
    const search = h('input', {
      id: 'control-search',
      type: 'search',
      placeholder: m.page.tokens(model.tokens.length),
    });
    form.append(field('search', m.page.find, search));
  }
}

/** The settings as the form holds them: only what differs from the defaults. */
function stateFromForm(): Map<string, string> {
  const next = new Map<string, string>();
  const phrase = (form.querySelector('#control-phrase') as HTMLInputElement).value;
  next.set('phrase', phrase);
  for (const control of CONTROLS) {
    const input = form.querySelector(`#control-${control.flag}`) as HTMLInputElement | HTMLSelectElement;
    if (input instanceof HTMLInputElement && input.type === 'checkbox') {
      if (input.checked) next.set(control.flag, 'true');
    } else if (input.value.trim() !== '' && input.value !== String(control.default)) {
      next.set(control.flag, input.value.trim());
    }
  }
  return next;
}

/** Reads the settings, computes the distribution and the draws with the project's own core, and shows them. */
function render(): void {
  const started = performance.now();
  const reading = read(state, m);
  command.textContent = commandLine(
    state,
    captured ? { logits: captured.file, at: captured.position } : embedded.files,
  );
  errors.replaceChildren(...reading.errors.map((message) => h('p', {}, `sample: ${message}`)));
  if (reading.errors.length > 0) {
    output.replaceChildren();
    return;
  }
  try {
    output.replaceChildren(diagram(sceneOf(reading, model, found, m, captured)));
  } catch (error) {
    output.replaceChildren();
    const message = error instanceof SampleError ? error.render(m) : (error as Error).message;
    errors.append(h('p', {}, `sample: ${message}`));
  }
  output.dataset.ms = String(performance.now() - started);
}

/** A change of any control: new settings, a new fragment, everything computed again. */
function changed(): void {
  state = stateFromForm();
  history.replaceState(null, '', `#${toFragment(state)}`);
  render();
}

buildForm();
form.addEventListener('input', (event) => {
  const target = event.target as HTMLInputElement;
  if (target.id === 'control-search') {
    const query = target.value.trim().normalize('NFC');
    found = query === '' ? [] : model.tokens.flatMap((t, i) => (t.includes(query) ? [i] : [])).slice(0, 20);
    render();
  } else {
    changed();
  }
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  changed();
});
document.getElementById('copy')?.addEventListener('click', () => {
  void navigator.clipboard?.writeText(command.textContent ?? '');
});
window.addEventListener('hashchange', () => {
  state = initialState();
  form.replaceChildren();
  buildForm();
  render();
});
history.replaceState(null, '', `#${toFragment(state)}`);
render();
