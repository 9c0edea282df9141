/**
 * Gradient × input on a graph network (Shrikumar et al. 2016, "Not Just a Black Box"; for graphs,
 * Pope et al. 2019, "Explainability Methods for Graph Convolutional Neural Networks"): a node's importance
 * is |sum_f x_vf d logit / d x_vf|, the first-order contribution of its features to the target logit; an
 * edge's is |w_e d logit / d w_e| at w = 1, the same product with the edge-weight mask as the input, which
 * is GNNExplainer's edge mask (Ying et al. 2019) read by its gradient instead of optimised.
 *
 * Magnitudes, not signed values: an edge whose removal would raise the logit matters as much to the
 * prediction as one whose removal would lower it, and the simplification downstream ranks by importance.
 */
import type { ImportanceMethod } from './forward-importance.js';
import { targetGradients } from './target-gradients.js';

export const gradientXInputImportance: ImportanceMethod = async (model, cg, target) => {
  const gradients = await targetGradients(model, cg, target);
  const { nodes, featureSize, features } = cg.forward;
  const nodeValues = new Float32Array(nodes);
  for (let v = 0; v < nodes; v++) {
    let sum = 0;
    for (let f = 0; f < featureSize; f++) sum += features[v * featureSize + f] * gradients.features[v * featureSize + f];
    nodeValues[v] = Math.abs(sum);
  }
  return { nodes: nodeValues, edges: gradients.edges.map(Math.abs) };
};
