import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { expectUsageError, litecam, ROOT } from './helpers/cli.js';
import { tempDir, writeDenseOnlyModel, writeSmallConvModel, writeTestPng } from './helpers/fixtures.js';

let dir: string;
let model: string;
let png: string;

beforeAll(async () => {
  await initBackend('cpu');
  dir = tempDir();
  model = await writeSmallConvModel(join(dir, 'model'));
  png = await writeTestPng(join(dir, 'disc.png'));
});

describe('litecam explain', () => {
  it('writes a four-panel PNG per image and one JSON line per image with the documented fields', async () => {
    const second = await writeTestPng(join(dir, 'second.png'), 50, 70);
    const out = join(dir, 'out-json');
    const r = await litecam(['explain', '--model', model, '--labels', join(dir, 'model', 'labels.txt'), '--image', png, second, '--out', out, '--json', '--threshold', '20']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const rec of lines) {
      expect(Object.keys(rec)).toEqual(expect.arrayContaining(['image', 'model', 'layer', 'predictions', 'explanations']));
      expect(rec.layer).toBe('conv_b');
      expect(rec.predictions).toHaveLength(5);
      const probSum = rec.predictions.reduce((s: number, p: { probability: number }) => s + p.probability, 0);
      expect(probSum).toBeCloseTo(1, 4);
      expect(typeof rec.predictions[0].label).toBe('string');
      const e = rec.explanations[0];
      expect(e.class).toBe(rec.predictions[0].class);
      expect(e.cam.width * e.cam.height).toBe(e.cam.data.length);
      expect(e.cam.width).toBe(28);
      expect(Math.max(...e.cam.data)).toBeCloseTo(1, 5);
      expect(Math.min(...e.cam.data)).toBeGreaterThanOrEqual(0);
      expect(e.threshold.kind).toBe('percentile');
      expect(e.threshold.value).toBe(20);
      // Top 20% of the map, but zeros are never kept: a random model's map may be positive on fewer cells than that.
      const positiveShare = e.cam.data.filter((v: number) => v > 0).length / e.cam.data.length;
      expect(e.threshold.coverage).toBeGreaterThanOrEqual(Math.min(0.2, positiveShare) - 1e-9);
      expect(e.threshold.energy).toBeGreaterThan(0);
      for (const k of ['forwardMs', 'gradientMs', 'camMs', 'thresholdMs', 'totalMs']) expect(e.timings[k]).toBeGreaterThanOrEqual(0);
      expect(e.memory.peakTensorBytes).toBeGreaterThan(0);
      expect(e.memory.heapUsedBytes).toBeGreaterThan(0);
    }
    const figures = readdirSync(out).filter((f) => f.endsWith('.png'));
    expect(figures).toHaveLength(2);
    const meta = await sharp(join(out, figures[0])).metadata();
    expect(meta.width).toBeGreaterThan(4 * 80);
  });

  it('explains a folder, top-k classes and the dynamic threshold, and converts grayscale and alpha images', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder, { recursive: true });
    await writeTestPng(join(folder, 'gray.png'), 40, 40, 1);
    await writeTestPng(join(folder, 'rgba.png'), 40, 40, 4);
    const r = await litecam(['explain', '--model', model, '--image', folder, '--top-k', '3', '--threshold', 'dynamic', '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.image.split('/').pop())).toEqual(['gray.png', 'rgba.png']);
    for (const rec of lines) {
      expect(rec.explanations.map((e: { class: number }) => e.class)).toEqual(rec.predictions.slice(0, 3).map((p: { class: number }) => p.class));
      expect(rec.explanations[0].threshold.kind).toBe('dynamic');
    }
  });

  it('prints a readable summary without --json', async () => {
    const r = await litecam(['explain', '--model', model, '--image', png, '--class', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/class 2: percentile 10 keeps [\d.]+% of pixels/);
  });

  it('explains a zoo model', async () => {
    const r = await litecam(['explain', '--model', 'zoo:mobilenetv2', '--size', '64', '--image', png, '--json']);
    expect(r.code).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(rec.layer).toBe('out_relu');
    expect(rec.explanations[0].cam.width).toBe(2);
  });
});

describe('litecam layers', () => {
  it('lists spatial layers with shapes and marks the default', async () => {
    const r = await litecam(['layers', '--model', model]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/conv_a\s+30x30x4/);
    expect(r.stdout).toMatch(/conv_b\s+28x28x6.*<- default/);
    const j = await litecam(['layers', '--model', model, '--json']);
    expect(JSON.parse(j.stdout).default).toBe('conv_b');
  });
});

describe('bad input gets one line and exit code 2', () => {
  it('missing image file', async () => {
    expectUsageError(await litecam(['explain', '--model', model, '--image', join(dir, 'nope.png')]), /image not found/);
  });

  it('corrupt image', async () => {
    const bad = join(dir, 'corrupt.png');
    writeFileSync(bad, Buffer.from('this is not a png at all'));
    expectUsageError(await litecam(['explain', '--model', model, '--image', bad]), /cannot decode image/);
  });

  it('empty folder', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    expectUsageError(await litecam(['explain', '--model', model, '--image', empty]), /no image/i);
  });

  it('missing model', async () => {
    expectUsageError(await litecam(['explain', '--model', join(dir, 'none.json'), '--image', png]), /model not found/);
  });

  it('unknown layer, listing the candidates', async () => {
    expectUsageError(await litecam(['explain', '--model', model, '--image', png, '--layer', 'conv9']), /layer 'conv9' not found; spatial layers are: conv_a \(30x30x4\), conv_b \(28x28x6\)/);
  });

  it('a model with no spatial layer', async () => {
    const dense = await writeDenseOnlyModel(join(dir, 'dense'));
    expectUsageError(await litecam(['explain', '--model', dense, '--image', png]), /no spatial \(4-D\) layer/);
  });

  it.each([['0'], ['150'], ['-5'], ['abc']])('threshold %s outside (0, 100]', async (t) => {
    expectUsageError(await litecam(['explain', '--model', model, '--image', png, '--threshold', t]), /threshold must be a percent in \(0, 100\]/);
  });

  it('class index out of range', async () => {
    expectUsageError(await litecam(['explain', '--model', model, '--image', png, '--class', '7']), /class index 7 is out of range; the model has 5 classes/);
  });

  it('unknown option', async () => {
    expectUsageError(await litecam(['explain', '--model', model, '--image', png, '--bogus']), /unknown option/);
  });

  it('unknown zoo model', async () => {
    expectUsageError(await litecam(['layers', '--model', 'zoo:alexnet']), /alexnet/);
  });
});

