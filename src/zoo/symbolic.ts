import * as tf from '@tensorflow/tfjs';

/**
 * Applies a layer to symbolic input(s). `Layer.apply` is typed for eager tensors too; given symbolic
 * tensors it always returns one symbolic tensor for the single-output layers the zoo uses.
 */
export function applyLayer(layer: tf.layers.Layer, input: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  return layer.apply(input) as tf.SymbolicTensor;
}

/** Channels of an NHWC symbolic tensor. */
export function channelsOf(x: tf.SymbolicTensor): number {
  return x.shape[3] as number;
}
