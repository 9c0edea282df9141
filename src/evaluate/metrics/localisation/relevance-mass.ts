/**
 * Relevance mass accuracy (Arras, Osman and Samek, "CLEVR-XAI: A benchmark dataset for the ground truth
 * evaluation of neural network explanations", Information Fusion 2022): the share of the map's positive
 * relevance that falls inside the mask. Only positive relevance counts, as in the paper; a map without
 * positive relevance scores 0.
 */
import { assertSameLength } from '../sizes.js';

export function relevanceMassAccuracy(map: ArrayLike<number>, mask: ArrayLike<number>): number {
  assertSameLength('map and mask', map, mask);
  let inside = 0;
  let total = 0;
  for (let i = 0; i < map.length; i++) {
    if (map[i] <= 0) continue;
    total += map[i];
    if (mask[i] !== 0) inside += map[i];
  }
  return total === 0 ? 0 : inside / total;
}
