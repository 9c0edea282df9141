import type * as tf from '@tensorflow/tfjs';

/** A differentiable sequence model: a batch [N, T, F] to outputs [N, K] (logits or regression values). */
export type SequenceFunction = (x: tf.Tensor3D) => tf.Tensor2D;

/** Anything with Keras's `apply`: a TF.js LayersModel over [T, F] inputs with one output. */
export interface AppliesLayers {
  apply(x: tf.Tensor): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[];
}

/** The model's forward pass as a function tf.grad can take back to the input. */
export function layersSequenceFunction(model: AppliesLayers): SequenceFunction {
  return (x) => model.apply(x) as tf.Tensor2D;
}
