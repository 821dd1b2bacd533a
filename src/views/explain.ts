import type { ChalkInstance } from 'chalk';
import { type Cell, type SceneInput, type Sentence, sceneOf } from '../scene.js';
import { aligned } from './table.js';

export interface ExplainInput extends SceneInput {
  readonly colors: ChalkInstance;
}

/**
 * --explain: the scene of the first draw as terminal text, with numbered sections: tokens and
 * ids, f1 written out, the logits, each processor, the normalisation, each filter in chain
 * order, the bands, the draw.
 */
export function explainView(input: ExplainInput): string {
  const { colors: c } = input;
  const scene = sceneOf(input);
  const paint = (piece: Cell): string => {
    if (typeof piece === 'string') return piece;
    const tones = { value: c.cyan, dim: c.dim, removed: c.red, chosen: c.green, warn: c.yellow };
    return tones[piece.tone](piece.text);
  };
  const text = (sentence: Sentence): string => sentence.map(paint).join('');
  // A sentence that is one aside is dimmed whole, indentation included, as a note under a table.
  const line = (sentence: Sentence): string =>
    sentence.length === 1 && typeof sentence[0] !== 'string' && sentence[0].tone === 'dim'
      ? c.dim(`  ${sentence[0].text}`)
      : `  ${text(sentence)}`;
  const lines = [c.bold(text(scene.heading))];
  for (const note of scene.notes)
    lines.push(note.length === 1 && typeof note[0] !== 'string' ? paint(note[0]) : c.bold(text(note)));
  scene.sections.forEach((section, k) => {
    lines.push('', c.bold(`${k + 1}. ${text(section.title)}`));
    for (const block of section.blocks) {
      if ('sentence' in block) {
        lines.push(line(block.sentence));
        continue;
      }
      // Columns line up by the text a reader sees, before colours add their escapes.
      const plain = block.rows.map((row) => row.cells.map((piece) => (typeof piece === 'string' ? piece : piece.text)));
      aligned(plain).forEach((cells, r) => {
        const painted = cells.map((padded, k) => {
          const piece = block.rows[r].cells[k];
          return typeof piece === 'string' ? padded : paint({ ...piece, text: padded });
        });
        lines.push(`  ${painted.join('  ')}`.trimEnd());
      });
    }
  });
  if (scene.end !== undefined) lines.push('', line(scene.end));
  return `${lines.join('\n')}\n`;
}
