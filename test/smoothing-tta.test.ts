import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeByMax } from '../src/attribution/normalize.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { wrapLayersModel } from '../src/engines/tfjs/load.js';
import { explain } from '../src/explain.js';
import type { MethodContext } from '../src/explainers/method.js';
import { methodNamed } from '../src/explainers/registry.js';
import { augmentBatch } from '../src/explainers/smoothing/augment.js';
import { flipRows } from '../src/explainers/smoothing/geometry.js';
import { augmentationSmoothed, TTA_VARIANTS } from '../src/explainers/smoothing/tta.js';
import { tinyModel, UNIT } from './helpers/tiny-model.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** A conv net that is not mirror-symmetric: a seeded 3x3 kernel over an 8x8 input, then GAP and a dense layer. */
function lopsidedModel() {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      tf.layers.globalAveragePooling2d({ name: 'gap' }),
      tf.layers.dense({ units: 3, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
  return wrapLayersModel(model, 'lopsided', { preprocess: UNIT });
}

/** A 1x1 conv over a 16x16 input with positive weights: Grad-CAM is a positive per-pixel map of the input. */
function pointwiseModel() {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [16, 16, 3], filters: 2, kernelSize: 1, useBias: false, name: 'conv', kernelInitializer: 'ones' }),
      tf.layers.globalAveragePooling2d({ name: 'gap' }),
      tf.layers.dense({ units: 2, name: 'logits', kernelInitializer: 'ones' }),
    ],
  });
  return wrapLayersModel(model, 'pointwise', { preprocess: UNIT });
}

const context = (model: MethodContext['model']): MethodContext => ({ model, score: 'logit', seed: 0, batchSize: 8 });

function randomBatch(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  return tf.randomUniform(shape, 0, 1, 'float32', seed) as tf.Tensor4D;
}

describe('augmentation smoothing (tta)', () => {
  it('has six variants: flip x scales 0.9, 1, 1.1', () => {
    expect(TTA_VARIANTS).toHaveLength(6);
    expect(TTA_VARIANTS.filter((v) => v.flip).map((v) => v.scale)).toEqual([0.9, 1, 1.1]);
  });

  it('with the single unchanged variant equals the plain map', async () => {
    const model = lopsidedModel();
    const batch = randomBatch([2, 8, 8, 3], 5);
    const gradcam = methodNamed('gradcam');
    const plain = await gradcam.explain(context(model), batch, { topK: 2 });
    const smoothed = await augmentationSmoothed(gradcam, [{ flip: false, scale: 1 }]).explain(context(model), batch, { topK: 2 });
    plain.maps.flat().forEach((m, i) => {
      const s = smoothed.maps.flat()[i];
      expect(s.classIndex).toBe(m.classIndex);
      const expected = normalizeByMax(m.values).values;
      s.values.forEach((v, j) => expect(v).toBeCloseTo(expected[j], 6));
    });
    tf.dispose(batch);
    model.dispose();
  });

  it("with a flip gives the flipped image's map un-flipped, for the classes of the original image", async () => {
    const model = lopsidedModel();
    const batch = randomBatch([1, 8, 8, 3], 6);
    const mirrored = tf.reverse(batch, 2) as tf.Tensor4D;
    const gradcam = methodNamed('gradcam');
    const smoothed = await augmentationSmoothed(gradcam, [{ flip: true, scale: 1 }]).explain(context(model), batch, { topK: 1 });
    const cls = smoothed.maps[0][0].classIndex;
    const direct = await gradcam.explain(context(model), mirrored, { classes: [[cls]] });
    const expected = flipRows(normalizeByMax(direct.maps[0][0].values).values, 8, 8);
    const plain = await gradcam.explain(context(model), batch, { classes: [[cls]] });
    const unchanged = normalizeByMax(plain.maps[0][0].values).values;
    expect(unchanged.some((v, j) => Math.abs(v - expected[j]) > 0.05)).toBe(true); // the model is not mirror-symmetric
    smoothed.maps[0][0].values.forEach((v, j) => expect(v).toBeCloseTo(expected[j], 5));
    tf.dispose([batch, mirrored]);
    model.dispose();
  });

  it('makes the variants in model space: a zoom-out pads with zeros, a zoom-in crops, a flip mirrors', () => {
    const ramp = tf.tidy(() => tf.tile(tf.range(0, 16).reshape([1, 1, 16, 1]), [1, 16, 1, 1]) as tf.Tensor4D);
    const [zoomOut, zoomIn, flipped] = [{ flip: false, scale: 0.9 }, { flip: false, scale: 1.1 }, { flip: true, scale: 1 }].map((v) => augmentBatch(ramp, v));
    const row = (t: tf.Tensor4D) => Array.from(t.slice([0, 8, 0, 0], [1, 1, 16, 1]).dataSync());
    expect(zoomOut.shape).toEqual([1, 16, 16, 1]);
    const out = row(zoomOut);
    expect(out[0]).toBe(0);
    expect(out[15]).toBe(0);
    expect(out[1]).toBeGreaterThan(0);
    expect(row(zoomIn)[0]).toBeGreaterThan(0.5); // the first column is cropped off
    expect(row(flipped)).toEqual(Array.from({ length: 16 }, (_, i) => 15 - i));
    tf.dispose([ramp, zoomOut, zoomIn, flipped]);
  });

  it('averages the six variants of a uniform image to a uniform map: padding does not leak, borders stay seen', async () => {
    const model = pointwiseModel();
    const [r] = await explain(model, [{ source: 'grey', data: new Float32Array(16 * 16 * 3).fill(0.5) }], { smooth: 'tta', classes: [0] });
    const values = r.explanations[0].attribution.values;
    expect(values).toHaveLength(256);
    values.forEach((v) => expect(v).toBeCloseTo(1, 5));
    model.dispose();
  });

  it('through explain() equals the plain map on a mirror-symmetric model whose zooms round to no change', async () => {
    const model = tinyModel(); // 1x1 conv + GAP commutes with a flip; 4*0.9 and 4*1.1 round to 4
    const data = tf.randomUniform([48], 0, 1, 'float32', 9).dataSync() as Float32Array;
    const [plain] = await explain(model, [{ source: 'x', data }], { topK: 2 });
    const [smoothed] = await explain(model, [{ source: 'x', data }], { topK: 2, smooth: 'tta' });
    smoothed.explanations.forEach((e, k) => {
      expect(e.class).toBe(plain.explanations[k].class);
      e.attribution.values.forEach((v, j) => expect(v).toBeCloseTo(plain.explanations[k].attribution.values[j], 5));
    });
    model.dispose();
  });

  it('leaves the tensor count where it started', async () => {
    const model = lopsidedModel();
    const inputs = [1, 2, 3].map((s) => ({ source: `x${s}`, data: tf.randomUniform([192], 0, 1, 'float32', s).dataSync() as Float32Array }));
    await explain(model, inputs, { smooth: 'tta', batchSize: 2 });
    const before = tf.memory().numTensors;
    await explain(model, inputs, { smooth: 'tta', batchSize: 2, topK: 2 });
    await explain(model, inputs, { smooth: 'tta', method: 'hirescam' });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
