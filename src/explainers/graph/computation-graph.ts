/**
 * Where a graph explanation lives. A node's output in an L-layer message-passing network depends only on
 * its L-hop neighbourhood, the *computation graph* (Ying et al. 2019, section 3), so a node explanation is
 * reported there: the nodes within L hops and the edges between them.
 *
 * The forward pass itself runs on the (L+1)-hop neighbourhood: GCN's normalisation reads the degree of
 * every node up to L hops away, and a node at L hops has neighbours at L + 1. Cutting at L hops would change
 * those degrees and so the output being explained; at L + 1 the target's output is exactly the full graph's.
 * Edges from hop L to hop L + 1 touch the output only through such a degree, and are not reported.
 * A graph explanation (graph classification) covers the whole graph.
 */
import type { Attribution } from '../../attribution/types.js';
import { UsageError } from '../../errors.js';
import type { GraphData } from '../../zoo/gnn/graph.js';
import { hopDistances, inducedSubgraph } from '../../zoo/gnn/subgraph.js';

export interface ComputationGraph {
  /** The graph the forward pass runs on. */
  forward: GraphData;
  /** Forward node i is input node forwardNodeIds[i]; forward edge e is input edge forwardEdgeIds[e]. */
  forwardNodeIds: Int32Array;
  forwardEdgeIds: Int32Array;
  /** Row of the forward output that is explained: the target node's forward index, or 0 for a graph. */
  outputRow: number;
  /** Forward nodes and edges reported (within L hops of the target), ascending. */
  keptNodes: Int32Array;
  keptEdges: Int32Array;
}

/** The whole graph (graph classification). */
export function wholeGraph(graph: GraphData): ComputationGraph {
  const nodes = Int32Array.from({ length: graph.nodes }, (_, v) => v);
  const edges = Int32Array.from({ length: graph.edges.length }, (_, e) => e);
  return { forward: graph, forwardNodeIds: nodes, forwardEdgeIds: edges, outputRow: 0, keptNodes: nodes, keptEdges: edges };
}

/** The computation graph of `node` in a network of `hops` layers, and the neighbourhood its forward runs on. */
export function nodeComputationGraph(graph: GraphData, node: number, hops: number): ComputationGraph {
  if (!Number.isSafeInteger(node) || node < 0 || node >= graph.nodes) {
    throw new UsageError(`the node to explain must be an index in 0..${graph.nodes - 1}; got ${String(node)}`);
  }
  const distance = hopDistances(graph.nodes, graph.edges, node, hops + 1);
  const ball = inducedSubgraph(graph, (v) => distance[v] >= 0);
  const within = (v: number): boolean => distance[ball.nodeIds[v]] <= hops;
  const keptNodes = Int32Array.from(ball.nodeIds.keys()).filter(within);
  const keptEdges = Int32Array.from(ball.edgeIds.keys()).filter((e) => within(ball.graph.edges[e][0]) && within(ball.graph.edges[e][1]));
  return {
    forward: ball.graph,
    forwardNodeIds: ball.nodeIds,
    forwardEdgeIds: ball.edgeIds,
    outputRow: ball.nodeIds.indexOf(node),
    keptNodes,
    keptEdges,
  };
}

export interface ReportedImportance {
  /** Node importance on the reported subgraph, whose nodes and edges are renumbered from 0. */
  attribution: Attribution;
  /** One value per edge of attribution.topology.edges, in that order. */
  edgeImportance: Float32Array;
  /** Reported node i is input node nodeIds[i]; reported edge e is input edge edgeIds[e]. */
  nodeIds: Int32Array;
  edgeIds: Int32Array;
  /** The explained node's reported index (node classification). */
  anchor?: number;
}

/** Keeps the reported part of per-forward-node and per-forward-edge values, renumbered. */
export function reportImportance(cg: ComputationGraph, nodeValues: Float32Array, edgeValues: Float32Array, isNodeTask: boolean): ReportedImportance {
  const local = new Int32Array(cg.forward.nodes).fill(-1);
  cg.keptNodes.forEach((v, i) => (local[v] = i));
  const edges = Array.from(cg.keptEdges, (e): [number, number] => [local[cg.forward.edges[e][0]], local[cg.forward.edges[e][1]]]);
  return {
    attribution: { values: Float32Array.from(cg.keptNodes, (v) => nodeValues[v]), topology: { kind: 'graph', nodes: cg.keptNodes.length, edges } },
    edgeImportance: Float32Array.from(cg.keptEdges, (e) => edgeValues[e]),
    nodeIds: Int32Array.from(cg.keptNodes, (v) => cg.forwardNodeIds[v]),
    edgeIds: Int32Array.from(cg.keptEdges, (e) => cg.forwardEdgeIds[e]),
    anchor: isNodeTask ? local[cg.outputRow] : undefined,
  };
}
