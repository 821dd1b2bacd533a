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

/**
 * A number as a person reads it in a view: whole numbers as they are, others to 6 significant
 * digits (100654.41103999999 as 100654, 0.22360897908588329 as 0.223609), and the infinities as
 * −∞ and ∞. Machine formats keep every digit; this is for people.
 */
export function human(x: number): string {
  if (x === Number.NEGATIVE_INFINITY) return '−∞';
  if (x === Number.POSITIVE_INFINITY) return '∞';
  if (Number.isNaN(x)) return 'NaN';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const shown = Number(x.toPrecision(6));
  // Past what a person counts digits of, the exponent says it: 1.15292e+18, not 1152920000000000000.
  return shown !== 0 && (Math.abs(shown) >= 1e15 || Math.abs(shown) < 1e-6) ? shown.toExponential() : String(shown);
}

/** Removed tokens listed on one line: the first 20, and how many more, so that 5,000 stay one short line. */
export const listOf = (names: readonly string[], m: { more(n: number): string }): string =>
  names.length <= LISTED ? names.join(', ') : `${names.slice(0, LISTED).join(', ')} ${m.more(names.length - LISTED)}`;

const LISTED = 20;
