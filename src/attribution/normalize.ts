import { assertFinite } from './finite.js';

/** Negative entries set to zero: Grad-CAM keeps only the evidence for the class. */
export function relu(values: ArrayLike<number>): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] > 0 ? values[i] : 0;
  return out;
}

export interface MaxNormalized {
  /** ReLU of the input divided by its maximum, so the peak is exactly 1. */
  values: Float32Array;
  /** True when no entry is positive; values are then all zero rather than 0/0. */
  allZero: boolean;
}

/**
 * ReLU, then division by the maximum, as Grad-CAM maps are conventionally scaled to [0, 1].
 * Each entry is `Math.fround(v / max)`: the threshold strategies rely on this exact rounding.
 */
export function normalizeByMax(values: ArrayLike<number>): MaxNormalized {
  assertFinite(values);
  const max = positiveMax(values);
  const out = new Float32Array(values.length);
  if (max === 0) return { values: out, allZero: true };
  for (let i = 0; i < values.length; i++) out[i] = values[i] > 0 ? values[i] / max : 0;
  return { values: out, allZero: false };
}

/** The largest entry if any is positive, else 0. */
export function positiveMax(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}

/** Rescaled to [0, 1] by (v - min) / (max - min); a flat map has no contrast and becomes all zero. */
export function minMaxNormalize(values: ArrayLike<number>): Float32Array {
  assertFinite(values);
  const out = new Float32Array(values.length);
  if (values.length === 0) return out;
  let min = values[0];
  let max = values[0];
  for (let i = 1; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  const range = max - min;
  if (range === 0) return out;
  for (let i = 0; i < values.length; i++) out[i] = (values[i] - min) / range;
  return out;
}
