import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { calibrateBatchNorm, calibrationImages } from '../src/zoo/calibrate-batch-norm.js';
import { naturalNoiseImages } from '../src/zoo/calibration-images.js';
import { buildZooModel, ZOO } from '../src/zoo/index.js';

const SIZE = 64;
const SEED = 3;

/** Correlation of horizontally adjacent pixels over the whole batch. */
function neighbourCorrelation(images: tf.Tensor4D): number {
  return tf.tidy(() => {
    const left = tf.slice(images, [0, 0, 0, 0], [-1, -1, images.shape[2] - 1, -1]);
    const right = tf.slice(images, [0, 0, 1, 0], [-1, -1, -1, -1]);
    const centre = (t: tf.Tensor) => tf.sub(t, tf.mean(t));
    const [a, b] = [centre(left), centre(right)];
    return tf.div(tf.mean(tf.mul(a, b)), tf.sqrt(tf.mul(tf.mean(tf.square(a)), tf.mean(tf.square(b))))).dataSync()[0];
  });
}

function batchNormOutputs(model: tf.LayersModel): tf.LayersModel {
  const batchNorms = model.layers.filter((layer) => layer.getClassName() === 'BatchNormalization');
  return tf.model({ inputs: model.inputs, outputs: batchNorms.map((layer) => layer.output as tf.SymbolicTensor) });
}

describe('batch-norm calibration of the zoo', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('draws the same noise images from the same seed and different ones from another', () => {
    const [a, b, c] = [naturalNoiseImages(2, 16, 3, 9), naturalNoiseImages(2, 16, 3, 9), naturalNoiseImages(2, 16, 3, 10)];
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBe(0);
    expect(tf.max(tf.abs(tf.sub(a, c))).dataSync()[0]).toBeGreaterThan(0.1);
    tf.dispose([a, b, c]);
  });

  it('draws noise images with the neighbour correlation of photos, unlike white noise', () => {
    const natural = naturalNoiseImages(4, SIZE, 3, 1);
    const white = tf.randomNormal([4, SIZE, SIZE, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    expect(neighbourCorrelation(natural)).toBeGreaterThan(0.7);
    expect(Math.abs(neighbourCorrelation(white))).toBeLessThan(0.05);
    tf.dispose([natural, white]);
  });

  it('leaves every batch norm of ResNet18 giving zero mean and unit variance per channel on the calibration images', () => {
    const model = buildZooModel('resnet18', { inputSize: SIZE, numClasses: 4, seed: SEED });
    const images = calibrationImages(SIZE, 3, SEED);
    const outputs = batchNormOutputs(model).predict(images) as tf.Tensor[];
    const perLayer = outputs.map((out) =>
      tf.tidy(() => {
        const { mean, variance } = tf.moments(out, [0, 1, 2]);
        return { worstMean: tf.max(tf.abs(mean)).dataSync()[0], meanVariance: tf.mean(variance).dataSync()[0] };
      }),
    );
    expect(perLayer).toHaveLength(20);
    for (const { worstMean, meanVariance } of perLayer) {
      expect(worstMean).toBeLessThan(1e-3);
      expect(meanVariance).toBeGreaterThan(0.95);
      expect(meanVariance).toBeLessThanOrEqual(1 + 1e-4);
    }
    tf.dispose([...outputs, images]);
    model.dispose();
  });

  it('keeps EfficientNet-B0 features at a usable scale on images it was not calibrated on', () => {
    const model = buildZooModel('efficientnetb0', { inputSize: SIZE, numClasses: 4, seed: SEED });
    const features = tf.model({ inputs: model.inputs, outputs: model.getLayer(ZOO.efficientnetb0.defaultLayer).output as tf.SymbolicTensor });
    const inputs = [naturalNoiseImages(2, SIZE, 3, 1234), tf.randomNormal([2, SIZE, SIZE, 3], 0, 1, 'float32', 5) as tf.Tensor4D];
    for (const input of inputs) {
      const std = tf.tidy(() => Math.sqrt(tf.moments(features.predict(input) as tf.Tensor).variance.dataSync()[0]));
      expect(std).toBeGreaterThan(0.01);
      expect(std).toBeLessThan(100);
    }
    tf.dispose(inputs);
    model.dispose();
  });

  it('leaves no tensors behind', () => {
    const model = buildZooModel('mobilenetv2', { inputSize: 32, numClasses: 2 });
    const before = tf.memory().numTensors;
    calibrateBatchNorm(model, 7);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('changes nothing in a network without batch norm', async () => {
    const model = buildZooModel('vgg16', { inputSize: 32, numClasses: 2, head: 'gap' });
    const before = await Promise.all(model.getWeights().map((w) => w.data()));
    calibrateBatchNorm(model, 7);
    const after = await Promise.all(model.getWeights().map((w) => w.data()));
    expect(after.every((values, i) => values.every((v, j) => v === before[i][j]))).toBe(true);
    model.dispose();
  });
});
