import type { NormKind } from '../options.js';
import { maxOf, sum } from '../pipeline.js';

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
  /** The token of each slot; while `whole`, unwritten: slot s is token s. Read them with positions(). */
  private readonly ids: Int32Array;
  /** Whether no candidate was removed since fill, so that slot s is token s. */
  private whole = false;
  readonly logits: Float64Array;
  readonly probs: Float64Array;
  /** Room for the values a filter sorts and the slots it picks: the candidates' own, so that a stage allocates nothing per token. */
  readonly scratch: Float64Array;
  readonly picked: Int32Array;
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
    this.picked = new Int32Array(capacity);
  }

  /**
   * Every token of the vocabulary, in canonical order, with these logits: slot i is token i.
   * The logits may be the candidates' own array already, written by f2.
   */
  fill(logits: Float64Array): void {
    if (logits !== this.logits) this.logits.set(logits);
    this.size = logits.length;
    this.whole = true;
    this.normalized = false;
  }

  /** The candidates' tokens, slot by slot (none while slot s is token s): valid until the candidates change. */
  tokens(): Int32Array | undefined {
    return this.whole ? undefined : this.ids.subarray(0, this.size);
  }

  /** The candidates' tokens, slot by slot: valid until the candidates change. */
  positions(): Int32Array {
    if (this.whole) {
      for (let s = 0; s < this.size; s++) this.ids[s] = s;
      this.whole = false;
    }
    return this.ids.subarray(0, this.size);
  }

  /** The token in a slot. */
  token(slot: number): number {
    return this.whole ? slot : this.ids[slot];
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
    const { ids, logits, probs, whole } = this;
    let n = 0;
    for (let s = 0; s < this.size; s++) {
      if (!keep(s)) continue;
      ids[n] = whole ? s : ids[s];
      logits[n] = logits[s];
      probs[n] = probs[s];
      n++;
    }
    // Every candidate kept: slot s is still token s, and a drawer reads no table of tokens.
    if (n === this.size) return false;
    this.whole = false;
    this.size = n;
    this.removed();
    return true;
  }

  /**
   * Removes the candidates whose logit is -Infinity: a ban, or a token a captured list leaves out.
   * Most chains have none, which a scan of the logits finds without a call per slot.
   */
  removeBanned(): void {
    if (this.logits.subarray(0, this.size).indexOf(Number.NEGATIVE_INFINITY) === -1) return;
    this.keep((s) => this.logits[s] !== Number.NEGATIVE_INFINITY);
  }

  /**
   * Keeps exactly the first n slots of `slots`, which ascend: the fast way for a filter that
   * has picked its few survivors out of many.
   */
  retain(slots: Int32Array, n: number): void {
    // All n of n ascending slots are every slot, in place.
    if (n === this.size) return;
    const { ids, logits, probs, whole } = this;
    this.whole = false;
    for (let k = 0; k < n; k++) {
      const s = slots[k];
      ids[k] = whole ? s : ids[s];
      logits[k] = logits[s];
      probs[k] = probs[s];
    }
    this.size = n;
    this.removed();
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
  divideBy(probs, n, sum(probs, n));
}

/**
 * softmax of the first n logits into out: exp(z − max z), divided by their sum in canonical
 * order. Subtracting the largest first keeps exp from overflowing; returns the sum.
 */
export function softmaxInto(logits: ArrayLike<number>, out: Float64Array, n: number): number {
  const total = expInto(logits, out, n, maxOf(logits, n));
  divideBy(out, n, total);
  return total;
}

// One loop to a function, with nothing after it but a return. A wide vocabulary's first pass runs
// while the JIT compiles the loop; code after a compiled loop has never run, and reaching it
// throws the compiled code away, for the next loop to wait for another compile of the whole
// function (--trace-deopt).

/** exp(z − max) of the first n logits into out; returns their sum, in order. */
function expInto(logits: ArrayLike<number>, out: Float64Array, n: number, max: number): number {
  let total = 0;
  for (let s = 0; s < n; s++) {
    out[s] = Math.exp(logits[s] - max);
    total += out[s];
  }
  return total;
}

/** Divides the first n values by `total`. */
export function divideBy(values: Float64Array, n: number, total: number): void {
  for (let s = 0; s < n; s++) values[s] /= total;
}
