/** What every graph explainer takes and returns. */
import type { ReportedImportance } from './computation-graph.js';

/** Default first: gradients work for every layer kind; attention needs GAT layers. */
export const GRAPH_METHODS = ['graph-gradient', 'graph-saliency', 'gat-attention'] as const;

export type GraphMethod = (typeof GRAPH_METHODS)[number];

export interface GraphExplainOptions {
  /** The node to explain; required for node classification, not allowed for graph classification. */
  node?: number;
  /** Class to explain; default: the predicted one. */
  target?: number;
}

/**
 * Node importance (non-negative) on the reported subgraph — the explained node's computation graph, or the
 * whole graph for graph classification — plus one importance per reported edge.
 */
export interface GraphExplanation extends ReportedImportance {
  method: GraphMethod;
  /** The explained node (input index), for node classification. */
  node?: number;
  target: number;
  /** The target's logit. */
  score: number;
  probability: number;
  runnerUpProbability: number;
  /** Time the explanation took (forward, gradients), in ms. */
  explainMs: number;
}
