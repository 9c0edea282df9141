import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import {
  attentionRollout,
  gradientRollout,
  tokenGradCam,
  type AttentionSource,
  type GatedAttentionModel,
  type TokenSplit,
} from '../src/explainers/transformer/index.js';
import { buildVit, resolveVitConfig, VIT_BASE, type VisionTransformer } from '../src/zoo/vit.js';

/** 32 px, patch 8: a 4x4 grid, 17 tokens. */
const SMALL = { inputSize: 32, patchSize: 8, depth: 2, heads: 2, width: 16, numClasses: 5, seed: 3 };

function seededBatch(n: number, size: number, seed: number): tf.Tensor4D {
  let s = seed >>> 0;
  const data = Float32Array.from({ length: n * size * size * 3 }, () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return 2 * (s / 2 ** 32) - 1;
  });
  return tf.tensor4d(data, [n, size, size, 3]);
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, digits: number): void => {
  expect(a.length).toBe(b.length);
  Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i], digits));
};

describe('the zoo ViT', () => {
  let vit: VisionTransformer;
  let batch: tf.Tensor4D;
  beforeAll(async () => {
    await initBackend('wasm');
    vit = buildVit(SMALL);
    batch = seededBatch(2, SMALL.inputSize, 1);
  });
  afterAll(() => {
    batch.dispose();
    vit.dispose();
  });

  it('gives logits and one row-stochastic [N, heads, T, T] attention map per block', async () => {
    const { logits, attentions } = await vit.attentions(batch);
    expect(logits.shape).toEqual([2, 5]);
    expect(attentions.map((a) => a.shape)).toEqual([[2, 2, 17, 17], [2, 2, 17, 17]]);
    const rowSums = tf.sum(attentions[1], -1);
    Array.from(rowSums.dataSync()).forEach((s) => expect(s).toBeCloseTo(1, 5));
    const predicted = vit.predict(batch);
    close(logits.dataSync(), predicted.dataSync(), 5);
    tf.dispose([logits, ...attentions, rowSums, predicted]);
  });

  it('has attention that is not uniform at random initialisation (query-key products of order one)', async () => {
    const { logits, attentions } = await vit.attentions(batch);
    const largest = tf.max(attentions[0]).dataSync()[0];
    expect(largest).toBeGreaterThan(3 / 17);
    tf.dispose([logits, ...attentions]);
  });

  it('is unchanged by gates of ones, and the token split reproduces the logits at every cut', async () => {
    const predicted = vit.predict(batch);
    const gated = tf.tidy(() => vit.gatedLogits(batch, [0, 1].map(() => tf.ones([2, 2, 17, 17]) as tf.Tensor4D)));
    close(gated.dataSync(), predicted.dataSync(), 5);
    for (const block of [0, 1]) {
      const split = vit.tokenSplit(block);
      const { logits, tokens } = await split.run(batch);
      expect(tokens.shape).toEqual([2, 17, 16]);
      const again = split.head(tokens);
      close(logits.dataSync(), predicted.dataSync(), 5);
      close(again.dataSync(), predicted.dataSync(), 5);
      tf.dispose([logits, tokens, again]);
    }
    tf.dispose([predicted, gated]);
  });

  it('gives the same logits for the same seed and different ones for another', () => {
    const twin = buildVit(SMALL);
    const other = buildVit({ ...SMALL, seed: 4 });
    const [a, b, c] = [vit, twin, other].map((m) => m.predict(batch));
    close(a.dataSync(), b.dataSync(), 6);
    expect(Math.abs(a.dataSync()[0] - c.dataSync()[0])).toBeGreaterThan(1e-3);
    tf.dispose([a, b, c]);
    twin.dispose();
    other.dispose();
  });

  it('rejects sizes that do not fit together and batches of the wrong size', () => {
    expect(() => resolveVitConfig({ inputSize: 40, patchSize: 16 })).toThrow(/inputSize must be a multiple of patchSize 16; got 40/);
    expect(() => resolveVitConfig({ width: 100, heads: 3 })).toThrow(UsageError);
    expect(() => resolveVitConfig({ layers: 3 } as object)).toThrow(/unknown option\(s\) layers/);
    expect(() => vit.tokenSplit(2)).toThrow(/block must be an integer in \[0, 1\]; got 2/);
    const wrong = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
    expect(() => vit.predict(wrong)).toThrow(/expected an NHWC batch of 32x32x3 images; got 16x16x3/);
    wrong.dispose();
  });

  it('defaults to ViT-Ti/16 and offers the ViT-B/16 shape', () => {
    expect(resolveVitConfig()).toMatchObject({ inputSize: 224, patchSize: 16, depth: 12, heads: 3, width: 192 });
    expect(VIT_BASE).toMatchObject({ depth: 12, heads: 12, width: 768, mlpRatio: 4 });
  });
});

