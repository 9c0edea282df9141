/** What each graph method computes: an importance per node and per edge of the forward graph. */
import type { GraphNetwork } from '../../zoo/gnn/network.js';
import type { ComputationGraph } from './computation-graph.js';

export interface ForwardImportance {
  /** One non-negative value per forward node. */
  nodes: Float32Array;
  /** One non-negative value per forward edge. */
  edges: Float32Array;
}

export type ImportanceMethod = (model: GraphNetwork, cg: ComputationGraph, target: number) => Promise<ForwardImportance>;
