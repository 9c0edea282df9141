/**
 * The tensor operations transformer blocks are made of, over [N, T, D] token streams, shared by the ViT
 * (`vit.ts`) and the text encoder (`text-encoder/`). Every matrix product goes through
 * `matMulPlainGradient`, whose backward pass avoids the transposed products the wasm backend runs on a slow
 * path (training, gradient rollout and token Grad-CAM all take that backward pass).
 */
import * as tf from '@tensorflow/tfjs';
import { matMulPlainGradient } from './plain-gradient-matmul.js';

export interface DenseWeights {
  /** [inputs, outputs]. */
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

export interface LayerNormWeights {
  gamma: tf.Tensor1D;
  beta: tf.Tensor1D;
}

export function layerNorm(x: tf.Tensor3D, w: LayerNormWeights, epsilon: number): tf.Tensor3D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), w.gamma), w.beta);
}

/** x [N, T, in] -> [N, T, out], as one 2-D matMul. */
export function dense3d(x: tf.Tensor3D, w: DenseWeights): tf.Tensor3D {
  const [n, t, d] = x.shape;
  const y = tf.add(matMulPlainGradient(tf.reshape(x, [n * t, d]), w.kernel), w.bias);
  return tf.reshape(y, [n, t, w.kernel.shape[1]]);
}

export function dense2d(x: tf.Tensor2D, w: DenseWeights): tf.Tensor2D {
  return tf.add(matMulPlainGradient(x, w.kernel), w.bias);
}

/** a [N, H, M, K] x b [N, H, K, P] -> [N, H, M, P], batched over N·H. */
export function headMatMul(a: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor4D {
  const [n, h, m, k] = a.shape;
  const p = b.shape[3];
  return tf.reshape(matMulPlainGradient(tf.reshape(a, [n * h, m, k]), tf.reshape(b, [n * h, k, p])), [n, h, m, p]);
}

/**
 * The exact GELU, 0.5 x (1 + erf(x / sqrt 2)) (Hendrycks & Gimpel 2016), as BERT and the ViT reference
 * implementation use it, not the tanh fit.
 */
export function gelu(x: tf.Tensor3D): tf.Tensor3D {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}
