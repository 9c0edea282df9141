/**
 * Percentile bootstrap confidence interval of a mean (Efron and Tibshirani, "An Introduction to the
 * Bootstrap", 1993, ch. 13): resample the values with replacement, take each resample's mean, and read the
 * interval off the quantiles of those means. Seeded, so a report's intervals are reproducible.
 */
import { mulberry32 } from '../../attribution/random.js';
import { mean, quantileSorted } from './descriptive.js';

export const BOOTSTRAP_DEFAULTS = {
  /** Efron and Tibshirani (1993, sec. 19.3) advise at least 1000 resamples for percentile intervals; 2000 steadies the tails. */
  resamples: 2000,
  /** The conventional 95% interval. */
  confidence: 0.95,
  seed: 0,
};

export interface BootstrapOptions {
  resamples?: number;
  confidence?: number;
  seed?: number;
}

export interface ConfidenceInterval {
  /** The sample's own mean (not the mean of the resamples). */
  mean: number;
  lower: number;
  upper: number;
  confidence: number;
}

export function bootstrapMeanInterval(values: ArrayLike<number>, options: BootstrapOptions = {}): ConfidenceInterval {
  const { resamples, confidence, seed } = { ...BOOTSTRAP_DEFAULTS, ...options };
  if (!Number.isInteger(resamples) || resamples < 1) throw new Error(`resamples must be a positive integer, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new Error(`confidence must lie in (0, 1), got ${confidence}`);
  const n = values.length;
  if (n === 0) return { mean: NaN, lower: NaN, upper: NaN, confidence };
  const random = mulberry32(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)];
    means[r] = sum / n;
  }
  means.sort();
  const tail = (1 - confidence) / 2;
  return { mean: mean(values), lower: quantileSorted(means, tail), upper: quantileSorted(means, 1 - tail), confidence };
}
