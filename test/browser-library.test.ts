import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toModelInput } from '../src/browser/image-source.js';
import { rgbOnWhite } from '../src/image/rgb-image.js';
import { DEVICE_PROFILES, deviceProfile } from '../src/browser/profiles.js';
import { monitorReadbacks } from '../src/browser/readback-monitor.js';
import { parseLabels, parseSidecar } from '../src/browser/sidecar-json.js';
import { existsSync as shimExistsSync } from '../src/browser/shims/node-fs.js';
import { readFile as shimReadFile } from '../src/browser/shims/node-fs-promises.js';
import shimSharp from '../src/browser/shims/sharp.js';
import { DEMO_MODEL } from '../src/cli/demo-command.js';
import { SCENE_PRESETS } from '../src/datasets/presets.js';
import { generateScene } from '../src/datasets/shapes.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import type { ExplainableModel, InputSpec } from '../src/engines/types.js';
import { UsageError } from '../src/errors.js';
import { explain } from '../src/explain.js';
import { loadImage } from '../src/image/decode.js';
import { prepareImage } from '../src/image/prepare.js';
import { IMAGENET_PREPROCESS } from '../src/image/preprocess.js';
import { loadModel } from '../src/load.js';
import { tempDir } from './helpers/fixtures.js';

function spec(width: number, height: number, resize: 'fill' | 'crop'): InputSpec {
  return { width, height, channels: 3, layout: 'NHWC', preprocess: { ...IMAGENET_PREPROCESS, resize } };
}

function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

describe('reading pixels in the page', () => {
  it('composites transparency onto white, as the Node decoder does', () => {
    const rgba = new Uint8ClampedArray([10, 20, 30, 255, 10, 20, 30, 0, 0, 100, 200, 128]);
    expect(Array.from(rgbOnWhite(rgba))).toEqual([10, 20, 30, 255, 255, 255, 127, 177, 227]);
  });

  it("prepares the model input like the Node pipeline (sharp's linear resize), for 'fill' and 'crop'", async () => {
    const dir = tempDir('litecam-browser-input-');
    const scene = generateScene(77, { ...SCENE_PRESETS.textured, width: 160, height: 120 });
    const file = join(dir, 'scene.png');
    await sharp(scene.rgb, { raw: { width: 160, height: 120, channels: 3 } }).png().toFile(file);
    const decoded = await loadImage(file);
    for (const resize of ['fill', 'crop'] as const) {
      const inputSpec = spec(64, 48, resize);
      const inPage = toModelInput({ rgb: decoded.rgb, width: decoded.width, height: decoded.height }, inputSpec);
      const inNode = await prepareImage(file, inputSpec);
      expect(inPage.input.data.length).toBe(64 * 48 * 3);
      expect(inPage.box.left).toBeCloseTo(inNode.box.left, 6);
      expect(inPage.box.width).toBeCloseTo(inNode.box.width, 6);
      // the same filter, libvips rounding in fixed point: under half a grey level on average (one level is
      // 1/255/0.226 = 0.017 after ImageNet normalisation; the other resize mode is 0.54 away)
      expect(meanAbsDiff(inPage.input.data, inNode.input.data), resize).toBeLessThan(0.008);
    }
  });

  it('refuses a model that does not take RGB', () => {
    const gray = { ...spec(8, 8, 'fill'), channels: 1 };
    expect(() => toModelInput({ rgb: new Uint8Array(8 * 8 * 3), width: 8, height: 8 }, gray)).toThrow(UsageError);
  });
});

describe("a model's sidecar read in the page", () => {
  it('takes labels inline or from a named file, and the layer and preprocessing as given', async () => {
    const inline = await parseSidecar('{"labels": ["a", "b"], "layer": "conv", "preprocess": "unit"}', 'litecam.json', async () => '');
    expect(inline).toEqual({ labels: ['a', 'b'], layer: 'conv', preprocess: 'unit' });
    const named = await parseSidecar('{"labels": "names.txt"}', 'litecam.json', async (name) => (name === 'names.txt' ? 'cat\r\ndog\n' : ''));
    expect(named.labels).toEqual(['cat', 'dog']);
    expect(parseLabels(' x \ny\n\n')).toEqual(['x', 'y']);
  });

  it('rejects what is not a sidecar with one line', async () => {
    await expect(parseSidecar('{oops', 'litecam.json', async () => '')).rejects.toThrow(/^cannot read litecam\.json: /);
    await expect(parseSidecar('[1]', 'litecam.json', async () => '')).rejects.toThrow('litecam.json must hold a JSON object');
    await expect(parseSidecar('{"labels": [1, 2]}', 'litecam.json', async () => '')).rejects.toThrow(UsageError);
  });
});

describe('the stand-ins for Node-only modules in the browser build', () => {
  it('throw a UsageError naming the module and function, whatever they are called with', async () => {
    expect(() => shimExistsSync('/x')).toThrow(new UsageError('node:fs.existsSync is not available in the browser; open files through the page instead'));
    expect(() => shimReadFile('/x')).toThrow(/^node:fs\/promises\.readFile is not available in the browser/);
    expect(() => shimSharp(new Uint8Array(1))).toThrow(/^sharp\.default is not available in the browser/);
  });
});

describe('device profiles', () => {
  it('start from this machine and slow down in order, each with its reason', () => {
    expect(DEVICE_PROFILES[0]).toMatchObject({ name: 'this-machine', cpuSlowdown: 1 });
    const factors = DEVICE_PROFILES.map((p) => p.cpuSlowdown);
    expect([...factors].sort((a, b) => a - b)).toEqual(factors);
    for (const p of DEVICE_PROFILES) expect(p.rationale.length).toBeGreaterThan(20);
    expect(deviceProfile('low-end-phone').cpuSlowdown).toBe(6);
    expect(() => deviceProfile('pager')).toThrow(/^unknown device profile 'pager'; profiles are: this-machine, /);
  });
});

describe('the readback monitor on the explanation pipeline', () => {
  let model: ExplainableModel;

  beforeAll(async () => {
    await initBackend('wasm');
    model = await loadModel(DEMO_MODEL);
  });

  afterAll(() => model?.dispose());

  it('sees the logits and the 8x8 map come back, and never the 8x8x32 layer, for every CAM method the page offers', async () => {
    const scene = generateScene(5, { ...SCENE_PRESETS.clean });
    const input = toModelInput({ rgb: scene.rgb, width: scene.width, height: scene.height }, model.inputSpec).input;
    const monitor = monitorReadbacks();
    try {
      for (const method of ['gradcam', 'gradcam++', 'xgradcam', 'layercam', 'hirescam', 'eigencam']) {
        monitor.take();
        await explain(model, [input], { method });
        const log = monitor.take();
        const sizes = log.shapes.map((s) => s.reduce((a, b) => a * b, 1));
        expect(sizes, method).toContain(6);
        expect(sizes, method).toContain(64);
        expect(log.largestValues, method).toBeLessThanOrEqual(64);
      }
    } finally {
      monitor.stop();
    }
  });

  it('counts a readback of the layer when one happens, so the check above can fail', async () => {
    const monitor = monitorReadbacks();
    try {
      const activations = tf.zeros([1, 8, 8, 32]);
      await activations.data();
      activations.dispose();
      expect(monitor.take()).toMatchObject({ count: 1, largestValues: 2048, largestShape: [1, 8, 8, 32] });
    } finally {
      monitor.stop();
    }
    const after = tf.zeros([2]);
    after.dataSync();
    after.dispose();
    expect(monitor.take().count).toBe(0);
  });
});
