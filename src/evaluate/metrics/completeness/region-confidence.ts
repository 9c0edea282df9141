/**
 * Confidence kept by the simplified region: the target's score when only the region is shown, every
 * other pixel set to the model-space zero, against the score on the whole image. A threshold that keeps
 * the evidence the model used keeps a ratio near 1 while showing little of the image.
 */
import type { Attribution } from '../../../attribution/types.js';
import type { ExplainableModel } from '../../../engines/types.js';
import { assertExample, classScores, type ScoringOptions } from '../faithfulness/class-scores.js';
import { mapAtInput } from '../faithfulness/input-map.js';
import { multipliedByMap } from '../faithfulness/pixels.js';

export interface RegionConfidence {
  /** Score on the whole image. */
  original: number;
  /** Score with only the region shown. */
  kept: number;
  /** kept / original; for probabilities, the share of the confidence the region alone keeps. */
  ratio: number;
}

/**
 * `region`: anything positive is shown, e.g. a ThresholdResult's values (as an Attribution on the layer's
 * grid; upsampling then softens its edge by up to one layer cell, so only values above zero count).
 */
export async function regionConfidence(
  model: ExplainableModel,
  image: Float32Array,
  region: Attribution | ArrayLike<number>,
  target: number,
  options: ScoringOptions = {},
): Promise<RegionConfidence> {
  assertExample(model, image, target);
  const { width, height, channels } = model.inputSpec;
  const shown = Float32Array.from(mapAtInput(region, width, height), (v) => (v > 0 ? 1 : 0));
  const [original, kept] = await classScores(model, [image, multipliedByMap(image, shown, channels)], target, options);
  return { original, kept, ratio: original === 0 ? 0 : kept / original };
}
