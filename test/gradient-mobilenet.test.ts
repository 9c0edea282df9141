import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { wrapLayersModel } from '../src/engines/tfjs/load.js';
import { SALIENCY } from '../src/explainers/gradient/saliency.js';
import { buildMobileNetV2 } from '../src/zoo/mobilenetv2.js';
import { UNIT } from './helpers/tiny-model.js';

const SIZE = 32;
const CLASSES = 10;
const TARGETS = [3, 7];

function inputs(): Float32Array {
  let s = 5;
  return Float32Array.from({ length: TARGETS.length * SIZE * SIZE * 3 }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1; // MobileNetV2's input range, [-1, 1]
  });
}

/** d(sum over images of logit TARGETS[i]) / d x, with the image's own target as a one-hot row. */
function gradientOf(f: (x: tf.Tensor4D) => tf.Tensor, x: Float32Array): Float32Array {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(tf.tensor1d(TARGETS, 'int32'), CLASSES).toFloat();
    const batch = tf.tensor4d(x, [TARGETS.length, SIZE, SIZE, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t as tf.Tensor4D), oneHot)))(batch);
    return g.dataSync().slice() as Float32Array;
  });
}

/** Topology and weights, read off the backend that holds them. */
async function inMemory(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!artifacts) throw new Error('the model was not saved');
  return artifacts;
}

describe('gradients back to the input through the zoo MobileNetV2 (32x32)', () => {
  it('work on wasm (no missing kernel) and on cpu, equal to autodiff through tfjs-layers on cpu; Saliency is their largest magnitude', async () => {
    await initBackend('wasm');
    const x = inputs();
    const model = buildMobileNetV2({ inputSize: SIZE, numClasses: CLASSES, seed: 1 });
    const saved = await inMemory(model);
    const wrapped = wrapLayersModel(model, 'zoo:mobilenetv2', { preprocess: UNIT });
    const f = wrapped.differentiable();
    gradientOf(f, x); // the first call compiles the model's transposed kernels
    const before = tf.memory().numTensors;
    const onWasm = gradientOf(f, x);
    const batch = tf.tensor4d(x, [TARGETS.length, SIZE, SIZE, 3]);
    const saliency = await SALIENCY.explain({ model: wrapped, score: 'logit', seed: 0, batchSize: 1 }, batch, { classes: TARGETS.map((c) => [c]) });
    batch.dispose();
    expect(tf.memory().numTensors).toBe(before);
    wrapped.dispose();

    await initBackend('cpu');
    const reference = await tf.loadLayersModel(tf.io.fromMemory(saved)); // the same model, rebuilt on cpu
    const onCpu = gradientOf((t) => reference.apply(t) as tf.Tensor, x);
    const compiledOnCpu = wrapLayersModel(reference, 'zoo:mobilenetv2', { preprocess: UNIT });
    const onCpuCompiled = gradientOf(compiledOnCpu.differentiable(), x);
    compiledOnCpu.dispose();

    const scale = Math.max(...onCpu.map(Math.abs));
    expect(scale).toBeGreaterThan(0);
    let worst = 0;
    onWasm.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - onCpu[i]))));
    expect(worst).toBeLessThan(1e-5 * scale);
    worst = 0;
    onCpuCompiled.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - onCpu[i]))));
    expect(worst).toBeLessThan(1e-5 * scale);

    const pixels = SIZE * SIZE;
    saliency.maps.forEach((maps, img) => {
      expect([maps[0].width, maps[0].height]).toEqual([SIZE, SIZE]);
      maps[0].values.forEach((v, p) => {
        const base = (img * pixels + p) * 3;
        const expected = Math.max(...[0, 1, 2].map((ch) => Math.abs(onCpu[base + ch])));
        expect(Math.abs(v - expected)).toBeLessThan(1e-5 * scale);
      });
    });
  });
});
