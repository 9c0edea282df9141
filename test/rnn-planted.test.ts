import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { fileSystemHandler } from '../src/engines/tfjs/file-io.js';
import { UsageError } from '../src/errors.js';
import { patternValue, plantedMassShare, plantedSequences } from '../src/datasets/sequences.js';
import { layersSequenceFunction } from '../src/explainers/rnn/index.js';
import { heldOutAccuracy, plantedLocalisation } from '../models/rnn/planted-evaluation.js';
import { PLANTED_DATA, PLANTED_RECIPE } from '../models/rnn/planted-recipe.js';

const MODEL_JSON = fileURLToPath(new URL('../models/rnn/model/model.json', import.meta.url));

describe('planted sequences', () => {
  it('are the same for the same seed and differ for another', () => {
    const a = plantedSequences({ count: 4, seed: 5 });
    expect(plantedSequences({ count: 4, seed: 5 }).inputs).toEqual(a.inputs);
    expect(plantedSequences({ count: 4, seed: 6 }).inputs).not.toEqual(a.inputs);
  });

  it('add the class pattern to feature class mod F inside the interval, and only noise elsewhere', () => {
    const clean = plantedSequences({ count: 6, noise: 0, seed: 1 });
    const { steps, features, patternLength } = clean;
    for (let i = 0; i < clean.count; i++) {
      const label = clean.labels[i];
      expect(label).toBe(i % clean.classes);
      for (let t = 0; t < steps; t++) {
        for (let f = 0; f < features; f++) {
          const k = t - clean.starts[i];
          const inside = k >= 0 && k < patternLength && f === label % features;
          const expected = inside ? patternValue(label, k, patternLength, PLANTED_DATA.amplitude) : 0;
          expect(clean.inputs[(i * steps + t) * features + f]).toBeCloseTo(expected, 5);
        }
      }
    }
  });

  it('place intervals all over the sequence', () => {
    const data = plantedSequences({ count: 200, seed: 2 });
    expect(Math.min(...data.starts)).toBe(0);
    expect(Math.max(...data.starts)).toBe(data.steps - data.patternLength);
  });

  it('reject a pattern longer than the sequence', () => {
    expect(() => plantedSequences({ count: 1, steps: 4, patternLength: 5 })).toThrow(UsageError);
  });
});

describe('plantedMassShare', () => {
  it('is the positive mass inside the interval over all positive mass', () => {
    expect(plantedMassShare([1, -5, 3, 4, 0], 1, 3)).toBeCloseTo(3 / 8, 6);
    expect(plantedMassShare([-1, -2], 0, 1)).toBe(0);
  });
});

describe.skipIf(!existsSync(MODEL_JSON))('the LSTM trained on planted sequences', () => {
  const heldOut = plantedSequences({ ...PLANTED_DATA, count: 60, seed: PLANTED_RECIPE.seeds.heldOut });
  let model: tf.LayersModel;

  beforeAll(async () => {
    await initBackend('wasm');
    model = await tf.loadLayersModel(fileSystemHandler(MODEL_JSON));
  });

  it('classifies held-out sequences', async () => {
    expect(await heldOutAccuracy(layersSequenceFunction(model), heldOut)).toBeGreaterThan(0.9);
  });

  it('puts far more attribution mass in the planted interval than a random attribution', async () => {
    const share = await plantedLocalisation(layersSequenceFunction(model), heldOut, PLANTED_RECIPE.seeds.randomAttribution);
    expect(share.random).toBeCloseTo(share.chance, 1);
    expect(share.gradientXInput).toBeGreaterThan(share.random + 0.3);
    expect(share.occlusion).toBeGreaterThan(share.random + 0.3);
  });
});
