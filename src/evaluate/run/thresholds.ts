import { applyThreshold, withProbability, type ThresholdSpec } from '../../attribution/threshold/apply.js';
import { keepAtOrAbove } from '../../attribution/threshold/result.js';
import type { ThresholdResult } from '../../attribution/types.js';
import { UsageError } from '../../errors.js';

/** One simplification the evaluation scores; `spec` null is the map as it is (every positive entry kept). */
export interface EvaluationThreshold {
  name: string;
  spec: ThresholdSpec | null;
}

export const UNTHRESHOLDED = 'none';

/**
 * The unthresholded map, the lightweight Grad-CAM paper's fixed top-5/10/20% settings and the dynamic search.
 * The unthresholded map comes first: it is the baseline the others are compared with.
 */
export const DEFAULT_EVALUATION_THRESHOLDS = 'none,5,10,20,dynamic';

/** `none,5,10,dynamic,otsu,hybrid,confidence` -> thresholds named as given; percents are the share of the map kept. */
export function parseEvaluationThresholds(raw: string): EvaluationThreshold[] {
  const names = raw.split(',').map((s) => s.trim());
  const thresholds = names.map((name): EvaluationThreshold => {
    if (name === UNTHRESHOLDED) return { name, spec: null };
    if (name === 'dynamic' || name === 'otsu' || name === 'hybrid' || name === 'confidence') return { name, spec: { kind: name } };
    const percent = Number(name);
    if (name === '' || !Number.isFinite(percent) || percent <= 0 || percent > 100) {
      throw new UsageError(`thresholds must be a comma-separated list of 'none', percents in (0, 100], 'dynamic', 'otsu', 'hybrid' or 'confidence'; got '${name}'`);
    }
    return { name: `${percent}%`, spec: { kind: 'percentile', percent } };
  });
  const seen = new Set<string>();
  for (const t of thresholds) {
    if (seen.has(t.name)) throw new UsageError(`thresholds must not repeat; got '${t.name}' twice in '${raw}'`);
    seen.add(t.name);
  }
  return thresholds;
}

/**
 * The threshold's result on a map normalised to max 1. Unthresholded, the cutoff is 0: every pixel where the
 * upsampled map is positive belongs to the region, not only those above the smallest positive grid value.
 * `probability` is the explained class's softmax probability (read by the confidence strategy only).
 */
export function thresholdOn(values: Float32Array, threshold: EvaluationThreshold, probability: number): ThresholdResult {
  if (threshold.spec === null) return { ...keepAtOrAbove(values, 0, UNTHRESHOLDED, null), cutoff: 0 };
  // The confidence strategy keeps more of the map the less sure the prediction is.
  return applyThreshold(values, withProbability(threshold.spec, probability));
}
