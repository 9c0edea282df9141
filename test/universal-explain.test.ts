import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, randomMap } from '../src/attribution/random.js';
import { resizeBilinear } from '../src/attribution/resize.js';
import { plantedMassShare, plantedSequences } from '../src/datasets/sequences.js';
import { SCENE_PRESETS } from '../src/datasets/presets.js';
import { generateDataset } from '../src/datasets/shapes.js';
import { loadOnnxModel } from '../src/engines/onnx/index.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { fileSystemHandler } from '../src/engines/tfjs/file-io.js';
import type { ExplainableModel } from '../src/engines/types.js';
import { UsageError } from '../src/errors.js';
import { rawSequenceScorer, sequenceOcclusion } from '../src/explainers/rnn/index.js';
import { normalizePixels } from '../src/image/preprocess.js';
import * as litecam from '../src/index.js';
import { loadModel } from '../src/load.js';
import { explainUniversal } from '../src/universal/explain-universal.js';
import type { UniversalExplanation } from '../src/universal/types.js';
import { RNN_ZOO } from '../src/zoo/rnn/index.js';
import { PLANTED_DATA, PLANTED_RECIPE } from '../models/rnn/planted-recipe.js';
import { HAVE_SHARED, MODELS } from './onnx-fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCENES = 8;
const SEQUENCES = 12;

function asyncUsageError(promise: Promise<unknown>): Promise<UsageError> {
  return promise.then(
    () => {
      throw new Error('expected a UsageError, the call succeeded');
    },
    (e) => {
      if (e instanceof UsageError) return e;
      throw e;
    },
  );
}

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('the universal path on the demo CNN and generated scenes', () => {
  let model: ExplainableModel;
  const scenes = generateDataset(SCENES, 31, SCENE_PRESETS.varied);
  const results: UniversalExplanation[] = [];

  beforeAll(async () => {
    model = await loadModel(join(ROOT, 'models/demo/model/model.json'));
    for (const scene of scenes) results.push(await explainUniversal(model, { kind: 'image', data: normalizePixels(scene.rgb, model.inputSpec.preprocess) }));
  });
  afterAll(() => model?.dispose());

  it('detects a CNN, explains with Grad-CAM on the 8x8 last_conv grid and keeps regions above the 5% floor', () => {
    for (const r of results) {
      expect(r).toMatchObject({ architecture: 'convolutional', adapter: 'cnn', method: 'gradcam' });
      expect(r.attribution.topology).toEqual({ kind: 'grid2d', width: 8, height: 8 });
      expect(Math.max(...r.attribution.values)).toBeCloseTo(1, 6);
      expect(r.simplified.coverage).toBeGreaterThanOrEqual(0.05);
      expect(r.structure.kind).toBe('regions');
      expect(r.confidence.value).toBeGreaterThanOrEqual(0);
      expect(r.confidence.value).toBeLessThanOrEqual(1);
      expect(Object.keys(r.confidence.components)).toEqual(['margin', 'concentration', 'coherence']);
      expect(r.timings.totalMs).toBeGreaterThanOrEqual(r.timings.explainMs);
    }
  });

  it('gives the same map as the image pipeline for the same input', async () => {
    const input = { source: 'scene', data: normalizePixels(scenes[0].rgb, model.inputSpec.preprocess) };
    const [pipeline] = await litecam.explain(model, [input]);
    expect(Array.from(results[0].attribution.values)).toEqual(Array.from(pipeline.explanations[0].attribution.values));
    expect(results[0].target).toBe(pipeline.explanations[0].class);
  });

  it('puts more of the map and of the kept regions on the object than a random map does', () => {
    const rng = mulberry32(7);
    const inside: number[] = [];
    const random: number[] = [];
    const keptPrecision: number[] = [];
    const maskShare: number[] = [];
    scenes.forEach((scene, k) => {
      const map = resizeBilinear(results[k].attribution.values, 8, 8, scene.width, scene.height);
      const noise = randomMap(64, rng);
      const randomUp = resizeBilinear(noise, 8, 8, scene.width, scene.height);
      inside.push(massInside(map, scene.mask));
      random.push(massInside(randomUp, scene.mask));
      const kept = resizeBilinear(Float32Array.from(results[k].kept ?? [], Number), 8, 8, scene.width, scene.height).map((v) => (v >= 0.5 ? 1 : 0));
      keptPrecision.push(massInside(kept, scene.mask));
      maskShare.push(scene.mask.reduce((s, v) => s + v, 0) / scene.mask.length);
    });
    expect(mean(inside)).toBeGreaterThan(mean(random) + 0.15);
    expect(mean(keptPrecision)).toBeGreaterThan(mean(maskShare) + 0.2);
  });
});

