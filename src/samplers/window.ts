/** The last n tokens of a history: -1 is the whole history, 0 none. */
export function lastTokens(history: ArrayLike<number>, n: number): ArrayLike<number> {
  const from = n === -1 ? 0 : Math.max(0, history.length - n);
  return Array.prototype.slice.call(history, from) as number[];
}
