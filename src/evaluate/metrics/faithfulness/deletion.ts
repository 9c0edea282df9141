/**
 * Deletion (Petsiuk et al., RISE, BMVC 2018): the most relevant pixels are set to the model-space zero
 * first (RISE's `torch.zeros_like` substrate); a faithful map makes the score fall fast, so lower AUC is better.
 */
import type { Attribution } from '../../../attribution/types.js';
import type { ExplainableModel } from '../../../engines/types.js';
import { causalCurve, type CausalCurveOptions } from './causal-curve.js';
import { assertExample } from './class-scores.js';
import type { ScoreCurve } from './curve.js';

export async function deletionCurve(
  model: ExplainableModel,
  image: Float32Array,
  map: Attribution | ArrayLike<number>,
  target: number,
  options: CausalCurveOptions = {},
): Promise<ScoreCurve> {
  assertExample(model, image, target);
  return causalCurve({ model, start: image, end: new Float32Array(image.length), map, target }, options);
}
