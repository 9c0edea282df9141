import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { buildZooModel, ZOO_NAMES, type ZooBuildOptions } from '../src/zoo/index.js';

const INPUT_SIZE = 64;
const BATCH = 2;

async function weightValues(model: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map((w) => w.data() as Promise<Float32Array>));
}

async function logits(model: tf.LayersModel, input: tf.Tensor4D): Promise<Float32Array> {
  const out = model.predict(input) as tf.Tensor;
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return values;
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((max, v, i) => Math.max(max, Math.abs(v - b[i])), 0);
}

function sameValues(a: Float32Array[], b: Float32Array[]): boolean {
  return a.length === b.length && a.every((values, i) => values.length === b[i].length && maxAbsDifference(values, b[i]) === 0);
}

describe.each(ZOO_NAMES)('zoo %s seeding', (name) => {
  const options: ZooBuildOptions = { inputSize: INPUT_SIZE, numClasses: 10, seed: 0 };
  let model: tf.LayersModel;
  let input: tf.Tensor4D;

  beforeAll(async () => {
    await initBackend('wasm');
    model = buildZooModel(name, options);
    input = tf.randomNormal([BATCH, INPUT_SIZE, INPUT_SIZE, 3], 0, 1, 'float32', 42) as tf.Tensor4D;
  });

  afterAll(() => {
    model.dispose();
    input.dispose();
  });

  it('builds identical weights and logits from the same seed', async () => {
    const twin = buildZooModel(name, options);
    try {
      expect(sameValues(await weightValues(twin), await weightValues(model))).toBe(true);
      expect(maxAbsDifference(await logits(twin, input), await logits(model, input))).toBe(0);
    } finally {
      twin.dispose();
    }
  });

  it('builds different weights and logits from another seed', async () => {
    const other = buildZooModel(name, { ...options, seed: 1 });
    try {
      const [mine, theirs] = [await weightValues(model), await weightValues(other)];
      const firstKernel = model.weights.findIndex((w) => w.originalName.endsWith('/kernel'));
      expect(maxAbsDifference(mine[firstKernel], theirs[firstKernel])).toBeGreaterThan(0.01);
      expect(maxAbsDifference(await logits(other, input), await logits(model, input))).toBeGreaterThan(1e-3);
    } finally {
      other.dispose();
    }
  });
});
