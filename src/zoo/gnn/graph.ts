/**
 * The graph a graph network reads: node features and undirected edges. It is the universal explainer's
 * `graph` input without its `kind` and `node` fields, so one of those can be passed as it is.
 */
import { UsageError } from '../../errors.js';

export interface GraphData {
  nodes: number;
  featureSize: number;
  /** Node features, row-major [nodes, featureSize]. */
  features: Float32Array;
  /** Undirected edges, each listed once as a pair of node indices. Self-loops are not listed: every layer adds them. */
  edges: Array<[number, number]>;
}

/**
 * Checks a graph against what a network expects, with one-line messages: positive node count, features of
 * the right size and finite, edges between existing nodes, no self-loop (the layers add one to every node,
 * so a listed one would count twice) and no edge listed twice (in either orientation).
 */
export function requireGraph(graph: GraphData, featureSize: number, what = 'graph'): GraphData {
  if (!Number.isSafeInteger(graph.nodes) || graph.nodes < 1) throw new UsageError(`${what}: nodes must be an integer >= 1; got ${String(graph.nodes)}`);
  if (graph.featureSize !== featureSize) throw new UsageError(`${what}: the model expects ${featureSize} features per node; got ${String(graph.featureSize)}`);
  if (!(graph.features instanceof Float32Array) || graph.features.length !== graph.nodes * featureSize) {
    throw new UsageError(`${what}: features must be a Float32Array of nodes x featureSize = ${graph.nodes * featureSize} values; got ${graph.features?.length ?? 'none'}`);
  }
  const bad = graph.features.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new UsageError(`${what}: feature ${bad % featureSize} of node ${Math.floor(bad / featureSize)} is not finite`);
  if (!Array.isArray(graph.edges)) throw new UsageError(`${what}: edges must be an array of [source, target] node pairs`);
  const seen = new Set<number>();
  graph.edges.forEach((edge, e) => {
    const [a, b] = Array.isArray(edge) && edge.length === 2 ? edge : [NaN, NaN];
    if (!isNodeIndex(a, graph.nodes) || !isNodeIndex(b, graph.nodes)) {
      throw new UsageError(`${what}: edge ${e} must join two node indices in 0..${graph.nodes - 1}; got ${JSON.stringify(edge)}`);
    }
    if (a === b) throw new UsageError(`${what}: edge ${e} is a self-loop on node ${a}; leave self-loops out, every layer adds them`);
    const key = Math.min(a, b) * graph.nodes + Math.max(a, b);
    if (seen.has(key)) throw new UsageError(`${what}: edge ${e} (${a}, ${b}) is listed twice; list each undirected edge once`);
    seen.add(key);
  });
  return graph;
}

/** Edge weights for `edges`: one finite value in [0, 1] per edge (1 keeps an edge as it is, 0 removes it). */
export function requireEdgeWeights(weights: ArrayLike<number>, edges: number, what = 'edge weights'): Float32Array {
  if (weights.length !== edges) throw new UsageError(`${what}: expected one weight per edge (${edges}); got ${weights.length}`);
  const out = Float32Array.from(weights);
  const bad = out.findIndex((w) => !(w >= 0 && w <= 1));
  if (bad >= 0) throw new UsageError(`${what}: weight ${bad} must be in [0, 1]; got ${weights[bad]}`);
  return out;
}

function isNodeIndex(value: unknown, nodes: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) < nodes;
}
