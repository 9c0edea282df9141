import * as tf from '@tensorflow/tfjs';
import type { NhwcPadding } from './window.js';

/**
 * Depthwise convolution (NHWC) whose input gradient is itself a depthwise convolution, so it runs on every
 * backend: TF.js's own gradient needs DepthwiseConv2dNativeBackpropInput, which the wasm backend lacks.
 * The filter is a constant: no filter gradient is ever formed.
 *
 * For y[o] = sum_k w[k] x[o*s + k*d - p], the input gradient is the correlation of dy, dilated by the
 * stride s, with the flipped filter: dx[i] = sum_k w[K-1-k] dyd[i + k*d - ((K-1)*d - p)].
 */
export function depthwiseConv(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  flipped: tf.Tensor4D,
  strides: [number, number],
  dilations: [number, number],
  padding: NhwcPadding,
): tf.Tensor4D {
  const [kh, kw, channels, multiplier] = filter.shape;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x4 = args[0] as tf.Tensor4D;
    const value = tf.depthwiseConv2d(x4, filter, strides, padding, 'NHWC', dilations);
    const gradFunc = (dy: tf.Tensor4D): tf.Tensor => {
      const [n, h, w] = x4.shape;
      let g = dilate(dy, strides);
      g = padOrCrop(g, 1, (kh - 1) * dilations[0] - padding[1][0], h + (kh - 1) * dilations[0]);
      g = padOrCrop(g, 2, (kw - 1) * dilations[1] - padding[2][0], w + (kw - 1) * dilations[1]);
      const perPair = tf.depthwiseConv2d(g, flipped, 1, 'valid', 'NHWC', dilations);
      return multiplier === 1 ? perPair : tf.sum(tf.reshape(perPair, [n, h, w, channels, multiplier]), 4);
    };
    return { value, gradFunc };
  });
  return op(x) as tf.Tensor4D;
}

/** The filter flipped in space, one output channel per (channel, multiplier) pair: what the gradient runs. */
export function flipDepthwiseFilter(filter: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw, channels, multiplier] = filter.shape;
  return tf.reshape(tf.reverse(filter, [0, 1]), [kh, kw, channels * multiplier, 1]);
}

/** Insert stride-1 zeros between the rows and columns of dy (its transposed-convolution spacing). */
function dilate(dy: tf.Tensor4D, [sh, sw]: [number, number]): tf.Tensor4D {
  let g = dy;
  if (sh > 1) g = spread(g, 1, sh);
  if (sw > 1) g = spread(g, 2, sw);
  return g;
}

function spread(t: tf.Tensor4D, axis: 1 | 2, stride: number): tf.Tensor4D {
  const shape = t.shape;
  const expanded = tf.expandDims(t, axis + 1);
  const pads: Array<[number, number]> = [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0]];
  pads[axis + 1] = [0, stride - 1];
  const merged = [...shape] as [number, number, number, number];
  merged[axis] = shape[axis] * stride;
  const full = tf.reshape(tf.pad(expanded, pads), merged);
  const size = [...merged];
  size[axis] = (shape[axis] - 1) * stride + 1;
  return tf.slice(full, [0, 0, 0, 0], size) as tf.Tensor4D;
}

/** Pad `before` in front along `axis` (crop when negative), then pad or crop the end to `length`. */
function padOrCrop(t: tf.Tensor4D, axis: 1 | 2, before: number, length: number): tf.Tensor4D {
  let g = t;
  if (before !== 0) g = resizeAxis(g, axis, before, 'front');
  const after = length - g.shape[axis];
  if (after !== 0) g = resizeAxis(g, axis, after, 'back');
  return g;
}

function resizeAxis(t: tf.Tensor4D, axis: 1 | 2, amount: number, side: 'front' | 'back'): tf.Tensor4D {
  if (amount > 0) {
    const pads: Array<[number, number]> = [[0, 0], [0, 0], [0, 0], [0, 0]];
    pads[axis] = side === 'front' ? [amount, 0] : [0, amount];
    return tf.pad(t, pads);
  }
  const begin = [0, 0, 0, 0];
  const size = [...t.shape];
  size[axis] += amount;
  if (side === 'front') begin[axis] = -amount;
  return tf.slice(t, begin, size);
}
