/**
 * The map as a per-pixel score for the object mask, over every cutoff at once: each item's average precision
 * (AUPR, scikit-learn's step sum) and its precision-recall curve read at fixed recall levels, so that curves
 * of many items can be averaged into one curve per condition.
 */
import { averagePrecision, precisionRecallCurve } from '../metrics/localisation/precision-recall-curve.js';
import { bootstrapMeanInterval, type BootstrapOptions, type ConfidenceInterval } from '../stats/bootstrap.js';
import { ALL_CONDITIONS, reportedConditions, type Grouping } from './aggregate.js';

/** Recall levels 0, 0.01, ..., 1: the 101 points of the COCO evaluation (cocoeval's recThrs). */
export const RECALL_LEVELS: readonly number[] = Array.from({ length: 101 }, (_, i) => i / 100);

export interface ItemPrecisionRecall {
  item: string;
  condition: string;
  method: string;
  aupr: number;
  /** Interpolated precision at each of RECALL_LEVELS. */
  precision: Float64Array;
}

export interface PrecisionRecallSummary {
  condition: string;
  method: string;
  n: number;
  /** Mean of the items' average precision, with its bootstrap interval. */
  aupr: ConfidenceInterval;
  recall: number[];
  /** Mean over items of the interpolated precision at each recall level. */
  precision: number[];
}

/**
 * Precision at each recall level r interpolated as PASCAL VOC and COCO do: the best precision at any cutoff
 * reaching recall r or more, which makes the curve non-increasing. Levels no cutoff reaches get 0.
 */
export function interpolatedPrecision(recall: ArrayLike<number>, precision: ArrayLike<number>, levels: readonly number[]): Float64Array {
  const envelope = Float64Array.from(precision);
  for (let k = envelope.length - 2; k >= 0; k--) envelope[k] = Math.max(envelope[k], envelope[k + 1]);
  const out = new Float64Array(levels.length);
  let k = 0;
  levels.forEach((level, i) => {
    while (k < recall.length && recall[k] < level) k++;
    out[i] = k < recall.length ? envelope[k] : 0;
  });
  return out;
}

/** One item's AUPR and curve; null unless its mask holds both object and background, as a ranking needs both. */
export function itemPrecisionRecall(mapAtImage: Float32Array, mask: Uint8Array): { aupr: number; precision: Float64Array } | null {
  const objectPixels = mask.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
  if (objectPixels === 0 || objectPixels === mask.length) return null;
  const curve = precisionRecallCurve(mapAtImage, mask);
  return { aupr: averagePrecision(mapAtImage, mask), precision: interpolatedPrecision(curve.recall, curve.precision, RECALL_LEVELS) };
}

/** Per condition (and all pooled) and method: mean AUPR with its interval, and the mean curve. */
export function summarisePrecisionRecall(
  items: ItemPrecisionRecall[],
  grouping: Pick<Grouping, 'conditions' | 'methods'>,
  bootstrap: BootstrapOptions,
): PrecisionRecallSummary[] {
  const out: PrecisionRecallSummary[] = [];
  for (const condition of reportedConditions(grouping.conditions)) {
    for (const method of grouping.methods) {
      const rows = items.filter((r) => (condition === ALL_CONDITIONS || r.condition === condition) && r.method === method);
      if (rows.length === 0) continue;
      const precision = RECALL_LEVELS.map((_, i) => rows.reduce((sum, r) => sum + r.precision[i], 0) / rows.length);
      out.push({
        condition,
        method,
        n: rows.length,
        aupr: bootstrapMeanInterval(rows.map((r) => r.aupr), bootstrap),
        recall: [...RECALL_LEVELS],
        precision,
      });
    }
  }
  return out;
}
