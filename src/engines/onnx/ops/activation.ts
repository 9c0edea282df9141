import * as tf from '@tensorflow/tfjs';
import { attrFloat, attrInt, attrString } from '../attributes.js';
import { normalizeAxis } from '../host-math.js';
import { asTensor, isHost, type Value } from '../value.js';
import { type OpDef, required } from './op.js';

/** Activations and pass-throughs. Defaults are the ONNX operator spec's. */

function activation(fn: (x: tf.Tensor, attr: (name: string, fallback: number) => number) => tf.Tensor): OpDef {
  return {
    build: ({ node }) => {
      const attr = (name: string, fallback: number): number => attrFloat(node, name, fallback);
      return (inputs) => [fn(asTensor(required(inputs, 0, node)), attr)];
    },
  };
}

/** Identity-like ops pass the value itself on, host values included, so shape chains still fold. */
const passThrough: OpDef = {
  build: ({ node }) => (inputs) => [required(inputs, 0, node)],
  host: ([x]) => [x!],
};

/** Clip's bounds are inputs from opset 11 on, attributes before. */
const clip: OpDef = {
  build: ({ node }) => (inputs) => {
    const x = asTensor(required(inputs, 0, node));
    const [lo, hi] = [inputs[1], inputs[2]];
    const bound = (v: Value | undefined, attr: string, fallback: number): number | tf.Tensor => {
      if (v === undefined) return attrFloat(node, attr, fallback);
      return isHost(v) ? v.data[0] : asTensor(v);
    };
    const min = bound(lo, 'min', -Infinity);
    const max = bound(hi, 'max', Infinity);
    if (typeof min === 'number' && typeof max === 'number') return [tf.clipByValue(x, min, max)];
    return [tf.minimum(tf.maximum(x, min), max)];
  },
};

function hardSigmoid(x: tf.Tensor, alpha: number, beta: number): tf.Tensor {
  return tf.clipByValue(tf.add(tf.mul(x, alpha), beta), 0, 1);
}

/** ONNX HardSwish is x * HardSigmoid(x) with alpha 1/6, beta 0.5. */
const HARD_SWISH_ALPHA = 1 / 6;

/** Softmax over one axis (opset >= 13), or over the flattened trailing axes from `axis` on (before 13). */
function softmaxOp(fn: (logits: tf.Tensor) => tf.Tensor): OpDef {
  return {
    build: ({ node, opset }) => {
      const legacy = opset < 13;
      const axisAttr = attrInt(node, 'axis', legacy ? 1 : -1);
      return (inputs) => {
        const x = asTensor(required(inputs, 0, node));
        const axis = normalizeAxis(axisAttr, x.rank);
        if (legacy) {
          const rows = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
          return [tf.reshape(fn(tf.reshape(x, [rows, -1])), x.shape)];
        }
        if (axis === x.rank - 1) return [fn(x)];
        const perm = [...Array(x.rank).keys()];
        [perm[axis], perm[x.rank - 1]] = [perm[x.rank - 1], perm[axis]];
        return [tf.transpose(fn(tf.transpose(x, perm)), perm)];
      };
    },
  };
}

const prelu: OpDef = {
  build: ({ node }) => (inputs) => {
    const x = asTensor(required(inputs, 0, node));
    const slope = asTensor(required(inputs, 1, node));
    return [tf.add(tf.relu(x), tf.mul(slope, tf.minimum(x, 0)))];
  },
};

const gelu: OpDef = {
  build: ({ node }) => {
    const tanhApprox = attrString(node, 'approximate', 'none') === 'tanh';
    return (inputs) => {
      const x = asTensor(required(inputs, 0, node));
      if (tanhApprox) {
        const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
        return [tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)))];
      }
      return [tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))))];
    };
  },
};

export const ACTIVATION_OPS: Record<string, OpDef> = {
  Identity: passThrough,
  Dropout: passThrough,
  Relu: activation((x) => tf.relu(x)),
  Sigmoid: activation((x) => tf.sigmoid(x)),
  Tanh: activation((x) => tf.tanh(x)),
  Softplus: activation((x) => tf.softplus(x)),
  Selu: activation((x) => tf.selu(x)),
  LeakyRelu: activation((x, attr) => tf.leakyRelu(x, attr('alpha', 0.01))),
  Elu: activation((x, attr) => {
    const alpha = attr('alpha', 1);
    return tf.where(tf.greater(x, 0), x, tf.mul(alpha, tf.sub(tf.exp(x), 1)));
  }),
  HardSigmoid: activation((x, attr) => hardSigmoid(x, attr('alpha', 0.2), attr('beta', 0.5))),
  HardSwish: activation((x) => tf.mul(x, hardSigmoid(x, HARD_SWISH_ALPHA, 0.5))),
  Clip: clip,
  PRelu: prelu,
  Gelu: gelu,
  Softmax: softmaxOp((x) => tf.softmax(x)),
  LogSoftmax: softmaxOp((x) => tf.logSoftmax(x)),
};
