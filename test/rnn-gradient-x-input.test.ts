import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { UsageError } from '../src/errors.js';
import {
  functionSequenceScorer,
  layersSequenceFunction,
  sequenceGradientXInput,
  sequenceOcclusion,
  type SequenceFunction,
} from '../src/explainers/rnn/index.js';
import { buildBiLstmClassifier, buildGruClassifier, buildLstmClassifier } from '../src/zoo/rnn/index.js';

const T = 4;
const F = 3;
const K = 2;
/** W[t][f][k] and x[t][f]: small integers, so every hand value is exact in float32. */
const W = Float32Array.from({ length: T * F * K }, (_, i) => ((i * 7) % 5) - 2);
const BIAS = [0.5, -1];
const X = Float32Array.from({ length: T * F }, (_, i) => ((i * 3) % 7) - 3);

/** logits[k] = sum over t, f of W[t, f, k] x[t, f] + b[k]. */
const linear: SequenceFunction = (x) =>
  tf.add(tf.matMul(tf.reshape(x, [-1, T * F]), tf.tensor2d(W, [T * F, K])), tf.tensor1d(BIAS)) as tf.Tensor2D;

function handLogit(x: Float32Array, k: number): number {
  let sum = BIAS[k];
  for (let i = 0; i < T * F; i++) sum += W[i * K + k] * x[i];
  return sum;
}

describe.each(['wasm', 'cpu'] as const)('sequence gradient x input on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  it('equals W[t, f, k] * x[t, f] per feature and its row sums per step on a linear model', async () => {
    const e = await sequenceGradientXInput(linear, { values: X, steps: T, features: F }, { target: 1 });
    const hand = Array.from(X, (x, i) => W[i * K + 1] * x);
    expect(Array.from(e.perFeature)).toEqual(hand);
    const perStep = Array.from({ length: T }, (_, t) => hand.slice(t * F, (t + 1) * F).reduce((a, b) => a + b, 0));
    expect(Array.from(e.attribution.values)).toEqual(perStep);
    expect(e.attribution.topology).toEqual({ kind: 'sequence', length: T });
    // Completeness: without the bias, the values add up to the logit.
    expect(perStep.reduce((a, b) => a + b, 0)).toBeCloseTo(handLogit(X, 1) - BIAS[1], 5);
    expect(e.score).toBeCloseTo(handLogit(X, 1), 5);
  });

  it('explains the predicted class when no target is given', async () => {
    const e = await sequenceGradientXInput(linear, { values: X, steps: T, features: F });
    expect(e.target).toBe(handLogit(X, 0) > handLogit(X, 1) ? 0 : 1);
  });

  it.each([
    ['lstm', buildLstmClassifier],
    ['gru', buildGruClassifier],
    ['bilstm', buildBiLstmClassifier],
  ])('matches a finite-difference gradient through a %s', async (_name, build) => {
    const model = build({ steps: 6, features: 2, units: 5, outputs: 3, seed: 11 });
    const f = layersSequenceFunction(model);
    const x = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i + 1));
    const e = await sequenceGradientXInput(f, { values: x, steps: 6, features: 2 }, { target: 2 });
    const i = 5;
    const h = 1e-2;
    const logitAt = (v: Float32Array): number => tf.tidy(() => f(tf.tensor3d(v, [1, 6, 2])).dataSync()[2]);
    const up = x.slice();
    up[i] += h;
    const down = x.slice();
    down[i] -= h;
    const gradient = (logitAt(up) - logitAt(down)) / (2 * h);
    expect(e.perFeature[i]).toBeCloseTo(gradient * x[i], 3);
    model.dispose();
  });

  it('rejects a target outside the outputs and a sequence of the wrong size', async () => {
    await expect(sequenceGradientXInput(linear, { values: X, steps: T, features: F }, { target: 2 })).rejects.toThrow(UsageError);
    await expect(sequenceGradientXInput(linear, { values: X, steps: T, features: 2 })).rejects.toThrow(/expected 4 x 2 = 8 values; got 12/);
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await sequenceGradientXInput(linear, { values: X, steps: T, features: F });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('sequence occlusion', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });
  const means = Array.from({ length: F }, (_, f) => Array.from({ length: T }, (_, t) => X[t * F + f]).reduce((a, b) => a + b, 0) / T);
  /** The logit drop when feature f at step t is set to its mean: W[t, f, k] (x[t, f] - mean_f) on a linear model. */
  const drop = (t: number, f: number, k: number): number => W[(t * F + f) * K + k] * (X[t * F + f] - means[f]);

  it('with a one-step window gives each step the logit drop from filling it with the feature means', async () => {
    const score = functionSequenceScorer(linear, T, F);
    const e = await sequenceOcclusion(score, { values: X, steps: T, features: F }, { target: 0, window: 1 });
    for (let t = 0; t < T; t++) {
      const row = [0, 1, 2].map((f) => drop(t, f, 0));
      expect(e.attribution.values[t]).toBeCloseTo(row.reduce((a, b) => a + b, 0), 4);
      for (let f = 0; f < F; f++) expect(e.perFeature[t * F + f]).toBeCloseTo(row[f], 4);
    }
  });

  it('with a wider window averages the drops of the windows that cover each step', async () => {
    const score = functionSequenceScorer(linear, T, F);
    const e = await sequenceOcclusion(score, { values: X, steps: T, features: F }, { target: 1, window: 3 });
    const stepDrop = (t: number): number => [0, 1, 2].reduce((a, f) => a + drop(t, f, 1), 0);
    const windowDrop = (s: number): number => stepDrop(s) + stepDrop(s + 1) + stepDrop(s + 2);
    // Windows start at 0 and 1 over 4 steps: step 0 is covered by the first only, steps 1-2 by both.
    expect(e.attribution.values[0]).toBeCloseTo(windowDrop(0), 4);
    expect(e.attribution.values[1]).toBeCloseTo((windowDrop(0) + windowDrop(1)) / 2, 4);
    expect(e.attribution.values[3]).toBeCloseTo(windowDrop(1), 4);
  });

  it('rejects a window that is not a positive integer', async () => {
    const score = functionSequenceScorer(linear, T, F);
    await expect(sequenceOcclusion(score, { values: X, steps: T, features: F }, { window: 0 })).rejects.toThrow(UsageError);
  });
});
