/**
 * The graph family: gradient x input node importance (the graph explainer's default) of the GCN trained on
 * BA-Shapes (Ying et al., GNNExplainer, NeurIPS 2019; models/gnn/ba-shapes), explaining house nodes for their
 * true class. The ground truth is the explained node's own house, within its computation graph, where the
 * map lives. Deleting a node of the computation graph removes every edge that touches it (edge weight 0), so
 * the explained node's prediction sees only the kept part of it: the fidelity of the kept subgraph.
 *
 * Node classification is transductive: the model was trained on this one graph, so the family rebuilds it
 * from the same options as the recipe (BA_SHAPES_DEFAULTS; a test checks they agree) and explains house
 * nodes drawn from it by the seed.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeByMax } from '../../../attribution/normalize.js';
import { BA_SHAPES_DEFAULTS, baShapes, type BaShapesOptions } from '../../../datasets/graphs.js';
import { mulberry32, shuffled } from '../../../datasets/random.js';
import { softmax } from '../../../explain.js';
import { explainGraph } from '../../../explainers/graph/explain-graph.js';
import type { GraphData } from '../../../zoo/gnn/graph.js';
import type { GraphNetwork } from '../../../zoo/gnn/network.js';
import { GRAPH_NETWORK_MANIFEST, loadGraphNetwork } from '../../../zoo/gnn/weights-io.js';
import { regionPrecision } from '../../metrics/localisation/precision.js';
import { regionRecall } from '../../metrics/localisation/recall.js';
import type { LimitationFamily } from '../limitation-case.js';

export const TRAINED_GNN = fileURLToPath(new URL('../../../../models/gnn/ba-shapes', import.meta.url));

/** The graph the BA-Shapes model was trained on. */
export const GRAPH_FAMILY_DATA: Required<BaShapesOptions> = { ...BA_SHAPES_DEFAULTS };

export function graphFamily(dir: string = TRAINED_GNN, data: BaShapesOptions = GRAPH_FAMILY_DATA): LimitationFamily {
  return {
    name: 'graph',
    unavailable: () => (existsSync(join(dir, GRAPH_NETWORK_MANIFEST)) ? null : `no GNN trained on BA-Shapes in ${dir} yet`),
    async run(count, seed, visit) {
      const model = await loadGraphNetwork(dir);
      const dataset = baShapes(data);
      const { graph, nodeMotif, labels } = dataset;
      const houseNodes = Array.from({ length: graph.nodes }, (_, v) => v).filter((v) => nodeMotif[v] >= 0);
      const chosen = shuffled(mulberry32(seed), houseNodes).slice(0, count);
      try {
        for (const node of chosen) {
          const e = await explainGraph(model, graph, 'graph-gradient', { node, target: labels[node] });
          const truth = Uint8Array.from(e.nodeIds, (v) => (nodeMotif[v] === nodeMotif[node] ? 1 : 0));
          await visit({
            id: `node-${node}`,
            attribution: { ...e.attribution, values: normalizeByMax(e.attribution.values).values },
            probability: e.probability,
            context: { anchor: e.anchor, edgeImportance: e.edgeImportance },
            truthShare: truth.reduce((n, t) => n + t, 0) / truth.length,
            localise: (kept) => ({ recall: regionRecall(kept, truth), precision: regionPrecision(kept, truth) }),
            scoreDrop: async (kept) => e.probability - (await keptSubgraphProbability(model, graph, node, e.nodeIds, kept, labels[node])),
          });
        }
      } finally {
        model.dispose();
      }
      return {
        model: `models/gnn/ba-shapes (${model.hops}-layer ${model.layerKinds.join('/').toUpperCase()} trained on BA-Shapes)`,
        data: `${chosen.length} house nodes of the BA-Shapes graph (${graph.nodes} nodes), drawn with seed ${seed}`,
        method: 'graph-gradient (node importance on the computation graph)',
        unit: 'node of the computation graph',
        deletion: 'every edge touching a dropped node of the computation graph removed',
      };
    },
  };
}

/** The explained node's probability with the dropped nodes of its computation graph cut off. */
async function keptSubgraphProbability(
  model: GraphNetwork,
  graph: GraphData,
  node: number,
  reported: Int32Array,
  kept: Uint8Array,
  target: number,
): Promise<number> {
  // Only the reported nodes are the threshold's to drop: nodes beyond the computation graph never reach the
  // explained node, except through the degrees GCN normalises by, which must stay as they were.
  const keep = new Uint8Array(graph.nodes).fill(1);
  reported.forEach((v, i) => {
    if (kept[i] === 0 && v !== node) keep[v] = 0;
  });
  const weights = Float32Array.from(graph.edges, ([a, b]) => (keep[a] && keep[b] ? 1 : 0));
  const logits = tf.tidy(() => tf.slice(model.predict(graph, weights), [node, 0], [1, -1]));
  try {
    return softmax(await logits.data())[target];
  } finally {
    logits.dispose();
  }
}
