import { type Comparison, partingSentence, removals } from '../compare.js';
import { cell } from '../format/probs.js';
import type { Messages } from '../i18n/en.js';
import type { Model } from '../model.js';
import { probability } from '../views/table.js';
import { h, s } from './dom.js';
import { colorOf } from './figure.js';

const BAR = 160;

/**
 * Two chains side by side on the same window: each one's probabilities as bars, the tokens where
 * they part marked, and the sentence --compare ends with, naming the stage.
 */
export function comparison(model: Model, compared: Comparison, rows: readonly number[], m: Messages): HTMLElement {
  const { options } = compared;
  const [a, b] = compared.distributions;
  const parted = new Set(compared.parting?.removed ?? []);
  const gone = [removals(a), removals(b)];
  const chains = [a, b].map((d, k) => {
    const bars = rows.flatMap((i, r) => {
      const y = 34 + r * 26;
      const removed = gone[k][i] !== -1;
      return [
        s(
          'text',
          { x: 96, y: y + 13, class: parted.has(i) ? 'end parted' : 'end' },
          cell(model.tokens[i]).slice(0, 12),
        ),
        s('rect', { x: 104, y, width: BAR * d.probs[i], height: 18, fill: colorOf(i) }),
        s(
          'text',
          {
            x: 110 + BAR * d.probs[i],
            y: y + 13,
            class: removed ? 'removed' : undefined,
            'data-chain': k + 1,
            'data-token': model.tokens[i],
            'data-prob': d.probs[i],
            'data-parted': parted.has(i) ? 'true' : undefined,
          },
          removed ? `✕ ${d.steps[gone[k][i]].stage.label(options[k])[m.lang]}` : probability(d.probs[i]),
        ),
      ];
    });
    // Each chain's stages as a reader calls them, in its order: "temperatura 2 → top-p 0.7".
    const stages = d.steps.map((step) => step.stage.label(options[k])[m.lang]);
    const title = `${m.page.chain(k + 1)}: ${stages.join(' → ') || 'norm'}`;
    return h(
      'figure',
      { class: 'chain' },
      h('figcaption', {}, title),
      s(
        'svg',
        {
          class: 'chart small',
          viewBox: `0 0 ${BAR + 200} ${rows.length * 26 + 40}`,
          role: 'img',
          'aria-label': title,
        },
        ...bars,
      ),
    );
  });
  const said = partingSentence(model, a, b, m);
  return h('div', {}, h('div', { class: 'chains' }, ...chains), h('p', { id: 'parting' }, said));
}
