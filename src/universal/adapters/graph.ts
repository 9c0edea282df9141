/**
 * The graph family: graph networks of GCN and GAT layers (src/zoo/gnn), for node or graph classification,
 * over graph inputs. Explained by gradient × input on node features and on a per-edge weight (the default),
 * saliency, or GAT attention (src/explainers/graph).
 *
 * The explainer reports the explained node's computation graph; here that is laid back onto the whole input
 * graph (zero outside it), so the anchor and the edge importances keep the caller's node and edge numbering:
 * the universal result has no other place to carry it.
 */
import { UsageError } from '../../errors.js';
import { explainGraph, GRAPH_METHODS, parseGraphMethod, type GraphExplanation } from '../../explainers/graph/index.js';
import type { GraphData } from '../../zoo/gnn/graph.js';
import { isGraphNetwork, type GraphNetwork } from '../../zoo/gnn/network.js';
import type { ExplainFamilyOptions, FamilyAdapter, FamilyResult, UniversalInput } from '../types.js';

/** Gradient × input first: it works for every layer kind; attention only for GAT layers. */
const GRAPH_ADAPTER_METHODS = ['graph-gradient', 'gat-attention', 'graph-saliency'] as const satisfies ReadonlyArray<(typeof GRAPH_METHODS)[number]>;

export const graphAdapter: FamilyAdapter = {
  name: 'graph',
  architecture: 'graph',
  inputs: ['graph'],
  methods: GRAPH_ADAPTER_METHODS,
  looksFor: 'graph networks (GCN or GAT layers)',
  detect(model: unknown): string | null {
    try {
      return isGraphNetwork(model) ? describeGraphNetwork(model) : null;
    } catch {
      return null;
    }
  },
  async explain(model: unknown, input: UniversalInput, options: ExplainFamilyOptions): Promise<FamilyResult> {
    if (input.kind !== 'graph') throw new UsageError(`a graph network explains graph input, not ${input.kind}`);
    if (!isGraphNetwork(model)) throw new UsageError('graph adapter: the model is not a graph network (GCN or GAT layers)');
    const method = parseGraphMethod(options.method ?? GRAPH_ADAPTER_METHODS[0]);
    const graph: GraphData = { nodes: input.nodes, featureSize: input.featureSize, features: input.features, edges: input.edges };
    const e = await explainGraph(model, graph, method, { node: input.node, target: options.target });
    const onInput = onInputGraph(e, graph);
    return {
      method: e.method,
      target: e.target,
      score: e.score,
      probability: e.probability,
      runnerUpProbability: e.runnerUpProbability,
      attribution: { values: onInput.nodes, topology: { kind: 'graph', nodes: graph.nodes, edges: graph.edges } },
      context: { ...(input.node !== undefined ? { anchor: input.node, scope: Int32Array.from(e.nodeIds) } : {}), edgeImportance: onInput.edges },
      explainMs: e.explainMs,
    };
  },
};

/** What detect reports: "2 GCN layers, node classification", "3 GAT layers (4 heads), node classification", ... */
export function describeGraphNetwork(model: GraphNetwork): string {
  const runs: string[] = [];
  let i = 0;
  while (i < model.layerKinds.length) {
    const kind = model.layerKinds[i];
    let j = i;
    while (j < model.layerKinds.length && model.layerKinds[j] === kind) j++;
    const heads = kind === 'gat' ? headsOf(model, i, j) : '';
    runs.push(`${j - i} ${kind.toUpperCase()} layer${j - i === 1 ? '' : 's'}${heads}`);
    i = j;
  }
  return `${runs.join(' + ')}, ${model.task === 'node' ? 'node' : 'graph'} classification (${model.featureSize} features per node, ${model.numClasses} classes)`;
}

function headsOf(model: GraphNetwork, from: number, to: number): string {
  const heads = new Set(model.config.layers.slice(from, to).map((l) => (l.kind === 'gat' ? l.heads : 0)));
  return heads.size === 1 ? ` (${[...heads][0]} heads)` : '';
}

/** Node and edge importance indexed like the input graph: the reported values at their input indices, zero elsewhere. */
function onInputGraph(e: GraphExplanation, graph: GraphData): { nodes: Float32Array; edges: Float32Array } {
  const nodes = new Float32Array(graph.nodes);
  const edges = new Float32Array(graph.edges.length);
  e.nodeIds.forEach((v, i) => (nodes[v] = e.attribution.values[i]));
  e.edgeIds.forEach((id, k) => (edges[id] = e.edgeImportance[k]));
  return { nodes, edges };
}
