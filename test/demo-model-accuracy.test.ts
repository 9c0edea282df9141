import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INPUT_SIZE, DEMO_TARGET_LAYER } from '../models/demo/architecture.js';
import { accuracy } from '../models/demo/scene-batch.js';
import { RECIPE, trainingSetSeed } from '../models/demo/train-recipe.js';
import { SCENE_PRESETS } from '../src/datasets/presets.js';
import { SHAPE_CLASSES } from '../src/datasets/shape-geometry.js';
import { generateDataset } from '../src/datasets/shapes.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { fileSystemHandler } from '../src/engines/tfjs/file-io.js';

const DEMO_DIR = fileURLToPath(new URL('../models/demo/', import.meta.url));
/** A seed no training, validation or held-out set of the recipe uses, so these scenes are new to the model. */
const TEST_SEED = 4;
const TEST_SCENES = 200;

describe('committed demo model', () => {
  let model: tf.LayersModel;
  beforeAll(async () => {
    await initBackend('wasm');
    model = await tf.loadLayersModel(fileSystemHandler(join(DEMO_DIR, 'model', 'model.json')));
  });

  it('uses a test seed that the recipe never trained or evaluated on', () => {
    const trainingSeeds = RECIPE.stages.map((_, k) => trainingSetSeed(k));
    expect([...trainingSeeds, RECIPE.validationSeed, RECIPE.heldOutSeed]).not.toContain(TEST_SEED);
  });

  it(`classifies ${TEST_SCENES} fresh held-out scenes with at least 95% accuracy`, async () => {
    const scenes = generateDataset(TEST_SCENES, TEST_SEED, SCENE_PRESETS[RECIPE.evaluationPreset]);
    expect(await accuracy(model, scenes)).toBeGreaterThanOrEqual(0.95);
  });

  it('takes 64x64 RGB and gives one logit per shape class', () => {
    expect(model.inputs[0].shape).toEqual([null, DEMO_INPUT_SIZE, DEMO_INPUT_SIZE, 3]);
    expect(model.outputs[0].shape).toEqual([null, SHAPE_CLASSES.length]);
  });

  it("has an 8x8 spatial 'last_conv' layer feeding global average pooling", () => {
    const layer = model.getLayer(DEMO_TARGET_LAYER);
    expect(layer.outputShape).toEqual([null, 8, 8, 32]);
    expect(model.layers[model.layers.indexOf(layer) + 1].getClassName()).toBe('GlobalAveragePooling2D');
  });

  it('ships a sidecar that names the labels, the layer and unit preprocessing', () => {
    const sidecar = JSON.parse(readFileSync(join(DEMO_DIR, 'model', 'litecam.json'), 'utf8'));
    expect(sidecar.labels).toEqual([...SHAPE_CLASSES]);
    expect(sidecar.layer).toBe(DEMO_TARGET_LAYER);
    expect(sidecar.preprocess.scale * 255).toBeCloseTo(1, 12);
    expect(sidecar.preprocess).toMatchObject({ mean: [0, 0, 0], std: [1, 1, 1], resize: 'fill' });
  });

  it('ships metrics that record at least 95% held-out accuracy and the recipe seeds', () => {
    const metrics = JSON.parse(readFileSync(join(DEMO_DIR, 'metrics.json'), 'utf8'));
    expect(metrics.heldOutAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(metrics.seeds).toEqual({ train: RECIPE.trainSeed, validation: RECIPE.validationSeed, heldOut: RECIPE.heldOutSeed, weights: RECIPE.weightSeed });
    expect(metrics.classes).toEqual([...SHAPE_CLASSES]);
  });

  it('keeps the committed weights small (under 1 MB)', () => {
    expect(existsSync(join(DEMO_DIR, 'model', 'weights.bin'))).toBe(true);
    expect(readFileSync(join(DEMO_DIR, 'model', 'weights.bin')).byteLength).toBeLessThan(1 << 20);
  });
});
