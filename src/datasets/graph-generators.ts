/**
 * Building blocks of the synthetic graphs: base graphs (Barabási–Albert, balanced binary tree), the motifs
 * planted on them (house, cycle), and random extra edges, all drawn from a seeded generator.
 */
import { integer, type Random } from './random.js';

/** An undirected simple graph under construction: nodes are 0..nodes-1, each edge is kept once. */
export class GraphBuilder {
  nodes = 0;
  readonly edges: Array<[number, number]> = [];
  private readonly keys = new Set<string>();

  addNodes(count: number): number {
    const first = this.nodes;
    this.nodes += count;
    return first;
  }

  hasEdge(a: number, b: number): boolean {
    return this.keys.has(edgeKey(a, b));
  }

  /** Adds the edge unless it is a self-loop or already there; returns whether it was added. */
  addEdge(a: number, b: number): boolean {
    if (a === b || this.hasEdge(a, b)) return false;
    this.keys.add(edgeKey(a, b));
    this.edges.push([a, b]);
    return true;
  }
}

function edgeKey(a: number, b: number): string {
  return a < b ? `${a},${b}` : `${b},${a}`;
}

/**
 * Barabási and Albert, "Emergence of scaling in random networks", Science 1999, as networkx builds it: a
 * star of m + 1 nodes, then each new node joins m distinct existing nodes drawn with probability
 * proportional to their degree (uniform draws from a list holding each node once per edge end).
 * Returns the index of the first node added.
 */
export function addBarabasiAlbert(builder: GraphBuilder, nodes: number, edgesPerNode: number, random: Random): number {
  const first = builder.addNodes(nodes);
  const ends: number[] = [];
  for (let v = 1; v <= Math.min(edgesPerNode, nodes - 1); v++) {
    builder.addEdge(first, first + v);
    ends.push(first, first + v);
  }
  for (let v = edgesPerNode + 1; v < nodes; v++) {
    const targets = new Set<number>();
    while (targets.size < edgesPerNode) targets.add(ends[integer(random, 0, ends.length - 1)]);
    for (const t of targets) {
      builder.addEdge(first + v, t);
      ends.push(first + v, t);
    }
  }
  return first;
}

/** A balanced binary tree of the given depth (2^(depth+1) - 1 nodes, node k's children 2k+1 and 2k+2). Returns its root. */
export function addBalancedBinaryTree(builder: GraphBuilder, depth: number): number {
  const count = 2 ** (depth + 1) - 1;
  const root = builder.addNodes(count);
  for (let k = 1; k < count; k++) builder.addEdge(root + Math.floor((k - 1) / 2), root + k);
  return root;
}

/** The house motif's node roles (GNNExplainer's BA-Shapes labels): roof top, middle floor, bottom floor. */
export const HOUSE_ROLES = { top: 1, middle: 2, bottom: 3 } as const;

export interface PlantedMotif {
  /** The motif's nodes, in order. */
  nodes: number[];
  /** Index, in builder.edges, of each of the motif's own edges. */
  edges: number[];
  /** The node joined to the base graph. */
  anchor: number;
}

/**
 * A house of five nodes: a square (middle pair over bottom pair) under a roof node. Nodes are
 * [top, middle, middle, bottom, bottom]; six edges; the first bottom node is the one attached to the base.
 */
export function addHouse(builder: GraphBuilder): PlantedMotif {
  const t = builder.addNodes(5);
  const [top, m1, m2, b1, b2] = [t, t + 1, t + 2, t + 3, t + 4];
  const edges = addEdges(builder, [[top, m1], [top, m2], [m1, m2], [m1, b1], [m2, b2], [b1, b2]]);
  return { nodes: [top, m1, m2, b1, b2], edges, anchor: b1 };
}

/** A cycle of `length` nodes; its first node is the one attached to the base. */
export function addCycle(builder: GraphBuilder, length: number): PlantedMotif {
  const first = builder.addNodes(length);
  const nodes = Array.from({ length }, (_, i) => first + i);
  const edges = addEdges(builder, nodes.map((v, i): [number, number] => [v, nodes[(i + 1) % length]]));
  return { nodes, edges, anchor: first };
}

function addEdges(builder: GraphBuilder, pairs: Array<[number, number]>): number[] {
  return pairs.map(([a, b]) => {
    builder.addEdge(a, b);
    return builder.edges.length - 1;
  });
}

/** Adds `count` edges between uniformly drawn pairs of distinct, not yet joined nodes. */
export function addRandomEdges(builder: GraphBuilder, count: number, random: Random): void {
  const possible = (builder.nodes * (builder.nodes - 1)) / 2 - builder.edges.length;
  let added = 0;
  while (added < Math.min(count, possible)) {
    if (builder.addEdge(integer(random, 0, builder.nodes - 1), integer(random, 0, builder.nodes - 1))) added++;
  }
}
