import type { ThresholdResult } from '../types.js';

/**
 * The shared last step of every strategy: keep each entry that is >= cutoff and > 0, zero the rest,
 * and measure what was kept. Zeros and negatives are never kept, whatever the cutoff, so a strategy
 * may pass any cutoff <= the smallest positive entry to mean "keep every positive entry" and
 * +Infinity to mean "keep nothing".
 *
 * The reported cutoff is the smallest kept value (0 when nothing is kept), so "positive values >=
 * cutoff are kept" holds exactly for every strategy, in the map's own units.
 */
export function keepAtOrAbove(
  values: ArrayLike<number>,
  cutoff: number,
  kind: string,
  value: number | null,
): ThresholdResult {
  const out = new Float32Array(values.length);
  let kept = 0;
  let keptMass = 0;
  let totalMass = 0;
  let smallestKept = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v <= 0) continue;
    totalMass += v;
    if (v < cutoff) continue;
    out[i] = v;
    kept++;
    keptMass += v;
    if (v < smallestKept) smallestKept = v;
  }
  return {
    values: out,
    kind,
    value,
    cutoff: kept === 0 ? 0 : smallestKept,
    coverage: values.length === 0 ? 0 : kept / values.length,
    energy: totalMass === 0 ? 0 : keptMass / totalMass,
  };
}
