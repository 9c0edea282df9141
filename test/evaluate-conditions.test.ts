import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { accuracy } from '../models/demo/scene-batch.js';
import { SCENE_PRESETS, type ScenePreset } from '../src/datasets/presets.js';
import { generateDataset, generateScene } from '../src/datasets/shapes.js';
import { DEMO_MODEL } from '../src/cli/demo-command.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { fileSystemHandler } from '../src/engines/tfjs/file-io.js';
import { BENCHMARK_CONDITIONS } from '../src/evaluate/run/benchmark-items.js';

/** Digest of 20 scenes (pixels and masks) per preset, as they were when the demo model was trained on them. */
const PRESET_DIGESTS: Partial<Record<ScenePreset, string>> = {
  clean: '76fc8130352949b3',
  textured: 'c79cd5abf6fb57bc',
  lowContrast: '1c7b8781bc595437',
  multiObject: '8a1c89c3db62f25b',
  varied: '6ece5c31835c6bec',
};

function digest(preset: ScenePreset): string {
  const hash = createHash('sha256');
  for (let s = 0; s < 20; s++) {
    const scene = generateScene(1000 + s, SCENE_PRESETS[preset]);
    hash.update(scene.rgb);
    hash.update(scene.mask);
  }
  return hash.digest('hex').slice(0, 16);
}

function meanMaskArea(preset: ScenePreset): number {
  const areas = Array.from({ length: 60 }, (_, s) => generateScene(2000 + s, SCENE_PRESETS[preset]).mask.reduce((a, v) => a + v, 0));
  return areas.reduce((a, v) => a + v, 0) / areas.length;
}

describe('scene conditions', () => {
  it('leave every preset the demo model was trained and tested on byte-identical', () => {
    for (const [preset, expected] of Object.entries(PRESET_DIGESTS)) expect(digest(preset as ScenePreset)).toBe(expected);
  });

  it('draw fine-grained targets no larger than a disc of radius 0.15 x 64 and under half the clean area on average', () => {
    for (let s = 0; s < 60; s++) {
      const area = generateScene(3000 + s, SCENE_PRESETS.fineGrained).mask.reduce((a, v) => a + v, 0);
      expect(area).toBeGreaterThan(0);
      expect(area).toBeLessThanOrEqual(Math.PI * (0.15 * 64) ** 2);
    }
    expect(meanMaskArea('fineGrained')).toBeLessThan(0.5 * meanMaskArea('clean'));
  });

  it('include fineGrained among the default conditions of litecam evaluate', () => {
    expect(BENCHMARK_CONDITIONS).toContain('fineGrained');
  });
});

describe('the demo model on fine-grained scenes', () => {
  let model: tf.LayersModel;
  beforeAll(async () => {
    await initBackend('wasm');
    model = await tf.loadLayersModel(fileSystemHandler(DEMO_MODEL));
  });

  it('still names most small targets (well above the 1-in-6 chance) yet fewer than at the default size', async () => {
    const fine = await accuracy(model, generateDataset(120, 4, SCENE_PRESETS.fineGrained));
    const clean = await accuracy(model, generateDataset(120, 4, SCENE_PRESETS.clean));
    expect(fine).toBeGreaterThan(0.6);
    expect(fine).toBeLessThan(clean);
  });
});
