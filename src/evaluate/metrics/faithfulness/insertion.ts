/**
 * Insertion (Petsiuk et al., RISE, BMVC 2018): starting from a blurred copy of the image, the most relevant
 * pixels are restored first; a faithful map makes the score rise fast, so higher AUC is better.
 */
import type { Attribution } from '../../../attribution/types.js';
import type { ExplainableModel } from '../../../engines/types.js';
import { riseBlur } from './blur.js';
import { causalCurve, type CausalCurveOptions } from './causal-curve.js';
import { assertExample } from './class-scores.js';
import type { ScoreCurve } from './curve.js';

export async function insertionCurve(
  model: ExplainableModel,
  image: Float32Array,
  map: Attribution | ArrayLike<number>,
  target: number,
  options: CausalCurveOptions = {},
): Promise<ScoreCurve> {
  assertExample(model, image, target);
  const { width, height, channels } = model.inputSpec;
  const blurred = riseBlur(image, width, height, channels);
  return causalCurve({ model, start: blurred, end: image, map, target }, options);
}
