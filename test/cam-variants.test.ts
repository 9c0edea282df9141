import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import type { ScoreKind } from '../src/explainers/cam/cam-core.js';
import { CAM_METHODS } from '../src/explainers/cam/methods.js';
import { scoreCamMethod } from '../src/explainers/cam/scorecam.js';
import type { Method, MethodResult } from '../src/explainers/method.js';
import { TINY, tinyModel } from './helpers/tiny-model.js';

/**
 * Every CAM variant on the tiny model (1x1 conv -> GAP -> dense, test/helpers/tiny-model.ts), against its
 * formula evaluated with plain loops. For that model A_k(p) = sum_ch K[ch,k] x[p,ch] over 16 positions,
 * y_c = b_c + sum_k W[k,c] mean(A_k), and the logit gradient is g_k = W[k,c] / 16 at every position.
 */
const POSITIONS = 16;
const CHANNELS = 2;

function seededInput(seed: number, n: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.3;
  });
}

const relu = (v: number) => Math.max(0, v);
const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);

/** A[k][p] of the tiny model for one image, optionally with the input masked per position. */
function activations(x: Float32Array, mask: number[] = new Array(POSITIONS).fill(1)): number[][] {
  return [0, 1].map((k) => Array.from({ length: POSITIONS }, (_, p) => mask[p] * sum([0, 1, 2].map((ch) => TINY.kernel[ch][k] * x[p * 3 + ch]))));
}

function logitsOf(a: number[][]): number[] {
  return [0, 1].map((c) => TINY.bias[c] + sum([0, 1].map((k) => (TINY.dense[k][c] * sum(a[k])) / POSITIONS)));
}

function softmax(l: number[]): number[] {
  const m = Math.max(...l);
  const e = l.map((v) => Math.exp(v - m));
  return e.map((v) => v / sum(e));
}

/** The logit gradient g_k, constant over positions. */
const gradient = (cls: number) => [0, 1].map((k) => TINY.dense[k][cls] / POSITIONS);

/** relu(sum_k coefficient(k, p) * A_k(p)) at every position. */
function mapOf(a: number[][], coefficient: (k: number, p: number) => number): number[] {
  return Array.from({ length: POSITIONS }, (_, p) => relu(sum([0, 1].map((k) => coefficient(k, p) * a[k][p]))));
}

/** relu of the projection on the first principal component of field[k][p] (as a [p, k] matrix), sign-fixed. */
function eigenMap(field: number[][]): number[] {
  const centred = field.map((col) => col.map((v) => v - sum(col) / POSITIONS));
  const [sxx, syy, sxy] = [sum(centred[0].map((v) => v * v)), sum(centred[1].map((v) => v * v)), sum(centred[0].map((v, p) => v * centred[1][p]))];
  const lambda = (sxx + syy) / 2 + Math.sqrt(((sxx - syy) / 2) ** 2 + sxy ** 2);
  const raw = [sxy, lambda - sxx];
  const norm = Math.hypot(raw[0], raw[1]);
  const v = raw.map((r) => r / norm);
  const projection = Array.from({ length: POSITIONS }, (_, p) => v[0] * centred[0][p] + v[1] * centred[1][p]);
  const mean = Array.from({ length: POSITIONS }, (_, p) => (field[0][p] + field[1][p]) / CHANNELS);
  const meanOfMean = sum(mean) / POSITIONS;
  const sign = sum(projection.map((q, p) => q * (mean[p] - meanOfMean))) < 0 ? -1 : 1;
  return projection.map((q) => relu(sign * q));
}

type Hand = (x: Float32Array, cls: number, score: ScoreKind) => number[];

const HAND: Record<string, Hand> = {
  gradcam: (x, cls) => mapOf(activations(x), (k) => gradient(cls)[k]),
  'gradcam++': (x, cls) => {
    const a = activations(x);
    const g = gradient(cls);
    const w = [0, 1].map((k) => (g[k] === 0 ? 0 : (POSITIONS * relu(g[k]) * g[k] ** 2) / (2 * g[k] ** 2 + sum(a[k]) * g[k] ** 3 + 1e-6)));
    return mapOf(a, (k) => w[k]);
  },
  hirescam: (x, cls) => mapOf(activations(x), (k) => gradient(cls)[k]),
  xgradcam: (x, cls) => {
    const a = activations(x);
    const g = gradient(cls);
    return mapOf(a, (k) => sum(a[k].map((v) => g[k] * v)) / (sum(a[k]) + 1e-7));
  },
  layercam: (x, cls) => mapOf(activations(x), (k) => relu(gradient(cls)[k])),
  eigencam: (x) => eigenMap(activations(x)),
  eigengradcam: (x, cls) => eigenMap(activations(x).map((col, k) => col.map((v) => gradient(cls)[k] * v))),
  ablationcam: (x, cls, score) => {
    const a = activations(x);
    const scoreOf = (l: number[]) => (score === 'probability' ? softmax(l)[cls] : l[cls]);
    const y = scoreOf(logitsOf(a));
    const w = [0, 1].map((k) => (y - scoreOf(logitsOf(a.map((col, j) => (j === k ? col.map(() => 0) : col))))) / y);
    return mapOf(a, (k) => w[k]);
  },
  scorecam: (x, cls) => {
    const a = activations(x);
    const w = a.map((col) => {
      const [lo, hi] = [Math.min(...col), Math.max(...col)];
      const mask = col.map((v) => (v - lo) / (hi - lo));
      return softmax(logitsOf(activations(x, mask)))[cls];
    });
    return mapOf(a, (k) => w[k]);
  },
};

