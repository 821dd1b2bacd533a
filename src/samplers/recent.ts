/**
 * The last n tokens of a continuation, as llama.cpp's ring_buffer keeps them for its penalties
 * and DRY: pushing one more past n drops the oldest, in O(1).
 */
export class Recent {
  private readonly ring: Int32Array;
  private start = 0;
  length = 0;

  constructor(readonly capacity: number) {
    this.ring = new Int32Array(capacity);
  }

  /** Adds a token; returns the one it dropped, or -1. */
  push(token: number): number {
    if (this.capacity === 0) return token;
    if (this.length < this.capacity) {
      this.ring[(this.start + this.length++) % this.capacity] = token;
      return -1;
    }
    const dropped = this.ring[this.start];
    this.ring[this.start] = token;
    this.start = (this.start + 1) % this.capacity;
    return dropped;
  }
}

/** The last n tokens of a history, -1 for all of them: where a stage's state starts. */
export function tail(history: ArrayLike<number>, n: number): ArrayLike<number> {
  const from = n === -1 ? 0 : Math.max(0, history.length - n);
  return Array.prototype.slice.call(history, from) as number[];
}
