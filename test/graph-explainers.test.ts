import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baShapes } from '../src/datasets/graphs.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { explainGraph, nodeComputationGraph, outputRow } from '../src/explainers/graph/index.js';
import { buildGraphNetwork, graphNetworkFromWeights, type GraphData, type GraphNetwork } from '../src/zoo/gnn/index.js';

/** A triangle 0-1-2, a tail 2-3, a square 3-4-5-6. */
const IRREGULAR: GraphData = {
  nodes: 7,
  featureSize: 3,
  features: Float32Array.from({ length: 21 }, (_, i) => Math.sin(1.7 * i) + 0.3),
  edges: [[0, 1], [1, 2], [0, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 3]],
};

let gcnModel: GraphNetwork;
let gatModel: GraphNetwork;
let graphModel: GraphNetwork;

beforeAll(async () => {
  await initBackend('wasm');
  gcnModel = buildGraphNetwork({ task: 'node', featureSize: 3, numClasses: 3, layers: [{ kind: 'gcn', units: 6 }, { kind: 'gcn', units: 5 }], seed: 4 });
  gatModel = buildGraphNetwork({ task: 'node', featureSize: 3, numClasses: 3, layers: [{ kind: 'gat', units: 3, heads: 2 }, { kind: 'gat', units: 4, heads: 2 }], seed: 4 });
  graphModel = buildGraphNetwork({ task: 'graph', featureSize: 3, numClasses: 2, layers: [{ kind: 'gcn', units: 6 }, { kind: 'gcn', units: 5 }], seed: 4 });
});

afterAll(() => {
  for (const m of [gcnModel, gatModel, graphModel]) m.dispose();
});

/** The target logit of `node` with row `v` of the features scaled by s and edge weights w (differentiable forward, read back). */
function logitAt(model: GraphNetwork, graph: GraphData, node: number, target: number, scaleRow?: { v: number; s: number }, weights?: Float32Array): number {
  const features = Float32Array.from(graph.features);
  if (scaleRow) for (let f = 0; f < graph.featureSize; f++) features[scaleRow.v * graph.featureSize + f] *= scaleRow.s;
  return tf.tidy(() => {
    const out = model.forward({ ...graph, features }, { edgeWeights: weights && tf.tensor1d(weights) });
    return tf.slice(out, [node, target], [1, 1]).dataSync()[0];
  });
}

describe('the computation graph', () => {
  it('reports the nodes within L hops and the edges between them, and runs the forward on L + 1 hops', () => {
    const cg = nodeComputationGraph(IRREGULAR, 0, 2);
    expect(Array.from(cg.forwardNodeIds)).toEqual([0, 1, 2, 3, 4, 6]);
    expect(Array.from(cg.keptNodes, (v) => cg.forwardNodeIds[v])).toEqual([0, 1, 2, 3]);
    expect(Array.from(cg.keptEdges, (e) => cg.forwardEdgeIds[e])).toEqual([0, 1, 2, 3]);
    expect(cg.forwardNodeIds[cg.outputRow]).toBe(0);
  });

  it.each([
    ['GCN', 'gcn'],
    ['GAT', 'gat'],
  ] as const)('%s: gives the explained node exactly the output it has in the whole graph', async (_, kind) => {
    const data = baShapes({ baseNodes: 60, houses: 10, seed: 2 });
    const layers = kind === 'gcn' ? [{ kind, units: 8 }, { kind, units: 8 }, { kind, units: 8 }] : [{ kind, units: 4, heads: 2 }, { kind, units: 4, heads: 2 }, { kind, units: 4, heads: 2 }];
    const model = buildGraphNetwork({ task: 'node', featureSize: 10, numClasses: 4, layers, seed: 6 });
    const full = await model.predict({ ...data.graph, features: Float32Array.from({ length: data.graph.nodes * 10 }, (_, i) => Math.cos(i)) }).data();
    const graph = { ...data.graph, features: Float32Array.from({ length: data.graph.nodes * 10 }, (_, i) => Math.cos(i)) };
    for (const node of [0, 17, 61, 99]) {
      const cg = nodeComputationGraph(graph, node, model.hops);
      expect(cg.forward.nodes).toBeLessThanOrEqual(graph.nodes);
      const row = await outputRow(model, cg);
      Array.from(row).forEach((v, c) => expect(v).toBeCloseTo(full[node * 4 + c], 5));
    }
    model.dispose();
  });
});

