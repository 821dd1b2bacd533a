/**
 * The post's functions, by the post's names: f1 scores the context, f2 turns the score into one
 * logit per token, and norm (or softmax, as real models do) turns logits into probabilities.
 * Every loop runs in canonical order, so each sum is reproducible to the last bit.
 * The optional `out` arrays let a hot loop reuse its buffers.
 */

/** f1(x₁..x_C) = Σ xᵢ·wᵢ over the ids of the context window. */
export function f1(windowIds: ArrayLike<number>, weights: ArrayLike<number>): number {
  let score = 0;
  for (let i = 0; i < weights.length; i++) score += windowIds[i] * weights[i];
  return score;
}

/** f2(s) = (s·w₁, …, s·w_V): one logit per token. */
export function f2(
  score: number,
  weights: Float64Array,
  out: Float64Array = new Float64Array(weights.length),
): Float64Array {
  for (let j = 0; j < weights.length; j++) out[j] = score * weights[j];
  return out;
}

/** The largest of the first n values; -Infinity for none. */
export function maxOf(values: ArrayLike<number>, n = values.length): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if (values[i] > max) max = values[i];
  return max;
}

/** Σ xᵢ in canonical order, over the first n values. */
export function sum(values: ArrayLike<number>, n = values.length): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += values[i];
  return total;
}

/** norm(x) = x / Σx: the post's normalisation. Needs logits ≥ 0 with a positive sum. */
export function norm(
  logits: Float64Array,
  out: Float64Array = new Float64Array(logits.length),
  total = sum(logits),
): Float64Array {
  for (let j = 0; j < logits.length; j++) out[j] = logits[j] / total;
  return out;
}

/**
 * exp((zⱼ − max z)/T): softmax before its division. Subtracting the largest logit first keeps exp
 * from overflowing, so any finite logits work, negative ones too.
 */
export function exponentials(
  logits: Float64Array,
  temperature = 1,
  out: Float64Array = new Float64Array(logits.length),
): Float64Array {
  const max = maxOf(logits);
  for (let j = 0; j < logits.length; j++) out[j] = Math.exp((logits[j] - max) / temperature);
  return out;
}

/** softmax(z/T) = norm of the exponentials. */
export function softmax(
  logits: Float64Array,
  temperature = 1,
  out: Float64Array = new Float64Array(logits.length),
): Float64Array {
  return norm(exponentials(logits, temperature, out), out);
}
