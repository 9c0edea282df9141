import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import {
  buildGraphNetwork,
  denseGraph,
  gatLayer,
  gcnLayer,
  type GraphData,
  type GraphLayerSpec,
  type GraphNetwork,
} from '../src/zoo/gnn/index.js';

/** The path 0 - 1 - 2 plus a pendant 3 on node 1: degrees with self-loops 2, 4, 2, 2. */
const STAR: GraphData = {
  nodes: 4,
  featureSize: 2,
  features: Float32Array.from([1, 0, 2, 1, 3, -1, 0, 2]),
  edges: [[0, 1], [1, 2], [1, 3]],
};

/** A small irregular graph (a triangle, a tail and a square) with varied features, for gradients. */
const IRREGULAR: GraphData = {
  nodes: 7,
  featureSize: 3,
  features: Float32Array.from({ length: 21 }, (_, i) => Math.sin(1.7 * i) + 0.3),
  edges: [[0, 1], [1, 2], [0, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 3]],
};

const gcn = (units: number): GraphLayerSpec => ({ kind: 'gcn', units });
const gat = (units: number, heads: number): GraphLayerSpec => ({ kind: 'gat', units, heads });

async function values(t: tf.Tensor): Promise<number[]> {
  const out = Array.from(await t.data());
  t.dispose();
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, digits: number): void {
  expect(actual.length).toBe(expected.length);
  Array.from(actual).forEach((v, i) => expect(v).toBeCloseTo(expected[i], digits));
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('gcnLayer', () => {
  it('computes D^-1/2 (A + I) D^-1/2 X W + b on a hand-worked graph', async () => {
    // X W with W = [[1, 2], [0, -1]]: rows [1, 2], [2, 3], [3, 7], [0, -2]. Degrees (with self-loops) d = 2, 4, 2, 2.
    // Node 0: (1/2)[1,2] + (1/sqrt 8)[2,3];  node 1: (1/sqrt 8)([1,2] + [3,7] + [0,-2]) + (1/4)[2,3];
    // node 2: (1/sqrt 8)[2,3] + (1/2)[3,7];  node 3: (1/sqrt 8)[2,3] + (1/2)[0,-2]; then + b = [0.5, -0.5].
    const r8 = 1 / Math.sqrt(8);
    const expected = [
      [0.5 + 2 * r8, 1 + 3 * r8],
      [4 * r8 + 0.5, 7 * r8 + 0.75],
      [2 * r8 + 1.5, 3 * r8 + 3.5],
      [2 * r8, 3 * r8 - 1],
    ].flatMap(([a, b]) => [a + 0.5, b - 0.5]);
    const out = tf.tidy(() =>
      gcnLayer(denseGraph(STAR.nodes, STAR.edges), tf.tensor3d(STAR.features, [1, 4, 2]), {
        kernel: tf.tensor2d([[1, 2], [0, -1]]),
        bias: tf.tensor1d([0.5, -0.5]),
      }),
    );
    expectClose(await values(out), expected, 5);
  });

  it('treats an edge of weight 0 as an edge that is not there', async () => {
    const kernel = tf.tensor2d([[1, 2], [0, -1]]);
    const bias = tf.tensor1d([0.5, -0.5]);
    const x = tf.tensor3d(STAR.features, [1, 4, 2]);
    const masked = tf.tidy(() => gcnLayer(denseGraph(4, STAR.edges, tf.tensor1d([1, 0, 1])), x, { kernel, bias }));
    const removed = tf.tidy(() => gcnLayer(denseGraph(4, [[0, 1], [1, 3]]), x, { kernel, bias }));
    expectClose(await values(masked), await values(removed), 5);
    tf.dispose([kernel, bias, x]);
  });
});

describe('gatLayer', () => {
  // One head, units 1, W = [1]: W h = x. Scores e_ij = LeakyReLU_0.2(a_self x_i + a_neighbour x_j).
  const path: GraphData = { nodes: 3, featureSize: 1, features: Float32Array.from([1, 2, 3]), edges: [[0, 1], [1, 2]] };
  const weights = (): Parameters<typeof gatLayer>[2] => ({
    kernel: tf.tensor2d([[1]]),
    attentionSelf: tf.tensor2d([[0.5]]),
    attentionNeighbour: tf.tensor2d([[-1]]),
    bias: tf.tensor1d([0]),
  });

  it('softmaxes LeakyReLU(0.2) scores over each neighbourhood including the node itself', async () => {
    const leaky = (z: number): number => (z > 0 ? z : 0.2 * z);
    const x = [1, 2, 3];
    const neighbourhoods = [[0, 1], [0, 1, 2], [1, 2]];
    const expected = neighbourhoods.flatMap((hood, i) => {
      const exps = hood.map((j) => Math.exp(leaky(0.5 * x[i] - x[j])));
      const total = exps.reduce((a, b) => a + b, 0);
      return [0, 1, 2].map((j) => (hood.includes(j) ? exps[hood.indexOf(j)] / total : 0));
    });
    const expectedOutput = [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + expected[3 * i + j] * x[j], 0));
    const [output, attention] = tf.tidy(() => {
      const out = gatLayer(denseGraph(3, path.edges), tf.tensor3d(path.features, [1, 3, 1]), weights(), 'mean');
      return [out.output, out.attention];
    });
    expectClose(await values(attention), expected, 5);
    expectClose(await values(output), expectedOutput, 5);
  });

  it('gives attention rows that sum to 1 over each neighbourhood, for every head', async () => {
    const model = buildGraphNetwork({ task: 'node', featureSize: 3, numClasses: 2, layers: [gat(4, 3), gat(2, 2)], seed: 5 });
    const rows: number[][] = [];
    const support = new Set(IRREGULAR.edges.flatMap(([a, b]) => [a * 7 + b, b * 7 + a]));
    tf.tidy(() => {
      model.forward(IRREGULAR, {
        onAttention: (_, a) => {
          const data = a.dataSync();
          for (let r = 0; r < data.length / 7; r++) rows.push(Array.from(data.slice(r * 7, r * 7 + 7)));
        },
      });
    });
    expect(rows).toHaveLength(3 * 7 + 2 * 7);
    rows.forEach((row, r) => {
      const i = r % 7;
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      row.forEach((v, j) => (i === j || support.has(i * 7 + j) ? expect(v).toBeGreaterThan(0) : expect(v).toBe(0)));
    });
    model.dispose();
  });

  it('concatenates heads in hidden layers and averages them in the last', () => {
    const model = buildGraphNetwork({ task: 'node', featureSize: 3, numClasses: 2, layers: [gat(4, 3), gat(5, 2)], seed: 5 });
    expect(model.weights.get('layer0/bias')?.shape).toEqual([12]);
    expect(model.weights.get('layer1/kernel')?.shape).toEqual([12, 10]);
    expect(model.weights.get('layer1/bias')?.shape).toEqual([5]);
    expect(model.weights.get('head/kernel')?.shape).toEqual([5, 2]);
    model.dispose();
  });

  it('is blind on constant features: every node of any graph gets the same output', async () => {
    const model = buildGraphNetwork({ task: 'node', featureSize: 3, numClasses: 2, layers: [gat(4, 2), gat(4, 2)], seed: 2 });
    const logits = await values(model.predict({ ...IRREGULAR, features: new Float32Array(21).fill(1) }));
    for (let v = 1; v < 7; v++) expectClose(logits.slice(2 * v, 2 * v + 2), logits.slice(0, 2), 5);
    model.dispose();
  });
});

