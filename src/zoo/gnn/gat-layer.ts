/**
 * Graph attention — Veličković et al., "Graph Attention Networks", ICLR 2018, eqs. 1-6: per head k,
 * e_ij = LeakyReLU_0.2(a_k^T [W_k h_i || W_k h_j]), alpha_ij = softmax of e_ij over j in i's neighbourhood
 * including i itself, h'_i = sum_j alpha_ij W_k h_j; the heads are concatenated in hidden layers and
 * averaged in the last one (eq. 6).
 *
 * Edge weights enter as alpha_ij = w_ij exp(e_ij) / sum_k w_ik exp(e_ik) (self-loops weigh 1): weights of 1
 * give the paper's softmax, a weight of 0 removes the edge exactly as GCN's does, and the softmax stays
 * normalised over the graph's support rather than over the positive weights, so d alpha / d w is defined
 * (and non-zero) at w = 0 as well.
 */
import * as tf from '@tensorflow/tfjs';
import type { DenseGraph } from './dense-graph.js';
import { project } from './gcn-layer.js';

/** The negative slope the paper uses in its attention mechanism. */
export const GAT_LEAKY_RELU_SLOPE = 0.2;

/** Added to the logits off the support so their exponentials vanish without an overflow turning 0 * inf into NaN. */
const OFF_SUPPORT_LOGIT = -1e9;

export type HeadMerge = 'concat' | 'mean';

export interface GatWeights {
  /** [in, heads * units]: W of every head side by side. */
  kernel: tf.Tensor2D;
  /** [heads, units]: the half of a that scores the attending node i. */
  attentionSelf: tf.Tensor2D;
  /** [heads, units]: the half of a that scores the neighbour j. */
  attentionNeighbour: tf.Tensor2D;
  /** [heads * units] when the heads are concatenated, [units] when they are averaged. */
  bias: tf.Tensor1D;
}

export interface GatOutput {
  /** [B, N, heads * units] (concat) or [B, N, units] (mean), before the activation. */
  output: tf.Tensor3D;
  /** alpha, [B, heads, N, N]: row i is how node i spreads its attention over its neighbourhood. */
  attention: tf.Tensor4D;
}

export function gatLayer(graph: DenseGraph, h: tf.Tensor3D, w: GatWeights, merge: HeadMerge): GatOutput {
  const [b, n] = h.shape;
  const [heads, units] = w.attentionSelf.shape;
  const perHead = tf.transpose(tf.reshape(project(h, w.kernel), [b, n, heads, units]), [0, 2, 1, 3]) as tf.Tensor4D;
  const selfScore = tf.sum(tf.mul(perHead, tf.reshape(w.attentionSelf, [1, heads, 1, units])), 3, true);
  const neighbourScore = tf.transpose(tf.sum(tf.mul(perHead, tf.reshape(w.attentionNeighbour, [1, heads, 1, units])), 3, true), [0, 1, 3, 2]);
  const logits = tf.leakyRelu(tf.add(selfScore, neighbourScore), GAT_LEAKY_RELU_SLOPE);
  const masked = tf.add(logits, tf.expandDims(tf.mul(tf.sub(1, graph.support), OFF_SUPPORT_LOGIT), 1));
  const unnormalised = tf.mul(tf.exp(tf.sub(masked, rowMaxWithoutGradient(masked as tf.Tensor4D))), tf.expandDims(graph.adjacency, 1));
  const attention = tf.div(unnormalised, tf.sum(unnormalised, 3, true)) as tf.Tensor4D;
  const messages = tf.matMul(attention, perHead);
  const merged = merge === 'concat'
    ? tf.reshape(tf.transpose(messages, [0, 2, 1, 3]), [b, n, heads * units])
    : tf.mean(messages, 1);
  return { output: tf.add(merged, w.bias) as tf.Tensor3D, attention };
}

/**
 * Each row's maximum, [B, H, N, 1], treated as a constant by autodiff. Subtracting it only keeps exp from
 * overflowing: the softmax does not change, so its true derivative through the shift is zero, and skipping
 * max's gradient (an Equal over the whole [B, H, N, N] tensor, the slowest op of a training step on wasm)
 * loses nothing.
 */
function rowMaxWithoutGradient(logits: tf.Tensor4D): tf.Tensor4D {
  const shift = tf.customGrad<tf.Tensor4D>((...inputs) => {
    const x = inputs[0] as tf.Tensor4D;
    return { value: tf.max(x, 3, true), gradFunc: () => tf.zerosLike(x) };
  });
  return shift(logits);
}