const methodNamed = (name: string): Method => CAM_METHODS.find((m) => m.name === name)!;
const IMAGES = [seededInput(1, 48), seededInput(2, 48)];

async function explainTiny(method: Method, classes: number[][], score: ScoreKind = 'logit', batchSize = 1): Promise<MethodResult> {
  const model = tinyModel();
  const batch = tf.tensor4d(Float32Array.from(IMAGES.flatMap((x) => [...x])), [2, 4, 4, 3]);
  try {
    return await method.explain({ model, score, seed: 0, batchSize }, batch, { classes });
  } finally {
    batch.dispose();
    model.dispose();
  }
}

describe('CAM variants on the hand-built model', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('registers every variant once, in the cam family', () => {
    expect(CAM_METHODS.map((m) => m.name)).toEqual(Object.keys(HAND));
    expect(CAM_METHODS.every((m) => m.family === 'cam')).toBe(true);
  });

  it.each(Object.keys(HAND))('%s matches its formula for both classes of two images in one batch', async (name) => {
    const classes = [[0, 1], [1, 0]];
    const result = await explainTiny(methodNamed(name), classes);
    expect(result.layer).toBe('conv');
    let positive = 0;
    classes.forEach((cs, img) =>
      cs.forEach((cls, j) => {
        const m = result.maps[img][j];
        const hand = HAND[name](IMAGES[img], cls, 'logit');
        expect(m.classIndex).toBe(cls);
        expect([m.width, m.height]).toEqual([4, 4]);
        expect(m.logit).toBeCloseTo(logitsOf(activations(IMAGES[img]))[cls], 5);
        const scale = Math.max(...hand, 1e-6);
        m.values.forEach((v, p) => expect(Math.abs(v - hand[p]) / scale).toBeLessThan(1e-4));
        positive += hand.filter((v) => v > 0).length;
      }),
    );
    expect(positive).toBeGreaterThan(0);
  });

  it('Ablation-CAM weighs the probability drop when the score is the probability', async () => {
    const result = await explainTiny(methodNamed('ablationcam'), [[0], [1]], 'probability', 2);
    [0, 1].forEach((img) => {
      const hand = HAND.ablationcam(IMAGES[img], img, 'probability');
      const scale = Math.max(...hand, 1e-6);
      result.maps[img][0].values.forEach((v, p) => expect(Math.abs(v - hand[p]) / scale).toBeLessThan(1e-4));
    });
  });

  it('Score-CAM limited to one channel weighs only the channel with the largest mean activation', async () => {
    const result = await explainTiny(scoreCamMethod({ maxChannels: 1 }), [[0], [1]]);
    [0, 1].forEach((img) => {
      const a = activations(IMAGES[img]);
      const strongest = sum(a[0]) >= sum(a[1]) ? 0 : 1;
      const [lo, hi] = [Math.min(...a[strongest]), Math.max(...a[strongest])];
      const mask = a[strongest].map((v) => (v - lo) / (hi - lo));
      const w = softmax(logitsOf(activations(IMAGES[img], mask)))[img];
      const hand = mapOf(a, (k) => (k === strongest ? w : 0));
      result.maps[img][0].values.forEach((v, p) => expect(v).toBeCloseTo(hand[p], 5));
    });
  });

  it.each(['eigencam', 'ablationcam'])('%s takes no gradient', async (name) => {
    const result = await explainTiny(methodNamed(name), [[0], [1]]);
    expect(result.timings.gradientMs).toBe(0);
  });

  it('Eigen-CAM gives every class of an image the same map', async () => {
    const result = await explainTiny(methodNamed('eigencam'), [[0, 1], [1, 0]]);
    result.maps.forEach(([first, second]) => first.values.forEach((v, p) => expect(second.values[p]).toBeCloseTo(v, 6)));
  });

  it.each(Object.keys(HAND))('%s leaves no tensors behind', async (name) => {
    const method = methodNamed(name);
    const model = tinyModel();
    const batch = tf.tensor4d(seededInput(5, 96), [2, 4, 4, 3]);
    const ctx = { model, score: 'probability' as const, seed: 0, batchSize: 1 };
    await method.explain(ctx, batch, { topK: 2 }); // the first call builds lazily created state
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await method.explain(ctx, batch, { topK: 2 });
    expect(tf.memory().numTensors).toBe(before);
    batch.dispose();
    model.dispose();
  });
});
