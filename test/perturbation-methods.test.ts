import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/attribution/random.js';
import { wrapLayersModel } from '../src/engines/tfjs/load.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import { explain } from '../src/explain.js';
import type { Method, MethodContext } from '../src/explainers/method.js';
import { cosineKernelWeights, limeMethod, sampleCoalitions, segmentMeans } from '../src/explainers/perturbation/lime.js';
import { occlusionMethod, patchGrid } from '../src/explainers/perturbation/occlusion.js';
import { riseMethod } from '../src/explainers/perturbation/rise.js';
import { riseMasks } from '../src/explainers/perturbation/rise-masks.js';
import { methodNamed } from '../src/explainers/registry.js';
import { UNIT } from './helpers/tiny-model.js';

const SIZE = 32;
/** The window the model reads: rows 8..15, columns 16..23 (one 8x8 block of the test image). */
const WIN = { top: 8, left: 16, size: 8 };
/** Gain of the model's class-0 logit; small enough that the probability is not saturated. */
const GAIN = 0.2;
const CLEAN_LOGIT = 1;

const inWindow = (p: number): boolean => {
  const x = p % SIZE;
  const y = Math.floor(p / SIZE);
  return y >= WIN.top && y < WIN.top + WIN.size && x >= WIN.left && x < WIN.left + WIN.size;
};

/** 8x8 blocks of random colours with texture inside each block, values in [0, 1]. */
function blockImage(seed: number): Float32Array {
  const rng = mulberry32(seed);
  const colours = Array.from({ length: 16 * 3 }, () => 0.25 + 0.5 * rng());
  const data = new Float32Array(SIZE * SIZE * 3);
  for (let p = 0; p < SIZE * SIZE; p++) {
    const block = Math.floor(Math.floor(p / SIZE) / 8) * 4 + Math.floor((p % SIZE) / 8);
    for (let c = 0; c < 3; c++) data[p * 3 + c] = colours[block * 3 + c] + 0.2 * (rng() - 0.5);
  }
  return data;
}

/** The window's pixels of an image, in Cropping2D -> Flatten order. */
function windowValues(data: Float32Array): number[] {
  const out: number[] = [];
  for (let y = WIN.top; y < WIN.top + WIN.size; y++) {
    for (let x = WIN.left; x < WIN.left + WIN.size; x++) for (let c = 0; c < 3; c++) out.push(data[(y * SIZE + x) * 3 + c]);
  }
  return out;
}

/**
 * Cropping2D to the window -> Flatten -> Dense(2). Class 0's logit is GAIN * <window(x), window(image)>
 * shifted so the clean image scores CLEAN_LOGIT; class 1's logit is 0. So only the window matters, and
 * hiding any of its pixels (to 0 or to a segment's mean) lowers class 0's probability.
 */
function windowModel(image: Float32Array) {
  const model = tf.sequential({
    layers: [
      tf.layers.cropping2D({ cropping: [[WIN.top, SIZE - WIN.top - WIN.size], [WIN.left, SIZE - WIN.left - WIN.size]], inputShape: [SIZE, SIZE, 3] }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2 }),
    ],
  });
  const w = windowValues(image);
  const kernel = w.flatMap((v) => [GAIN * v, 0]);
  const bias0 = CLEAN_LOGIT - GAIN * w.reduce((s, v) => s + v * v, 0);
  model.layers[2].setWeights([tf.tensor2d(kernel, [w.length, 2]), tf.tensor1d([bias0, 0])]);
  return wrapLayersModel(model, 'window', { preprocess: UNIT });
}

/** Class-0 probability of the window model, by hand. */
function windowProbability(image: Float32Array, x: Float32Array): number {
  const w = windowValues(image);
  const v = windowValues(x);
  const logit = CLEAN_LOGIT + GAIN * w.reduce((s, wi, i) => s + wi * (v[i] - wi), 0);
  return 1 / (1 + Math.exp(-logit));
}

async function explainClass0(method: Method, image: Float32Array, ctx: Partial<MethodContext> = {}): Promise<Float32Array> {
  const model = windowModel(image);
  const batch = tf.tensor4d(image, [1, SIZE, SIZE, 3]);
  try {
    const result = await method.explain({ model, score: 'probability', seed: 1, batchSize: 32, ...ctx }, batch, { classes: [[0]] });
    expect(result.layer).toBe('input');
    expect([result.maps[0][0].width, result.maps[0][0].height]).toEqual([SIZE, SIZE]);
    return result.maps[0][0].values;
  } finally {
    batch.dispose();
    model.dispose();
  }
}

