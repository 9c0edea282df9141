import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { explain } from '../src/explain.js';
import { prepareImage } from '../src/image/prepare.js';
import { loadModel } from '../src/load.js';
import { canvasStats, CHROMIUM, HAVE_CHROMIUM, launchChromium, pagePredictions, readbacks, SCREENSHOTS, startServe, waitForExplanations, type Served } from './helpers/browser.js';
import { tempDir } from './helpers/fixtures.js';
import { HAVE_SHARED, IMAGES, MODELS, SHARED } from './onnx-fixtures.js';

if (!HAVE_CHROMIUM) console.warn(`browser-onnx: skipped, ${CHROMIUM} is absent (.ci/run installs Debian's chromium)`);
if (!HAVE_SHARED) console.warn('browser-onnx: skipped, ../shared (the real ONNX models and photos) is absent');

/** A photo the ImageNet MobileNetV2 is sure about (espresso, 99% in Node), so decoders and resizers cannot flip it. */
const PHOTO = 'coffee.png';
const ONNX_MODEL = join(MODELS, 'mobilenetv2_imagenet.onnx');
const LABELS = join(SHARED, 'labels', 'imagenet1000.txt');

describe.skipIf(!HAVE_CHROMIUM || !HAVE_SHARED)(`a real ImageNet model opened from disk in the page (needs ${CHROMIUM} and ../shared)`, () => {
  let dir: string;
  let served: Served;
  let context: BrowserContext;

  beforeAll(async () => {
    dir = tempDir('litecam-browser-onnx-');
    served = await startServe();
    context = await launchChromium(join(dir, 'profile'));
    await initBackend('wasm');
  });

  afterAll(async () => {
    await context?.close();
    if (served) expect(await served.stop()).toBe(0);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('explains a photo with the ONNX MobileNetV2 through ONNX Runtime Web: the class ONNX Runtime Node gives', async () => {
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`${served.url}?backend=wasm&model=demo`);
    await waitForExplanations(page, 1);
    await page.locator('#image-file').setInputFiles(join(IMAGES, PHOTO));
    await waitForExplanations(page, 2);
    await page.locator('#model').selectOption('user');
    await expect.poll(() => page.locator('#model-files').isVisible()).toBe(true);
    await page.locator('#model-files').setInputFiles([ONNX_MODEL, LABELS]);
    await waitForExplanations(page, 3, 110_000);
    const inPage = await pagePredictions(page);

    const model = await loadModel(ONNX_MODEL, { labels: LABELS });
    const prepared = await prepareImage(join(IMAGES, PHOTO), model.inputSpec);
    const [inNode] = await explain(model, [prepared.input]);
    model.dispose();

    expect(inNode.predictions[0].label).toBe('espresso');
    expect(inPage[0].label).toBe(inNode.predictions[0].label);
    expect(Math.abs(inPage[0].percent - inNode.predictions[0].probability * 100)).toBeLessThan(3);
    expect(await page.locator('#backend-info').textContent()).toContain('ONNX Runtime Web');
    // ONNX Runtime runs on the CPU, so the input goes to it from the host; the activations it returns are
    // uploaded for the head, and only the logits and the 7x7 map are read back from TF.js
    const read = await readbacks(page);
    expect(read.layer).toBe(1280 * 7 * 7);
    expect(read.sizes).toEqual(expect.arrayContaining([49, 1000, 224 * 224 * 3]));
    expect(read.sizes.filter((n) => n !== 224 * 224 * 3).every((n) => n <= 1000)).toBe(true);
    expect((await canvasStats(page, 'panel-heatmap')).distinct).toBeGreaterThan(1000);
    // the model was read from disk in the page: nothing but the app's own files was fetched
    expect(requested.filter((u) => !u.startsWith(served.url) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
    expect(requested.filter((u) => u.endsWith('.onnx'))).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.locator('.panels').screenshot({ path: join(SCREENSHOTS, 'onnx-mobilenetv2-four-panels.png') });
    await page.close();
  });

  it('runs the same ONNX model with its forward translated to TF.js: the same class', async () => {
    const page = await context.newPage();
    await page.goto(`${served.url}?backend=wasm&model=demo`);
    await waitForExplanations(page, 1);
    await page.locator('#image-file').setInputFiles(join(IMAGES, PHOTO));
    await waitForExplanations(page, 2);
    await page.locator('#model').selectOption('user');
    await page.locator('#onnx-runtime').selectOption('tfjs');
    await page.locator('#model-files').setInputFiles([ONNX_MODEL, LABELS]);
    await waitForExplanations(page, 3, 110_000);
    expect((await pagePredictions(page))[0].label).toBe('espresso');
    await page.close();
  });
});
