import * as tf from '@tensorflow/tfjs';
import { attrFloat, attrInt } from './attributes.js';
import type { OnnxGraph, OnnxNode } from './graph.js';

/** Ops that only move pooled features around (or compute the shapes for that), never their values. */
const PLUMBING = new Set(['Flatten', 'Reshape', 'Squeeze', 'Identity', 'Dropout', 'Shape', 'Gather', 'Unsqueeze', 'Concat', 'Constant', 'Cast']);

/**
 * For a head that is GlobalAveragePool, data-moving ops, and one Gemm with constant weights (what PyTorch
 * exports for `avgpool -> flatten -> fc`), the transposed weight matrix alpha * B' as [classes, channels];
 * undefined for any other head. With it, Grad-CAM needs no backward pass (see ModelSplit.pooledLinear).
 */
export function pooledLinearWeights(graph: OnnxGraph, head: readonly OnnxNode[], layer: string): tf.Tensor2D | undefined {
  const pool = head.find((n) => n.opType === 'GlobalAveragePool');
  const gemms = head.filter((n) => n.opType === 'Gemm');
  if (!pool || pool.inputs[0] !== layer || gemms.length !== 1) return undefined;
  const gemm = gemms[0];
  if (head.some((n) => n !== pool && n !== gemm && !PLUMBING.has(n.opType))) return undefined;
  if (gemm.outputs[0] !== graph.outputs[0].name || attrInt(gemm, 'transA', 0) !== 0) return undefined;
  const b = graph.initializer(gemm.inputs[1]);
  if (!b || b.rank !== 2 || b.dtype !== 'float') return undefined;
  const alpha = attrFloat(gemm, 'alpha', 1);
  return tf.tidy(() => {
    const w = tf.mul(b.fresh(), alpha) as tf.Tensor2D;
    // Y = A B' with B' = transB ? B^T : B, so [classes, channels] is B itself when transB is set.
    return tf.keep(attrInt(gemm, 'transB', 0) === 1 ? w : tf.transpose(w));
  });
}
