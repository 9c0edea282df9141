/**
 * Node features of the synthetic graphs. They carry no label information, so a network must read the
 * structure:
 * - 'constant': every feature 1, as in GNNExplainer's BA-Shapes and Tree-Cycles (Ying et al. 2019).
 * - 'degree': a one-hot of the node's degree, the last slot taking every degree beyond it (PyTorch
 *   Geometric's OneHotDegree). An attention network needs it: GAT's softmax makes each layer a weighted mean
 *   of the neighbourhood, and a mean of identical vectors is that vector, so on constant features every node
 *   of every graph computes the same output. GCN's symmetric normalisation sees degrees by itself.
 */
import { UsageError } from '../errors.js';

export type NodeFeatureKind = 'constant' | 'degree';

export const NODE_FEATURE_KINDS: readonly NodeFeatureKind[] = ['constant', 'degree'];

/** [nodes, featureSize] row-major. */
export function nodeFeatures(kind: NodeFeatureKind, nodes: number, edges: ReadonlyArray<readonly [number, number]>, featureSize: number): Float32Array {
  if (!Number.isSafeInteger(featureSize) || featureSize < 1) throw new UsageError(`node features: featureSize must be an integer >= 1; got ${featureSize}`);
  if (kind === 'constant') return new Float32Array(nodes * featureSize).fill(1);
  if (kind !== 'degree') throw new UsageError(`node features: kind must be one of ${NODE_FEATURE_KINDS.join(', ')}; got '${String(kind)}'`);
  const degree = new Int32Array(nodes);
  for (const [a, b] of edges) {
    degree[a]++;
    degree[b]++;
  }
  const out = new Float32Array(nodes * featureSize);
  degree.forEach((d, v) => (out[v * featureSize + Math.min(d, featureSize - 1)] = 1));
  return out;
}
