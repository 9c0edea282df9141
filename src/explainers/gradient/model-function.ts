import type * as tf from '@tensorflow/tfjs';
import type { ExplainableModel } from '../../engines/types.js';
import { UsageError } from '../../errors.js';

/** The whole model as differentiable TF.js ops: NHWC batch -> logits. */
export type ModelFunction = (x: tf.Tensor4D) => tf.Tensor2D;

/**
 * The model's differentiable form, which every input-gradient method needs; a model that has none (an ONNX
 * model with an op TF.js cannot express) is a UsageError naming the method and the engine.
 */
export function modelFunctionFor(model: ExplainableModel, method: string): ModelFunction {
  const f = model.differentiable?.();
  if (!f) {
    throw new UsageError(
      `method '${method}' needs gradients back to the input, which the ${model.engine} engine cannot give for model ${model.source} ` +
        '(not every op has a TF.js translation); use a CAM or perturbation method',
    );
  }
  return f;
}