describe('huge images', () => {
  it('explains a 10000x10000 image by downscaling it while decoding', async () => {
    const big = join(dir, 'huge.png');
    await sharp({ create: { width: 10000, height: 10000, channels: 3, background: { r: 90, g: 140, b: 200 } } }).png().toFile(big);
    const out = join(dir, 'out-huge');
    const r = await litecam(['explain', '--model', model, '--image', big, '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const rec = JSON.parse(r.stdout);
    expect(rec.explanations[0].cam.data.every((v: number) => Number.isFinite(v))).toBe(true);
  });
});

const SHARED_MODEL = join(ROOT, '..', 'shared', 'models', 'mobilenetv2_imagenet.onnx');
const SHARED_CAT = join(ROOT, '..', 'shared', 'images', 'chelsea.png');
const SHARED_LABELS = join(ROOT, '..', 'shared', 'labels', 'imagenet1000.txt');
if (!existsSync(SHARED_MODEL)) console.warn('skipped the ONNX command-line test: ../shared is absent');

describe.skipIf(!existsSync(SHARED_MODEL))('litecam explain on an ONNX model (needs ../shared)', () => {
  it('gives the same JSON record shape as for TF.js models, with the ImageNet class and label', async () => {
    const r = await litecam(['explain', '--model', SHARED_MODEL, '--labels', SHARED_LABELS, '--image', SHARED_CAT, '--json', '--threshold', 'otsu']);
    expect(r.code).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(Object.keys(rec)).toEqual(expect.arrayContaining(['image', 'model', 'method', 'layer', 'predictions', 'explanations', 'runtime']));
    expect(rec).toMatchObject({ architecture: 'convolutional', adapter: 'cnn' });
    expect(rec.method).toBe('gradcam');
    expect(rec.predictions[0]).toMatchObject({ class: 285, label: 'Egyptian cat' });
    const e = rec.explanations[0];
    expect([e.cam.width, e.cam.height]).toEqual([7, 7]);
    expect(e.threshold.kind).toBe('otsu');
    expect(Object.keys(e.timings)).toEqual(['forwardMs', 'gradientMs', 'camMs', 'thresholdMs', 'totalMs']);
  });

  it('lists the ONNX tensors that can be targets and marks the last spatial one', async () => {
    const r = await litecam(['layers', '--model', SHARED_MODEL, '--json']);
    expect(r.code).toBe(0);
    const listing = JSON.parse(r.stdout);
    expect(listing.engine).toBe('onnx');
    const chosen = listing.layers.find((l: { name: string }) => l.name === listing.default);
    expect(chosen.shape).toEqual([1280, 7, 7]);
  });
});
