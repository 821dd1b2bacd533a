/**
 * The repeats DRY looks for, kept as the history grows: for each earlier position p of the last n
 * tokens, run(p), how many tokens ending at p match the tokens ending at the history's end. When
 * token x joins, run(p) becomes run(p − 1) + 1 where x stood at p, and 0 elsewhere: only the
 * earlier places of x change, found through a link from each position to the previous one of the
 * same token. A token costs as many steps as it stood before in the window, never more than the
 * window, and usually far fewer; llama.cpp's Z-algorithm (reference.ts) reads the whole window
 * for every token and finds the same runs.
 */
export class Repeats {
  /** Absolute positions base, base + 1, …: their token, the previous position of that token, their run. */
  private readonly tokens: number[] = [];
  private readonly previous: number[] = [];
  private readonly runs: number[] = [];
  private base = 0;
  /** How many tokens the history has had. */
  private end = 0;
  private readonly latest = new Map<number, number>();
  /** The latest position of a breaker, or -1. */
  private breaker = -1;

  constructor(
    /** How many of the last tokens count. */
    readonly window: number,
    private readonly breakers: ReadonlySet<number>,
  ) {}

  push(token: number): void {
    const e = this.end;
    const start = Math.max(0, e + 1 - this.window);
    const last = e > 0 ? this.tokenAt(e - 1) : -1;
    // Newest first, so that run(p − 1) is read before its own update when x repeats itself.
    for (let p = this.latest.get(token) ?? -1; p >= start; p = this.previous[p - this.base]) {
      const before = p - 1 >= start && this.tokenAt(p - 1) === last ? this.runs[p - 1 - this.base] : 0;
      this.runs[p - this.base] = before + 1;
    }
    this.tokens.push(token);
    this.previous.push(this.latest.get(token) ?? -1);
    this.runs.push(0);
    this.latest.set(token, e);
    if (this.breakers.has(token)) this.breaker = e;
    this.end = e + 1;
    // Forget what left the window, a window's worth at a time: O(1) a token.
    if (start - this.base > this.window) {
      const gone = start - this.base;
      for (const list of [this.tokens, this.previous, this.runs]) list.splice(0, gone);
      this.base = start;
    }
  }

  /**
   * For each token that would extend a run of at least `allowed` tokens, the longest such run, as
   * llama.cpp measures it: within the window, and never reaching back past the latest breaker.
   */
  longest(allowed: number): Map<number, number> {
    const found = new Map<number, number>();
    const e = this.end - 1;
    const start = Math.max(0, this.end - this.window);
    const size = this.end - start;
    if (size <= allowed) return found;
    const limit = this.breaker >= start ? e - this.breaker : size;
    if (limit < allowed) return found;
    // A run of 0 is enough where nothing is allowed: every token that follows one in the window.
    if (allowed === 0) for (let p = start; p < e; p++) found.set(this.tokenAt(p + 1), 0);
    for (let p = this.previous[e - this.base]; p >= start; p = this.previous[p - this.base]) {
      const run = Math.min(this.runs[p - this.base], p - start + 1, limit);
      if (run < allowed) continue;
      const next = this.tokenAt(p + 1);
      if (run > (found.get(next) ?? -1)) found.set(next, run);
    }
    return found;
  }

  private tokenAt(p: number): number {
    return this.tokens[p - this.base];
  }
}
