import * as tf from '@tensorflow/tfjs';

/** The two spatial axes of 4-D activations whose channels sit at `channelAxis` (NHWC: 3, NCHW: 1). */
export function spatialAxesOf(channelAxis: 1 | 3): [number, number] {
  return channelAxis === 3 ? [1, 2] : [2, 3];
}

/** Sum over the channel axis: [M, ...] -> [M, H, W]. */
export function sumOverChannels(t: tf.Tensor4D, channelAxis: 1 | 3): tf.Tensor3D {
  return tf.sum(t, channelAxis) as tf.Tensor3D;
}

/** Sum over the two spatial axes: [M, ...] -> [M, C]. */
export function sumOverSpace(t: tf.Tensor4D, channelAxis: 1 | 3): tf.Tensor2D {
  return tf.sum(t, spatialAxesOf(channelAxis)) as tf.Tensor2D;
}
