import { CONTROLS, type Control, type ControlGroup } from '../controls.js';
import type { Messages } from '../i18n/en.js';
import type { SamplingOptions } from '../options.js';
import { PRESETS, presetOf } from '../samplers/index.js';
import type { Group, Range, Stage } from '../samplers/stage.js';
import { h } from './dom.js';
import { isOn, type Typed } from './state.js';

/** The value a control shows when the settings leave it out: its default, as typed. */
export function defaultText(control: Control): string {
  if (control.flag === 'samplers') return 'hf';
  return control.default === undefined || Array.isArray(control.default) ? '' : String(control.default);
}

/** The stages' groups, in the order a reader meets them; the first two open. */
const GROUPS: readonly Group[] = ['temperature', 'truncation', 'penalties', 'extras'];
const OPEN: readonly Group[] = ['temperature', 'truncation'];

export interface FormEvents {
  /** A setting typed, moved or chosen: its new text, or undefined for its default. */
  change(flag: string, text: string | undefined): void;
  search(query: string): void;
}

/**
 * The page's controls, built from the options' own definitions, so that a new stage needs no page
 * code: each with its reader's label, its flag in small type, a slider and a box for a number,
 * its default shown as its value, and a place for its error; grouped as a reader groups the stages.
 */
export class Form {
  readonly element: HTMLFormElement;
  private readonly order: HTMLElement;

  constructor(
    state: Typed,
    private readonly m: Messages,
    private readonly events: FormEvents,
    extras: { readonly readonly: boolean; readonly search: number | undefined },
  ) {
    this.element = h('form', { id: 'controls', 'aria-label': m.page.settings, novalidate: true }) as HTMLFormElement;
    this.order = h('ol', { id: 'order', 'aria-label': m.page.order });
    const phrase = this.text('phrase', state.get('phrase') ?? '');
    if (extras.readonly) phrase.setAttribute('readonly', '');
    const phraseField = this.field('phrase', m.page.phrase, phrase, undefined, true);
    const controls = (group: ControlGroup) => CONTROLS.filter((c) => c.group === group);
    const fields = (group: ControlGroup) => controls(group).map((c) => this.control(c, state));
    const run = this.group(m.page.groups.run, fields('run'), true);
    const chain = this.group(
      m.page.groups.chain,
      fields('chain'),
      true,
      h('p', { class: 'help' }, m.page.processorsFirst),
      this.order,
    );
    const stages = GROUPS.map((group) => {
      const open = OPEN.includes(group) || controls(group).some((c) => state.has(c.flag));
      return this.group(m.page.groups[group], fields(group), open);
    });
    const compare = this.compare(state);
    this.element.append(phraseField, run, chain, ...stages, compare);
    if (extras.search !== undefined) {
      const search = h('input', { id: 'control-search', type: 'search', autocomplete: 'off' }) as HTMLInputElement;
      search.addEventListener('input', () => events.search(search.value));
      this.element.append(this.field('search', m.page.find, search, m.page.tokens(extras.search)));
    }
    this.element.addEventListener('submit', (event) => event.preventDefault());
  }

  /** Shows each refused value under its field, marked invalid; clears the others. */
  mark(errors: readonly { readonly flag: string; readonly message: string }[]): void {
    for (const element of Array.from(this.element.querySelectorAll('[aria-invalid]')))
      element.removeAttribute('aria-invalid');
    for (const element of Array.from(this.element.querySelectorAll('.error'))) element.textContent = '';
    for (const { flag, message } of errors) {
      this.element.querySelector(`#control-${flag}`)?.setAttribute('aria-invalid', 'true');
      const place = this.element.querySelector(`#error-${flag}`);
      if (place) place.textContent = message;
    }
  }

  /** Sets a control's shown value (the seed after "new seed", the count after "sample"). */
  set(flag: string, text: string): void {
    const input = this.element.querySelector(`#control-${flag}`) as HTMLInputElement | null;
    if (input) input.value = text;
    const slider = this.element.querySelector(`#slider-${flag}`) as HTMLInputElement | null;
    if (slider) slider.value = text;
  }

  /**
   * The chain's active filters in their order, each movable earlier or later by a button that
   * the keyboard reaches; processors always run first, before norm, and are not listed.
   */
  showOrder(options: SamplingOptions, active: readonly Stage[]): void {
    const { m } = this;
    const filters = active.filter((stage) => stage.acts === 'probs' && options.samplers.includes(stage.name));
    const move = (k: number, by: number): void => {
      const list = [...options.samplers];
      const [a, b] = [list.indexOf(filters[k].name), list.indexOf(filters[k + by].name)];
      [list[a], list[b]] = [list[b], list[a]];
      const preset = presetOf(list);
      this.events.change('samplers', preset === 'hf' ? undefined : (preset ?? list.join(';')));
      (this.order.querySelector(`[data-move="${filters[k].name}:${by}"]`) as HTMLElement | null)?.focus();
    };
    this.order.replaceChildren(
      ...filters.map((stage, k) => {
        const name = stage.label(options)[m.lang];
        const button = (by: number, symbol: string, label: string): HTMLElement => {
          const element = h(
            'button',
            {
              type: 'button',
              'aria-label': label,
              title: label,
              disabled: k + by < 0 || k + by >= filters.length,
              'data-move': `${stage.name}:${by}`,
            },
            symbol,
          );
          element.addEventListener('click', () => move(k, by));
          return element;
        };
        return h(
          'li',
          { 'data-stage': stage.name },
          h('span', {}, name),
          button(-1, '↑', m.page.up(name)),
          button(1, '↓', m.page.down(name)),
        );
      }),
    );
    const select = this.element.querySelector('#control-samplers') as HTMLSelectElement;
    select.value = presetOf(options.samplers) ?? 'custom';
  }

