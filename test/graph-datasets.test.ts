import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { nodeFeatures } from '../src/datasets/graph-features.js';
import { addBarabasiAlbert, GraphBuilder } from '../src/datasets/graph-generators.js';
import { baShapes, baTwoMotifs, motifEdgeMask, motifNodeMask, splitIndices, treeCycles, type MotifNodeDataset } from '../src/datasets/graphs.js';
import { mulberry32 } from '../src/datasets/random.js';
import { requireGraph } from '../src/zoo/gnn/graph.js';
import { hopDistances } from '../src/zoo/gnn/subgraph.js';

function counts(labels: Int32Array, classes: number): number[] {
  return Array.from({ length: classes }, (_, c) => labels.filter((l) => l === c).length);
}

function degrees(nodes: number, edges: Array<[number, number]>): Int32Array {
  const d = new Int32Array(nodes);
  for (const [a, b] of edges) {
    d[a]++;
    d[b]++;
  }
  return d;
}

/** Each motif's own edges, as sorted [a, b] pairs of node offsets within the motif. */
function motifShapes(data: MotifNodeDataset): string[] {
  const shapes: string[] = [];
  for (let m = 0; m < data.motifs; m++) {
    const nodes = Array.from(data.nodeMotif.keys()).filter((v) => data.nodeMotif[v] === m);
    const first = Math.min(...nodes);
    const edges = data.graph.edges.filter((_, e) => data.edgeMotif[e] === m).map(([a, b]) => [a - first, b - first].sort().join('-'));
    shapes.push(edges.sort().join(' '));
  }
  return shapes;
}

