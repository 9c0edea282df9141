import { simplifyGraphInScope } from '../src/universal/simplify/graph-scope.js';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/attribution/random.js';
import { dynamicThreshold } from '../src/attribution/threshold/dynamic.js';
import { UsageError } from '../src/errors.js';
import { simplifyGraph } from '../src/universal/simplify/graph.js';

type Edge = [number, number];

function neighbours(edges: Edge[], i: number): number[] {
  return edges.flatMap(([a, b]) => (a === i ? [b] : b === i ? [a] : []));
}

/** The best node in `candidates` (largest non-negative value, then lowest index); -1 when none. */
function best(values: Float32Array, candidates: number[]): number {
  return candidates.reduce((b, i) => (b < 0 || Math.max(0, values[i]) > Math.max(0, values[b]) || (Math.max(0, values[i]) === Math.max(0, values[b]) && i < b) ? i : b), -1);
}

/** Components of the subgraph induced by `mask`, by repeated relaxation of labels over the edge list. */
function naiveComponents(mask: Uint8Array, edges: Edge[]): number[][] {
  const label = Array.from(mask, (m, i) => (m ? i : -1));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [a, b] of edges) {
      if (label[a] < 0 || label[b] < 0 || label[a] === label[b]) continue;
      const low = Math.min(label[a], label[b]);
      label[a] = label[b] = low;
      changed = true;
    }
  }
  const groups = new Map<number, number[]>();
  label.forEach((l, i) => l >= 0 && groups.set(l, [...(groups.get(l) ?? []), i]));
  return [...groups.values()];
}

/** The subgraph simplifier the plain way: every step rescans all nodes for the best one adjacent to the kept set. */
function naiveSimplifyGraph(values: Float32Array, edges: Edge[], minCoverage: number, anchor?: number): Uint8Array {
  const n = values.length;
  const seed = dynamicThreshold(values, { minCoverage });
  const important = Array.from(seed.values, (v) => v > 0);
  const kept = new Uint8Array(n);
  let needed = 0;
  while (needed / n < minCoverage) needed++;
  if (seed.energy === 0 && anchor === undefined) return kept;
  const count = (): number => kept.reduce((s, v) => s + v, 0);
  if (anchor !== undefined) kept[anchor] = 1;
  else {
    const mass = (c: number[]): number => c.reduce((s, i) => s + Math.max(0, values[i]), 0);
    const comps = naiveComponents(Uint8Array.from(important, Number), edges).sort((a, b) => mass(b) - mass(a) || Math.min(...a) - Math.min(...b));
    for (const c of comps) {
      if (count() >= needed) break;
      for (const i of c) kept[i] = 1;
    }
  }
  const ever = Uint8Array.from(kept);
  for (;;) {
    const frontier = [...Array(n).keys()].filter((i) => !ever[i] && neighbours(edges, i).some((j) => kept[j] && ever[j]));
    let next = best(values, frontier);
    if (next >= 0 && count() >= needed && !(anchor !== undefined && important[next])) break;
    if (next < 0) {
      if (count() >= needed) break;
      next = best(values, [...Array(n).keys()].filter((i) => !kept[i]));
      if (next < 0) break;
    }
    kept[next] = 1;
    ever[next] = 1;
  }
  return kept;
}

/** A random sparse graph: a few clusters joined by a handful of edges, and some isolated nodes. */
function randomGraph(n: number, rng: () => number): Edge[] {
  const edges: Edge[] = [];
  for (let i = 1; i < n; i++) if (rng() < 0.85) edges.push([i, Math.floor(rng() * i)]);
  for (let k = 0; k < n / 3; k++) edges.push([Math.floor(rng() * n), Math.floor(rng() * n)]);
  return edges;
}