  private text(flag: string, value: string, numeric = false): HTMLInputElement {
    return h('input', {
      id: `control-${flag}`,
      name: flag,
      value,
      autocomplete: 'off',
      spellcheck: 'false',
      inputmode: numeric ? 'decimal' : undefined,
      'aria-describedby': `help-${flag} error-${flag}`,
    }) as HTMLInputElement;
  }

  /** A label in the reader's words with the flag in small type, the input, its description and its error. */
  private field(flag: string, label: string, input: HTMLElement, help?: string, wide = false): HTMLElement {
    const small = flag === 'phrase' || flag === 'search' ? undefined : h('small', { class: 'flag' }, `--${flag}`);
    return h(
      'div',
      { class: wide ? 'field wide' : 'field' },
      h('label', { for: input.id, id: `label-${flag}` }, label, small ? ' ' : '', small),
      input,
      help === undefined ? undefined : h('small', { class: 'help', id: `help-${flag}` }, help),
      h('p', { class: 'error', id: `error-${flag}`, 'aria-live': 'polite' }),
    );
  }

  private group(title: string, fields: readonly HTMLElement[], open: boolean, ...rest: HTMLElement[]): HTMLElement {
    return h(
      'details',
      { class: 'group', open },
      h('summary', {}, title),
      h('div', { class: 'grid' }, ...fields),
      ...rest,
    );
  }

  private control(control: Control, state: Typed): HTMLElement {
    const { flag } = control;
    const value = state.get(flag) ?? defaultText(control);
    const help = control.description[this.m.lang];
    if (control.argument === undefined) {
      const box = h('input', {
        type: 'checkbox',
        id: `control-${flag}`,
        name: flag,
        checked: isOn(state.get(flag)),
        'aria-describedby': `help-${flag} error-${flag}`,
      }) as HTMLInputElement;
      box.addEventListener('change', () => this.events.change(flag, box.checked ? 'true' : undefined));
      return this.field(flag, control.label[this.m.lang], box, help);
    }
    if (control.choices) {
      const choices = flag === 'samplers' ? [...Object.keys(PRESETS), 'custom'] : control.choices;
      const select = h(
        'select',
        { id: `control-${flag}`, name: flag, 'aria-describedby': `help-${flag} error-${flag}` },
        ...choices.map((c) =>
          h(
            'option',
            { value: c, selected: c === value, disabled: c === 'custom' },
            c === 'custom' ? this.m.page.custom : c,
          ),
        ),
      ) as HTMLSelectElement;
      select.addEventListener('change', () =>
        this.events.change(flag, select.value === defaultText(control) ? undefined : select.value),
      );
      return this.field(flag, control.label[this.m.lang], select, flag === 'samplers' ? undefined : help);
    }
    const numeric = typeof control.default === 'number';
    const box = this.text(flag, value, numeric);
    const typed = (text: string): void =>
      this.events.change(flag, text.trim() === '' || text.trim() === defaultText(control) ? undefined : text.trim());
    const field = this.field(flag, control.label[this.m.lang], box, help);
    const slider =
      control.range &&
      this.slider(flag, control.range, Number.isFinite(Number(value)) ? value : String(control.default));
    box.addEventListener('input', () => {
      if (slider && box.value.trim() !== '' && Number.isFinite(Number(box.value))) slider.value = box.value;
      typed(box.value);
    });
    if (slider) {
      slider.addEventListener('input', () => {
        box.value = slider.value;
        typed(slider.value);
      });
      box.before(slider);
      field.classList.add('number');
    }
    return field;
  }

  /** A number's slider, labelled by its field's label. */
  private slider(flag: string, { min, max, step }: Range, value: string): HTMLInputElement {
    return h('input', {
      type: 'range',
      id: `slider-${flag}`,
      min,
      max,
      step,
      value,
      'aria-labelledby': `label-${flag}`,
      'aria-describedby': `help-${flag}`,
    }) as HTMLInputElement;
  }

  /** The switch that shows a second chain beside the first, and what that chain is. */
  private compare(state: Typed): HTMLElement {
    const { m } = this;
    const spec = state.get('compare');
    const on = h('input', {
      type: 'checkbox',
      id: 'control-compare-on',
      checked: spec !== undefined,
    }) as HTMLInputElement;
    const box = this.text('compare', spec ?? 'llama.cpp');
    const changed = (): void => this.events.change('compare', on.checked ? box.value : undefined);
    on.addEventListener('change', changed);
    box.addEventListener('input', () => {
      if (on.checked) changed();
    });
    return h(
      'details',
      { class: 'group', open: true },
      h('summary', {}, m.page.compareTitle),
      h('div', { class: 'field check' }, on, h('label', { for: 'control-compare-on' }, m.page.compare)),
      this.field('compare', m.page.compareSpec, box),
    );
  }
}

/** The search box's matches: the tokens that contain the query, the first twenty. */
export const matches = (tokens: readonly string[], query: string): number[] => {
  const q = query.trim().normalize('NFC');
  return q === '' ? [] : tokens.flatMap((t, i) => (t.includes(q) ? [i] : [])).slice(0, 20);
};
