/**
 * Confidence change when the input is multiplied by the map (pytorch-grad-cam's
 * CamMultImageConfidenceChange): score(x * map) - score(x), the map in [0, 1] scaling every channel of its
 * pixel towards the model-space zero. Near 0 or positive: the map keeps what the model needs.
 */
import type { Attribution } from '../../../attribution/types.js';
import type { ExplainableModel } from '../../../engines/types.js';
import { assertExample, classScores, type ScoringOptions } from './class-scores.js';
import { mapAtInput } from './input-map.js';
import { multipliedByMap } from './pixels.js';

export async function confidenceChange(
  model: ExplainableModel,
  image: Float32Array,
  map: Attribution | ArrayLike<number>,
  target: number,
  options: ScoringOptions = {},
): Promise<number> {
  assertExample(model, image, target);
  const { width, height, channels } = model.inputSpec;
  const masked = multipliedByMap(image, mapAtInput(map, width, height), channels);
  const [original, perturbed] = await classScores(model, [image, masked], target, options);
  return perturbed - original;
}
