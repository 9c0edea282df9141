/** Neighbourhoods and induced subgraphs: what a message-passing network can see around a node. */
import type { GraphData } from './graph.js';

/** Neighbour lists of an undirected edge list. */
export function neighbourLists(nodes: number, edges: ReadonlyArray<readonly [number, number]>): number[][] {
  const lists: number[][] = Array.from({ length: nodes }, () => []);
  for (const [a, b] of edges) {
    lists[a].push(b);
    lists[b].push(a);
  }
  return lists;
}

/** Hop distance from `source` to every node by breadth-first search, -1 beyond `maxHops` (or unreachable). */
export function hopDistances(nodes: number, edges: ReadonlyArray<readonly [number, number]>, source: number, maxHops = Infinity): Int32Array {
  const neighbours = neighbourLists(nodes, edges);
  const distance = new Int32Array(nodes).fill(-1);
  distance[source] = 0;
  let frontier = [source];
  for (let hop = 1; hop <= maxHops && frontier.length > 0; hop++) {
    const next: number[] = [];
    for (const u of frontier) {
      for (const v of neighbours[u]) {
        if (distance[v] < 0) {
          distance[v] = hop;
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return distance;
}

export interface InducedSubgraph {
  graph: GraphData;
  /** Node i of the subgraph is node nodeIds[i] of the original graph (ascending). */
  nodeIds: Int32Array;
  /** Edge e of the subgraph is edge edgeIds[e] of the original graph (ascending). */
  edgeIds: Int32Array;
}

/** The nodes for which `keep` is true, their features, and every edge between two of them, in the original order. */
export function inducedSubgraph(graph: GraphData, keep: (node: number) => boolean): InducedSubgraph {
  const local = new Int32Array(graph.nodes).fill(-1);
  const nodeIds: number[] = [];
  for (let v = 0; v < graph.nodes; v++) {
    if (keep(v)) {
      local[v] = nodeIds.length;
      nodeIds.push(v);
    }
  }
  const edges: Array<[number, number]> = [];
  const edgeIds: number[] = [];
  graph.edges.forEach(([a, b], e) => {
    if (local[a] >= 0 && local[b] >= 0) {
      edges.push([local[a], local[b]]);
      edgeIds.push(e);
    }
  });
  const f = graph.featureSize;
  const features = new Float32Array(nodeIds.length * f);
  nodeIds.forEach((v, i) => features.set(graph.features.subarray(v * f, (v + 1) * f), i * f));
  return {
    graph: { nodes: nodeIds.length, featureSize: f, features, edges },
    nodeIds: Int32Array.from(nodeIds),
    edgeIds: Int32Array.from(edgeIds),
  };
}
