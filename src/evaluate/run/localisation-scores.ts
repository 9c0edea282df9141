import { binarise } from '../metrics/localisation/binarise.js';
import { BOUNDARY_F1_TOLERANCE, boundaryF1 } from '../metrics/localisation/boundary-f1.js';
import { dice } from '../metrics/localisation/dice.js';
import { iou } from '../metrics/localisation/iou.js';
import { pointingGameHit } from '../metrics/localisation/pointing-game.js';
import { regionPrecision } from '../metrics/localisation/precision.js';
import { regionRecall } from '../metrics/localisation/recall.js';

/** The localisation scores the evaluation reports, in the order its tables show them. */
export const LOCALISATION_METRICS = ['iou', 'dice', 'precision', 'recall', 'boundaryF1', 'pointing'] as const;
export type LocalisationMetric = (typeof LOCALISATION_METRICS)[number];
export type LocalisationScores = Record<LocalisationMetric, number>;

/** Csurka, Larlus and Perronnin (BMVC 2013) match boundary pixels within 0.75% of the image diagonal. */
export const BOUNDARY_TOLERANCE_OF_DIAGONAL = 0.0075;

/** The boundary-matching distance for an image: Csurka's share of its diagonal, at least one pixel. */
export function boundaryTolerance(width: number, height: number): number {
  return Math.max(BOUNDARY_F1_TOLERANCE, BOUNDARY_TOLERANCE_OF_DIAGONAL * Math.hypot(width, height));
}

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
    boundaryF1: boundaryF1(region, mask, width, height, boundaryTolerance(width, height)),
    pointing: pointingGameHit(mapAtImage, mask, width, height) ? 1 : 0,
  };
}
