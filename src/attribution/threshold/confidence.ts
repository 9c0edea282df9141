/**
 * Confidence-based threshold: the share of the map kept follows the prediction's confidence. A confident
 * prediction is explained by a tight map (its evidence is concentrated, and a tight map is easy to check);
 * an uncertain one keeps more context, so that the competing evidence the model weighed stays visible
 * instead of being cut away by a fixed percentage. With p the softmax probability of the explained class:
 *
 *     percent kept = minPercent + (maxPercent - minPercent) * (1 - p)
 *
 * then the top `percent`% are kept exactly as keepTopPercent keeps them (ties at the cutoff all kept, zeros
 * never). p = 1 keeps minPercent, p = 0 keeps maxPercent, linear in between.
 *
 * Li, "A Lightweight Explainability Framework for Neural Networks" (2025), lists confidence-based
 * thresholding among its adaptive strategies next to dynamic, Otsu and multi-level thresholds; the linear
 * rule above is this module's reading of it. Softmax probabilities of modern networks are often
 * over-confident (Guo et al., "On Calibration of Modern Neural Networks", ICML 2017), so p is a heuristic
 * dial here, not a calibrated quantity: a calibrated p (temperature scaling) makes the dial more meaningful.
 */
import { UsageError } from '../../errors.js';
import type { ThresholdResult } from '../types.js';
import { keepTopPercent } from './percentile.js';

export interface ConfidenceThresholdOptions {
  /** Softmax probability of the explained class, in [0, 1]. */
  probability: number;
  /** Percent kept for a certain prediction (p = 1), in (0, 100]. */
  minPercent?: number;
  /** Percent kept for p = 0, in [minPercent, 100]. */
  maxPercent?: number;
}

/**
 * 5%: the dynamic threshold's coverage floor (Li 2025), so the tightest map still shows a region;
 * 30%: a little looser than the paper's loosest fixed setting (top 20%), reached as p falls towards 0.
 */
export const CONFIDENCE_THRESHOLD_DEFAULTS = { minPercent: 5, maxPercent: 30 } as const;

/** The percent the rule keeps for probability p, after checking every parameter. */
export function confidencePercent(options: ConfidenceThresholdOptions): number {
  const { probability } = options;
  const minPercent = options.minPercent ?? CONFIDENCE_THRESHOLD_DEFAULTS.minPercent;
  const maxPercent = options.maxPercent ?? CONFIDENCE_THRESHOLD_DEFAULTS.maxPercent;
  if (!(typeof probability === 'number' && probability >= 0 && probability <= 1)) {
    throw new UsageError(`confidence threshold: probability must be in [0, 1], got ${probability}`);
  }
  if (!(minPercent > 0 && minPercent <= 100)) {
    throw new UsageError(`confidence threshold: minPercent must be in (0, 100], got ${minPercent}`);
  }
  if (!(maxPercent >= minPercent && maxPercent <= 100)) {
    throw new UsageError(`confidence threshold: maxPercent must be in [minPercent (${minPercent}), 100], got ${maxPercent}`);
  }
  // 12 significant digits: the percent is shown to people, and 5 + 25 * 0.2 should read 10, not 10.000000000000002.
  return Number((minPercent + (maxPercent - minPercent) * (1 - probability)).toPrecision(12));
}

/** Keeps the top confidencePercent(options)% of the map; `value` in the result is that percent. */
export function confidenceThreshold(values: ArrayLike<number>, options: ConfidenceThresholdOptions): ThresholdResult {
  return { ...keepTopPercent(values, confidencePercent(options)), kind: 'confidence' };
}
