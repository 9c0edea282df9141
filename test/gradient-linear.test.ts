import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { wrapLayersModel } from '../src/engines/tfjs/load.js';
import type { ExplainableModel } from '../src/engines/types.js';
import { UsageError } from '../src/errors.js';
import { explain, softmax } from '../src/explain.js';
import type { TargetSpec } from '../src/explainers/cam/cam-core.js';
import { GRADIENT_METHODS } from '../src/explainers/gradient/index.js';
import { INPUT_X_GRADIENT } from '../src/explainers/gradient/input-x-gradient.js';
import { integratedGradientsMethod } from '../src/explainers/gradient/integrated-gradients.js';
import { SALIENCY } from '../src/explainers/gradient/saliency.js';
import { smoothGradMethod } from '../src/explainers/gradient/smoothgrad.js';
import type { Method, MethodContext } from '../src/explainers/method.js';
import { METHODS } from '../src/explainers/registry.js';
import { UNIT } from './helpers/tiny-model.js';

const SIDE = 4;
const CHANNELS = 3;
const PIXELS = SIDE * SIDE;
const FEATURES = PIXELS * CHANNELS;
const CLASSES = 3;

function seeded(seed: number, n: number, offset = 0.3): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - offset;
  });
}

/** Dense weights [features, classes]; Flatten is row-major over (row, column, channel). */
const WEIGHTS = seeded(17, FEATURES * CLASSES, 0.5);
const weight = (p: number, ch: number, c: number): number => WEIGHTS[(p * CHANNELS + ch) * CLASSES + c];

/** logits = flatten(x) W, no bias: every gradient is a column of W, whatever x is. */
function linearModel(): ExplainableModel {
  const dense = tf.layers.dense({ units: CLASSES, useBias: false, name: 'logits' });
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [SIDE, SIDE, CHANNELS] }), dense] });
  dense.setWeights([tf.tensor2d(WEIGHTS, [FEATURES, CLASSES])]);
  return wrapLayersModel(model, 'linear', { preprocess: UNIT });
}

function context(model: ExplainableModel, batchSize = 4): MethodContext {
  return { model, score: 'logit', seed: 3, batchSize };
}

async function mapsOf(method: Method, model: ExplainableModel, xs: Float32Array[], targets: TargetSpec, batchSize = 4) {
  const batch = tf.tensor4d(Float32Array.from(xs.flatMap((x) => [...x])), [xs.length, SIDE, SIDE, CHANNELS]);
  try {
    return await method.explain(context(model, batchSize), batch, targets);
  } finally {
    batch.dispose();
  }
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(tolerance);
}

const perPixel = (f: (p: number) => number): number[] => Array.from({ length: PIXELS }, (_, p) => f(p));
const channelSum = (f: (ch: number) => number): number => [0, 1, 2].reduce((s, ch) => s + f(ch), 0);

