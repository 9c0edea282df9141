import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { computeCams } from '../src/explainers/cam/cam-core.js';
import { gradCamWeights } from '../src/explainers/cam/gradcam.js';
import { tinyGradCamByHand, tinyModel } from './helpers/tiny-model.js';

function seededInput(seed: number, n: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.3;
  });
}

describe('Grad-CAM on a hand-built model', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('matches the hand computation for both classes, several images in one batch', async () => {
    const model = tinyModel();
    const split = await model.split();
    expect(split.layer.name).toBe('conv');
    const xs = [seededInput(1, 48), seededInput(2, 48)];
    const batch = tf.tensor4d(Float32Array.from([...xs[0], ...xs[1]]), [2, 4, 4, 3]);
    const result = await computeCams(split, batch, { classes: [[0, 1], [1, 0]] }, gradCamWeights);
    batch.dispose();
    for (let img = 0; img < 2; img++) {
      const expectedClasses = img === 0 ? [0, 1] : [1, 0];
      result.maps[img].forEach((m, j) => {
        const hand = tinyGradCamByHand(xs[img], expectedClasses[j]);
        expect(m.classIndex).toBe(expectedClasses[j]);
        expect(m.width).toBe(4);
        expect(m.height).toBe(4);
        m.values.forEach((v, p) => expect(v).toBeCloseTo(hand.cam[p], 5));
        expect(m.logit).toBeCloseTo(hand.logits[expectedClasses[j]], 5);
      });
    }
    model.dispose();
  });

  it('top-k picks the highest logits of each image', async () => {
    const model = tinyModel();
    const split = await model.split();
    const x = seededInput(7, 48);
    const batch = tf.tensor4d(x, [1, 4, 4, 3]);
    const result = await computeCams(split, batch, { topK: 2 }, gradCamWeights);
    batch.dispose();
    const hand = tinyGradCamByHand(x, 0).logits;
    const order = hand[0] >= hand[1] ? [0, 1] : [1, 0];
    expect(result.maps[0].map((m) => m.classIndex)).toEqual(order);
    model.dispose();
  });

  it('probability score scales the logit gradient by dp/dlogit', async () => {
    const model = tinyModel();
    const split = await model.split();
    const x = seededInput(3, 48);
    const batch = tf.tensor4d(x, [1, 4, 4, 3]);
    const logit = await computeCams(split, batch, { classes: [[0]] }, gradCamWeights, { score: 'logit' });
    const prob = await computeCams(split, batch, { classes: [[0]] }, gradCamWeights, { score: 'probability' });
    batch.dispose();
    // With two classes, dp0/dA = p0 p1 (dy0/dA - dy1/dA): the map is that of a different linear weighting.
    const [l0, l1] = tinyGradCamByHand(x, 0).logits;
    const p0 = 1 / (1 + Math.exp(l1 - l0));
    const c0 = tinyGradCamByHand(x, 0).cam;
    expect(logit.maps[0][0].values[0]).toBeCloseTo(c0[0], 5);
    // For the probability map, the channel weights are p0 p1 (W[k,0] - W[k,1]) / 16.
    const acts = [0, 1].map((k) => Array.from({ length: 16 }, (_, p) => [0, 1, 2].reduce((s, ch) => s + [[1, 0], [0, 1], [1, -1]][ch][k] * x[p * 3 + ch], 0)));
    const w = [0, 1].map((k) => (p0 * (1 - p0) * ([[2, -1], [-1, 3]][k][0] - [[2, -1], [-1, 3]][k][1])) / 16);
    prob.maps[0][0].values.forEach((v, p) => expect(v).toBeCloseTo(Math.max(0, w[0] * acts[0][p] + w[1] * acts[1][p]), 5));
    model.dispose();
  });

  it('leaves no tensors behind after 50 explanations', async () => {
    const model = tinyModel();
    const split = await model.split();
    const batch = tf.tensor4d(seededInput(5, 96), [2, 4, 4, 3]);
    await computeCams(split, batch, { topK: 2 }, gradCamWeights); // first call builds lazily-created state
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await computeCams(split, batch, { topK: 2 }, gradCamWeights);
    expect(tf.memory().numTensors).toBe(before);
    batch.dispose();
    model.dispose();
  });
});

describe('closed-form gradient of a pooled-linear head', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each(['logit', 'probability'] as const)('equals TF.js autodiff through the head (%s score, MobileNetV2)', async (score) => {
    const { buildZooModel } = await import('../src/zoo/index.js');
    const { wrapLayersModel } = await import('../src/engines/tfjs/load.js');
    const { autodiffGradient, pooledLinearGradient } = await import('../src/explainers/cam/head-gradient.js');
    const { UNIT } = await import('./helpers/tiny-model.js');
    const model = wrapLayersModel(buildZooModel('mobilenetv2', { inputSize: 96, numClasses: 20, seed: 3 }), 'm', { preprocess: UNIT });
    const split = await model.split();
    expect(split.pooledLinear).toBeDefined();
    const acts = tf.randomUniform([3, ...split.layer.shape] as [number, number, number, number], 0, 6, 'float32', 2) as tf.Tensor4D;
    const logits = split.head(acts);
    const targets = { oneHot: tf.oneHot(tf.tensor1d([4, 0, 19], 'int32'), 20).toFloat() as tf.Tensor2D, logits: () => logits };
    const auto = autodiffGradient(split, acts, targets, score);
    const closed = pooledLinearGradient(split.pooledLinear!.weightsT, acts, 3, targets, score);
    const byIndex = pooledLinearGradient(split.pooledLinear!.weightsT, acts, 3, { ...targets, classes: [4, 0, 19] }, score);
    const scale = tf.max(tf.abs(auto)).dataSync()[0];
    expect(scale).toBeGreaterThan(0);
    expect(tf.max(tf.abs(tf.sub(auto, closed))).dataSync()[0]).toBeLessThan(1e-5 * scale);
    expect(tf.max(tf.abs(tf.sub(auto, byIndex))).dataSync()[0]).toBeLessThan(1e-5 * scale);
    byIndex.dispose();
    tf.dispose([acts, logits, targets.oneHot, auto, closed]);
    model.dispose();
  });

  it('is not claimed for a head with a hidden layer', async () => {
    const { wrapLayersModel } = await import('../src/engines/tfjs/load.js');
    const { UNIT } = await import('./helpers/tiny-model.js');
    const input = tf.input({ shape: [8, 8, 3] });
    const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, name: 'conv' }).apply(input) as tf.SymbolicTensor;
    const gap = tf.layers.globalAveragePooling2d({}).apply(conv) as tf.SymbolicTensor;
    const hidden = tf.layers.dense({ units: 5, activation: 'relu' }).apply(gap) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 3 }).apply(hidden) as tf.SymbolicTensor;
    const model = wrapLayersModel(tf.model({ inputs: input, outputs: out }), 'mlp-head', { preprocess: UNIT });
    expect((await model.split()).pooledLinear).toBeUndefined();
    model.dispose();
  });
});

describe('topK', () => {
  it('equals a full sort (largest first, ties by lower index) on random arrays with ties', async () => {
    const { topK } = await import('../src/explainers/cam/cam-core.js');
    let s = 7;
    const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rand() * 40);
      const values = Array.from({ length: n }, () => Math.floor(rand() * 8));
      const k = 1 + Math.floor(rand() * 10);
      const reference = values.map((_, i) => i).sort((a, b) => values[b] - values[a] || a - b).slice(0, k);
      expect(topK(values, k)).toEqual(reference);
    }
  });
});
