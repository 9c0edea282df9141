/**
 * Fragmentation of a kept set: how many separate pieces a threshold leaves, on the map's own topology.
 * A tight threshold on a smooth map keeps one piece; on a noisy map it shatters into speckle (images),
 * scattered steps instead of an interval (sequences) or disconnected nodes (graphs).
 */
import { connectedRegions } from '../../attribution/connectivity.js';
import type { Topology } from '../../attribution/types.js';

/** 4-connected regions on a grid, maximal runs of kept steps on a sequence, connected components of the kept subgraph. */
export function fragmentCount(kept: ArrayLike<number>, topology: Topology): number {
  const mask = Uint8Array.from({ length: kept.length }, (_, i) => (kept[i] > 0 ? 1 : 0));
  switch (topology.kind) {
    case 'grid2d':
      return connectedRegions(mask, topology.width, topology.height).count;
    case 'sequence':
      return runCount(mask);
    case 'graph':
      return componentCount(mask, topology.edges);
  }
}

/** Runs of consecutive non-zero entries. */
export function runCount(mask: Uint8Array): number {
  let runs = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0 && (i === 0 || mask[i - 1] === 0)) runs++;
  return runs;
}

/** Connected components among the kept nodes, through edges whose both ends are kept (union-find). */
export function componentCount(mask: Uint8Array, edges: ReadonlyArray<readonly [number, number]>): number {
  const parent = Int32Array.from({ length: mask.length }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  let components = mask.reduce((n, m) => n + (m !== 0 ? 1 : 0), 0);
  for (const [a, b] of edges) {
    // Also skips an edge naming a node outside the map (mask[i] undefined).
    if (!(mask[a] > 0 && mask[b] > 0)) continue;
    const ra = root(a);
    const rb = root(b);
    if (ra !== rb) {
      parent[ra] = rb;
      components--;
    }
  }
  return components;
}