describe('the universal path on the planted-sequence LSTM', () => {
  let model: tf.LayersModel;
  const data = plantedSequences({ ...PLANTED_DATA, count: SEQUENCES, seed: PLANTED_RECIPE.seeds.heldOut });
  const size = data.steps * data.features;
  const results: UniversalExplanation[] = [];

  beforeAll(async () => {
    model = await tf.loadLayersModel(fileSystemHandler(join(ROOT, 'models/rnn/model/model.json')));
    for (let i = 0; i < data.count; i++) {
      const values = data.inputs.slice(i * size, (i + 1) * size);
      results.push(await litecam.explain(model, { kind: 'sequence', values, steps: data.steps, features: data.features }));
    }
  });
  afterAll(() => model?.dispose());

  it('detects a recurrent model, explains by gradient x input and keeps intervals, with class probabilities', () => {
    for (const r of results) {
      expect(r).toMatchObject({ architecture: 'recurrent', adapter: 'recurrent', method: 'gradient-x-input' });
      expect(r.attribution.topology).toEqual({ kind: 'sequence', length: 30 });
      expect(r.structure.kind).toBe('intervals');
      expect(r.simplified.coverage).toBeGreaterThanOrEqual(0.05);
      expect(r.probability).toBeGreaterThan(0);
      expect(r.confidence.components.margin).toBeGreaterThanOrEqual(0);
    }
  });

  it('puts the mass and the kept intervals in the planted interval far more than chance', () => {
    const rng = mulberry32(3);
    const share: number[] = [];
    const random: number[] = [];
    const keptInside: number[] = [];
    results.forEach((r, i) => {
      const start = data.starts[i];
      const end = start + data.patternLength;
      share.push(plantedMassShare(r.attribution.values, start, end));
      random.push(plantedMassShare(randomMap(data.steps, rng), start, end));
      const kept = r.kept ?? new Uint8Array(0);
      let inside = 0;
      kept.forEach((k, t) => (inside += k && t >= start && t < end ? 1 : 0));
      keptInside.push(inside / kept.reduce((s, k) => s + k, 0));
    });
    const chance = data.patternLength / data.steps;
    expect(mean(share)).toBeGreaterThan(mean(random) + 0.3);
    expect(mean(keptInside)).toBeGreaterThan(chance + 0.4);
  });

  it('explains by occlusion over time when asked, and rejects methods it does not have', async () => {
    const values = data.inputs.slice(0, size);
    const r = await explainUniversal(model, { kind: 'sequence', values, steps: data.steps, features: data.features }, { method: 'occlusion' });
    expect(r.method).toBe('occlusion');
    const e = await asyncUsageError(explainUniversal(model, { kind: 'sequence', values, steps: data.steps, features: data.features }, { method: 'lime' }));
    expect(e.message).toBe("method 'lime' is not one the recurrent adapter offers; it offers: gradient-x-input, occlusion");
  });

  it('rejects a sequence of the wrong shape and an input of the wrong kind, on one line', async () => {
    const wrong = await asyncUsageError(explainUniversal(model, { kind: 'sequence', values: new Float32Array(50 * 8), steps: 50, features: 8 }));
    expect(wrong.message).toMatch(/takes sequences of 30 steps x 3 features; got 50 x 8$/);
    const kind = await asyncUsageError(explainUniversal(model, { kind: 'text', text: 'hello' }));
    expect(kind.message).toMatch(/is recurrent \(TF\.js: layer LSTM 'lstm' \(16 units\) over \[30, 3\] sequences\); it explains sequence input, not text$/);
  });
});

describe('time-series regression', () => {
  it('explains the asked output index of a regressor, with no probability and no margin', async () => {
    const model = RNN_ZOO['timeseries-regressor']({ steps: 12, features: 2, units: 4, outputs: 3, seed: 4 });
    const values = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i / 3));
    const r = await explainUniversal(model, { kind: 'sequence', values, steps: 12, features: 2 }, { task: 'regression', target: 2 });
    const out = model.predict(tf.tensor3d(values, [1, 12, 2])) as tf.Tensor;
    const predicted = await out.data();
    out.dispose();
    expect(r.target).toBe(2);
    expect(r.score).toBeCloseTo(predicted[2], 5);
    expect(r.probability).toBeUndefined();
    expect(Object.keys(r.confidence.components)).toEqual(['concentration', 'coherence']);
    const single = RNN_ZOO['timeseries-regressor']({ steps: 12, features: 2, units: 4, outputs: 1 });
    expect((await explainUniversal(single, { kind: 'sequence', values, steps: 12, features: 2 })).probability).toBeUndefined();
    model.dispose();
    single.dispose();
  });
});

describe.skipIf(!HAVE_SHARED)('the universal path on lstm_random.onnx (needs ../shared)', () => {
  it('explains by occlusion over time, exactly as the occlusion explainer does', async () => {
    const model = await loadOnnxModel(join(MODELS, 'lstm_random.onnx'));
    const values = Float32Array.from({ length: 400 }, (_, i) => Math.sin(0.37 * i) + 0.1 * ((i * 13) % 7));
    const input = { values, steps: 50, features: 8 };
    const r = await explainUniversal(model, { kind: 'sequence', ...input });
    const direct = await sequenceOcclusion(rawSequenceScorer(model, 50, 8), input);
    expect(r).toMatchObject({ architecture: 'recurrent', method: 'occlusion', target: direct.target });
    const max = Math.max(0, ...direct.attribution.values);
    r.attribution.values.forEach((v, t) => expect(v).toBeCloseTo(Math.max(0, direct.attribution.values[t]) / max, 5));
    const gradient = await asyncUsageError(explainUniversal(model, { kind: 'sequence', ...input }, { method: 'gradient-x-input' }));
    expect(gradient.message).toMatch(/have no gradient here, use occlusion$/);
    model.dispose();
  });
});

function massInside(map: ArrayLike<number>, mask: ArrayLike<number>): number {
  let inside = 0;
  let total = 0;
  for (let i = 0; i < map.length; i++) {
    const v = Math.max(0, map[i]);
    total += v;
    if (mask[i]) inside += v;
  }
  return total > 0 ? inside / total : 0;
}
