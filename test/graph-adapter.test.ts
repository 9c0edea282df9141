import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { explainGraph } from '../src/explainers/graph/index.js';
import { graphAdapter } from '../src/universal/adapters/graph.js';
import type { UniversalInput } from '../src/universal/types.js';
import { buildGraphNetwork, type GraphNetwork } from '../src/zoo/gnn/index.js';

const INPUT: Extract<UniversalInput, { kind: 'graph' }> = {
  kind: 'graph',
  nodes: 8,
  featureSize: 2,
  features: Float32Array.from({ length: 16 }, (_, i) => Math.sin(i) + 1),
  // A path 0-1-2-3-4-5-6 and a pendant 7 on 6: node 0's 2-hop computation graph is 0, 1, 2.
  edges: [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 7]],
  node: 1,
};

let gcnNode: GraphNetwork;
let gatNode: GraphNetwork;
let gcnGraph: GraphNetwork;

beforeAll(async () => {
  await initBackend('wasm');
  gcnNode = buildGraphNetwork({ task: 'node', featureSize: 2, numClasses: 3, layers: [{ kind: 'gcn', units: 4 }, { kind: 'gcn', units: 4 }], seed: 1 });
  gatNode = buildGraphNetwork({ task: 'node', featureSize: 2, numClasses: 3, layers: [{ kind: 'gat', units: 4, heads: 4 }, { kind: 'gat', units: 4, heads: 4 }, { kind: 'gat', units: 2, heads: 4 }], seed: 1 });
  gcnGraph = buildGraphNetwork({ task: 'graph', featureSize: 2, numClasses: 2, layers: [{ kind: 'gcn', units: 4 }, { kind: 'gat', units: 3, heads: 2 }], seed: 1 });
});

afterAll(() => {
  for (const m of [gcnNode, gatNode, gcnGraph]) m.dispose();
});

describe('the graph adapter', () => {
  it('is the graph family, over graph input, gradient first', () => {
    expect(graphAdapter.name).toBe('graph');
    expect(graphAdapter.architecture).toBe('graph');
    expect(graphAdapter.inputs).toEqual(['graph']);
    expect(graphAdapter.methods).toEqual(['graph-gradient', 'gat-attention', 'graph-saliency']);
  });

  it('recognises graph networks and says what it saw', () => {
    expect(graphAdapter.detect(gcnNode)).toBe('2 GCN layers, node classification (2 features per node, 3 classes)');
    expect(graphAdapter.detect(gatNode)).toBe('3 GAT layers (4 heads), node classification (2 features per node, 3 classes)');
    expect(graphAdapter.detect(gcnGraph)).toBe('1 GCN layer + 1 GAT layer (2 heads), graph classification (2 features per node, 2 classes)');
  });

  it('returns null, without throwing, for anything else', () => {
    const layers = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] });
    const throwing = Object.defineProperty({}, 'layerKinds', { get: () => { throw new Error('boom'); } });
    const lookalikes: unknown[] = [
      null,
      undefined,
      42,
      'gcn',
      {},
      layers,
      { layerKinds: ['conv'], task: 'node', numClasses: 2, featureSize: 2, hops: 1, predict: () => 0, forward: () => 0 },
      { layerKinds: ['gcn'], task: 'edge', numClasses: 2, featureSize: 2, hops: 1, predict: () => 0, forward: () => 0 },
      { layerKinds: [], task: 'node', numClasses: 2, featureSize: 2, hops: 0, predict: () => 0, forward: () => 0 },
      { layerKinds: ['gcn'], task: 'node', numClasses: 2, featureSize: 2, hops: 1 },
      throwing,
    ];
    for (const model of lookalikes) expect(graphAdapter.detect(model)).toBeNull();
    layers.dispose();
  });

  it('explains the input node: attribution and edge importance on the input graph, zero outside the computation graph', async () => {
    const result = await graphAdapter.explain(gcnNode, INPUT, {});
    const direct = await explainGraph(gcnNode, INPUT, 'graph-gradient', { node: 1 });
    expect(result.method).toBe('graph-gradient');
    expect(result.target).toBe(direct.target);
    expect(result.score).toBeCloseTo(direct.score, 6);
    expect(result.probability).toBeCloseTo(direct.probability, 6);
    expect(result.runnerUpProbability).toBeCloseTo(direct.runnerUpProbability, 6);
    expect(result.attribution.topology).toEqual({ kind: 'graph', nodes: 8, edges: INPUT.edges });
    expect(result.context?.anchor).toBe(1);
    // Node 1's 2-hop computation graph: nodes 0..3 and edges (0,1), (1,2), (2,3).
    expect(Array.from(result.attribution.values.slice(4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(result.attribution.values.slice(0, 4))).toEqual(Array.from(direct.attribution.values));
    expect(Array.from(result.context?.edgeImportance ?? [])).toEqual([...Array.from(direct.edgeImportance), 0, 0, 0, 0]);
    expect(result.explainMs).toBeGreaterThan(0);
  });

  it('takes the method and the class it is told', async () => {
    const result = await graphAdapter.explain(gatNode, INPUT, { method: 'gat-attention', target: 2 });
    expect(result.method).toBe('gat-attention');
    expect(result.target).toBe(2);
    const saliency = await graphAdapter.explain(gatNode, INPUT, { method: 'graph-saliency' });
    expect(saliency.method).toBe('graph-saliency');
  });

  it('explains a graph classifier over the whole graph without an anchor', async () => {
    const { node: _node, ...whole } = INPUT;
    const result = await graphAdapter.explain(gcnGraph, whole, {});
    expect(result.context?.anchor).toBeUndefined();
    expect(result.context?.edgeImportance).toHaveLength(7);
    expect(result.attribution.values).toHaveLength(8);
  });

  it.each([
    ['a non-graph input', () => gcnNode, { kind: 'text', text: 'hello' } as UniversalInput, {}, /explains graph input, not text/],
    ['a model that is not a graph network', () => ({}), INPUT, {}, /not a graph network/],
    ['an unknown method', () => gcnNode, INPUT, { method: 'gradcam' }, /unknown graph method 'gradcam'/],
    ['attention on a GCN', () => gcnNode, INPUT, { method: 'gat-attention' }, /gat-attention needs GAT layers/],
    ['a node classifier without a node', () => gcnNode, { ...INPUT, node: undefined }, {}, /name the node to explain/],
  ])('rejects %s with a usage error', async (_, model, input, options, message) => {
    // The models are built in beforeAll, after this table is read: hence the functions.
    await expect(graphAdapter.explain(model(), input, options)).rejects.toThrow(UsageError);
    await expect(graphAdapter.explain(model(), input, options)).rejects.toThrow(message);
  });
});
