import * as tf from '@tensorflow/tfjs';
import { attrInt } from '../attributes.js';
import type { OnnxNode } from '../graph.js';
import type { HostTensor } from '../host-tensor.js';
import { asFloat } from '../value.js';
import { depthwiseConv, flipDepthwiseFilter } from './depthwise.js';
import { type OpContext, type OpDef, required, unsupported } from './op.js';
import { TO_NCHW, TO_NHWC, window2D, windowPadding } from './window.js';

type Keep = OpContext['keep'];

/**
 * A 2-D convolution over NCHW input with constant weights [O, I/group, kh, kw], run as TF.js NHWC ops.
 * Filters are laid out for TF.js once; plain, depthwise and grouped convolutions each take their own path.
 */
export function convolution(node: OnnxNode, weight: HostTensor, bias: HostTensor | undefined, keep: Keep): (x: tf.Tensor) => tf.Tensor {
  if (weight.rank !== 4) throw unsupported(node, `a ${weight.rank - 2}-D convolution`);
  const [outChannels, perGroup, kh, kw] = weight.dims;
  const group = attrInt(node, 'group', 1);
  const win = window2D(node, [kh, kw]);
  if (win.strides.some((s) => s > 1) && win.dilations.some((d) => d > 1)) {
    throw unsupported(node, 'a convolution with both strides and dilations above 1');
  }
  const biasTensor = bias ? keep(() => bias.fresh()) : undefined;
  const conv = group === 1
    ? plainConv(weight, keep)
    : perGroup === 1
      ? depthwise(weight, group, outChannels / group, keep)
      : groupedConv(weight, group, keep);
  return (x) => {
    if (x.rank !== 4) throw unsupported(node, `a convolution over a rank-${x.rank} input`);
    const nhwc = tf.transpose(x, TO_NHWC) as tf.Tensor4D;
    const padding = windowPadding(node, win, nhwc.shape[1], nhwc.shape[2]);
    const y = conv(nhwc, win.strides, win.dilations, padding);
    return tf.transpose(biasTensor ? tf.add(y, biasTensor) : y, TO_NCHW);
  };
}

type Conv2D = (x: tf.Tensor4D, strides: [number, number], dilations: [number, number], padding: ReturnType<typeof windowPadding>) => tf.Tensor4D;

function plainConv(weight: HostTensor, keep: Keep): Conv2D {
  const filter = keep(() => tf.transpose(weight.fresh(), [2, 3, 1, 0]) as tf.Tensor4D);
  return (x, strides, dilations, padding) => tf.conv2d(x, filter, strides, padding, 'NHWC', dilations);
}

function depthwise(weight: HostTensor, channels: number, multiplier: number, keep: Keep): Conv2D {
  const [, , kh, kw] = weight.dims;
  const filter = keep(() => tf.transpose(tf.reshape(weight.fresh(), [channels, multiplier, kh, kw]), [2, 3, 0, 1]) as tf.Tensor4D);
  const flipped = keep(() => flipDepthwiseFilter(filter));
  return (x, strides, dilations, padding) => depthwiseConv(x, filter, flipped, strides, dilations, padding);
}

function groupedConv(weight: HostTensor, group: number, keep: Keep): Conv2D {
  const filters = keep(() => tf.transpose(weight.fresh(), [2, 3, 1, 0]) as tf.Tensor4D);
  const perGroupOut = weight.dims[0] / group;
  const parts = Array.from({ length: group }, (_, g) => keep(() => tf.slice(filters, [0, 0, 0, g * perGroupOut], [-1, -1, -1, perGroupOut]) as tf.Tensor4D));
  return (x, strides, dilations, padding) => {
    const inputs = tf.split(x, group, 3);
    return tf.concat(inputs.map((xi, g) => tf.conv2d(xi as tf.Tensor4D, parts[g], strides, padding, 'NHWC', dilations)), 3);
  };
}

const conv: OpDef = {
  build: ({ node, constant, keep }) => {
    const weight = constant(1);
    if (!weight) throw unsupported(node, 'a weight computed at run time');
    if (node.inputs[2] && !constant(2)) throw unsupported(node, 'a bias computed at run time');
    const run = convolution(node, weight, constant(2), keep);
    return (inputs) => [run(asFloat(required(inputs, 0, node)))];
  },
};

export const CONV_OPS: Record<string, OpDef> = { Conv: conv };