describe('graph simplification: a connected subgraph', () => {
  it('grows from the anchor through a weak bridge to the strong nodes behind it, skipping a strong node cut off from it', () => {
    // 0 (anchor) - 1 (weak) - 2 (strong) - 3 (strong); 4 (strong) is only linked to 5, far from the anchor.
    const values = Float32Array.from([0.3, 0.05, 0.9, 1, 0.95, 0, 0, 0, 0, 0]);
    const edges: Edge[] = [[0, 1], [1, 2], [2, 3], [4, 5], [5, 6], [6, 7], [7, 8], [8, 9]];
    const s = simplifyGraph(values, edges, { anchor: 0, minCoverage: 0.4 });
    expect(Array.from(s.kept)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(s.structure).toMatchObject({ kind: 'subgraph', count: 4 });
    expect(s.structure.description).toMatch(/4 nodes connected to node 0 \(3 edges\)/);
    expect(s.coherence).toBe(1);
  });

  it('without an anchor keeps the component with the most mass', () => {
    const values = Float32Array.from([0.6, 0.6, 0.6, 1, 0, 0]);
    const edges: Edge[] = [[0, 1], [1, 2], [3, 4], [4, 5]];
    const s = simplifyGraph(values, edges, { minCoverage: 0.3 });
    expect(Array.from(s.kept)).toEqual([1, 1, 1, 0, 0, 0]);
  });

  it('reports the share of edge importance the kept edges carry', () => {
    const values = Float32Array.from([1, 1, 0, 0]);
    const edges: Edge[] = [[0, 1], [1, 2], [2, 3]];
    const s = simplifyGraph(values, edges, { minCoverage: 0.5, anchor: 0, edgeImportance: Float32Array.from([3, 1, 0]) });
    expect(s.structure.description).toMatch(/whose 1 edges carry 75% of the edge importance/);
  });

  it('equals the plain reference on random graphs, contains the anchor, and always meets the floor', () => {
    const rng = mulberry32(21);
    for (let trial = 0; trial < 120; trial++) {
      const n = 1 + Math.floor(rng() * 40);
      const edges = randomGraph(n, rng);
      const values = Float32Array.from({ length: n }, () => (rng() < 0.4 ? 0 : rng() ** 2));
      const minCoverage = [0.05, 0.1, 0.3, 0.7][trial % 4];
      const anchor = trial % 2 === 0 ? Math.floor(rng() * n) : undefined;
      const s = simplifyGraph(values, edges, { minCoverage, anchor });
      expect(Array.from(s.kept)).toEqual(Array.from(naiveSimplifyGraph(values, edges, minCoverage, anchor)));
      if (anchor !== undefined) expect(s.kept[anchor]).toBe(1);
      if (anchor !== undefined || values.some((v) => v > 0)) expect(s.threshold.coverage).toBeGreaterThanOrEqual(minCoverage);
    }
  });

  it('rejects an edge to a missing node, a bad anchor and mismatched edge importances', () => {
    expect(() => simplifyGraph(new Float32Array(3), [[0, 3]])).toThrow(/edge 0 \(0, 3\) names a node outside 0..2/);
    expect(() => simplifyGraph(new Float32Array(3), [], { anchor: 3 })).toThrow(UsageError);
    expect(() => simplifyGraph(new Float32Array(3), [[0, 1]], { edgeImportance: new Float32Array(2) })).toThrow(UsageError);
  });
});

describe('simplifyGraphInScope (a node explanation covers its computation graph only)', () => {
  // A path 0-1-2-3-4-5-6-7 of which nodes 2..5 are the explained node's neighbourhood; 3 is the anchor.
  const edges: Array<[number, number]> = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 7]];
  const values = Float32Array.from([0, 0, 0.2, 1, 0.9, 0.1, 0, 0]);
  const scope = Int32Array.from([2, 3, 4, 5]);

  it('equals simplifying the renumbered subgraph, laid back onto the input numbering', () => {
    const scoped = simplifyGraphInScope(values, edges, scope, { anchor: 3, minCoverage: 0.5 });
    const direct = simplifyGraph(Float32Array.from([0.2, 1, 0.9, 0.1]), [[0, 1], [1, 2], [2, 3]], { anchor: 1, minCoverage: 0.5 });
    expect(scoped.threshold.coverage).toBeCloseTo(direct.threshold.coverage, 6);
    expect(scoped.threshold.energy).toBeCloseTo(direct.threshold.energy, 6);
    expect(Array.from(scoped.kept)).toEqual([0, 0, ...Array.from(direct.kept), 0, 0]);
    expect(scoped.structure.description).toMatch(/node 3\b/);
    expect(scoped.structure.description).toMatch(/4-node computation graph of the 8-node input/);
  });

  it('measures the coverage floor within the scope, not the whole graph', () => {
    const whole = simplifyGraph(values, edges, { anchor: 3, minCoverage: 0.5 });
    const scoped = simplifyGraphInScope(values, edges, scope, { anchor: 3, minCoverage: 0.5 });
    expect(whole.kept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4);
    expect(scoped.kept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
    expect(scoped.kept.reduce((a, b) => a + b, 0)).toBeLessThan(4);
  });

  it('rejects an anchor outside the scope in one line', () => {
    expect(() => simplifyGraphInScope(values, edges, scope, { anchor: 0 })).toThrow(/outside the explained subgraph/);
  });
});
