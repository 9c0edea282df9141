import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/attribution/random.js';
import { keepAtOrAbove } from '../src/attribution/threshold/result.js';
import { grid } from '../src/attribution/types.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { wrapLayersModel } from '../src/engines/tfjs/load.js';
import type { ExplainableModel } from '../src/engines/types.js';
import { UsageError } from '../src/errors.js';
import {
  confidenceChange,
  deletionCurve,
  energyKept,
  faithfulnessCorrelation,
  insertionCurve,
  noisyLinearImputation,
  pixelFlipping,
  regionConfidence,
  road,
} from '../src/evaluate/metrics/index.js';
import { UNIT } from './helpers/tiny-model.js';

const SIDE = 8;
const CHANNELS = 3;
const PIXELS = SIDE * SIDE;
const WEIGHT = 0.2;
/** The 3x3 window the model reads: rows and columns 2..4; every other pixel is cropped away. */
const WINDOW = Array.from({ length: PIXELS }, (_, p) => p).filter((p) => [2, 3, 4].includes(p % SIDE) && [2, 3, 4].includes(Math.floor(p / SIDE)));

/** logit0 = 0.2 * sum of the window's values, logit1 = -logit0: only the window's pixels matter. */
function windowModel(): ExplainableModel {
  const dense = tf.layers.dense({ units: 2, useBias: false });
  const model = tf.sequential({
    layers: [tf.layers.cropping2D({ cropping: [[2, 3], [2, 3]], inputShape: [SIDE, SIDE, CHANNELS] }), tf.layers.flatten(), dense],
  });
  const features = 9 * CHANNELS;
  dense.setWeights([tf.tensor2d(Float32Array.from({ length: features * 2 }, (_, i) => (i % 2 === 0 ? WEIGHT : -WEIGHT)), [features, 2])]);
  return wrapLayersModel(model, 'window', { preprocess: UNIT });
}

/** Window pixels at 1, the rest uniform in [0, 1): a bright object on a noisy background. */
function sceneImage(): Float32Array {
  const random = mulberry32(5);
  const image = Float32Array.from({ length: PIXELS * CHANNELS }, () => random());
  for (const p of WINDOW) image.fill(1, p * CHANNELS, (p + 1) * CHANNELS);
  return image;
}

