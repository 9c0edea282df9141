/**
 * Topology-aware simplification of a per-node map: path connectivity for graph networks. A GNN's
 * prediction for a node flows along edges, so evidence cut off from the node explains nothing (Ying et al.
 * 2019, GNNExplainer, keep a connected subgraph for the same reason). With an anchor (node
 * classification), the kept subgraph grows best-first from the anchor: the most important node adjacent to
 * what is kept joins next, for as long as it clears the dynamic threshold, and in any case until the
 * coverage floor holds. Without one (graph classification), the dynamic threshold's nodes are split into
 * connected components of the subgraph they induce, and the components with the most mass are kept until
 * the floor holds, growing best-first when they fall short. Only when a connected part has fewer nodes
 * than the floor needs does the growth start again from the strongest node left.
 */
import { dynamicThreshold } from '../../attribution/threshold/dynamic.js';
import { UsageError } from '../../errors.js';
import { BestFirstQueue } from './best-first.js';
import { floorCount, resolveMinCoverage } from './coverage-floor.js';
import { countKept, keptResult, maskOf, percent } from './kept-result.js';
import type { CoverageOptions, Simplified } from './types.js';

export interface GraphSimplifyOptions extends CoverageOptions {
  /** The explained node: the kept subgraph contains it and grows from it. */
  anchor?: number;
  /** One value per edge, in the edges' order: reported as the share the kept edges carry. */
  edgeImportance?: Float32Array;
  /** How the anchor is named in the description (default its index): a subgraph's caller names the input's node. */
  anchorName?: string;
  step?: number;
  maxThreshold?: number;
}

/** Undirected adjacency lists of `nodes` nodes. */
export function adjacencyOf(nodes: number, edges: ReadonlyArray<readonly [number, number]>): number[][] {
  const adjacency: number[][] = Array.from({ length: nodes }, () => []);
  edges.forEach(([a, b], e) => {
    if (!(Number.isSafeInteger(a) && Number.isSafeInteger(b) && a >= 0 && b >= 0 && a < nodes && b < nodes)) {
      throw new UsageError(`graph simplification: edge ${e} (${a}, ${b}) names a node outside 0..${nodes - 1}`);
    }
    adjacency[a].push(b);
    if (a !== b) adjacency[b].push(a);
  });
  return adjacency;
}

export function simplifyGraph(values: ArrayLike<number>, edges: ReadonlyArray<readonly [number, number]>, options: GraphSimplifyOptions = {}): Simplified {
  const n = values.length;
  if (n === 0) throw new UsageError('graph simplification: the graph has no nodes');
  const { anchor, edgeImportance } = options;
  if (anchor !== undefined && !(Number.isSafeInteger(anchor) && anchor >= 0 && anchor < n)) {
    throw new UsageError(`graph simplification: anchor must be a node index in 0..${n - 1}; got ${anchor}`);
  }
  if (edgeImportance && edgeImportance.length !== edges.length) {
    throw new UsageError(`graph simplification: ${edges.length} edges need ${edges.length} edge importances; got ${edgeImportance.length}`);
  }
  const minCoverage = resolveMinCoverage(options.minCoverage);
  const adjacency = adjacencyOf(n, edges);
  const seed = dynamicThreshold(values, { minCoverage, step: options.step, maxThreshold: options.maxThreshold });
  const needed = floorCount(minCoverage, n);
  const important = maskOf(seed);
  const kept = new Uint8Array(n);
  if (seed.energy === 0 && anchor === undefined) {
    return {
      threshold: keptResult(values, kept, 'subgraph', minCoverage, 0),
      kept,
      structure: { kind: 'subgraph', count: 0, description: `no positive evidence on ${n} nodes` },
      coherence: 0,
    };
  }
  if (anchor !== undefined) {
    kept[anchor] = 1;
  } else {
    for (const c of rankedComponents(values, important, adjacency)) {
      if (countKept(kept) >= needed) break;
      for (const i of c.nodes) kept[i] = 1;
    }
  }
  growSubgraph(values, adjacency, kept, needed, anchor === undefined ? undefined : important);

  const components = componentsOf(values, kept, adjacency);
  const threshold = keptResult(values, kept, 'subgraph', minCoverage, seed.cutoff);
  const keptMass = components.reduce((s, c) => s + c.mass, 0);
  const largest = components.reduce((best, c) => (c.mass > best.mass ? c : best), components[0]);
  const keptEdges = edges.filter(([a, b]) => kept[a] === 1 && kept[b] === 1).length;
  const count = countKept(kept);
  const where = anchor === undefined
    ? `${components.length} connected subgraph${components.length === 1 ? '' : 's'} of ${count} node${count === 1 ? '' : 's'}`
    : `${count} node${count === 1 ? '' : 's'} ${components.length === 1 ? 'connected to' : `in ${components.length} parts around`} node ${options.anchorName ?? anchor}`;
  const edgeShare = edgeImportance ? `, whose ${keptEdges} edges carry ${percent(keptEdgeShare(edges, edgeImportance, kept))} of the edge importance` : ` (${keptEdges} edges)`;
  return {
    threshold,
    kept,
    structure: {
      kind: 'subgraph',
      count,
      description: `${where}${edgeShare}, keep ${percent(threshold.energy)} of the mass in ${percent(threshold.coverage)} of ${n} nodes`,
    },
    coherence: keptMass > 0 ? largest.mass / keptMass : anchor === undefined ? 0 : 1,
  };
}

