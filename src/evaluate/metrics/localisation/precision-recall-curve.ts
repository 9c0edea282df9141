/**
 * The precision-recall curve of the map as a per-pixel score for the mask, and its area as average
 * precision, both as scikit-learn computes them (precision_recall_curve, average_precision_score): one
 * point per distinct map value, the region at each being the pixels at or above it; AP = sum over points
 * in decreasing threshold of (R_k - R_{k-1}) P_k with R_0 = 0, a step sum without interpolation.
 */
import { assertSameLength, countPositives } from '../sizes.js';

export interface PrecisionRecallCurve {
  /** Distinct map values, decreasing. */
  thresholds: Float64Array;
  /** Precision of the region map >= thresholds[k]. */
  precision: Float64Array;
  /** Recall of the same region, non-decreasing. */
  recall: Float64Array;
}

export function precisionRecallCurve(map: ArrayLike<number>, mask: ArrayLike<number>): PrecisionRecallCurve {
  assertSameLength('map and mask', map, mask);
  const positives = countPositives(mask);
  const order = Array.from({ length: map.length }, (_, i) => i).sort((i, j) => map[j] - map[i]);
  const thresholds: number[] = [];
  const precision: number[] = [];
  const recall: number[] = [];
  let truePositives = 0;
  for (let k = 0; k < order.length; k++) {
    if (mask[order[k]] !== 0) truePositives++;
    const lastOfTie = k === order.length - 1 || map[order[k + 1]] !== map[order[k]];
    if (!lastOfTie) continue;
    thresholds.push(map[order[k]]);
    precision.push(truePositives / (k + 1));
    recall.push(truePositives / positives);
  }
  return { thresholds: Float64Array.from(thresholds), precision: Float64Array.from(precision), recall: Float64Array.from(recall) };
}

/** Average precision (AUPR): 1 for a map that ranks every object pixel above every background pixel. */
export function averagePrecision(map: ArrayLike<number>, mask: ArrayLike<number>): number {
  const { precision, recall } = precisionRecallCurve(map, mask);
  let area = 0;
  let previousRecall = 0;
  for (let k = 0; k < recall.length; k++) {
    area += (recall[k] - previousRecall) * precision[k];
    previousRecall = recall[k];
  }
  return area;
}
