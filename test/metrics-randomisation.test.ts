import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/attribution/random.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import type { ExplainableModel } from '../src/engines/types.js';
import { averageRanks, modelParameterRandomisation, spearman, type ExplainWith } from '../src/evaluate/metrics/index.js';
import { UNIT } from './helpers/tiny-model.js';

const SIDE = 6;
const PIXELS = SIDE * SIDE;

/** Flatten -> Dense(8) -> Dense(3), linear: the input gradient is W1 W2[:, c], set by every layer. */
function linearTwoLayer(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [SIDE, SIDE, 3] }),
      tf.layers.dense({ units: 8, name: 'hidden', kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) }),
      tf.layers.dense({ units: 3, name: 'logits', kernelInitializer: tf.initializers.randomNormal({ seed: 2 }) }),
    ],
  });
  return model;
}

const images = [1, 2].map((s) => Float32Array.from({ length: PIXELS * 3 }, mulberry32(s)));

/** Input gradient of logit 0, summed over channels: a map that depends on every weight. */
const gradientMaps: ExplainWith = async (m: ExplainableModel) => {
  const f = m.differentiable?.();
  if (!f) throw new Error('model is not differentiable');
  return images.map((x) =>
    tf.tidy(() => {
      const g = tf.grad((input: tf.Tensor) => tf.sum(tf.slice(f(input as tf.Tensor4D), [0, 0], [-1, 1])))(tf.tensor4d(x, [1, SIDE, SIDE, 3]));
      return tf.sum(g, 3).dataSync() as Float32Array;
    }),
  );
};

/** A map of the image alone (its first channel): blind to the model. */
const imageOnlyMaps: ExplainWith = async () => images.map((x) => Float32Array.from({ length: PIXELS }, (_, p) => x[p * 3]));

describe('Spearman rank correlation', () => {
  it('is 1 for a monotone transform, -1 for a reversal, and averages tied ranks', () => {
    const a = [1, 2, 3, 4, 5];
    expect(spearman(a, a.map((v) => Math.exp(v)))).toBeCloseTo(1, 12);
    expect(spearman(a, a.map((v) => -v))).toBeCloseTo(-1, 12);
    expect([...averageRanks([10, 20, 20, 30])]).toEqual([1, 2.5, 2.5, 4]);
  });
});

describe('cascading model-parameter randomisation', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('randomises from the output backwards and decorrelates a gradient map, without touching the model', async () => {
    const model = linearTwoLayer();
    const before = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
    const stages = await modelParameterRandomisation(model, { preprocess: UNIT }, gradientMaps, { seed: 4 });
    expect(stages.map((s) => s.layer)).toEqual(['logits', 'hidden']);
    for (const stage of stages) {
      expect(stage.correlations.length).toBe(images.length);
      expect(Math.abs(stage.mean)).toBeLessThan(0.6);
    }
    model.getWeights().forEach((w, i) => expect([...w.dataSync()]).toEqual([...before[i]]));
    model.dispose();
  });

  it('keeps correlation 1 for a map that ignores the model, and stops after maxLayers', async () => {
    const model = linearTwoLayer();
    const stages = await modelParameterRandomisation(model, { preprocess: UNIT }, imageOnlyMaps, { maxLayers: 1 });
    expect(stages.length).toBe(1);
    expect(stages[0].mean).toBeCloseTo(1, 12);
    model.dispose();
  });

  it("explains an unrandomised copy first, whose map equals the model's own gradient W1 W2[:, 0]", async () => {
    const model = linearTwoLayer();
    const [w1, , w2] = model.getWeights().map((w) => w.dataSync());
    const expected = Float32Array.from({ length: PIXELS }, (_, p) => {
      let sum = 0;
      for (let c = 0; c < 3; c++) for (let h = 0; h < 8; h++) sum += w1[(p * 3 + c) * 8 + h] * w2[h * 3];
      return sum;
    });
    const seen: ArrayLike<number>[][] = [];
    await modelParameterRandomisation(model, { preprocess: UNIT }, async (m) => {
      const maps = await gradientMaps(m);
      seen.push(maps);
      return maps;
    }, { maxLayers: 1 });
    expect(seen.length).toBe(2);
    for (let p = 0; p < PIXELS; p++) expect(seen[0][0][p]).toBeCloseTo(expected[p], 4);
    model.dispose();
  });
});
