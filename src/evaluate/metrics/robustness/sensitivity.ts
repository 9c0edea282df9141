/**
 * Max- and avg-sensitivity (Yeh, Hsieh, Suggala, Inouye and Ravikumar, "On the (in)fidelity and
 * sensitivity of explanations", NeurIPS 2019): the largest and the mean change of the map under small
 * uniform input noise, |e(x) - e(x + d)| / |e(x)| with Frobenius norms (Quantus' normalised form), d
 * uniform in [-r, r] per value. Lower is more robust. An all-zero original map makes the change absolute.
 */
import { mulberry32 } from '../../../attribution/random.js';
import { UsageError } from '../../../errors.js';
import { valueRange } from '../faithfulness/pixels.js';
import { assertSameLength } from '../sizes.js';
import type { ExplainFunction } from './explain-function.js';

/** Noise radius as a share of the input's value range, and the number of noisy samples. */
export const SENSITIVITY_DEFAULTS = { radius: 0.02, samples: 10, seed: 0 };

export interface SensitivityOptions {
  /** Radius as a share of `range` (default the image's own min..max). */
  radius?: number;
  samples?: number;
  seed?: number;
  /** The input's value range, e.g. [0, 1] or the normalised range of the model's preprocessing. */
  range?: [number, number];
}

export interface Sensitivity {
  max: number;
  avg: number;
  /** The change for each noisy sample. */
  changes: Float64Array;
}

function norm(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * values[i];
  return Math.sqrt(s);
}

function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assertSameLength('maps of the original and the noisy input', a, b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

export async function sensitivity(explainFn: ExplainFunction, image: Float32Array, options: SensitivityOptions = {}): Promise<Sensitivity> {
  const { radius, samples, seed } = { ...SENSITIVITY_DEFAULTS, ...options };
  if (!Number.isInteger(samples) || samples < 1) throw new UsageError(`samples must be a positive integer, got ${samples}`);
  const [lo, hi] = options.range ?? valueRange(image);
  const r = radius * (hi - lo);
  const uniform = mulberry32(seed);
  const noisy = Array.from({ length: samples }, () => Float32Array.from(image, (v) => v + r * (2 * uniform() - 1)));
  const [original, ...perturbed] = await explainFn([image, ...noisy]);
  const scale = norm(original) || 1;
  const changes = Float64Array.from(perturbed, (m) => distance(original, m) / scale);
  return { max: Math.max(...changes), avg: changes.reduce((a, b) => a + b, 0) / samples, changes };
}