describe('a graph network', () => {
  const cases: Array<[string, GraphLayerSpec[]]> = [
    ['GCN', [gcn(6), gcn(5)]],
    ['GAT', [gat(3, 2), gat(4, 2)]],
    ['GCN + GAT', [gcn(6), gat(3, 2)]],
  ];

  it.each(cases)('%s: the edge-weight gradient matches central finite differences, at weights of 1 and of 0', async (_, layers) => {
    const model = buildGraphNetwork({ task: 'node', featureSize: 3, numClasses: 3, layers, seed: 11 });
    const logit = (w: tf.Tensor): tf.Scalar => tf.sum(tf.slice(model.forward(IRREGULAR, { edgeWeights: w as tf.Tensor1D }), [2, 1], [1, 1]));
    const at = Float32Array.from([1, 1, 0, 1, 1, 1, 1, 1]);
    const grad = await values(tf.tidy(() => tf.grad(logit)(tf.tensor1d(at))));
    const h = 1e-2;
    const finite = Array.from(at, (_, e) => {
      const shifted = (d: number): number => tf.tidy(() => logit(tf.tensor1d(at.map((w, k) => (k === e ? w + d : w)))).dataSync()[0]);
      return (shifted(h) - shifted(-h)) / (2 * h);
    });
    expect(grad.some((g) => Math.abs(g) > 1e-3)).toBe(true);
    expectClose(grad, finite, 3);
    model.dispose();
  });

  it('weights of ones change nothing, and only edges within reach (degrees included) have an edge gradient', async () => {
    // Node 0's 2-layer output cannot depend on edge (4, 5), whose ends are 3 and 4 hops away; it does depend on
    // edge (3, 4) through node 3's degree (node 3 is 2 hops away), which is why explanations run on L + 1 hops.
    const model = buildGraphNetwork({ task: 'node', featureSize: 3, numClasses: 2, layers: [gcn(4), gcn(4)], seed: 1 });
    expectClose(await values(model.predict(IRREGULAR, new Float32Array(8).fill(1))), await values(model.predict(IRREGULAR)), 6);
    const grad = await values(tf.tidy(() => tf.grad((w: tf.Tensor) => tf.sum(tf.slice(model.forward(IRREGULAR, { edgeWeights: w as tf.Tensor1D }), [0, 0], [1, 1])))(tf.ones([8]))));
    expect(grad[5]).toBe(0);
    expect(grad[6]).toBe(0);
    expect(Math.abs(grad[4])).toBeGreaterThan(1e-4);
    expect(Math.abs(grad[0])).toBeGreaterThan(1e-4);
    model.dispose();
  });

  it('classifies whole graphs from the mean of its node embeddings', async () => {
    const model = buildGraphNetwork({ task: 'graph', featureSize: 3, numClasses: 4, layers: [gcn(5)], seed: 3 });
    const logits = model.predict(IRREGULAR);
    expect(logits.shape).toEqual([1, 4]);
    // Mean readout: listing the nodes in another order leaves the prediction unchanged.
    const order = [6, 5, 4, 3, 2, 1, 0];
    const where = order.map((_, v) => order.indexOf(v));
    const permuted: GraphData = {
      ...IRREGULAR,
      features: Float32Array.from(order.flatMap((v) => Array.from(IRREGULAR.features.slice(3 * v, 3 * v + 3)))),
      edges: IRREGULAR.edges.map(([a, b]): [number, number] => [where[a], where[b]]),
    };
    expectClose(await values(model.predict(permuted)), await values(logits), 5);
    model.dispose();
  });

  it('rejects malformed graphs and configurations with one-line usage errors', () => {
    const model: GraphNetwork = buildGraphNetwork({ task: 'node', featureSize: 3, numClasses: 2, layers: [gcn(4)] });
    const bad: Array<[Partial<GraphData>, RegExp]> = [
      [{ featureSize: 2 }, /expects 3 features/],
      [{ features: new Float32Array(5) }, /Float32Array of nodes x featureSize = 21/],
      [{ features: Float32Array.from({ length: 21 }, (_, i) => (i === 4 ? NaN : 0)) }, /feature 1 of node 1 is not finite/],
      [{ edges: [[0, 7]] }, /edge 0 must join two node indices in 0\.\.6/],
      [{ edges: [[2, 2]] }, /self-loop on node 2/],
      [{ edges: [[0, 1], [1, 0]] }, /edge 1 \(1, 0\) is listed twice/],
    ];
    for (const [change, message] of bad) {
      expect(() => model.predict({ ...IRREGULAR, ...change })).toThrow(message);
      expect(() => model.predict({ ...IRREGULAR, ...change })).toThrow(UsageError);
    }
    expect(() => model.predict(IRREGULAR, [1, 1])).toThrow(/one weight per edge \(8\)/);
    expect(() => model.predict(IRREGULAR, new Float32Array(8).fill(2))).toThrow(/must be in \[0, 1\]/);
    expect(() => buildGraphNetwork({ task: 'edge' as 'node', featureSize: 3, numClasses: 2, layers: [gcn(4)] })).toThrow(/task must be one of node, graph/);
    expect(() => buildGraphNetwork({ task: 'node', featureSize: 3, numClasses: 2, layers: [] })).toThrow(/layers must be a non-empty array/);
    expect(() => buildGraphNetwork({ task: 'node', featureSize: 3, numClasses: 2, layers: [{ kind: 'gat', units: 2 } as GraphLayerSpec] })).toThrow(/layers\[0\]\.heads must be an integer/);
    model.dispose();
  });
});
