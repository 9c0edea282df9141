import type { Attribution } from '../../attribution/types.js';

/** What a sequence explainer returns for one input and one target output. */
export interface SequenceExplanation {
  /** Importance per time step (length T), on a `sequence` topology; positive values support the target. */
  attribution: Attribution;
  /** Importance per step and feature, row-major [T, F]. */
  perFeature: Float32Array;
  steps: number;
  features: number;
  /** Index of the explained output: a class logit, or one regression value. */
  target: number;
  /** The target output on the unperturbed input. */
  score: number;
  method: 'gradient-x-input' | 'occlusion';
}

/** Sums each step's row of a [T, F] matrix: the per-step view of per-feature importances. */
export function sumOverFeatures(perFeature: Float32Array, steps: number, features: number): Float32Array {
  const out = new Float32Array(steps);
  for (let t = 0; t < steps; t++) {
    let sum = 0;
    for (let f = 0; f < features; f++) sum += perFeature[t * features + f];
    out[t] = sum;
  }
  return out;
}

export function sequenceAttribution(perStep: Float32Array): Attribution {
  return { values: perStep, topology: { kind: 'sequence', length: perStep.length } };
}
