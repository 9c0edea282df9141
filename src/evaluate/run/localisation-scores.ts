import { binarise } from '../metrics/localisation/binarise.js';
import { dice } from '../metrics/localisation/dice.js';
import { iou } from '../metrics/localisation/iou.js';
import { pointingGameHit } from '../metrics/localisation/pointing-game.js';
import { regionPrecision } from '../metrics/localisation/precision.js';
import { regionRecall } from '../metrics/localisation/recall.js';

/** The localisation scores the evaluation reports, in the order its tables show them. */
export const LOCALISATION_METRICS = ['iou', 'dice', 'precision', 'recall', 'pointing'] as const;
export type LocalisationMetric = (typeof LOCALISATION_METRICS)[number];
export type LocalisationScores = Record<LocalisationMetric, number>;

/**
 * How the region a threshold keeps (the map at image resolution, >= cutoff and > 0, as keptMaskAt draws it)
 * matches the object mask; the pointing game (1 hit, 0 miss) looks at the map's maximum, which no threshold moves.
 */
export function localisationScores(mapAtImage: Float32Array, mask: Uint8Array, width: number, height: number, cutoff: number): LocalisationScores {
  const region = binarise(mapAtImage, cutoff);
  return {
    iou: iou(region, mask),
    dice: dice(region, mask),
    precision: regionPrecision(region, mask),
    recall: regionRecall(region, mask),
    pointing: pointingGameHit(mapAtImage, mask, width, height) ? 1 : 0,
  };
}
