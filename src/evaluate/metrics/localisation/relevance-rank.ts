/**
 * Relevance rank accuracy (Arras, Osman and Samek, CLEVR-XAI, Information Fusion 2022): with K the number
 * of mask pixels, the share of the map's K highest-ranked pixels that lie inside the mask. Ties at the
 * K-th value are broken by pixel index (row-major), so a constant map is scored by position, not credit.
 */
import { assertSameLength, countPositives } from '../sizes.js';

export function relevanceRankAccuracy(map: ArrayLike<number>, mask: ArrayLike<number>): number {
  assertSameLength('map and mask', map, mask);
  const k = countPositives(mask);
  const order = Array.from({ length: map.length }, (_, i) => i).sort((i, j) => map[j] - map[i] || i - j);
  let hits = 0;
  for (let r = 0; r < k; r++) if (mask[order[r]] !== 0) hits++;
  return hits / k;
}