describe('graph-gradient', () => {
  it('gives each node |d logit / d s| for its features scaled by s, and each edge |d logit / d w|, checked by finite differences', async () => {
    const e = await explainGraph(gcnModel, IRREGULAR, 'graph-gradient', { node: 1, target: 2 });
    expect(e.target).toBe(2);
    const h = 1e-2;
    Array.from(e.nodeIds).forEach((v, i) => {
      const finite = (logitAt(gcnModel, IRREGULAR, 1, 2, { v, s: 1 + h }) - logitAt(gcnModel, IRREGULAR, 1, 2, { v, s: 1 - h })) / (2 * h);
      expect(e.attribution.values[i]).toBeCloseTo(Math.abs(finite), 3);
    });
    Array.from(e.edgeIds).forEach((id, k) => {
      const at = (w: number): number => logitAt(gcnModel, IRREGULAR, 1, 2, undefined, Float32Array.from(IRREGULAR.edges, (_, j) => (j === id ? w : 1)));
      expect(e.edgeImportance[k]).toBeCloseTo(Math.abs((at(1 + h) - at(1 - h)) / (2 * h)), 3);
    });
    expect(e.edgeImportance.some((v) => v > 1e-3)).toBe(true);
  });

  it('reports the computation graph renumbered, with the explained node as anchor', async () => {
    const e = await explainGraph(gcnModel, IRREGULAR, 'graph-gradient', { node: 0 });
    expect(Array.from(e.nodeIds)).toEqual([0, 1, 2, 3]);
    expect(e.attribution.topology).toEqual({ kind: 'graph', nodes: 4, edges: [[0, 1], [1, 2], [0, 2], [2, 3]] });
    expect(e.anchor).toBe(0);
    expect(e.node).toBe(0);
    expect(e.edgeImportance).toHaveLength(4);
  });

  it('explains the predicted class by default, with its softmax probability and the runner-up\'s', async () => {
    const logits = await gatModel.predict(IRREGULAR).data();
    const row = Array.from(logits.slice(5 * 3, 5 * 3 + 3));
    const e = await explainGraph(gatModel, IRREGULAR, 'graph-gradient', { node: 5 });
    const predicted = row.indexOf(Math.max(...row));
    const exps = row.map((z) => Math.exp(z));
    const total = exps.reduce((a, b) => a + b, 0);
    expect(e.target).toBe(predicted);
    expect(e.score).toBeCloseTo(row[predicted], 5);
    expect(e.probability).toBeCloseTo(exps[predicted] / total, 5);
    expect(e.runnerUpProbability).toBeCloseTo(Math.max(...exps.filter((_, c) => c !== predicted)) / total, 5);
  });

  it('explains a graph classification over the whole graph, without an anchor', async () => {
    const e = await explainGraph(graphModel, IRREGULAR, 'graph-gradient', { target: 1 });
    expect(Array.from(e.nodeIds)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(e.attribution.topology).toEqual({ kind: 'graph', nodes: 7, edges: IRREGULAR.edges });
    expect(e.anchor).toBeUndefined();
    expect(e.attribution.values.every((v) => v >= 0)).toBe(true);
  });
});

describe('graph-saliency', () => {
  it('gives each node the largest |gradient| over its features (checked by finite differences on one feature at a time)', async () => {
    const e = await explainGraph(gcnModel, IRREGULAR, 'graph-saliency', { node: 2, target: 0 });
    const h = 1e-2;
    Array.from(e.nodeIds).forEach((v, i) => {
      const perFeature = [0, 1, 2].map((f) => {
        const shifted = (d: number): number => {
          const features = Float32Array.from(IRREGULAR.features);
          features[v * 3 + f] += d;
          return logitAt(gcnModel, { ...IRREGULAR, features }, 2, 0);
        };
        return Math.abs((shifted(h) - shifted(-h)) / (2 * h));
      });
      expect(e.attribution.values[i]).toBeCloseTo(Math.max(...perFeature), 3);
    });
    const gradient = await explainGraph(gcnModel, IRREGULAR, 'graph-gradient', { node: 2, target: 0 });
    expect(Array.from(e.edgeImportance)).toEqual(Array.from(gradient.edgeImportance));
  });
});

describe('gat-attention', () => {
  it('averages alpha_ij and alpha_ji over heads and layers (hand-worked one-layer, one-head GAT)', async () => {
    // W = [1], a = [0.5 | -1] on the path 0 - 1 - 2 with x = 1, 2, 3, then a linear head.
    const weights = new Map<string, tf.Tensor>([
      ['layer0/kernel', tf.tensor2d([[1]])],
      ['layer0/attention_self', tf.tensor2d([[0.5]])],
      ['layer0/attention_neighbour', tf.tensor2d([[-1]])],
      ['layer0/bias', tf.tensor1d([0])],
      ['head/kernel', tf.tensor2d([[1, -1]])],
      ['head/bias', tf.tensor1d([0, 0])],
    ]);
    const model = graphNetworkFromWeights({ task: 'graph', featureSize: 1, numClasses: 2, layers: [{ kind: 'gat', units: 1, heads: 1 }] }, weights);
    tf.dispose([...weights.values()]);
    const path: GraphData = { nodes: 3, featureSize: 1, features: Float32Array.from([1, 2, 3]), edges: [[0, 1], [1, 2]] };
    const leaky = (z: number): number => (z > 0 ? z : 0.2 * z);
    const alpha = (i: number, j: number, hood: number[]): number =>
      Math.exp(leaky(0.5 * (i + 1) - (j + 1))) / hood.reduce((s, k) => s + Math.exp(leaky(0.5 * (i + 1) - (k + 1))), 0);
    const hoods = [[0, 1], [0, 1, 2], [1, 2]];
    const edge01 = (alpha(0, 1, hoods[0]) + alpha(1, 0, hoods[1])) / 2;
    const edge12 = (alpha(1, 2, hoods[1]) + alpha(2, 1, hoods[2])) / 2;
    const e = await explainGraph(model, path, 'gat-attention');
    expect(e.edgeImportance[0]).toBeCloseTo(edge01, 5);
    expect(e.edgeImportance[1]).toBeCloseTo(edge12, 5);
    // A node's importance is the mean over its edges.
    expect(e.attribution.values[0]).toBeCloseTo(edge01, 5);
    expect(e.attribution.values[1]).toBeCloseTo((edge01 + edge12) / 2, 5);
    model.dispose();
  });

  it('does not depend on the class explained', async () => {
    const a = await explainGraph(gatModel, IRREGULAR, 'gat-attention', { node: 3, target: 0 });
    const b = await explainGraph(gatModel, IRREGULAR, 'gat-attention', { node: 3, target: 2 });
    expect(Array.from(a.edgeImportance)).toEqual(Array.from(b.edgeImportance));
  });
});

describe('every graph method', () => {
  it.each(['graph-gradient', 'graph-saliency', 'gat-attention'] as const)('%s leaves no tensor behind', async (method) => {
    await explainGraph(gatModel, IRREGULAR, method, { node: 4 });
    const before = tf.memory().numTensors;
    await explainGraph(gatModel, IRREGULAR, method, { node: 4 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('graph explanations reject bad requests with one-line usage errors', () => {
  it.each([
    ['a node classifier without a node', () => explainGraph(gcnModel, IRREGULAR, 'graph-gradient'), /name the node to explain \(0\.\.6\)/],
    ['a node out of range', () => explainGraph(gcnModel, IRREGULAR, 'graph-gradient', { node: 7 }), /index in 0\.\.6; got 7/],
    ['a node for a graph classifier', () => explainGraph(graphModel, IRREGULAR, 'graph-gradient', { node: 1 }), /do not name a node/],
    ['attention without GAT layers', () => explainGraph(gcnModel, IRREGULAR, 'gat-attention', { node: 1 }), /gat-attention needs GAT layers/],
    ['an unknown method', () => explainGraph(gcnModel, IRREGULAR, 'lime' as 'graph-gradient', { node: 1 }), /unknown graph method 'lime'/],
    ['a class out of range', () => explainGraph(gcnModel, IRREGULAR, 'graph-gradient', { node: 1, target: 3 }), /target must be an output index in 0\.\.2/],
    ['a graph with the wrong feature size', () => explainGraph(gcnModel, { ...IRREGULAR, featureSize: 2 }, 'graph-gradient', { node: 1 }), /expects 3 features/],
  ])('%s', async (_, call, message) => {
    const before = tf.memory().numTensors;
    await expect(call()).rejects.toThrow(UsageError);
    await expect(call()).rejects.toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });
});
