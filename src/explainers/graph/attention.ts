/**
 * Attention as explanation for GAT layers (Veličković et al. 2018 read their coefficients this way): an
 * edge's importance is its attention coefficient averaged over both directions (alpha_ij and alpha_ji),
 * over heads and over GAT layers; a node's is the mean over its edges. It needs one forward pass and no
 * gradient, and it does not depend on the class explained: attention says where each node looked, not what
 * that did to the target's logit (Jain and Wallace 2019, "Attention is not Explanation", on the difference).
 */
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';
import type { ImportanceMethod } from './forward-importance.js';

export const attentionImportance: ImportanceMethod = async (model, cg) => {
  if (!model.layerKinds.includes('gat')) {
    throw new UsageError(`gat-attention needs GAT layers; this network has ${model.layerKinds.join(', ')} layers: use graph-gradient`);
  }
  const { nodes, edges } = cg.forward;
  const mean = tf.tidy(() => {
    const perLayer: tf.Tensor2D[] = [];
    model.forward(cg.forward, { onAttention: (_, attention) => perLayer.push(tf.mean(tf.squeeze(attention, [0]), 0) as tf.Tensor2D) });
    return tf.div(tf.addN(perLayer), perLayer.length);
  });
  const matrix = await mean.data();
  mean.dispose();
  const edgeValues = Float32Array.from(edges, ([a, b]) => (matrix[a * nodes + b] + matrix[b * nodes + a]) / 2);
  const sums = new Float32Array(nodes);
  const degrees = new Float32Array(nodes);
  edges.forEach(([a, b], e) => {
    sums[a] += edgeValues[e];
    sums[b] += edgeValues[e];
    degrees[a]++;
    degrees[b]++;
  });
  return { nodes: sums.map((s, v) => (degrees[v] > 0 ? s / degrees[v] : 0)), edges: edgeValues };
};
