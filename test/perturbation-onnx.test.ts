import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOnnxModel, type OnnxModel } from '../src/engines/onnx/index.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { displayRgb } from '../src/explainers/perturbation/display-rgb.js';
import { LIME_DEFAULTS, limeMethod } from '../src/explainers/perturbation/lime.js';
import { segmentCount } from '../src/explainers/perturbation/superpixels/pixel-image.js';
import { segment } from '../src/explainers/perturbation/superpixels/segment.js';
import { prepareImage } from '../src/image/prepare.js';
import { HAVE_SHARED, IMAGES, MODELS } from './onnx-fixtures.js';

if (!HAVE_SHARED) console.warn('skipped LIME-on-ONNX test: ../shared is absent');

describe.skipIf(!HAVE_SHARED)('LIME through ONNX Runtime (needs ../shared)', () => {
  let model: OnnxModel;
  let image: tf.Tensor4D;
  let data: Float32Array;

  beforeAll(async () => {
    await initBackend('wasm');
    model = await loadOnnxModel(join(MODELS, 'resnet18_random.onnx'));
    const prepared = await prepareImage(join(IMAGES, 'chelsea.png'), model.inputSpec);
    data = prepared.input.data;
    image = tf.tensor4d(data, [1, 224, 224, 3]);
  });

  afterAll(() => {
    image?.dispose();
    model?.dispose();
  });

  it('paints each quickshift superpixel of a 224x224 image with one coefficient, from 50 samples', async () => {
    const before = tf.memory().numTensors;
    const lime = limeMethod({ samples: 50 });
    const result = await lime.explain({ model, score: 'probability', seed: 3, batchSize: 25 }, image, { topK: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.layer).toBe('input');
    const map = result.maps[0][0];
    expect([map.width, map.height]).toEqual([224, 224]);
    expect(map.values.every(Number.isFinite)).toBe(true);

    const segments = segment(displayRgb(data, 224, 224, model.inputSpec.preprocess), LIME_DEFAULTS.segmentation, 3);
    const k = segmentCount(segments);
    expect(k).toBeGreaterThan(5);
    const valueOf = new Map<number, number>();
    segments.forEach((label, p) => {
      expect(map.values[p]).toBe(valueOf.get(label) ?? map.values[p]);
      valueOf.set(label, map.values[p]);
    });
    expect(new Set(valueOf.values()).size).toBeGreaterThan(1);
  });
});
