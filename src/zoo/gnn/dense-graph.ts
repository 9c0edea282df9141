/**
 * Graphs as dense [B, N, N] matrices. Dense rather than sparse message passing because the sparse form needs
 * UnsortedSegmentSum (to sum messages per node, and as gather's gradient), which the wasm backend lacks;
 * the graphs explained here have hundreds to a few thousand nodes, where dense products are cheap.
 */
import * as tf from '@tensorflow/tfjs';

export interface DenseGraph {
  /** A_w + I, [B, N, N]: each edge's weight at (i, j) and (j, i), ones on the diagonal (the self-loops). */
  adjacency: tf.Tensor3D;
  /**
   * 1 where an edge or a self-loop exists, whatever its weight, 0 elsewhere, [B, N, N]. GAT normalises its
   * attention over this support, so that an edge of weight 0 still has a derivative (see gat-layer.ts).
   */
  support: tf.Tensor3D;
}

/** The binary A + I of one graph, row-major [N, N], on the host. */
export function adjacencyWithSelfLoops(nodes: number, edges: ReadonlyArray<readonly [number, number]>): Float32Array {
  const out = new Float32Array(nodes * nodes);
  for (let v = 0; v < nodes; v++) out[v * nodes + v] = 1;
  for (const [a, b] of edges) {
    out[a * nodes + b] = 1;
    out[b * nodes + a] = 1;
  }
  return out;
}

/** Graphs of the same node count stacked as a batch, all edge weights 1 (what training uses). */
export function denseGraphBatch(nodes: number, edgeLists: ReadonlyArray<ReadonlyArray<readonly [number, number]>>): DenseGraph {
  const data = new Float32Array(edgeLists.length * nodes * nodes);
  edgeLists.forEach((edges, b) => data.set(adjacencyWithSelfLoops(nodes, edges), b * nodes * nodes));
  const adjacency = tf.tensor3d(data, [edgeLists.length, nodes, nodes]);
  return { adjacency, support: adjacency };
}

/**
 * One graph, [1, N, N], with `weights` (one per edge, in the edges' order) on its edges; differentiable with
 * respect to the weights. Without weights every edge weighs 1. Call inside a tidy or a gradient.
 */
export function denseGraph(nodes: number, edges: ReadonlyArray<readonly [number, number]>, weights?: tf.Tensor1D): DenseGraph {
  const support = tf.tensor3d(adjacencyWithSelfLoops(nodes, edges), [1, nodes, nodes]);
  if (!weights || edges.length === 0) return { adjacency: support, support };
  const offDiagonal = scatterEdgeWeights(nodes, edges)(weights);
  return { adjacency: tf.add(tf.reshape(offDiagonal, [1, nodes, nodes]), tf.reshape(tf.eye(nodes), [1, nodes, nodes])), support };
}

/**
 * w [E] -> the symmetric [N, N] matrix holding w_e at both (a_e, b_e) and (b_e, a_e). ScatterNd has no
 * registered gradient in TF.js, so its gradient is given here: the upstream gradient read back at the two
 * positions of each edge (GatherNd, which wasm and cpu both have) and summed.
 */
function scatterEdgeWeights(nodes: number, edges: ReadonlyArray<readonly [number, number]>): (weights: tf.Tensor1D) => tf.Tensor2D {
  const count = edges.length;
  const positions = new Int32Array(4 * count);
  edges.forEach(([a, b], e) => {
    positions.set([a, b], 2 * e);
    positions.set([b, a], 2 * (count + e));
  });
  const indices = tf.tensor2d(positions, [2 * count, 2], 'int32');
  const scatter = tf.customGrad<tf.Tensor2D>((...inputs) => {
    const weights = inputs[0] as tf.Tensor1D;
    // Saved, or the engine disposes the indices with the forward pass's other intermediates before backward.
    (inputs[1] as tf.GradSaveFunc)([indices]);
    return {
      value: tf.scatterND(indices, tf.concat([weights, weights]), [nodes, nodes]) as tf.Tensor2D,
      gradFunc: (dy, [saved]) => {
        const both = tf.gatherND(dy, saved) as tf.Tensor1D;
        return tf.add(tf.slice(both, 0, count), tf.slice(both, count, count));
      },
    };
  });
  return (weights) => scatter(weights);
}
