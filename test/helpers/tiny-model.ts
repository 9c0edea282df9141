import * as tf from '@tensorflow/tfjs';
import { wrapLayersModel } from '../../src/engines/tfjs/load.js';
import type { PreprocessSpec } from '../../src/engines/types.js';

export const UNIT: PreprocessSpec = { scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], resize: 'fill' };

/**
 * A model small enough to do Grad-CAM by hand: a 1x1 conv (2 filters, no bias) over a 4x4x3 input,
 * global average pooling, and a dense layer to 2 classes.
 *   A_k = sum_ch K[ch,k] x[ch]         (per pixel)
 *   y_c = sum_k W[k,c] mean(A_k) + b_c
 * so dy_c/dA_k(i,j) = W[k,c] / 16 and Grad-CAM = relu(sum_k W[k,c]/16 * A_k).
 */
export const TINY = {
  kernel: [
    [1, 0],
    [0, 1],
    [1, -1],
  ],
  dense: [
    [2, -1],
    [-1, 3],
  ],
  bias: [0.5, -0.5],
};

export function tinyModel() {
  const input = tf.input({ shape: [4, 4, 3] });
  const conv = tf.layers.conv2d({ filters: 2, kernelSize: 1, useBias: false, name: 'conv' });
  const gap = tf.layers.globalAveragePooling2d({ name: 'gap' });
  const dense = tf.layers.dense({ units: 2, name: 'logits' });
  const out = dense.apply(gap.apply(conv.apply(input))) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  conv.setWeights([tf.tensor4d(TINY.kernel.flat(), [1, 1, 3, 2])]);
  dense.setWeights([tf.tensor2d(TINY.dense.flat(), [2, 2]), tf.tensor1d(TINY.bias)]);
  return wrapLayersModel(model, 'tiny', { preprocess: UNIT });
}

/** Grad-CAM of the tiny model computed with plain loops, straight from the formulas above. */
export function tinyGradCamByHand(x: Float32Array, cls: number): { cam: number[]; logits: number[] } {
  const acts = [new Array(16).fill(0), new Array(16).fill(0)];
  for (let p = 0; p < 16; p++) for (let k = 0; k < 2; k++) for (let ch = 0; ch < 3; ch++) acts[k][p] += TINY.kernel[ch][k] * x[p * 3 + ch];
  const means = acts.map((a) => a.reduce((s, v) => s + v, 0) / 16);
  const logits = [0, 1].map((c) => TINY.bias[c] + means[0] * TINY.dense[0][c] + means[1] * TINY.dense[1][c]);
  const cam = Array.from({ length: 16 }, (_, p) => Math.max(0, (TINY.dense[0][cls] / 16) * acts[0][p] + (TINY.dense[1][cls] / 16) * acts[1][p]));
  return { cam, logits };
}
