/**
 * A node-classification explanation only covers the explained node's computation graph (its L-hop
 * neighbourhood): every node further away has zero importance by construction. Simplifying over the whole
 * input graph would let the coverage floor swallow that neighbourhood whole and make any map look
 * concentrated. So the subgraph is simplified on its own, with coverage measured within it, and the kept
 * set is laid back onto the input graph's numbering.
 */
import { UsageError } from '../../errors.js';
import { simplifyGraph, type GraphSimplifyOptions } from './graph.js';
import type { Simplified } from './types.js';

export function simplifyGraphInScope(
  values: ArrayLike<number>,
  edges: ReadonlyArray<readonly [number, number]>,
  scope: ArrayLike<number>,
  options: GraphSimplifyOptions = {},
): Simplified {
  const n = values.length;
  const local = new Int32Array(n).fill(-1);
  for (let i = 0; i < scope.length; i++) {
    const node = scope[i];
    if (!(Number.isSafeInteger(node) && node >= 0 && node < n)) throw new UsageError(`graph simplification: scope node ${node} is not in 0..${n - 1}`);
    local[node] = i;
  }
  const { anchor, edgeImportance } = options;
  if (anchor !== undefined && (anchor < 0 || anchor >= n || local[anchor] < 0)) {
    throw new UsageError(`graph simplification: the anchor ${anchor} is outside the explained subgraph`);
  }
  const subValues = Float32Array.from(scope, (node) => values[node]);
  const subEdges: Array<[number, number]> = [];
  const subImportance: number[] = [];
  edges.forEach(([a, b], e) => {
    if (local[a] < 0 || local[b] < 0) return;
    subEdges.push([local[a], local[b]]);
    if (edgeImportance) subImportance.push(edgeImportance[e]);
  });
  const sub = simplifyGraph(subValues, subEdges, {
    ...options,
    anchor: anchor === undefined ? undefined : local[anchor],
    anchorName: anchor === undefined ? undefined : String(anchor),
    edgeImportance: edgeImportance ? Float32Array.from(subImportance) : undefined,
  });
  const kept = new Uint8Array(n);
  const simplifiedValues = new Float32Array(n);
  for (let i = 0; i < scope.length; i++) {
    kept[scope[i]] = sub.kept[i];
    simplifiedValues[scope[i]] = sub.threshold.values[i];
  }
  const description = `${sub.structure.description} (within the ${scope.length}-node computation graph of the ${n}-node input)`;
  return { ...sub, kept, threshold: { ...sub.threshold, values: simplifiedValues }, structure: { ...sub.structure, description } };
}
