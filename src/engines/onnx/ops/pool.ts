import * as tf from '@tensorflow/tfjs';
import { attrInt, attrInts } from '../attributes.js';
import { asFloat } from '../value.js';
import { type OpDef, required, unsupported } from './op.js';
import { TO_NCHW, TO_NHWC, window2D, windowPadding } from './window.js';

/** Pooling over NCHW input, run as TF.js NHWC pools. */

const maxPool: OpDef = {
  build: ({ node }) => {
    const win = window2D(node, attrInts(node, 'kernel_shape') ?? []);
    if (win.dilations.some((d) => d !== 1)) throw unsupported(node, 'a dilated max pool');
    if (attrInt(node, 'storage_order', 0) !== 0) throw unsupported(node, 'column-major storage_order');
    return (inputs) => {
      const x = tf.transpose(asFloat(required(inputs, 0, node)), TO_NHWC) as tf.Tensor4D;
      // Out-of-range taps are ignored by the TF.js pool, as ONNX's -inf padding would be.
      const padding = windowPadding(node, win, x.shape[1], x.shape[2]);
      return [tf.transpose(tf.maxPool(x, win.kernel, win.strides, padding), TO_NCHW)];
    };
  },
};

/**
 * TF.js averages over the taps inside the input only, which is ONNX's count_include_pad = 0. For
 * count_include_pad = 1 (PyTorch's default) the declared padding is applied as zeros first.
 */
const averagePool: OpDef = {
  build: ({ node }) => {
    const win = window2D(node, attrInts(node, 'kernel_shape') ?? []);
    if (win.dilations.some((d) => d !== 1)) throw unsupported(node, 'a dilated average pool');
    const includePad = attrInt(node, 'count_include_pad', 0) === 1;
    return (inputs) => {
      let x = tf.transpose(asFloat(required(inputs, 0, node)), TO_NHWC) as tf.Tensor4D;
      let padding = windowPadding(node, win, x.shape[1], x.shape[2]);
      if (includePad) {
        const declared = attrInts(node, 'pads') ?? [0, 0, 0, 0];
        x = tf.pad(x, [[0, 0], [declared[0], declared[2]], [declared[1], declared[3]], [0, 0]]);
        padding = [[0, 0], [0, padding[1][1] - declared[2]], [0, padding[2][1] - declared[3]], [0, 0]];
      }
      return [tf.transpose(tf.avgPool(x, win.kernel, win.strides, padding), TO_NCHW)];
    };
  },
};

/**
 * The mean over spatial `axes`, keeping them as size 1, with a one-op gradient: dy times a small constant
 * [1, 1, H, W] grid of 1/(H*W). TF.js's own Mean gradient makes a full-size ones tensor and multiplies and
 * divides by it (three full-size ops; a third of a GlobalAveragePool -> Gemm head's backward pass on wasm).
 */
export function globalAverage(x: tf.Tensor, axes: number[]): tf.Tensor {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor;
    const gridShape = input.shape.map((d, i) => (axes.includes(i) ? d : 1));
    const count = axes.reduce((n, a) => n * input.shape[a], 1);
    return {
      value: tf.mean(input, axes, true),
      gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.fill(gridShape, 1 / count)),
    };
  });
  return op(x);
}

const globalAveragePool: OpDef = {
  build: ({ node }) => (inputs) => {
    const x = asFloat(required(inputs, 0, node));
    return [globalAverage(x, Array.from({ length: x.rank - 2 }, (_, i) => i + 2))];
  },
};

const globalMaxPool: OpDef = {
  build: ({ node }) => (inputs) => {
    const x = asFloat(required(inputs, 0, node));
    return [tf.max(x, Array.from({ length: x.rank - 2 }, (_, i) => i + 2), true)];
  },
};

export const POOL_OPS: Record<string, OpDef> = {
  MaxPool: maxPool,
  AveragePool: averagePool,
  GlobalAveragePool: globalAveragePool,
  GlobalMaxPool: globalMaxPool,
};
