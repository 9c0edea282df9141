import * as tf from '@tensorflow/tfjs';
import { attrFloat, attrInt } from '../attributes.js';
import { normalizeAxis } from '../host-math.js';
import { asFloat, type Value } from '../value.js';
import { type OpDef, required } from './op.js';

/** Default epsilon of BatchNormalization, LayerNormalization and InstanceNormalization (ONNX spec). */
const DEFAULT_EPSILON = 1e-5;

/** A per-channel vector [C] shaped to broadcast over axis 1 of a rank-`rank` tensor. */
function perChannel(v: tf.Tensor, rank: number): tf.Tensor {
  return tf.reshape(v, [v.shape[0], ...Array(Math.max(rank - 2, 0)).fill(1)]);
}

/**
 * Inference-mode batch norm folded into y = x * a + b, a = scale / sqrt(var + eps), b = B - mean * a.
 * With constant statistics (the exported case) a and b are computed once.
 */
const batchNormalization: OpDef = {
  build: ({ node, constant, keep }) => {
    const eps = attrFloat(node, 'epsilon', DEFAULT_EPSILON);
    const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) => constant(i));
    const folded = scale && bias && mean && variance
      ? (() => {
        const a = scale.data.map((s, c) => s / Math.sqrt(variance.data[c] + eps));
        const b = bias.data.map((v, c) => v - mean.data[c] * a[c]);
        return [keep(() => tf.tensor1d(Float32Array.from(a))), keep(() => tf.tensor1d(Float32Array.from(b)))];
      })()
      : undefined;
    return (inputs) => {
      const x = asFloat(required(inputs, 0, node));
      const [a, b] = folded ?? foldOnDevice(eps, ...([1, 2, 3, 4].map((i) => asFloat(required(inputs, i, node))) as Stats));
      return [tf.add(tf.mul(x, perChannel(a, x.rank)), perChannel(b, x.rank))];
    };
  },
};

type Stats = [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];

function foldOnDevice(eps: number, scale: tf.Tensor, bias: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const a = tf.div(scale, tf.sqrt(tf.add(variance, eps)));
  return [a, tf.sub(bias, tf.mul(mean, a))];
}

function normalize(x: tf.Tensor, axes: number[], eps: number): tf.Tensor {
  const centred = tf.sub(x, tf.mean(x, axes, true));
  const variance = tf.mean(tf.square(centred), axes, true);
  return tf.div(centred, tf.sqrt(tf.add(variance, eps)));
}

const layerNormalization: OpDef = {
  build: ({ node }) => {
    const eps = attrFloat(node, 'epsilon', DEFAULT_EPSILON);
    const axisAttr = attrInt(node, 'axis', -1);
    return (inputs) => {
      const x = asFloat(required(inputs, 0, node));
      const axis = normalizeAxis(axisAttr, x.rank);
      const axes = Array.from({ length: x.rank - axis }, (_, i) => axis + i);
      const y = tf.mul(normalize(x, axes, eps), asFloat(required(inputs, 1, node)));
      const bias: Value | undefined = inputs[2];
      return [bias === undefined ? y : tf.add(y, asFloat(bias))];
    };
  },
};

const instanceNormalization: OpDef = {
  build: ({ node }) => {
    const eps = attrFloat(node, 'epsilon', DEFAULT_EPSILON);
    return (inputs) => {
      const x = asFloat(required(inputs, 0, node));
      const axes = Array.from({ length: x.rank - 2 }, (_, i) => i + 2);
      const scale = perChannel(asFloat(required(inputs, 1, node)), x.rank);
      const bias = perChannel(asFloat(required(inputs, 2, node)), x.rank);
      return [tf.add(tf.mul(normalize(x, axes, eps), scale), bias)];
    };
  },
};

export const NORMALIZATION_OPS: Record<string, OpDef> = {
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  InstanceNormalization: instanceNormalization,
};
