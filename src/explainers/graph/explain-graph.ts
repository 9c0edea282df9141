/** One entry point for the graph methods: validate, cut out the computation graph, score, explain, report. */
import { UsageError } from '../../errors.js';
import { requireGraph, type GraphData } from '../../zoo/gnn/graph.js';
import type { GraphNetwork } from '../../zoo/gnn/network.js';
import { attentionImportance } from './attention.js';
import { nodeComputationGraph, reportImportance, wholeGraph, type ComputationGraph } from './computation-graph.js';
import type { ImportanceMethod } from './forward-importance.js';
import { gradientXInputImportance } from './gradient-x-input.js';
import { GRAPH_METHODS, type GraphExplainOptions, type GraphExplanation, type GraphMethod } from './graph-explanation.js';
import { saliencyImportance } from './saliency.js';
import { explainedOutput, outputRow } from './target-gradients.js';

const IMPORTANCE: Record<GraphMethod, ImportanceMethod> = {
  'graph-gradient': gradientXInputImportance,
  'graph-saliency': saliencyImportance,
  'gat-attention': attentionImportance,
};

export function parseGraphMethod(name: string): GraphMethod {
  if (!(GRAPH_METHODS as readonly string[]).includes(name)) throw new UsageError(`unknown graph method '${name}'; expected one of: ${GRAPH_METHODS.join(', ')}`);
  return name as GraphMethod;
}

export async function explainGraph(model: GraphNetwork, graph: GraphData, method: GraphMethod = 'graph-gradient', options: GraphExplainOptions = {}): Promise<GraphExplanation> {
  const started = performance.now();
  const importance = IMPORTANCE[parseGraphMethod(method)];
  requireGraph(graph, model.featureSize);
  const cg = computationGraph(model, graph, options.node);
  const output = explainedOutput(await outputRow(model, cg), options.target);
  const { nodes, edges } = await importance(model, cg, output.target);
  return {
    ...reportImportance(cg, nodes, edges, model.task === 'node'),
    method,
    node: options.node,
    target: output.target,
    score: output.logits[output.target],
    probability: output.probability,
    runnerUpProbability: output.runnerUpProbability,
    explainMs: performance.now() - started,
  };
}

function computationGraph(model: GraphNetwork, graph: GraphData, node: number | undefined): ComputationGraph {
  if (model.task === 'graph') {
    if (node !== undefined) throw new UsageError('this network classifies whole graphs; do not name a node to explain');
    return wholeGraph(graph);
  }
  if (node === undefined) throw new UsageError(`this network classifies nodes; name the node to explain (0..${graph.nodes - 1})`);
  return nodeComputationGraph(graph, node, model.hops);
}