describe.each(['wasm', 'cpu'] as const)('input-gradient methods on a linear model (%s backend)', (backend) => {
  const xs = [seeded(1, FEATURES), seeded(2, FEATURES)];
  const targets: TargetSpec = { classes: [[0, 2], [1]] };
  const expectedClasses = [[0, 2], [1]];

  it('Saliency is the largest |w| over channels, at input resolution on the input layer', async () => {
    await initBackend(backend);
    const model = linearModel();
    const result = await mapsOf(SALIENCY, model, xs, targets);
    expect(result.layer).toBe('input');
    result.maps.forEach((maps, img) =>
      maps.forEach((m, j) => {
        const c = expectedClasses[img][j];
        expect([m.classIndex, m.width, m.height]).toEqual([c, SIDE, SIDE]);
        expectClose(m.values, perPixel((p) => Math.max(...[0, 1, 2].map((ch) => Math.abs(weight(p, ch, c))))));
      }),
    );
    model.dispose();
  });

  it('Input x Gradient is x * w summed over channels, and reports the logits', async () => {
    await initBackend(backend);
    const model = linearModel();
    const result = await mapsOf(INPUT_X_GRADIENT, model, xs, targets);
    result.maps.forEach((maps, img) =>
      maps.forEach((m, j) => {
        const c = expectedClasses[img][j];
        expectClose(m.values, perPixel((p) => channelSum((ch) => xs[img][p * CHANNELS + ch] * weight(p, ch, c))));
        const logit = Array.from(xs[img]).reduce((s, v, i) => s + v * WEIGHTS[i * CLASSES + c], 0);
        expect(m.logit).toBeCloseTo(logit, 5);
      }),
    );
    model.dispose();
  });

  it.each(['trapezoid', 'midpoint'] as const)('Integrated Gradients (%s) is (x - baseline) * w summed over channels', async (rule) => {
    await initBackend(backend);
    const model = linearModel();
    for (const baseline of [0, 0.25]) {
      const result = await mapsOf(integratedGradientsMethod({ steps: 7, rule, baseline }), model, xs, targets, 3);
      result.maps.forEach((maps, img) =>
        maps.forEach((m, j) => {
          const c = expectedClasses[img][j];
          expectClose(m.values, perPixel((p) => channelSum((ch) => (xs[img][p * CHANNELS + ch] - baseline) * weight(p, ch, c))));
        }),
      );
    }
    const image = seeded(9, FEATURES);
    const result = await mapsOf(integratedGradientsMethod({ steps: 4, rule, baseline: image }), model, [xs[0]], { classes: [[1]] });
    expectClose(result.maps[0][0].values, perPixel((p) => channelSum((ch) => (xs[0][p * CHANNELS + ch] - image[p * CHANNELS + ch]) * weight(p, ch, 1))));
    model.dispose();
  });

  it('SmoothGrad equals Saliency where the gradient is the same everywhere', async () => {
    await initBackend(backend);
    const model = linearModel();
    const result = await mapsOf(smoothGradMethod({ samples: 5 }), model, xs, targets, 2);
    const saliency = await mapsOf(SALIENCY, model, xs, targets);
    result.maps.forEach((maps, img) => maps.forEach((m, j) => expectClose(m.values, saliency.maps[img][j].values)));
    model.dispose();
  });

  it('every gradient method leaves no tensors behind', async () => {
    await initBackend(backend);
    const model = linearModel();
    const methods = [SALIENCY, INPUT_X_GRADIENT, integratedGradientsMethod({ steps: 5 }), smoothGradMethod({ samples: 3 })];
    for (const method of methods) await mapsOf(method, model, xs, { topK: 2 }, 3); // compiles the model once
    const before = tf.memory().numTensors;
    for (const method of methods) await mapsOf(method, model, xs, { topK: 2 }, 3);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('input-gradient methods: scores and the pipeline', () => {
  it('a probability score differentiates p_c: gradient p_c (w_c - sum_k p_k w_k)', async () => {
    await initBackend('wasm');
    const model = linearModel();
    const x = seeded(4, FEATURES);
    const batch = tf.tensor4d(x, [1, SIDE, SIDE, CHANNELS]);
    const result = await SALIENCY.explain({ ...context(model), score: 'probability' }, batch, { classes: [[1]] });
    batch.dispose();
    const logits = [0, 1, 2].map((c) => Array.from(x).reduce((s, v, i) => s + v * WEIGHTS[i * CLASSES + c], 0));
    const p = softmax(logits);
    const grad = (pix: number, ch: number): number => p[1] * (weight(pix, ch, 1) - [0, 1, 2].reduce((s, k) => s + p[k] * weight(pix, ch, k), 0));
    expectClose(result.maps[0][0].values, perPixel((pix) => Math.max(...[0, 1, 2].map((ch) => Math.abs(grad(pix, ch))))), 1e-6);
    model.dispose();
  });

  it('explain() gives a ReLU-ed, max-normalised map over the input grid, on the input layer', async () => {
    await initBackend('wasm');
    const model = linearModel();
    const x = seeded(5, FEATURES);
    const [out] = await explain(model, [{ source: 'x', data: x }], { method: 'input-x-gradient', classes: [2] });
    expect(out.layer).toBe('input');
    const e = out.explanations[0];
    expect(e.attribution.topology).toEqual({ kind: 'grid2d', width: SIDE, height: SIDE });
    const raw = perPixel((pix) => channelSum((ch) => x[pix * CHANNELS + ch] * weight(pix, ch, 2)));
    const max = Math.max(...raw);
    expectClose(e.attribution.values, raw.map((v) => Math.max(0, v) / max));
    model.dispose();
  });
});

describe('input-gradient methods: registration and bad use', () => {
  it('registers Saliency, Input x Gradient, Integrated Gradients and SmoothGrad in the gradient family', () => {
    const names = ['saliency', 'input-x-gradient', 'integrated-gradients', 'smoothgrad'];
    expect(GRADIENT_METHODS.map((m) => m.name)).toEqual(names);
    for (const name of names) expect(METHODS.get(name)?.family).toBe('gradient');
  });

  it('a model without a differentiable form is a UsageError naming the method and the engine', async () => {
    await initBackend('wasm');
    const inner = linearModel();
    const opaque: ExplainableModel = {
      engine: 'onnx',
      source: 'opaque.onnx',
      inputSpec: inner.inputSpec,
      numClasses: CLASSES,
      layers: () => [],
      defaultLayer: () => inner.defaultLayer(),
      predict: (b) => inner.predict(b),
      split: (l) => inner.split(l),
      differentiable: () => undefined,
      dispose: () => inner.dispose(),
    };
    const before = tf.memory().numTensors;
    const attempt = mapsOf(SALIENCY, opaque, [seeded(1, FEATURES)], { topK: 1 });
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(/'saliency'.*onnx engine/);
    expect(tf.memory().numTensors).toBe(before);
    opaque.dispose();
  });

  it('an Integrated Gradients baseline of the wrong size is a UsageError, and nothing leaks', async () => {
    await initBackend('wasm');
    const model = linearModel();
    await mapsOf(SALIENCY, model, [seeded(1, FEATURES)], { topK: 1 });
    const before = tf.memory().numTensors;
    const method = integratedGradientsMethod({ baseline: new Float32Array(5) });
    await expect(mapsOf(method, model, [seeded(1, FEATURES)], { topK: 1 })).rejects.toThrow(/baseline has 5 values.*4x4x3 = 48/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('rejects steps, rules, samples and noise that make no sense', () => {
    expect(() => integratedGradientsMethod({ steps: 1 })).toThrow(/steps must be an integer >= 2 for the trapezoid rule, got 1/);
    expect(() => integratedGradientsMethod({ steps: 0, rule: 'midpoint' })).toThrow(UsageError);
    expect(() => integratedGradientsMethod({ rule: 'left' as never })).toThrow(/rule must be 'trapezoid' or 'midpoint', got 'left'/);
    expect(() => integratedGradientsMethod({ baseline: Number.NaN })).toThrow(UsageError);
    expect(() => smoothGradMethod({ samples: 2.5 })).toThrow(/samples must be a positive integer, got 2.5/);
    expect(() => smoothGradMethod({ noise: -0.1 })).toThrow(UsageError);
  });
});
