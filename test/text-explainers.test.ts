import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import {
  attentionRollout,
  attentionRolloutMatrix,
  explainTokenRow,
  gradientRollout,
  gradientRolloutScores,
  tokenGradCam,
  tokenRowLayout,
  type AttentionSource,
} from '../src/explainers/transformer/index.js';
import { buildTextEncoder, type TextEncoder } from '../src/zoo/text-encoder/index.js';

type Matrix = number[][];

const TINY = { vocabSize: 30, maxPositions: 16, hidden: 8, layers: 2, heads: 2, intermediate: 16, numClasses: 3, seed: 11 };

/**
 * The tiny encoder with its random dense kernels and embeddings scaled from BERT's N(0, 0.02) to N(0, 0.5): at
 * 0.02 attention is nearly uniform and the logits barely move, so the gradients under test would be of the
 * order of float32 noise.
 */
function sharpEncoder(): TextEncoder {
  const model = buildTextEncoder(TINY);
  model.variables.forEach((v, name) => {
    if (name.endsWith('/kernel') || name.startsWith('embeddings/') && !name.includes('norm')) v.assign(tf.tidy(() => tf.mul(v, 25)));
  });
  return model;
}

/** [CLS] w w w [SEP] and a shorter row padded by one. */
const ROWS = [
  [2, 7, 8, 9, 3],
  [2, 12, 13, 3, 0],
];

function matMul(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
}

/** The rollout as the paper writes it: full matrices, (A + I) / rowsum, multiplied first block to last. */
function naiveRolloutMatrix(blocks: Matrix[]): Matrix {
  let r: Matrix | null = null;
  for (const a of blocks) {
    const m = a.map((row, i) => row.map((v, j) => v + (i === j ? 1 : 0)));
    const normalised = m.map((row) => row.map((v) => v / row.reduce((s, x) => s + x, 0)));
    r = r ? matMul(normalised, r) : normalised;
  }
  return r as Matrix;
}

describe('attention rollout on a hand-built token row', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  // Five tokens, the last one padding: nobody attends to it. [CLS] attends to token 2 only; every other
  // token attends to itself.
  const attention: Matrix = [
    [0, 0, 1, 0, 0],
    [0, 1, 0, 0, 0],
    [0, 0, 1, 0, 0],
    [0, 0, 0, 1, 0],
    [0.5, 0, 0, 0.5, 0],
  ];
  const source: AttentionSource<tf.Tensor2D> = {
    ...tokenRowLayout(5, 1),
    attentions: async (batch) => ({
      logits: tf.zeros([batch.shape[0], 2]) as tf.Tensor2D,
      attentions: [0, 1].map(() => tf.tensor4d([[attention]])),
    }),
  };

  it('gives a 1 x (T - 1) map: 0.75 on the attended token after two blocks, nothing on the rest or the padding', async () => {
    const ids = tf.tensor2d([[2, 5, 6, 7, 0]], undefined, 'int32');
    const result = await attentionRollout(source, ids, { topK: 1 });
    const map = result.maps[0][0];
    expect([map.width, map.height]).toEqual([4, 1]);
    // Block 1: (A + I) / 2 sends [CLS] to 0.5 e0 + 0.5 e2; block 2 again: 0.25 e0 + 0.75 e2.
    Array.from(map.values).forEach((v, p) => expect(v).toBeCloseTo(p === 1 ? 0.75 : 0, 6));
    ids.dispose();
  });

  it('the full rollout matrix matches the full-matrix reference, row by row', () => {
    const tensors = [0, 1].map(() => tf.tensor4d([[attention, attention.map((r) => [...r].reverse())]]));
    const out = attentionRolloutMatrix(tensors);
    const fused = attention.map((row, i) => row.map((v, j) => (v + [...attention[i]].reverse()[j]) / 2));
    const expected = naiveRolloutMatrix([fused, fused]).flat();
    Array.from(out.dataSync()).forEach((v, k) => expect(v).toBeCloseTo(expected[k], 6));
    tf.dispose([...tensors, out]);
  });
});

