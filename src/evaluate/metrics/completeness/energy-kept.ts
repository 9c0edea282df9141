/**
 * Energy kept by a simplified map: its positive mass over the original map's positive mass, the figure
 * every ThresholdResult reports as `energy` (src/attribution/threshold/result.ts). Computed here for maps
 * simplified some other way or after upsampling; 0 when the original has no positive mass.
 */
import { assertSameLength } from '../sizes.js';

export function energyKept(original: ArrayLike<number>, simplified: ArrayLike<number>): number {
  assertSameLength('original and simplified maps', original, simplified);
  let total = 0;
  let kept = 0;
  for (let i = 0; i < original.length; i++) {
    if (original[i] > 0) total += original[i];
    if (simplified[i] > 0) kept += simplified[i];
  }
  return total === 0 ? 0 : kept / total;
}
