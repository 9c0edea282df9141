import type { ThresholdResult } from '../../../attribution/types.js';

/**
 * The region a map claims: entries at or above a cutoff and above zero, as the threshold strategies keep
 * them (src/attribution/threshold/result.ts). The cutoff is a number in the map's units or the cutoff of a
 * ThresholdResult computed on the same map before upsampling.
 */
export function binarise(map: ArrayLike<number>, cutoff: number | ThresholdResult): Uint8Array {
  const at = typeof cutoff === 'number' ? cutoff : cutoff.cutoff;
  const out = new Uint8Array(map.length);
  for (let i = 0; i < map.length; i++) out[i] = map[i] > 0 && map[i] >= at ? 1 : 0;
  return out;
}
