import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { wrapLayersModel } from '../src/engines/tfjs/load.js';
import type { ExplainableModel } from '../src/engines/types.js';
import type { TargetSpec } from '../src/explainers/cam/cam-core.js';
import { integratedGradientsMethod, riemannPoints } from '../src/explainers/gradient/integrated-gradients.js';
import { gaussianNoise, smoothGradMethod } from '../src/explainers/gradient/smoothgrad.js';
import { mulberry32 } from '../src/attribution/random.js';
import type { Method } from '../src/explainers/method.js';
import { tinyModel, UNIT } from './helpers/tiny-model.js';

function seeded(seed: number, n: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.3;
  });
}

const SIDE = 12;

/** Two ReLU convolutions, pooling and a dense layer: a model whose gradient changes along the IG path. */
function reluConvModel(): ExplainableModel {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [SIDE, SIDE, 3], filters: 6, kernelSize: 3, activation: 'relu', kernelInitializer: init(1), biasInitializer: 'zeros' }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 4, kernelInitializer: init(3), biasInitializer: 'ones' }),
    ],
  });
  return wrapLayersModel(model, 'relu-conv', { preprocess: UNIT });
}

async function run(method: Method, model: ExplainableModel, xs: Float32Array[], targets: TargetSpec, batchSize = 4, seed = 0) {
  const { height, width, channels } = model.inputSpec;
  const batch = tf.tensor4d(Float32Array.from(xs.flatMap((x) => [...x])), [xs.length, height, width, channels]);
  try {
    return await method.explain({ model, score: 'logit', seed, batchSize }, batch, targets);
  } finally {
    batch.dispose();
  }
}

async function logitsAt(model: ExplainableModel, x: Float32Array): Promise<Float32Array> {
  const { height, width, channels } = model.inputSpec;
  const batch = tf.tensor4d(x, [1, height, width, channels]);
  const logits = await model.predict(batch);
  const out = (await logits.data()) as Float32Array;
  tf.dispose([batch, logits]);
  return out;
}

const total = (values: ArrayLike<number>): number => Array.from(values).reduce((s, v) => s + v, 0);

/** |sum of attributions - (f(x) - f(baseline))| / |f(x) - f(baseline)| for every explained map. */
async function completenessErrors(method: Method, model: ExplainableModel, xs: Float32Array[], targets: TargetSpec, baseline: Float32Array): Promise<number[]> {
  const result = await run(method, model, xs, targets, 5);
  const atBaseline = await logitsAt(model, baseline);
  return result.maps.flatMap((maps) => maps.map((m) => {
    const delta = m.logit - atBaseline[m.classIndex];
    return Math.abs(total(m.values) - delta) / Math.abs(delta);
  }));
}

describe('Integrated Gradients: completeness', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('Riemann weights sum to 1 and the points span the path as each rule says', () => {
    const trapezoid = riemannPoints(5, 'trapezoid');
    expect(Array.from(trapezoid.alphas)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(trapezoid.weights)).toEqual([0.125, 0.25, 0.25, 0.25, 0.125]);
    const midpoint = riemannPoints(4, 'midpoint');
    expect(Array.from(midpoint.alphas)).toEqual([0.125, 0.375, 0.625, 0.875]);
    expect(total(midpoint.weights)).toBeCloseTo(1, 6);
  });

  it('attributions add up to f(x) - f(baseline) within 1% on the tiny conv model, both classes', async () => {
    const model = tinyModel();
    const xs = [seeded(1, 48), seeded(2, 48)];
    const errors = await completenessErrors(integratedGradientsMethod(), model, xs, { classes: [[0, 1], [1, 0]] }, new Float32Array(48));
    expect(errors).toHaveLength(4);
    for (const e of errors) expect(e).toBeLessThan(0.01);
    model.dispose();
  });

  it('attributions add up to f(x) - f(baseline) through ReLUs: within 5% at 50 steps (the check the paper advises), 1% at 200', async () => {
    const model = reluConvModel();
    const size = SIDE * SIDE * 3;
    const xs = [seeded(3, size), seeded(4, size)];
    const baseline = new Float32Array(size).fill(-0.3);
    for (const rule of ['trapezoid', 'midpoint'] as const) {
      for (const [steps, tolerance] of [[50, 0.05], [200, 0.01]]) {
        const errors = await completenessErrors(integratedGradientsMethod({ rule, steps, baseline: -0.3 }), model, xs, { topK: 2 }, baseline);
        expect(errors).toHaveLength(4);
        for (const e of errors) expect(e).toBeLessThan(tolerance);
      }
    }
    model.dispose();
  });

  it('does not depend on how many points go through the model at once', async () => {
    const model = reluConvModel();
    const x = seeded(5, SIDE * SIDE * 3);
    const method = integratedGradientsMethod({ steps: 9 });
    const [one, many] = [await run(method, model, [x], { classes: [[2]] }, 1), await run(method, model, [x], { classes: [[2]] }, 4)];
    one.maps[0][0].values.forEach((v, i) => expect(v).toBeCloseTo(many.maps[0][0].values[i], 5));
    model.dispose();
  });
});

describe('SmoothGrad: seeded noise', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('gives the same map for the same seed, whatever the batch size, and another for another seed', async () => {
    const model = reluConvModel();
    const xs = [seeded(6, SIDE * SIDE * 3), seeded(7, SIDE * SIDE * 3)];
    const method = smoothGradMethod({ samples: 6 });
    const a = await run(method, model, xs, { topK: 1 }, 4, 11);
    const b = await run(method, model, xs, { topK: 1 }, 3, 11);
    const c = await run(method, model, xs, { topK: 1 }, 4, 12);
    for (let img = 0; img < 2; img++) {
      const [va, vb, vc] = [a, b, c].map((r) => r.maps[img][0].values);
      va.forEach((v, i) => expect(Math.abs(v - vb[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(v))));
      const differs = Array.from(va).some((v, i) => Math.abs(v - vc[i]) > 1e-4 * Math.abs(v));
      expect(differs).toBe(true);
    }
    model.dispose();
  });

  it('draws standard normal noise: mean near 0, variance near 1', () => {
    const values = gaussianNoise(mulberry32(1), 20001);
    const mean = total(values) / values.length;
    const variance = total(values.map((v) => (v - mean) ** 2)) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
