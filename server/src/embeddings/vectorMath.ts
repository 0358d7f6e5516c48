/**
 * Scales a vector to unit length so that cosine similarity is a plain dot product in the store.
 * An all-zero vector cannot be normalized; it is returned as zeros so it simply never ranks.
 * Throws when a value is not a finite number: such a vector would poison every distance computed against it.
 */
export function normalizeVector(values: ArrayLike<number>): Float32Array {
  const out = new Float32Array(values.length);
  let sumOfSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new Error(`Embedding value ${i} is not a finite number (${String(value)}).`);
    }
    out[i] = value;
    sumOfSquares += value * value;
  }
  if (sumOfSquares === 0) return out;
  const scale = 1 / Math.sqrt(sumOfSquares);
  for (let i = 0; i < out.length; i++) out[i] *= scale;
  return out;
}

/** Euclidean length; tests and sanity checks use it to confirm vectors are unit length. */
export function vectorLength(values: ArrayLike<number>): number {
  let sumOfSquares = 0;
  for (let i = 0; i < values.length; i++) sumOfSquares += values[i] * values[i];
  return Math.sqrt(sumOfSquares);
}
