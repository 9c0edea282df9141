import { UsageError } from '../../errors.js';
import { assertFinite } from '../finite.js';
import { positiveMax } from '../normalize.js';
import { selectInPlace } from '../select.js';
import type { ThresholdResult } from '../types.js';
import { gridThreshold, lastGridIndex } from './grid.js';
import { keepAtOrAbove } from './result.js';

export interface DynamicThresholdOptions {
  /** Least share of all entries the result must keep, as a fraction in (0, 1]. */
  minCoverage?: number;
  /** Spacing of the candidate thresholds on the max-normalised map, > 0. */
  step?: number;
  /** Largest candidate threshold on the max-normalised map, in [0, 1]. */
  maxThreshold?: number;
}

/**
 * Li, "A Lightweight Explainability Framework for Neural Networks" (2025), whose reference implementation
 * documents dynamic_threshold(cam, min_area_pct=5, max_threshold=50, step=5) in percent: read here as a 5%
 * coverage floor and thresholds 0, 5%, ..., 50% of the map's maximum.
 */
export const DYNAMIC_THRESHOLD_DEFAULTS = { minCoverage: 0.05, step: 0.05, maxThreshold: 0.5 } as const;

function resolveOptions(options: DynamicThresholdOptions): Required<DynamicThresholdOptions> {
  const minCoverage = options.minCoverage ?? DYNAMIC_THRESHOLD_DEFAULTS.minCoverage;
  const step = options.step ?? DYNAMIC_THRESHOLD_DEFAULTS.step;
  const maxThreshold = options.maxThreshold ?? DYNAMIC_THRESHOLD_DEFAULTS.maxThreshold;
  if (!(minCoverage > 0 && minCoverage <= 1)) {
    throw new UsageError(`minCoverage must be a fraction in (0, 1], got ${minCoverage}`);
  }
  if (!(step > 0 && Number.isFinite(step))) throw new UsageError(`step must be a finite number > 0, got ${step}`);
  if (!(maxThreshold >= 0 && maxThreshold <= 1)) {
    throw new UsageError(`maxThreshold must be in [0, 1], got ${maxThreshold}`);
  }
  return { minCoverage, step, maxThreshold };
}

/**
 * The fewest kept entries that meet the floor: the smallest count c in [1, n] with c / n >= minCoverage
 * (minCoverage in (0, 1]), tested exactly as a coverage is (ceil(minCoverage * n) can be off by one through
 * rounding).
 */
export function floorCount(minCoverage: number, n: number): number {
  let lo = 1;
  let hi = n;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (mid / n >= minCoverage) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The largest grid index in [0, last] whose threshold is <= normalized; grid values grow with the index. */
function lastGridIndexAtOrBelow(normalized: number, step: number, last: number): number {
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = hi - Math.floor((hi - lo) / 2);
    if (gridThreshold(mid, step) <= normalized) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The smallest entry whose normalised value clears t, +Infinity when none does. */
function smallestKeptAt(values: ArrayLike<number>, max: number, t: number): number {
  let smallest = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > 0 && v < smallest && isKeptAt(Math.fround(v / max), t)) smallest = v;
  }
  return smallest;
}

/** The rule at one grid threshold, on the value normalizeByMax stores. */
function isKeptAt(normalized: number, t: number): boolean {
  return normalized >= t && normalized > 0;
}

/**
 * The dynamic threshold search: among the thresholds t = 0, step, 2*step, ..., maxThreshold on the
 * max-normalised map, pick the one whose kept set is smallest while still covering at least minCoverage
 * of all entries. An entry is kept at t when its normalised value Math.fround(v / max) (what
 * normalizeByMax stores) is >= t and > 0, so t = 0 keeps every positive entry; when even that falls short
 * of the floor, t = 0 is used, the closest the grid gets.
 *
 * Coverage only shrinks as t grows, so the answer is the largest grid threshold that still keeps the
 * m-th largest entry, m being the fewest entries that meet the floor. That entry comes from one selection
 * (O(n), like keepTopPercent) and the grid index from a binary search over the grid, so the whole search
 * is O(n): cheaper than one sort, and than one pass over the map per candidate threshold. The result
 * equals, kept set and cutoff alike, a plain loop over the grid that scans the normalised map at each t.
 *
 * `value` in the result is minCoverage in percent; `cutoff` is in the map's own units.
 */
export function dynamicThreshold(values: ArrayLike<number>, options: DynamicThresholdOptions = {}): ThresholdResult {
  const { minCoverage, step, maxThreshold } = resolveOptions(options);
  assertFinite(values);
  // 12 significant digits: 0.07 * 100 is 7.000000000000001, and this number is shown to people.
  const value = Number((minCoverage * 100).toPrecision(12));
  const max = positiveMax(values);
  if (max === 0) return keepAtOrAbove(values, Infinity, 'dynamic', value);

  const needed = floorCount(minCoverage, values.length);
  // The copy keeps the input's precision, so the selected entry is bit-identical to the map's own.
  const scratch = values instanceof Float32Array ? values.slice() : Float64Array.from(values);
  const neededLargest = Math.fround(selectInPlace(scratch, values.length - needed) / max);
  const best = isKeptAt(neededLargest, 0)
    ? lastGridIndexAtOrBelow(neededLargest, step, lastGridIndex(step, maxThreshold))
    : 0;
  return keepAtOrAbove(values, smallestKeptAt(values, max, gridThreshold(best, step)), 'dynamic', value);
}
