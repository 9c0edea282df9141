/**
 * The explained output of a graph network and its gradients: with respect to every node feature and to a
 * weight on every edge (all 1, so the forward is unchanged), both from one backward pass.
 */
import * as tf from '@tensorflow/tfjs';
import type { GraphNetwork } from '../../zoo/gnn/network.js';
import { rethrowMissingKernel } from '../missing-kernel.js';
import { resolveTarget } from '../rnn/target.js';
import type { ComputationGraph } from './computation-graph.js';

export interface ExplainedOutput {
  /** The explained row's logits. */
  logits: Float32Array;
  target: number;
  probability: number;
  runnerUpProbability: number;
}

export interface TargetGradients {
  /** d logit / d feature, row-major [forward nodes, featureSize]. */
  features: Float32Array;
  /** d logit / d edge weight, one per forward edge. */
  edges: Float32Array;
}

/** The logits of the explained row, and the class to explain (the requested one, else the predicted one). */
export function explainedOutput(logits: Float32Array, requested: number | undefined): ExplainedOutput {
  const target = resolveTarget(requested, logits);
  const probabilities = softmax(logits);
  const others = probabilities.filter((_, c) => c !== target);
  return { logits, target, probability: probabilities[target], runnerUpProbability: others.length > 0 ? Math.max(...others) : 0 };
}

/** One row of the forward output (a node's, or the graph's), read back. */
export async function outputRow(model: GraphNetwork, cg: ComputationGraph): Promise<Float32Array> {
  const row = tf.tidy(() => tf.slice(model.forward(cg.forward), [cg.outputRow, 0], [1, -1]));
  try {
    return Float32Array.from(await row.data());
  } finally {
    row.dispose();
  }
}

export async function targetGradients(model: GraphNetwork, cg: ComputationGraph, target: number): Promise<TargetGradients> {
  const { forward } = cg;
  // A slice, not tf.gather: gather's gradient needs UnsortedSegmentSum, which the wasm backend lacks.
  const logit = (features: tf.Tensor, edgeWeights?: tf.Tensor): tf.Scalar =>
    tf.sum(tf.slice(model.forward(forward, { features: features as tf.Tensor2D, edgeWeights: edgeWeights as tf.Tensor1D | undefined }), [cg.outputRow, target], [1, 1]));
  let gradients: tf.Tensor[];
  try {
    gradients = tf.tidy(() => {
      const features = tf.tensor2d(forward.features, [forward.nodes, forward.featureSize]);
      // An edgeless graph gives the edge weights nothing to act on, and TF.js refuses a gradient for them.
      if (forward.edges.length === 0) return [tf.grad((x: tf.Tensor) => logit(x))(features)];
      return tf.grads((x: tf.Tensor, w: tf.Tensor) => logit(x, w))([features, tf.ones([forward.edges.length])]);
    });
  } catch (e) {
    rethrowMissingKernel(e, 'gradients through this graph network', 'try --backend cpu');
  }
  try {
    const [features, edges] = await Promise.all(gradients.map((g) => g.data()));
    return { features: Float32Array.from(features), edges: edges ? Float32Array.from(edges) : new Float32Array(0) };
  } finally {
    tf.dispose(gradients);
  }
}

function softmax(logits: Float32Array): Float32Array {
  const max = Math.max(...logits);
  const exps = Float32Array.from(logits, (z) => Math.exp(z - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
