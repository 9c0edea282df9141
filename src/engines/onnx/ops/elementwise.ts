import * as tf from '@tensorflow/tfjs';
import type { HostDType } from '../host-tensor.js';
import { broadcastDims, hostMap } from '../host-math.js';
import { asTensor, type Value } from '../value.js';
import { type OpDef, required } from './op.js';

/** Element-wise arithmetic, comparison and logic, with numpy broadcasting on device and on host. */

type TfBinary = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** `tf` on device tensors, `js` on host values; the result is `kind`, or the inputs' own type. */
function elementwise(tfFn: TfBinary, js: (a: number, b: number, integer: boolean) => number, kind?: HostDType): OpDef {
  return {
    build: ({ node }) => (inputs) => {
      const present = inputs.filter((v): v is Value => v !== undefined);
      if (present.length === 0) required(inputs, 0, node);
      return [present.map(asTensor).reduce((a, b) => tfFn(a, b))];
    },
    host: (inputs) => {
      const present = inputs.filter((v) => v !== undefined);
      const dtype = present.some((v) => v.dtype === 'float') ? 'float' : present[0].dtype;
      const integer = dtype === 'int';
      return [present.slice(1).reduce((acc, b) => hostMap([acc, b], kind ?? dtype, (x, y) => js(x, y, integer)), present[0])];
    },
  };
}

function unary(tfFn: (x: tf.Tensor) => tf.Tensor, js?: (x: number) => number): OpDef {
  return {
    build: ({ node }) => (inputs) => [tfFn(asTensor(required(inputs, 0, node)))],
    host: js ? ([x]) => [hostMap([x!], x!.dtype, js)] : undefined,
  };
}

const truncDiv = (a: number, b: number, integer: boolean): number => (integer ? Math.trunc(a / b) : a / b);

/** x^2 is what exporters emit for variance; tf.square is cheaper and has the same gradient. */
const pow: OpDef = {
  build: ({ node, constant }) => {
    const exponent = constant(1);
    const squares = exponent !== undefined && exponent.size === 1 && exponent.data[0] === 2;
    return (inputs) => {
      const base = asTensor(required(inputs, 0, node));
      return [squares ? tf.square(base) : tf.pow(base, asTensor(required(inputs, 1, node)))];
    };
  },
  host: elementwise(tf.pow, Math.pow).host,
};

const mean: OpDef = {
  build: ({ node }) => (inputs) => {
    const present = inputs.filter((v): v is Value => v !== undefined).map(asTensor);
    if (present.length === 0) required(inputs, 0, node);
    return [tf.div(present.reduce((a, b) => tf.add(a, b)), present.length)];
  },
};

const where: OpDef = {
  build: ({ node }) => (inputs) => {
    const [cond, a, b] = [0, 1, 2].map((i) => asTensor(required(inputs, i, node)));
    // tf.where wants equal shapes, ONNX broadcasts all three.
    const dims = [a.shape, b.shape].reduce((x, y) => broadcastDims(x, y) ?? y, cond.shape);
    return [tf.where(tf.broadcastTo(cond, dims), tf.broadcastTo(a, dims), tf.broadcastTo(b, dims))];
  },
  host: ([c, a, b]) => [hostMap([c!, a!, b!], a!.dtype, (x, y, z) => (x ? y : z))],
};

export const ELEMENTWISE_OPS: Record<string, OpDef> = {
  Add: elementwise(tf.add, (a, b) => a + b),
  Sub: elementwise(tf.sub, (a, b) => a - b),
  Mul: elementwise(tf.mul, (a, b) => a * b),
  Div: elementwise(tf.div, truncDiv),
  Pow: pow,
  Max: elementwise(tf.maximum, (a, b) => Math.max(a, b)),
  Min: elementwise(tf.minimum, (a, b) => Math.min(a, b)),
  Sum: elementwise(tf.add, (a, b) => a + b),
  Mean: mean,
  Equal: elementwise(tf.equal, (a, b) => Number(a === b), 'bool'),
  Less: elementwise(tf.less, (a, b) => Number(a < b), 'bool'),
  LessOrEqual: elementwise(tf.lessEqual, (a, b) => Number(a <= b), 'bool'),
  Greater: elementwise(tf.greater, (a, b) => Number(a > b), 'bool'),
  GreaterOrEqual: elementwise(tf.greaterEqual, (a, b) => Number(a >= b), 'bool'),
  And: elementwise(tf.logicalAnd, (a, b) => Number(a && b), 'bool'),
  Or: elementwise(tf.logicalOr, (a, b) => Number(a || b), 'bool'),
  Xor: elementwise(tf.logicalXor, (a, b) => Number(Boolean(a) !== Boolean(b)), 'bool'),
  Where: where,
  Not: unary(tf.logicalNot, (x) => Number(!x)),
  Neg: unary(tf.neg, (x) => -x),
  Abs: unary(tf.abs, Math.abs),
  Sqrt: unary(tf.sqrt, Math.sqrt),
  Exp: unary(tf.exp, Math.exp),
  Log: unary(tf.log, Math.log),
  Reciprocal: unary(tf.reciprocal, (x) => 1 / x),
  Floor: unary(tf.floor, Math.floor),
  Ceil: unary(tf.ceil, Math.ceil),
  Erf: unary(tf.erf),
  Sin: unary(tf.sin, Math.sin),
  Cos: unary(tf.cos, Math.cos),
};
