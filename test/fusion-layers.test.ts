import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeByMax } from '../src/attribution/normalize.js';
import { mulberry32 } from '../src/attribution/random.js';
import { resizeBilinear } from '../src/attribution/resize.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { wrapLayersModel } from '../src/engines/tfjs/load.js';
import { UsageError } from '../src/errors.js';
import { explain, type ImageExplanation } from '../src/explain.js';
import { litecam } from './helpers/cli.js';
import { tempDir, writeSmallConvModel, writeTestPng } from './helpers/fixtures.js';
import { UNIT } from './helpers/tiny-model.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** Two conv layers on different grids: conv_a 6x6, conv_b 4x4 (valid 3x3 convolutions of an 8x8 input). */
function twoLayerModel() {
  const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, activation: 'relu', name: 'conv_a', kernelInitializer: seeded(1) }),
      tf.layers.conv2d({ filters: 5, kernelSize: 3, activation: 'relu', name: 'conv_b', kernelInitializer: seeded(2) }),
      tf.layers.globalAveragePooling2d({ name: 'gap' }),
      tf.layers.dense({ units: 3, name: 'logits', kernelInitializer: seeded(3) }),
    ],
  });
  return wrapLayersModel(model, 'two-layer', { preprocess: UNIT });
}

const inputs = [1, 2].map((seed) => {
  const rng = mulberry32(seed);
  return { source: `x${seed}`, data: Float32Array.from({ length: 192 }, () => rng()) };
});
const mapsOf = (rs: ImageExplanation[]) => rs.flatMap((r) => r.explanations.map((e) => e.attribution.values));

describe('multi-layer fusion in explain()', () => {
  it.each(['mean', 'max'] as const)('fusing a layer with itself (%s) equals the single-layer map', async (fusion) => {
    const model = twoLayerModel();
    const single = await explain(model, inputs, { layer: 'conv_b', topK: 2 });
    const fused = await explain(model, inputs, { layers: ['conv_b', 'conv_b'], fusion, topK: 2 });
    expect(fused.map((r) => r.layer)).toEqual(['conv_b+conv_b', 'conv_b+conv_b']);
    const expected = mapsOf(single);
    mapsOf(fused).forEach((m, i) => m.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 6)));
    model.dispose();
  });

  it("the mean of two layers is the mean of their normalised maps, the coarse one resized to the fine one's grid", async () => {
    const model = twoLayerModel();
    const a = await explain(model, inputs, { layer: 'conv_a', topK: 2 });
    const b = await explain(model, inputs, { layer: 'conv_b', topK: 2 });
    const fused = await explain(model, inputs, { layers: ['conv_b', 'conv_a'], fusion: 'mean', topK: 2 });
    expect(fused[0].layer).toBe('conv_b+conv_a');
    const [fine, coarse] = [mapsOf(a), mapsOf(b)];
    mapsOf(fused).forEach((m, i) => {
      expect(m).toHaveLength(36);
      const resized = resizeBilinear(coarse[i], 4, 4, 6, 6);
      const expected = normalizeByMax(fine[i].map((v, j) => (v + resized[j]) / 2)).values;
      m.forEach((v, j) => expect(v).toBeCloseTo(expected[j], 5));
    });
    expect(fused.flatMap((r) => r.explanations.map((e) => e.class))).toEqual(a.flatMap((r) => r.explanations.map((e) => e.class)));
    model.dispose();
  });

  it('rejects a bad fusion mode, a non-CAM method, and a layer given alongside a list, with usage errors', async () => {
    const model = twoLayerModel();
    await expect(explain(model, inputs, { layers: ['conv_a', 'conv_b'], fusion: 'median' as 'mean' })).rejects.toThrow(/fusion mode must be one of mean, max, got 'median'/);
    await expect(explain(model, inputs, { layers: ['conv_a', 'conv_b'], method: 'saliency' })).rejects.toThrow(/several layers need a CAM method; 'saliency' is a gradient method/);
    await expect(explain(model, inputs, { layers: ['conv_a'], layer: 'conv_b' })).rejects.toThrow(UsageError);
    await expect(explain(model, inputs, { layers: [] })).rejects.toThrow(UsageError);
    model.dispose();
  });

  it('leaves the tensor count where it started', async () => {
    const model = twoLayerModel();
    await explain(model, inputs, { layers: ['conv_a', 'conv_b'] });
    const before = tf.memory().numTensors;
    await explain(model, inputs, { layers: ['conv_a', 'conv_b'], fusion: 'max', topK: 3, smooth: 'eigen' });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('litecam explain --layer a,b --fusion', () => {
  it('fuses the listed layers on the larger grid and names them a+b in the JSON', async () => {
    const dir = tempDir();
    const modelPath = await writeSmallConvModel(dir);
    const image = await writeTestPng(join(dir, 'in.png'));
    const r = await litecam(['explain', '--model', modelPath, '--image', image, '--layer', 'conv_a,conv_b', '--fusion', 'max', '--smooth', 'tta', '--json']);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout.trim());
    expect(record.layer).toBe('conv_a+conv_b');
    expect([record.explanations[0].cam.width, record.explanations[0].cam.height]).toEqual([30, 30]);
    expect(Math.max(...record.explanations[0].cam.data)).toBeCloseTo(1, 6);
  });

  it('exits 2 when eigen smoothing is asked of an input-space method', async () => {
    const dir = tempDir();
    const modelPath = await writeSmallConvModel(dir);
    const image = await writeTestPng(join(dir, 'in.png'));
    const r = await litecam(['explain', '--model', modelPath, '--image', image, '--method', 'saliency', '--smooth', 'eigen']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/eigen smoothing needs a CAM method/);
  });
});
