import * as tf from '@tensorflow/tfjs';
import { attrInt, attrInts } from '../attributes.js';
import { normalizeAxis } from '../host-math.js';
import { asFloat, asTensor } from '../value.js';
import { hostInts, type OpDef, required, unsupported } from './op.js';

type Reducer = (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor;

/** Axes come from input 1 (ReduceSum from opset 13, the others from 18) or the `axes` attribute before. */
function reduction(reduce: Reducer, float = true): OpDef {
  return {
    build: ({ node }) => {
      const keepDims = attrInt(node, 'keepdims', 1) === 1;
      const noopWhenEmpty = attrInt(node, 'noop_with_empty_axes', 0) === 1;
      return (inputs) => {
        const x0 = required(inputs, 0, node);
        const x = float ? asFloat(x0) : asTensor(x0);
        const given = hostInts(inputs[1], 'axes', node) ?? attrInts(node, 'axes') ?? [];
        if (given.length === 0 && noopWhenEmpty) return [x];
        const axes = given.length === 0 ? [...Array(x.rank).keys()] : given.map((a) => normalizeAxis(a, x.rank));
        return [reduce(x, axes, keepDims)];
      };
    },
  };
}

const argMax: OpDef = {
  build: ({ node }) => {
    const axisAttr = attrInt(node, 'axis', 0);
    const keepDims = attrInt(node, 'keepdims', 1) === 1;
    if (attrInt(node, 'select_last_index', 0) !== 0) throw unsupported(node, 'select_last_index');
    return (inputs) => {
      const x = asTensor(required(inputs, 0, node));
      const axis = normalizeAxis(axisAttr, x.rank);
      const index = tf.argMax(x, axis);
      return [keepDims ? tf.expandDims(index, axis) : index];
    };
  },
};

export const REDUCE_OPS: Record<string, OpDef> = {
  ReduceMean: reduction((x, a, k) => tf.mean(x, a, k)),
  ReduceSum: reduction((x, a, k) => tf.sum(x, a, k), false),
  ReduceMax: reduction((x, a, k) => tf.max(x, a, k), false),
  ReduceMin: reduction((x, a, k) => tf.min(x, a, k), false),
  ReduceProd: reduction((x, a, k) => tf.prod(x, a, k), false),
  ReduceL2: reduction((x, a, k) => tf.sqrt(tf.sum(tf.square(x), a, k))),
  ArgMax: argMax,
};
