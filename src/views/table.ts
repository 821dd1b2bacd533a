/** Pads the cells of each column to one width, so a table lines up in a terminal. */
export function aligned(rows: readonly (readonly string[])[]): string[][] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))));
}

/** A bar of up to `width` blocks for a value in [0, 1]. */
export const bar = (value: number, width = 30): string => '█'.repeat(Math.round(value * width));

/** Probabilities as the post prints them, to four decimals. */
export const probability = (p: number): string => p.toFixed(4);

/** Weights as the post writes them: 1.0, 0.5, 1.5. */
export const weight = (w: number): string => (Number.isInteger(w) ? w.toFixed(1) : String(w));
