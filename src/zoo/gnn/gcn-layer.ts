/**
 * Graph convolution — Kipf and Welling, "Semi-Supervised Classification with Graph Convolutional Networks",
 * ICLR 2017, eq. 2: H' = D^-1/2 (A + I) D^-1/2 H W + b, where D is the degree matrix of A + I.
 *
 * With edge weights A holds them, and D sums them (as PyTorch Geometric's GCNConv does with edge_weight), so
 * an edge of weight 0 is exactly an edge that is not there, and the degree terms carry the weight's gradient
 * as well as the message itself.
 */
import * as tf from '@tensorflow/tfjs';
import type { DenseGraph } from './dense-graph.js';

export interface GcnWeights {
  /** [in, out] */
  kernel: tf.Tensor2D;
  /** [out] */
  bias: tf.Tensor1D;
}

/** D^-1/2 (A + I) D^-1/2 of a batch of (weighted) adjacencies with self-loops, [B, N, N]. */
export function symmetricNormalised(adjacency: tf.Tensor3D): tf.Tensor3D {
  const inverseRoot = tf.rsqrt(tf.sum(adjacency, 2));
  return tf.mul(tf.mul(adjacency, tf.expandDims(inverseRoot, 2)), tf.expandDims(inverseRoot, 1));
}

/** Node features [B, N, in] -> [B, N, out], before the activation. */
export function gcnLayer(graph: DenseGraph, h: tf.Tensor3D, w: GcnWeights): tf.Tensor3D {
  return tf.add(tf.matMul(symmetricNormalised(graph.adjacency), project(h, w.kernel)), w.bias);
}

/** h [B, N, in] times kernel [in, out], as one 2-D product. */
export function project(h: tf.Tensor3D, kernel: tf.Tensor2D): tf.Tensor3D {
  const [b, n, f] = h.shape;
  return tf.reshape(tf.matMul(tf.reshape(h, [b * n, f]), kernel), [b, n, kernel.shape[1]]);
}
