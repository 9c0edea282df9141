import * as tf from '@tensorflow/tfjs';

/**
 * sum_c w[m, c] * A[m, c, :, :] as one batched matrix product ([M,1,C] x [M,C,HW] for NCHW, [M,HW,C] x [M,C,1]
 * for NHWC): half the time of a broadcast multiply and a reduction on wasm, and no [M,C,H,W] temporary.
 */
export function weightedChannelSum(activations: tf.Tensor4D, w: tf.Tensor2D, channelAxis: 1 | 3): tf.Tensor3D {
  const [m, d1, d2, d3] = activations.shape;
  if (channelAxis === 1) {
    const cam = tf.matMul(w.reshape([m, 1, d1]) as tf.Tensor3D, activations.reshape([m, d1, d2 * d3]) as tf.Tensor3D);
    return cam.reshape([m, d2, d3]);
  }
  const cam = tf.matMul(activations.reshape([m, d1 * d2, d3]) as tf.Tensor3D, w.reshape([m, d3, 1]) as tf.Tensor3D);
  return cam.reshape([m, d1, d2]);
}