describe('BA-Shapes', () => {
  const data = baShapes();

  it('has 300 base nodes plus 80 houses of 5, labelled base / top / middle / bottom', () => {
    expect(data.graph.nodes).toBe(700);
    expect(counts(data.labels, 4)).toEqual([300, 80, 160, 160]);
    expect(data.classes).toBe(4);
    expect(data.motifs).toBe(80);
  });

  it('counts its edges: BA (m = 5), six per house, one attachment per house, then 1% random', () => {
    const ba = 5 + 5 * (300 - 6);
    const planted = ba + 80 * 7;
    expect(data.graph.edges.length).toBe(planted + Math.round(0.01 * planted));
    expect(() => requireGraph(data.graph, 10)).not.toThrow();
  });

  it('plants houses: a roof over a square, the roof labelled 1, the middle 2, the bottom 3', () => {
    const house = '0-1 0-2 1-2 1-3 2-4 3-4';
    expect(new Set(motifShapes(data))).toEqual(new Set([house]));
    for (let m = 0; m < 80; m++) {
      const nodes = Array.from(data.nodeMotif.keys()).filter((v) => data.nodeMotif[v] === m);
      expect(nodes.map((v) => data.labels[v])).toEqual([1, 2, 2, 3, 3]);
    }
  });

  it('joins each house to a distinct base node by one edge from a bottom node', () => {
    const hosts = new Set<number>();
    data.graph.edges.slice(0, 5 + 5 * 294 + 80 * 7).forEach(([a, b], e) => {
      if (data.edgeMotif[e] >= 0 || (data.nodeMotif[a] < 0 && data.nodeMotif[b] < 0)) return;
      const [motifNode, base] = data.nodeMotif[a] >= 0 ? [a, b] : [b, a];
      expect(data.labels[motifNode]).toBe(3);
      expect(data.nodeMotif[base]).toBe(-1);
      hosts.add(base);
    });
    expect(hosts.size).toBe(80);
  });

  it('gives masks of 400 motif nodes and 480 motif edges, and per-motif masks of 5 and 6', () => {
    expect(motifNodeMask(data).reduce((a, b) => a + b, 0)).toBe(400);
    expect(motifEdgeMask(data).reduce((a, b) => a + b, 0)).toBe(480);
    expect(motifNodeMask(data, 7).reduce((a, b) => a + b, 0)).toBe(5);
    expect(motifEdgeMask(data, 7).reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('has constant features by default (the paper\'s), and one-hot degrees when asked', () => {
    expect(data.graph.features.every((v) => v === 1)).toBe(true);
    const withDegrees = baShapes({ features: 'degree', featureSize: 4 });
    const d = degrees(withDegrees.graph.nodes, withDegrees.graph.edges);
    for (let v = 0; v < 700; v++) {
      const row = Array.from(withDegrees.graph.features.slice(4 * v, 4 * v + 4));
      expect(row.reduce((a, b) => a + b, 0)).toBe(1);
      expect(row.indexOf(1)).toBe(Math.min(d[v], 3));
    }
  });

  it('is the same for the same seed and differs for another', () => {
    expect(baShapes({ seed: 0 }).graph.edges).toEqual(data.graph.edges);
    expect(baShapes({ seed: 1 }).graph.edges).not.toEqual(data.graph.edges);
  });
});

describe('Tree-Cycles', () => {
  const data = treeCycles();

  it('has a balanced binary tree of depth 8 (511 nodes) and 80 six-cycles, labelled 1 on cycles', () => {
    expect(data.graph.nodes).toBe(511 + 480);
    expect(counts(data.labels, 2)).toEqual([511, 480]);
    const planted = 510 + 80 * 7;
    expect(data.graph.edges.length).toBe(planted + Math.round(0.01 * planted));
    expect(new Set(motifShapes(data))).toEqual(new Set(['0-1 0-5 1-2 2-3 3-4 4-5']));
  });

  it('builds the tree as a tree: every non-root node 1 to 8 hops from the root before perturbation', () => {
    const clean = treeCycles({ cycles: 0, randomEdgeShare: 0 });
    expect(clean.graph.edges.length).toBe(510);
    const distance = hopDistances(clean.graph.nodes, clean.graph.edges, 0);
    expect(Math.max(...distance)).toBe(8);
    expect(distance.filter((h) => h === 8).length).toBe(256);
  });

  it('rejects impossible sizes with one-line usage errors', () => {
    expect(() => treeCycles({ depth: 2, cycles: 8 })).toThrow(/cycles must be in 0\.\.7/);
    expect(() => treeCycles({ cycleLength: 2 })).toThrow(UsageError);
    expect(() => treeCycles({ randomEdgeShare: 2 })).toThrow(/randomEdgeShare must be in \[0, 1\]/);
    expect(() => treeCycles({ depht: 3 } as never)).toThrow(/unknown option\(s\) depht/);
    expect(() => baShapes({ houses: 301 })).toThrow(/houses \(301\) cannot exceed baseNodes/);
    expect(() => baShapes({ features: 'random' as 'constant' })).toThrow(/kind must be one of constant, degree/);
  });
});

describe('BA-2Motifs', () => {
  const data = baTwoMotifs({ count: 40 });

  it('alternates houses (class 0) and five-cycles (class 1) on 20-node BA trees', () => {
    data.graphs.forEach(({ graph, label, motifNodes, motifEdges }, i) => {
      expect(label).toBe(i % 2);
      expect(graph.nodes).toBe(25);
      // A BA tree (m = 1) has 19 edges; the motif has 6 (house) or 5 (cycle); one edge attaches it.
      expect(graph.edges.length).toBe(19 + (label === 0 ? 6 : 5) + 1);
      expect(Array.from(motifNodes)).toEqual([...new Array(20).fill(0), 1, 1, 1, 1, 1]);
      expect(motifEdges.reduce((a, b) => a + b, 0)).toBe(label === 0 ? 6 : 5);
      motifEdges.forEach((m, e) => m && expect(graph.edges[e].every((v) => v >= 20)).toBe(true));
      expect(() => requireGraph(graph, 10)).not.toThrow();
    });
  });

  it('is the same for the same seed, and each graph differs from the others', () => {
    expect(baTwoMotifs({ count: 40 }).graphs.map((g) => g.graph.edges)).toEqual(data.graphs.map((g) => g.graph.edges));
    expect(data.graphs[0].graph.edges).not.toEqual(data.graphs[2].graph.edges);
  });
});

describe('the generators', () => {
  it('build a Barabási–Albert graph with preferential attachment: m edges per new node, hubs far above the mean', () => {
    const builder = new GraphBuilder();
    addBarabasiAlbert(builder, 1000, 2, mulberry32(4));
    expect(builder.edges.length).toBe(2 + 2 * (1000 - 3));
    const d = degrees(1000, builder.edges);
    // Every node after the initial star brought m = 2 edges of its own.
    expect(Math.min(...d.slice(3))).toBeGreaterThanOrEqual(2);
    expect(Math.max(...d)).toBeGreaterThan(8 * (2 * builder.edges.length) / 1000);
  });

  it('compute one-hot degree features capped at the last slot', () => {
    expect(Array.from(nodeFeatures('degree', 3, [[0, 1], [0, 2]], 2))).toEqual([0, 1, 0, 1, 0, 1]);
    expect(Array.from(nodeFeatures('degree', 3, [[0, 1], [0, 2]], 3))).toEqual([0, 0, 1, 0, 1, 0, 0, 1, 0]);
  });

  it('split indices into disjoint, covering, seeded train and test sets', () => {
    const { train, test } = splitIndices(100, 0.2, 1);
    expect(test.length).toBe(20);
    expect(new Set([...train, ...test]).size).toBe(100);
    expect(splitIndices(100, 0.2, 1).test).toEqual(test);
    expect(splitIndices(100, 0.2, 2).test).not.toEqual(test);
    expect(() => splitIndices(10, 1, 0)).toThrow(UsageError);
  });
});