describe('transformer explainers on the zoo ViT', () => {
  let vit: VisionTransformer;
  let batch: tf.Tensor4D;
  beforeAll(async () => {
    await initBackend('wasm');
    vit = buildVit(SMALL);
    batch = seededBatch(2, SMALL.inputSize, 2);
  });
  afterAll(() => {
    batch.dispose();
    vit.dispose();
  });

  it('the zoo ViT provides every interface the explainers read', () => {
    const asSource: AttentionSource = vit;
    const asGated: GatedAttentionModel = vit;
    const asSplit: TokenSplit = vit.tokenSplit();
    expect([asSource.prefixTokens, asGated.depth, asSplit.patchGrid.width]).toEqual([1, 2, 4]);
  });

  it('token-grid Grad-CAM gives a non-negative 4x4 map per requested class, different per class, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const result = await tokenGradCam(vit.tokenSplit(), batch, { topK: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.maps.map((ms) => ms.length)).toEqual([2, 2]);
    for (const [first, second] of result.maps) {
      expect([first.width, first.height, first.values.length]).toEqual([4, 4, 16]);
      expect(Math.min(...first.values)).toBeGreaterThanOrEqual(0);
      expect(first.logit).toBeGreaterThanOrEqual(second.logit);
      expect(first.values.some((v, i) => Math.abs(v - second.values[i]) > 1e-6)).toBe(true);
    }
  });

  it('attention rollout gives every class of an image the same map, its patch mass below one (the class token keeps the rest)', async () => {
    const before = tf.memory().numTensors;
    const result = await attentionRollout(vit, batch, { classes: [[0, 4], [2, 1]] });
    expect(tf.memory().numTensors).toBe(before);
    const [a, b] = result.maps[0];
    expect([a.classIndex, b.classIndex, a.width, a.height]).toEqual([0, 4, 4, 4]);
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    const patchMass = a.values.reduce((s, v) => s + v, 0);
    expect(patchMass).toBeGreaterThan(0);
    expect(patchMass).toBeLessThan(1);
    expect([a.logit, b.logit]).toEqual([result.logits[0], result.logits[4]]);
  });

  it('gradient rollout: the gate gradient is the directional derivative of the logit (central difference)', () => {
    const target = 3;
    const score = (scale: number): number =>
      tf.tidy(() => {
        const gates = [0, 1].map((b) => tf.fill([2, 2, 17, 17], b === 0 ? 1 + scale : 1) as tf.Tensor4D);
        return tf.sum(tf.slice(vit.gatedLogits(batch, gates), [0, target], [-1, 1])).dataSync()[0];
      });
    const analytic = tf.tidy(() => {
      const gates = [0, 1].map(() => tf.ones([2, 2, 17, 17]) as tf.Tensor4D);
      const grads = tf.grads((...g: tf.Tensor[]) => tf.sum(tf.slice(vit.gatedLogits(batch, g as tf.Tensor4D[]), [0, target], [-1, 1])))(gates);
      return tf.sum(grads[0]).dataSync()[0];
    });
    const eps = 1e-2;
    expect(analytic).toBeCloseTo((score(eps) - score(-eps)) / (2 * eps), 2);
  });

  it('gradient rollout gives a non-negative 4x4 map per class that depends on the class, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const result = await gradientRollout(vit, batch, { classes: [[0, 1], [3, 3]] });
    expect(tf.memory().numTensors).toBe(before);
    const [a, b] = result.maps[0];
    expect([a.width, a.height, a.values.length]).toEqual([4, 4, 16]);
    expect(Math.min(...a.values)).toBeGreaterThanOrEqual(0);
    expect(a.values.some((v, i) => Math.abs(v - b.values[i]) > 1e-6)).toBe(true);
    expect(Array.from(result.maps[1][0].values)).toEqual(Array.from(result.maps[1][1].values));
  });
});
