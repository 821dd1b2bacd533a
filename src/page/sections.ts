import type { Cell, Scene, Sentence } from '../scene.js';
import { h } from './dom.js';

const piece = (cell: Cell): Node | string =>
  typeof cell === 'string' ? cell : h('span', { class: `tone-${cell.tone}` }, cell.text);

const sentence = (cells: Sentence, tag = 'p'): HTMLElement => h(tag, {}, ...cells.map(piece));

/** --explain's scene as the page's sections: the same titles, sentences and rows, as DOM. */
export function sections(scene: Scene): HTMLElement {
  const parts = scene.sections.map((section, k) => {
    const title = h('h3', { id: `${section.id}-title` }, `${k + 1}. `, ...section.title.map(piece));
    const blocks = section.blocks.map((block) =>
      'sentence' in block
        ? sentence(block.sentence)
        : h(
            'table',
            { class: 'rows' },
            h(
              'tbody',
              {},
              ...block.rows.map((row) => h('tr', {}, ...row.cells.map((cell) => h('td', {}, piece(cell))))),
            ),
          ),
    );
    return h('section', { id: section.id, 'aria-labelledby': `${section.id}-title` }, title, ...blocks);
  });
  const end = scene.end === undefined ? undefined : sentence(scene.end);
  return h(
    'div',
    { id: 'explain' },
    sentence(scene.heading, 'h3'),
    ...scene.notes.map((n) => sentence(n)),
    ...parts,
    end,
  );
}
