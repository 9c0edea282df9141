import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeByMax } from '../src/attribution/normalize.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { explain } from '../src/explain.js';
import { TINY, tinyModel } from './helpers/tiny-model.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** The tiny model's activations A[p][k] at its 16 positions, from the formulas in tiny-model.ts. */
function activations(x: Float32Array): number[][] {
  return Array.from({ length: 16 }, (_, p) => [0, 1].map((k) => [0, 1, 2].reduce((s, ch) => s + TINY.kernel[ch][k] * x[p * 3 + ch], 0)));
}

/**
 * Eigen-smoothed Grad-CAM by hand: the weighted activations F = A * W[:, c] / 16 as a 16x2 matrix, centred per
 * channel, projected on the top eigenvector of its 2x2 scatter matrix (closed form), signed to correlate
 * positively with F's channel mean, then ReLU'd and divided by the maximum.
 */
function eigenGradCamByHand(x: Float32Array, cls: number): Float32Array {
  const f = activations(x).map((a) => a.map((v, k) => (v * TINY.dense[k][cls]) / 16));
  const mean = [0, 1].map((k) => f.reduce((s, row) => s + row[k], 0) / 16);
  const centred = f.map((row) => row.map((v, k) => v - mean[k]));
  const [a, b, d] = [
    centred.reduce((s, r) => s + r[0] * r[0], 0),
    centred.reduce((s, r) => s + r[0] * r[1], 0),
    centred.reduce((s, r) => s + r[1] * r[1], 0),
  ];
  const top = (a + d) / 2 + Math.sqrt(((a - d) / 2) ** 2 + b * b);
  const v = Math.abs(b) > 1e-12 ? [b, top - a] : a >= d ? [1, 0] : [0, 1];
  const norm = Math.hypot(v[0], v[1]);
  const projection = centred.map((r) => (r[0] * v[0] + r[1] * v[1]) / norm);
  const rowMean = f.map((r) => (r[0] + r[1]) / 2);
  const meanOfMeans = rowMean.reduce((s, m) => s + m, 0) / 16;
  const covariance = projection.reduce((s, p, i) => s + p * (rowMean[i] - meanOfMeans), 0);
  return normalizeByMax(projection.map((p) => (covariance < 0 ? -p : p))).values;
}

const input = (seed: number) => tf.randomUniform([48], -1, 1, 'float32', seed).dataSync() as Float32Array;

describe('eigen smoothing', () => {
  it.each([[0, 11], [1, 11], [0, 12], [1, 13]])('Grad-CAM of class %i (seed %i) equals the first principal component of the weighted activations, by hand', async (cls, seed) => {
    const model = tinyModel();
    const x = input(seed);
    const [r] = await explain(model, [{ source: 'x', data: x }], { classes: [cls], smooth: 'eigen' });
    const expected = eigenGradCamByHand(x, cls);
    r.explanations[0].attribution.values.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
    model.dispose();
  });

  it('LayerCAM of class 0 keeps only the positively weighted channel: relu(A0 - mean A0), normalised', async () => {
    const model = tinyModel(); // W[:, 0] = [2, -1]: relu drops channel 1, so the component is channel 0 itself
    const x = input(14);
    const [r] = await explain(model, [{ source: 'x', data: x }], { classes: [0], smooth: 'eigen', method: 'layercam' });
    const a0 = activations(x).map((a) => a[0]);
    const mean = a0.reduce((s, v) => s + v, 0) / 16;
    const expected = normalizeByMax(a0.map((v) => v - mean)).values;
    r.explanations[0].attribution.values.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
    model.dispose();
  });

  it('differs from the plain channel sum', async () => {
    const model = tinyModel();
    const x = input(11);
    const [plain] = await explain(model, [{ source: 'x', data: x }], { classes: [0] });
    const [eigen] = await explain(model, [{ source: 'x', data: x }], { classes: [0], smooth: 'eigen' });
    const gap = plain.explanations[0].attribution.values.reduce((s, v, i) => Math.max(s, Math.abs(v - eigen.explanations[0].attribution.values[i])), 0);
    expect(gap).toBeGreaterThan(0.05);
    model.dispose();
  });

  it('refuses input-space methods and Score-CAM with a usage error', async () => {
    const model = tinyModel();
    const inputs = [{ source: 'x', data: input(1) }];
    await expect(explain(model, inputs, { method: 'saliency', smooth: 'eigen' })).rejects.toThrow(/eigen smoothing needs a CAM method; 'saliency' is a gradient method/);
    await expect(explain(model, inputs, { method: 'scorecam', smooth: 'eigen' })).rejects.toThrow(UsageError);
    await expect(explain(model, inputs, { smooth: 'blur' as 'tta' })).rejects.toThrow(/smoothing must be one of tta, eigen, got 'blur'/);
    model.dispose();
  });

  it('leaves the tensor count where it started', async () => {
    const model = tinyModel();
    const inputs = [{ source: 'a', data: input(2) }, { source: 'b', data: input(3) }];
    await explain(model, inputs, { smooth: 'eigen', topK: 2 });
    const before = tf.memory().numTensors;
    for (const method of ['gradcam', 'gradcam++', 'xgradcam', 'hirescam', 'layercam', 'ablationcam', 'eigencam']) await explain(model, inputs, { smooth: 'eigen', topK: 2, method });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