describe('transformer explainers on a tiny text encoder', () => {
  let model: TextEncoder;
  let ids: tf.Tensor2D;
  beforeAll(async () => {
    await initBackend('wasm');
    model = sharpEncoder();
    ids = tf.tensor2d(ROWS, undefined, 'int32');
  });
  afterAll(() => {
    ids.dispose();
    model.dispose();
  });

  it('gradient rollout equals the rollout of A ⊙ ∇A taken by central differences on every attention gate', async () => {
    const view = model.atLength(5);
    const target = 2;
    const single = tf.slice(ids, [0, 0], [1, -1]) as tf.Tensor2D;
    const t = 5;
    const score = (block: number, index: number, delta: number): number =>
      tf.tidy(() => {
        const gates = [0, 1].map((b) => {
          const g = new Float32Array(2 * t * t).fill(1);
          if (b === block) g[index] += delta;
          return tf.tensor4d(g, [1, 2, t, t]);
        });
        return tf.slice(view.gatedLogits(single, gates), [0, target], [1, 1]).dataSync()[0];
      });
    // d score / d gate = A ⊙ d score / d A, so differences on the gates give the products directly.
    const eps = 1e-2;
    const products = [0, 1].map((b) =>
      tf.tensor4d(Float32Array.from({ length: 2 * t * t }, (_, k) => (score(b, k, eps) - score(b, k, -eps)) / (2 * eps)), [1, 2, t, t]),
    );
    const reference = gradientRolloutScores(products, 1);
    const result = await gradientRollout(view, single, { classes: [[target]] });
    const expected = Array.from(reference.dataSync());
    const scale = Math.max(...expected);
    expect(scale).toBeGreaterThan(0);
    Array.from(result.maps[0][0].values).forEach((v, p) => expect(Math.abs(v - expected[p]) / scale).toBeLessThan(1e-3));
    tf.dispose([single, reference, ...products]);
  });

  it.each([
    ['attention rollout', (b: tf.Tensor2D) => attentionRollout(model.atLength(5), b, { topK: 2 })],
    ['gradient rollout', (b: tf.Tensor2D) => gradientRollout(model.atLength(5), b, { topK: 2 })],
    ['token Grad-CAM', (b: tf.Tensor2D) => tokenGradCam(model.atLength(5).tokenSplit(), b, { topK: 2 })],
  ])('%s gives 1 x 4 non-negative maps, zero at the padding, and leaks nothing', async (_, explain) => {
    const before = tf.memory().numTensors;
    const result = await explain(ids);
    expect(tf.memory().numTensors).toBe(before);
    for (const map of result.maps.flat()) {
      expect([map.width, map.height]).toEqual([4, 1]);
      expect(Math.min(...map.values)).toBeGreaterThanOrEqual(0);
    }
    expect(result.maps[1].map((m) => m.values[3])).toEqual([0, 0]);
  });

  it('token Grad-CAM keeps each row its own padding when rows are repeated per class (zero tokens are masked)', async () => {
    const split = model.atLength(5).tokenSplit();
    const batched = await tokenGradCam(split, ids, { classes: [[0, 1], [1, 2]] });
    for (const [i, classes] of [[0, [0, 1]], [1, [1, 2]]] as const) {
      const row = tf.slice(ids, [i, 0], [1, -1]) as tf.Tensor2D;
      const alone = await tokenGradCam(split, row, { classes: [[...classes]] });
      alone.maps[0].forEach((m, k) => Array.from(m.values).forEach((v, p) => expect(batched.maps[i][k].values[p]).toBeCloseTo(v, 5)));
      row.dispose();
    }
  });

  it('explainTokenRow reads the requested positions and the rollout between them', async () => {
    const single = tf.tensor2d([ROWS[0]], undefined, 'int32');
    const view = model.atLength(5);
    const positions = [1, 2, 3];
    const row = await explainTokenRow(view, single, positions, { method: 'attention-rollout' });
    const full = await attentionRollout(view, single, { classes: [[row.target]] });
    expect(Array.from(row.values)).toEqual(positions.map((p) => full.maps[0][0].values[p - 1]));
    const { logits, attentions } = await view.attentions(single);
    const matrix = attentionRolloutMatrix(attentions);
    const m = matrix.arraySync()[0];
    expect(Array.from(row.relations)).toEqual(positions.flatMap((p) => positions.map((q) => Math.fround(m[p][q]))));
    expect(row.target).toBe(Array.from(logits.dataSync()).indexOf(Math.max(...logits.dataSync())));
    tf.dispose([logits, ...attentions, matrix, single]);
  });

  it('explainTokenRow rejects batches, positions outside the row, unknown methods and targets', async () => {
    const view = model.atLength(5);
    const single = tf.tensor2d([ROWS[0]], undefined, 'int32');
    await expect(explainTokenRow(view, ids, [1])).rejects.toThrow(/one text at a time; got a batch of 2/);
    await expect(explainTokenRow(view, single, [0, 1])).rejects.toThrow(/positions must be in 1\.\.4; got 0/);
    await expect(explainTokenRow(view, single, [])).rejects.toThrow(UsageError);
    await expect(explainTokenRow(view, single, [1], { method: 'lrp' as 'attention-rollout' })).rejects.toThrow(/unknown text transformer method 'lrp'/);
    await expect(explainTokenRow(view, single, [1], { target: 3 })).rejects.toThrow(/target must be a class index in 0\.\.2; got 3/);
    single.dispose();
  });
});
