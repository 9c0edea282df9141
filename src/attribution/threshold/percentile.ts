import { UsageError } from '../../errors.js';
import { assertFinite } from '../finite.js';
import { selectInPlace } from '../select.js';
import type { ThresholdResult } from '../types.js';
import { keepAtOrAbove } from './result.js';

function assertPercent(percent: number): void {
  if (!(typeof percent === 'number' && percent > 0 && percent <= 100)) {
    throw new UsageError(`threshold must be in (0, 100], got ${percent}`);
  }
}

/** How many entries the top `percent`% of `n` means: at least one, so a tiny P still shows the peak. */
function topCount(percent: number, n: number): number {
  // percent * n first: (7 / 100) * 100 rounds to 7.000000000000001 and would keep an extra pixel.
  return Math.min(n, Math.max(1, Math.ceil((percent * n) / 100)));
}

/**
 * The threshold simplification: keep the top P% of entries, zero the rest.
 *
 * k = max(1, ceil(P/100 * n)) and the cutoff is the k-th largest entry, found by selection on a copy
 * (O(n), no sort). Every entry >= that cutoff and > 0 is kept:
 * - ties at the cutoff are all kept, so the result never depends on pixel order, and coverage can
 *   exceed P% only through ties (a flat positive map keeps everything);
 * - zeros and negatives are never kept (an all-zero map keeps nothing: cutoff 0, coverage 0, energy 0).
 */
export function keepTopPercent(values: ArrayLike<number>, percent: number): ThresholdResult {
  assertPercent(percent);
  assertFinite(values);
  const n = values.length;
  if (n === 0) return keepAtOrAbove(values, Infinity, 'percentile', percent);
  // The copy keeps the input's precision, so the cutoff is bit-identical to the entries it is compared with.
  const scratch = values instanceof Float32Array ? values.slice() : Float64Array.from(values);
  const kthLargest = selectInPlace(scratch, n - topCount(percent, n));
  return keepAtOrAbove(values, kthLargest, 'percentile', percent);
}
