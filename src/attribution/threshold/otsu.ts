import { UsageError } from '../../errors.js';
import { assertFinite } from '../finite.js';
import { positiveMax } from '../normalize.js';
import type { ThresholdResult } from '../types.js';
import { keepAtOrAbove } from './result.js';

/** 256 bins: the 8-bit grey levels Otsu (1979) worked with, and OpenCV's THRESH_OTSU. */
export const OTSU_DEFAULT_BINS = 256;

/** A histogram of the max-normalised map over [0, 1], and the smallest raw value seen in each bin. */
export interface NormalizedHistogram {
  counts: Float64Array;
  smallest: Float64Array;
}

/** Bin of a normalised value in [0, 1]: equal-width bins, the peak 1 falling into the last. */
export function binOf(normalized: number, bins: number): number {
  return Math.min(bins - 1, Math.floor(normalized * bins));
}

/**
 * Histogram of every entry (zeros and negatives land in bin 0, as after ReLU), binned by
 * Math.fround(v / max), the value normalizeByMax stores.
 */
export function normalizedHistogram(values: ArrayLike<number>, max: number, bins: number): NormalizedHistogram {
  const counts = new Float64Array(bins);
  const smallest = new Float64Array(bins).fill(Infinity);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] > 0 ? values[i] : 0;
    const b = binOf(Math.fround(v / max), bins);
    counts[b]++;
    if (v < smallest[b]) smallest[b] = v;
  }
  return { counts, smallest };
}

/**
 * Between-class variance of splitting the histogram before bin k, up to the constant factor 1/N²:
 * (N*S0 - ST*n0)² / (n0*n1), where n0 entries below the split have bin-index sum S0, of N entries with
 * index sum ST. n0, S0, N, ST are exact integers, so any two ways of summing them give the same score.
 * Returns -1 when a class is empty (no split there).
 */
export function betweenClassScore(n0: number, s0: number, total: number, totalSum: number): number {
  const n1 = total - n0;
  if (n0 === 0 || n1 === 0) return -1;
  const d = total * s0 - totalSum * n0;
  return (d * d) / (n0 * n1);
}

/**
 * The first bin of the upper class that maximises the between-class variance (the lowest such split
 * on ties, like OpenCV), from running sums: O(bins). Returns 0 when every entry falls into one bin.
 */
export function otsuSplit(counts: Float64Array): number {
  let total = 0;
  let totalSum = 0;
  for (let b = 0; b < counts.length; b++) {
    total += counts[b];
    totalSum += b * counts[b];
  }
  let bestSplit = 0;
  let bestScore = -1;
  let n0 = 0;
  let s0 = 0;
  for (let k = 1; k < counts.length; k++) {
    n0 += counts[k - 1];
    s0 += (k - 1) * counts[k - 1];
    const score = betweenClassScore(n0, s0, total, totalSum);
    if (score > bestScore) {
      bestScore = score;
      bestSplit = k;
    }
  }
  return bestSplit;
}

/**
 * Otsu's threshold on the max-normalised map (after ReLU), histogram over [0, 1] in `bins` bins: keeps
 * the positive entries whose bin lies at or above the split that maximises the between-class variance.
 * A map whose entries all share one bin has no split; a flat positive map then keeps everything and an
 * all-zero map nothing. `value` is null (no user parameter); `cutoff` is in the map's own units.
 */
export function otsuThreshold(values: ArrayLike<number>, bins: number = OTSU_DEFAULT_BINS): ThresholdResult {
  if (!(Number.isInteger(bins) && bins >= 2)) throw new UsageError(`bins must be an integer >= 2, got ${bins}`);
  assertFinite(values);
  const max = positiveMax(values);
  if (max === 0) return keepAtOrAbove(values, Infinity, 'otsu', null);
  const { counts, smallest } = normalizedHistogram(values, max, bins);
  let cutoff = Infinity;
  for (let b = otsuSplit(counts); b < bins; b++) cutoff = Math.min(cutoff, smallest[b]);
  return keepAtOrAbove(values, cutoff, 'otsu', null);
}
