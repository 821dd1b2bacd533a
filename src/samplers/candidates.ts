import type { NormKind } from '../options.js';

/**
 * The tokens still in the chain, as llama.cpp's `llama_token_data_array` holds them: for each
 * candidate its position in the vocabulary, its logit and, once something needs one, its
 * probability. Slots [0, size) are the candidates, always in canonical order, so that every sum
 * over them is the sum over the whole vocabulary with the removed tokens left out, to the bit.
 *
 * A stage removes candidates by compacting the slots (`keep`): a removed token is gone, and no
 * later stage can bring it back. A token whose probability underflows to 0 is still a candidate,
 * with its logit: the filters rank by logit, and a later temperature can give it a chance again.
 *
 * Under the post's norm the probabilities are z / Σz, computed once at norm and renormalised over
 * what is left after each filter; temperature raises them to 1/T. Under softmax they are computed
 * from the logits over the remaining candidates when a stage or the draw asks for them, as
 * llama.cpp's `softmax_impl` does: a stage that changes the logits or removes candidates leaves
 * them to be computed again.
 */
export class Candidates {
  readonly ids: Int32Array;
  readonly logits: Float64Array;
  readonly probs: Float64Array;
  /** Room for the values a filter sorts: the candidates' own, so that a stage allocates nothing per token. */
  readonly scratch: Float64Array;
  size = 0;
  /** Whether probs holds the distribution over the candidates. */
  normalized = false;

  constructor(
    capacity: number,
    readonly norm: NormKind,
  ) {
    this.ids = new Int32Array(capacity);
    this.logits = new Float64Array(capacity);
    this.probs = new Float64Array(capacity);
    this.scratch = new Float64Array(capacity);
  }

  /** Every token of the vocabulary, in canonical order, with these logits: slot i is token i. */
  fill(logits: ArrayLike<number>): void {
    const { ids } = this;
    for (let i = 0; i < logits.length; i++) ids[i] = i;
    this.logits.set(logits);
    this.size = logits.length;
    this.normalized = false;
  }

  /** The same candidates, logits and probabilities, in another (larger) holder. */
  copyTo(other: Candidates): void {
    const n = this.size;
    other.ids.set(this.ids.subarray(0, n));
    other.logits.set(this.logits.subarray(0, n));
    other.probs.set(this.probs.subarray(0, n));
    other.size = n;
    other.normalized = this.normalized;
  }

  /** The distribution over the candidates, slots [0, size) of the array returned. */
  probabilities(): Float64Array {
    if (!this.normalized) {
      // Under the post's norm the probabilities are made at norm and never left stale.
      softmaxInto(this.logits, this.probs, this.size);
      this.normalized = true;
    }
    return this.probs;
  }

  /**
   * Keeps the candidates for which `keep(slot)` holds, in canonical order. `keep` may read only the
   * slot it is given: the slots before it are already moved. Returns whether any was removed.
   */
  keep(keep: (slot: number) => boolean): boolean {
    const { ids, logits, probs } = this;
    let n = 0;
    for (let s = 0; s < this.size; s++) {
      if (!keep(s)) continue;
      if (n !== s) {
        ids[n] = ids[s];
        logits[n] = logits[s];
        probs[n] = probs[s];
      }
      n++;
    }
    if (n === this.size) return false;
    this.size = n;
    this.removed();
    return true;
  }

  /** After candidates were removed: the post's norm renormalises, softmax computes afresh when asked. */
  private removed(): void {
    if (!this.normalized) return;
    if (this.norm === 'sum') renormalise(this.probs, this.size);
    else this.normalized = false;
  }

  /** After a stage changed the logits (temperature under softmax): the probabilities are stale. */
  logitsChanged(): void {
    if (this.norm === 'softmax') this.normalized = false;
  }

  /** The slot of the largest logit, the first in canonical order among equals. */
  best(): number {
    const { logits } = this;
    let best = 0;
    for (let s = 1; s < this.size; s++) if (logits[s] > logits[best]) best = s;
    return best;
  }
}

/** Divides the first n values by their sum, taken in canonical order. */
export function renormalise(probs: Float64Array, n: number): void {
  let total = 0;
  for (let s = 0; s < n; s++) total += probs[s];
  for (let s = 0; s < n; s++) probs[s] /= total;
}

/**
 * softmax of the first n logits into out: exp(z − max z), divided by their sum in canonical
 * order. Subtracting the largest first keeps exp from overflowing; returns the sum.
 */
export function softmaxInto(logits: ArrayLike<number>, out: Float64Array, n: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let s = 0; s < n; s++) if (logits[s] > max) max = logits[s];
  let total = 0;
  for (let s = 0; s < n; s++) {
    out[s] = Math.exp(logits[s] - max);
    total += out[s];
  }
  for (let s = 0; s < n; s++) out[s] /= total;
  return total;
}