/**
 * Grows `kept` best-first over edges: a node adjacent to the kept set joins while fewer than `needed` are
 * kept or, when `important` is given, while the best adjacent node is important. When nothing adjacent is
 * left and the floor is not met, the strongest node not yet kept starts a new part.
 */
export function growSubgraph(values: ArrayLike<number>, adjacency: number[][], kept: Uint8Array, needed: number, important?: Uint8Array): void {
  const n = kept.length;
  const queued = Uint8Array.from(kept);
  const queue = new BestFirstQueue(values);
  const enqueueNeighbours = (i: number): void => {
    for (const j of adjacency[i]) {
      if (queued[j] === 0) {
        queued[j] = 1;
        queue.push(j);
      }
    }
  };
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (kept[i] === 0) continue;
    count++;
    enqueueNeighbours(i);
  }
  const restarts = new BestFirstQueue(values);
  for (let i = 0; i < n; i++) if (kept[i] === 0) restarts.push(i);
  for (;;) {
    let next = queue.pop();
    if (next !== undefined && count >= needed && important?.[next] !== 1) break;
    if (next === undefined) {
      if (count >= needed) break;
      do next = restarts.pop();
      while (next !== undefined && kept[next] === 1);
      if (next === undefined) break;
      queued[next] = 1;
    }
    kept[next] = 1;
    count++;
    enqueueNeighbours(next);
  }
}

interface Component {
  nodes: number[];
  mass: number;
}

/** Connected components of the subgraph induced by `mask`, by mass (the first node's index on ties). */
function rankedComponents(values: ArrayLike<number>, mask: Uint8Array, adjacency: number[][]): Component[] {
  return componentsOf(values, mask, adjacency).sort((a, b) => b.mass - a.mass || a.nodes[0] - b.nodes[0]);
}

function componentsOf(values: ArrayLike<number>, mask: Uint8Array, adjacency: number[][]): Component[] {
  const seen = new Uint8Array(mask.length);
  const components: Component[] = [];
  for (let s = 0; s < mask.length; s++) {
    if (mask[s] === 0 || seen[s] === 1) continue;
    const nodes = [s];
    seen[s] = 1;
    let mass = 0;
    for (let k = 0; k < nodes.length; k++) {
      const i = nodes[k];
      if (values[i] > 0) mass += values[i];
      for (const j of adjacency[i]) {
        if (mask[j] === 1 && seen[j] === 0) {
          seen[j] = 1;
          nodes.push(j);
        }
      }
    }
    components.push({ nodes, mass });
  }
  return components;
}

function keptEdgeShare(edges: ReadonlyArray<readonly [number, number]>, importance: Float32Array, kept: Uint8Array): number {
  let total = 0;
  let inside = 0;
  edges.forEach(([a, b], e) => {
    const w = importance[e] > 0 ? importance[e] : 0;
    total += w;
    if (kept[a] === 1 && kept[b] === 1) inside += w;
  });
  return total > 0 ? inside / total : 0;
}
