import type { Writable } from 'node:stream';
import type { Messages } from '../i18n/en.js';

/** Updates at most this often: about ten a second. */
const EVERY_MS = 100;
/** A run shows its progress only once it has lasted this long. */
const AFTER_MS = 1000;

/**
 * A progress line on stderr for long runs written to a file: a percentage, a count and the time
 * left, or, where the total is not known (phrases from stdin), the count so far and the time
 * taken. One serves a whole run. It appears only after a second, is throttled, and is erased when
 * the run ends or another view writes to stderr, so that stderr keeps nothing of it. The caller
 * decides when it applies (a terminal on stderr, not on stdout, no --quiet).
 */
export class Progress {
  private readonly start = Date.now();
  private last = 0;
  private shown = false;

  constructor(
    private readonly stderr: Writable,
    private readonly total: number | undefined,
    private readonly m: Messages,
  ) {}

  update(done: number): void {
    const now = Date.now();
    if (now - this.start < AFTER_MS || now - this.last < EVERY_MS) return;
    this.last = now;
    this.shown = true;
    const { total } = this;
    if (total === undefined) {
      this.stderr.write(`\r\x1b[K${this.m.progressSoFar(done, Math.floor((now - this.start) / 1000))}`);
      return;
    }
    const left = ((now - this.start) / done) * (total - done);
    const percent = ((100 * done) / total).toFixed(1);
    this.stderr.write(`\r\x1b[K${this.m.progress(percent, done, total, Math.ceil(left / 1000))}`);
  }

  /** Erases the line, until the next update shows it again. */
  end(): void {
    if (this.shown) this.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}