const truthMap = Float32Array.from({ length: PIXELS }, (_, p) => (WINDOW.includes(p) ? 1 : 0));
const randomMap = Float32Array.from({ length: PIXELS }, mulberry32(9));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('faithfulness metrics on a model that reads only a known window', () => {
  let model: ExplainableModel;
  const image = sceneImage();
  const logit = WEIGHT * 9 * CHANNELS; // window all ones

  beforeAll(async () => {
    await initBackend('cpu');
    model = windowModel();
  });

  it('starts the deletion curve at the image score and ends it at the all-zero score (probability 0.5)', async () => {
    const curve = await deletionCurve(model, image, truthMap, 0);
    expect(curve.fractions.length).toBe(PIXELS / SIDE + 1);
    expect(curve.scores[0]).toBeCloseTo(sigmoid(2 * logit), 5);
    expect(curve.scores[curve.scores.length - 1]).toBeCloseTo(0.5, 6);
  });

  it('gives a lower deletion AUC and a higher insertion AUC to the map of the used pixels than to a random map', async () => {
    const [delTruth, delRandom, insTruth, insRandom] = await Promise.all([
      deletionCurve(model, image, truthMap, 0, { score: 'logit', step: 4 }),
      deletionCurve(model, image, randomMap, 0, { score: 'logit', step: 4 }),
      insertionCurve(model, image, truthMap, 0, { score: 'logit', step: 4 }),
      insertionCurve(model, image, randomMap, 0, { score: 'logit', step: 4 }),
    ]);
    expect(delTruth.auc).toBeLessThan(delRandom.auc - 0.5);
    expect(insTruth.auc).toBeGreaterThan(insRandom.auc + 0.5);
    // With the window deleted first, the logit is 0 from 9 of 64 pixels on: the area is at most 9/64 * logit.
    expect(delTruth.auc).toBeLessThan((12 / 64) * logit);
  });

  it('upsamples a layer-grid attribution to the input before ordering pixels', async () => {
    const coarse = { values: Float32Array.from([1, 0, 0, 0]), topology: grid(2, 2) }; // top-left quarter first
    const curve = await deletionCurve(model, image, coarse, 0, { score: 'logit', step: 16 });
    expect(curve.scores.length).toBe(5);
    expect(curve.scores[0]).toBeCloseTo(logit, 4);
  });

  it('gives a higher MoRF AOPC to the used-pixel map than to a random map, and a lower LeRF AOPC than its MoRF AOPC', async () => {
    const options = { score: 'logit' as const, steps: 16 };
    const morfTruth = await pixelFlipping(model, image, truthMap, 0, options);
    const morfRandom = await pixelFlipping(model, image, randomMap, 0, options);
    const lerfTruth = await pixelFlipping(model, image, truthMap, 0, { ...options, order: 'lerf' });
    expect(morfTruth.aopc).toBeGreaterThan(morfRandom.aopc + 0.3);
    expect(lerfTruth.aopc).toBeLessThan(morfTruth.aopc - 0.3);
    expect(morfTruth.scores[0]).toBeCloseTo(logit, 4);
  });

  it('ROAD: removing the used pixels first lowers the mean score more than removing them last or at random', async () => {
    const morf = await road(model, image, truthMap, 0, { score: 'logit' });
    const lerf = await road(model, image, truthMap, 0, { score: 'logit', order: 'lerf' });
    const random = await road(model, image, randomMap, 0, { score: 'logit' });
    expect(morf.scores.length).toBe(9);
    expect(morf.mean).toBeLessThan(lerf.mean - 1);
    expect(morf.mean).toBeLessThan(random.mean);
  });

  it('gives faithfulness correlation 1 to the exact per-pixel contributions of a linear model, near 0 to a random map', async () => {
    const contributions = Float32Array.from({ length: PIXELS }, (_, p) =>
      WINDOW.includes(p) ? WEIGHT * (image[p * 3] + image[p * 3 + 1] + image[p * 3 + 2]) : 0,
    );
    const options = { runs: 40, subsetSize: 16 };
    expect(await faithfulnessCorrelation(model, image, contributions, 0, options)).toBeCloseTo(1, 5);
    expect(Math.abs(await faithfulnessCorrelation(model, image, randomMap, 0, options))).toBeLessThan(0.5);
  });

  it('reports no confidence change for an all-ones map and the drop to the zero image for an all-zero map', async () => {
    expect(await confidenceChange(model, image, new Float32Array(PIXELS).fill(1), 0)).toBeCloseTo(0, 6);
    expect(await confidenceChange(model, image, new Float32Array(PIXELS), 0)).toBeCloseTo(0.5 - sigmoid(2 * logit), 5);
  });

  it('keeps the whole score when the simplified region is the window, none when it misses it', async () => {
    const kept = await regionConfidence(model, image, keepAtOrAbove(truthMap, 0.5, 'fixed', null).values, 0, { score: 'logit' });
    expect(kept.ratio).toBeCloseTo(1, 5);
    const missed = await regionConfidence(model, image, truthMap.map((v) => 1 - v), 0, { score: 'logit' });
    expect(missed.kept).toBeCloseTo(0, 6);
  });

  it('rejects an image of the wrong size and a class outside the model with usage errors', async () => {
    await expect(deletionCurve(model, new Float32Array(5), truthMap, 0)).rejects.toThrow(UsageError);
    await expect(deletionCurve(model, image, truthMap, 2)).rejects.toThrow(UsageError);
    await expect(deletionCurve(model, image, new Float32Array(10), 0)).rejects.toThrow(UsageError);
  });
});

describe('noisy linear imputation', () => {
  const grid3 = { width: 6, height: 6, channels: 3 };
  const removed = Uint8Array.from({ length: 36 }, (_, p) => (p % 6 >= 1 && p % 6 <= 3 && Math.floor(p / 6) <= 3 ? 1 : 0));

  it('fills a hole in a constant image with that constant when noise is off', () => {
    const out = noisyLinearImputation(new Float32Array(108).fill(0.7), removed, grid3, 1, 0);
    for (const v of out) expect(v).toBeCloseTo(0.7, 6);
  });

  it('adds noise of the requested standard deviation to the imputed pixels only', () => {
    const image = new Float32Array(108).fill(0.7);
    const out = noisyLinearImputation(image, removed, grid3, 1, 0.01);
    const deviations: number[] = [];
    for (let p = 0; p < 36; p++) {
      for (let c = 0; c < 3; c++) {
        if (removed[p]) deviations.push(out[p * 3 + c] - 0.7);
        else expect(out[p * 3 + c]).toBe(image[p * 3 + c]);
      }
    }
    const rms = Math.sqrt(deviations.reduce((a, d) => a + d * d, 0) / deviations.length);
    expect(rms).toBeGreaterThan(0.005);
    expect(rms).toBeLessThan(0.03); // ring-by-ring filling averages earlier noise in, so a bit above 0.01 at most
  });
});

describe('energy kept', () => {
  it('equals the energy a ThresholdResult reports for the same simplification', () => {
    const map = Float32Array.from({ length: 50 }, mulberry32(3));
    const result = keepAtOrAbove(map, 0.6, 'fixed', null);
    expect(energyKept(map, result.values)).toBeCloseTo(result.energy, 6);
    expect(energyKept(map, map)).toBe(1);
    expect(energyKept(new Float32Array(4), new Float32Array(4))).toBe(0);
  });
});
