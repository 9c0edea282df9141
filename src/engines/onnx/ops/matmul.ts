import * as tf from '@tensorflow/tfjs';
import { attrFloat, attrInt } from '../attributes.js';
import type { HostTensor } from '../host-tensor.js';
import { asFloat } from '../value.js';
import { type OpDef, type OpRun, required, unsupported } from './op.js';

/**
 * a @ b for a constant b [K, N], with a hand-written input gradient dy @ b^T that multiplies by a kept copy
 * of b^T: TF.js's own gradient transposes b on every call (a full copy of the weights; about 1 ms for a
 * 1280x1000 classifier on wasm, most of the head's backward pass). No gradient for b is ever formed.
 */
export function constantMatMul(b: tf.Tensor2D, bT: tf.Tensor2D): (a: tf.Tensor) => tf.Tensor {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const a = args[0] as tf.Tensor2D;
    return { value: tf.matMul(a, b), gradFunc: (dy: tf.Tensor) => tf.matMul(dy as tf.Tensor2D, bT) };
  });
  return (a) => {
    if (a.rank === 2) return op(a as tf.Tensor2D);
    // Leading axes fold into rows: the Linear-on-a-sequence case.
    const rows = tf.reshape(a, [-1, a.shape[a.rank - 1]]);
    return tf.reshape(op(rows), [...a.shape.slice(0, -1), b.shape[1]] as number[]);
  };
}

/** Gemm: alpha * A' B' + beta * C, with A' = transA ? A^T : A, likewise B'. */
const gemm: OpDef = {
  build: ({ node, constant, keep }) => {
    const transA = attrInt(node, 'transA', 0) === 1;
    const transB = attrInt(node, 'transB', 0) === 1;
    const alpha = attrFloat(node, 'alpha', 1);
    const beta = attrFloat(node, 'beta', 1);
    // Always a new tensor: a kept copy must not alias the graph's own copy of the initializer.
    const prepareB = (b: tf.Tensor): tf.Tensor => {
      const oriented = transB ? tf.transpose(b) : tf.clone(b);
      return alpha === 1 ? oriented : tf.mul(oriented, alpha);
    };
    const bConst = constant(1);
    const cConst = constant(2);
    // Weights are oriented and scaled once, so a call is one matMul and one add.
    const byConstant = bConst
      ? (() => {
        const b = keep(() => prepareB(bConst.fresh()) as tf.Tensor2D);
        return constantMatMul(b, keep(() => tf.transpose(b)));
      })()
      : undefined;
    const cFixed = cConst && beta !== 1 ? keep(() => tf.mul(cConst.toTensor(), beta)) : undefined;
    return (inputs) => {
      const a0 = asFloat(required(inputs, 0, node));
      const a = transA ? tf.transpose(a0) : a0;
      const y = byConstant ? byConstant(a) : tf.matMul(a, prepareB(asFloat(required(inputs, 1, node))));
      const c = cFixed ?? (inputs[2] === undefined ? undefined : beta === 1 ? asFloat(inputs[2]) : tf.mul(asFloat(inputs[2]), beta));
      return [c ? tf.add(y, c) : y];
    };
  },
};

/** numpy matmul: 1-D operands are promoted and the added axis dropped; batch axes broadcast. */
export function matmul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.rank === 1) return tf.squeeze(matmul(tf.expandDims(a, 0), b), [-2]);
  if (b.rank === 1) return tf.squeeze(matmul(a, tf.expandDims(b, 1)), [-1]);
  if (b.rank === 2 && a.rank > 2) {
    // One large 2-D product instead of a batched one: the common Linear-on-a-sequence case.
    const k = a.shape[a.rank - 1];
    const y = tf.matMul(tf.reshape(a, [-1, k]), b);
    return tf.reshape(y, [...a.shape.slice(0, -1), y.shape[1]] as number[]);
  }
  const rank = Math.max(a.rank, b.rank);
  const lift = (t: tf.Tensor): tf.Tensor => (t.rank === rank ? t : tf.reshape(t, [...Array(rank - t.rank).fill(1), ...t.shape]));
  return tf.matMul(lift(a), lift(b));
}

/** A MatMul by a constant 2-D right-hand side, uploaded once (with its transpose, for the gradient). */
export function matmulByConstant(b: HostTensor, keep: <T extends tf.Tensor>(make: () => T) => T): (a: tf.Tensor) => tf.Tensor {
  const fixed = keep(() => b.fresh() as tf.Tensor2D);
  return constantMatMul(fixed, keep(() => tf.transpose(fixed)));
}

const matMulOp: OpDef = {
  build: ({ node, constant, keep }): OpRun => {
    const bConst = constant(1);
    const byConstant = bConst?.rank === 2 && bConst.dtype === 'float' ? matmulByConstant(bConst, keep) : undefined;
    return (inputs) => {
      const a = asFloat(required(inputs, 0, node));
      if (byConstant && a.rank >= 2) return [byConstant(a)];
      const b = asFloat(required(inputs, 1, node));
      if (a.rank === 0 || b.rank === 0) throw unsupported(node, 'a scalar operand');
      return [matmul(a, b)];
    };
  },
};

export const MATMUL_OPS: Record<string, OpDef> = {
  Gemm: gemm,
  MatMul: matMulOp,
};
