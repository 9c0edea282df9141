/**
 * Saliency on a graph network (Simonyan et al. 2014, "Deep Inside Convolutional Networks", the maximum
 * absolute gradient over channels; for graphs, Baldassarre and Azizpour 2019): a node's importance is
 * max_f |d logit / d x_vf|, how sensitive the target is to that node's features whatever their values
 * (so it still ranks nodes when features are constant or zero); an edge's is |d logit / d w_e|.
 * At the unit mask the edge values equal gradient × input's.
 */
import type { ImportanceMethod } from './forward-importance.js';
import { targetGradients } from './target-gradients.js';

export const saliencyImportance: ImportanceMethod = async (model, cg, target) => {
  const gradients = await targetGradients(model, cg, target);
  const { nodes, featureSize } = cg.forward;
  const nodeValues = new Float32Array(nodes);
  for (let v = 0; v < nodes; v++) {
    let max = 0;
    for (let f = 0; f < featureSize; f++) max = Math.max(max, Math.abs(gradients.features[v * featureSize + f]));
    nodeValues[v] = max;
  }
  return { nodes: nodeValues, edges: gradients.edges.map(Math.abs) };
};