function insideOutside(map: Float32Array): { maxIn: number; maxOut: number; meanIn: number; meanOut: number } {
  let maxIn = -Infinity, maxOut = -Infinity, sumIn = 0, sumOut = 0, nIn = 0;
  map.forEach((v, p) => {
    if (inWindow(p)) { maxIn = Math.max(maxIn, v); sumIn += v; nIn++; } else { maxOut = Math.max(maxOut, v); sumOut += v; }
  });
  return { maxIn, maxOut, meanIn: sumIn / nIn, meanOut: sumOut / (map.length - nIn) };
}

const SMALL = {
  lime: limeMethod({ samples: 300, segmentation: { kind: 'slic', segments: 16 } }),
  rise: riseMethod({ masks: 2000, grid: 4, keep: 0.5 }),
  occlusion: occlusionMethod({ patch: 8, stride: 4 }),
};

describe('perturbation methods on a model that reads only one window', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each(Object.entries(SMALL))('%s puts its maximum inside the window', async (_name, method) => {
    const map = await explainClass0(method, blockImage(2));
    const { maxIn, maxOut, meanIn, meanOut } = insideOutside(map);
    expect(maxIn).toBeGreaterThan(0);
    expect(maxIn).toBeGreaterThan(maxOut);
    expect(inWindow(map.indexOf(maxIn))).toBe(true);
    expect(meanIn - meanOut).toBeGreaterThan(0.2 * maxIn);
  });

  it('occlusion equals the mean probability drop over covering patches, computed by hand', async () => {
    const image = blockImage(3);
    const map = await explainClass0(occlusionMethod({ patch: 6, stride: 5, fill: 0.1 }), image);
    const p0 = windowProbability(image, image);
    const sum = new Float64Array(SIZE * SIZE);
    const count = new Float64Array(SIZE * SIZE);
    for (const patch of patchGrid(SIZE, SIZE, 6, 5)) {
      const x = Float32Array.from(image);
      const covered: number[] = [];
      for (let y = patch.y; y < patch.y + 6; y++) for (let xx = patch.x; xx < patch.x + 6; xx++) covered.push(y * SIZE + xx);
      for (const p of covered) x.fill(0.1, p * 3, p * 3 + 3);
      const drop = p0 - windowProbability(image, x);
      for (const p of covered) { sum[p] += drop; count[p]++; }
    }
    map.forEach((v, p) => expect(v).toBeCloseTo(sum[p] / count[p], 5));
    // Patches that miss the window do not change the prediction: pixels only they cover score 0.
    const far = (p: number): boolean => {
      const x = p % SIZE;
      const y = Math.floor(p / SIZE);
      return y < WIN.top - 6 || y >= WIN.top + WIN.size + 6 || x < WIN.left - 6 || x >= WIN.left + WIN.size + 6;
    };
    const farValues = [...map].filter((_, p) => far(p));
    expect(farValues.length).toBeGreaterThan(300);
    farValues.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-6));
  });

  it('occlusion patches cover every pixel, the last one flush with the border', () => {
    const patches = patchGrid(224, 224, 15, 8);
    expect(patches.map((p) => p.x).filter((x, i, a) => a.indexOf(x) === i)).toEqual([...Array.from({ length: 27 }, (_, i) => i * 8), 209]);
    expect(patchGrid(10, 10, 15, 8)).toEqual([{ x: 0, y: 0, width: 10, height: 10 }]);
  });

  it('RISE of a model that ignores its input is P / p * E[mask] = P everywhere', async () => {
    const image = blockImage(4);
    const model = windowModel(image);
    (model.model.layers[2] as tf.layers.Layer).setWeights([tf.zeros([WIN.size * WIN.size * 3, 2]), tf.tensor1d([Math.log(3), 0])]);
    const batch = tf.tensor4d(image, [1, SIZE, SIZE, 3]);
    const result = await riseMethod({ masks: 400, grid: 4, keep: 0.3 }).explain({ model, score: 'probability', seed: 5, batchSize: 50 }, batch, { classes: [[0, 1]] });
    batch.dispose();
    model.dispose();
    const mean = (m: Float32Array): number => m.reduce((s, v) => s + v, 0) / m.length;
    expect(mean(result.maps[0][0].values)).toBeCloseTo(0.75, 1);
    expect(mean(result.maps[0][1].values)).toBeCloseTo(0.25, 1);
  });

  it('RISE masks are in [0, 1] and keep about p of the input on average', () => {
    const masks = riseMasks(300, 40, 30, { grid: 5, keep: 0.2 }, mulberry32(3));
    expect(masks.length).toBe(300 * 40 * 30);
    expect(masks.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(masks.reduce((s, v) => s + v, 0) / masks.length).toBeCloseTo(0.2, 1);
  });

  it('LIME samples start all on, weight by cosine distance, and hide segments with their mean', () => {
    const coalitions = sampleCoalitions(50, 6, mulberry32(1));
    expect([...coalitions.subarray(0, 6)]).toEqual([1, 1, 1, 1, 1, 1]);
    const on = coalitions.subarray(6).reduce((s, v) => s + v, 0) / (44 * 6);
    expect(on).toBeGreaterThan(0.35);
    expect(on).toBeLessThan(0.65);
    // All on: d = 0, weight 1. One of four on: d = 1 - 1/2, weight sqrt(exp(-0.25 / 0.0625)) = exp(-2). All off: d = 1.
    const w = cosineKernelWeights(Uint8Array.from([1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]), 3, 4, 0.25);
    expect(w[0]).toBeCloseTo(1, 12);
    expect(w[1]).toBeCloseTo(Math.exp(-2), 12);
    expect(w[2]).toBeCloseTo(Math.exp(-8), 12);
    const means = segmentMeans(Float32Array.from([1, 2, 3, 5]), Int32Array.from([0, 1, 0, 1]), 2, 1);
    expect([...means]).toEqual([2, 3.5, 2, 3.5]);
  });

  it.each(['lime', 'rise'] as const)('%s is deterministic under a seed and changes with it', async (name) => {
    const image = blockImage(6);
    const a = await explainClass0(SMALL[name], image, { seed: 11 });
    const b = await explainClass0(SMALL[name], image, { seed: 11 });
    const c = await explainClass0(SMALL[name], image, { seed: 12 });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it.each(Object.entries(SMALL))('%s leaves no tensors behind, for two images and two classes each', async (_name, method) => {
    const images = [blockImage(7), blockImage(8)];
    const model = windowModel(images[0]);
    const batch = tf.tensor4d(Float32Array.from([...images[0], ...images[1]]), [2, SIZE, SIZE, 3]);
    const before = tf.memory().numTensors;
    const result = await method.explain({ model, score: 'probability', seed: 0, batchSize: 16 }, batch, { topK: 2 });
    expect(tf.memory().numTensors).toBe(before);
    batch.dispose();
    model.dispose();
    expect(result.maps.map((m) => m.map((c) => c.classIndex).sort())).toEqual([[0, 1], [0, 1]]);
    expect(result.timings.gradientMs).toBe(0);
    expect(result.timings.forwardMs).toBeGreaterThan(0);
  });

  it('runs through the pipeline by name, with the registered defaults', async () => {
    const image = blockImage(9);
    const model = windowModel(image);
    const [out] = await explain(model, [{ source: 'blocks', data: image }], { method: 'occlusion', classes: [0] });
    model.dispose();
    expect(out.layer).toBe('input');
    const e = out.explanations[0];
    expect(e.attribution.topology).toEqual({ kind: 'grid2d', width: SIZE, height: SIZE });
    expect(e.allZero).toBe(false);
    const { maxIn, maxOut } = insideOutside(e.attribution.values);
    expect(maxIn).toBeCloseTo(1, 6);
    expect(maxOut).toBeLessThan(maxIn);
    expect(['lime', 'rise', 'occlusion'].map((n) => methodNamed(n).family)).toEqual(['perturbation', 'perturbation', 'perturbation']);
  });

  it('rejects bad options with a UsageError', () => {
    expect(() => limeMethod({ samples: 1 })).toThrow(UsageError);
    expect(() => riseMethod({ keep: 0 })).toThrow(UsageError);
    expect(() => occlusionMethod({ stride: 0 })).toThrow(UsageError);
  });
});
