import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toModelInput } from '../src/browser/image-source.js';
import { DEMO_MODEL } from '../src/cli/demo-command.js';
import { SCENE_PRESETS } from '../src/datasets/presets.js';
import { generateScene } from '../src/datasets/shapes.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { explain, type ImageExplanation } from '../src/explain.js';
import { loadModel } from '../src/load.js';
import { SAMPLE_SCENES } from '../web/build/litecam-assets.js';
import { canvasStats, CHROMIUM, HAVE_CHROMIUM, launchChromium, pagePredictions, readbacks, startServe, waitForExplanations, type PagePrediction, type Served } from './helpers/browser.js';
import { tempDir } from './helpers/fixtures.js';

if (!HAVE_CHROMIUM) console.warn(`browser-models: skipped, ${CHROMIUM} is absent (.ci/run installs Debian's chromium)`);

function nodeTop(result: ImageExplanation): PagePrediction[] {
  return result.predictions.map((p) => ({ label: p.label ?? `class ${p.class}`, percent: p.probability * 100 }));
}

describe.skipIf(!HAVE_CHROMIUM)(`models in the page agree with Node (needs ${CHROMIUM})`, () => {
  let dir: string;
  let served: Served;
  let context: BrowserContext;

  beforeAll(async () => {
    dir = tempDir('litecam-browser-models-');
    served = await startServe();
    context = await launchChromium(join(dir, 'profile'));
    await initBackend('wasm');
  });

  afterAll(async () => {
    await context?.close();
    if (served) expect(await served.stop()).toBe(0);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('builds the zoo MobileNetV2 with the same seeded weights as Node: same top-5 and probabilities', async () => {
    const page = await context.newPage();
    await page.goto(`${served.url}?backend=wasm&model=zoo:mobilenetv2&sample=0`);
    await waitForExplanations(page, 1, 110_000);
    const inPage = await pagePredictions(page);

    const s = SAMPLE_SCENES[0];
    const scene = generateScene(s.seed, { ...SCENE_PRESETS[s.preset], width: 64, height: 64, label: s.label });
    const model = await loadModel('zoo:mobilenetv2');
    const input = toModelInput({ rgb: scene.rgb, width: scene.width, height: scene.height }, model.inputSpec).input;
    const [inNode] = await explain(model, [input]);
    model.dispose();

    expect(inPage.map((p) => p.label)).toEqual(nodeTop(inNode).map((p) => p.label));
    inPage.forEach((p, i) => expect(p.percent).toBeCloseTo(nodeTop(inNode)[i].percent, 1));
    // 1000 logits and a 7x7 map come back; the 7x7x1280 activations stay on the backend
    const read = await readbacks(page);
    expect(read.layer).toBe(7 * 7 * 1280);
    expect(read.sizes).toEqual(expect.arrayContaining([49, 1000]));
    expect(Math.max(...read.sizes)).toBe(1000);
    await page.close();
  });

  it('falls back from WebGPU (no adapter here) to WebGL, and explains there as on WebAssembly', async () => {
    const results: Record<string, { top: PagePrediction[]; kept: string; heatmap: Awaited<ReturnType<typeof canvasStats>> }> = {};
    for (const backend of ['auto', 'wasm']) {
      const page = await context.newPage();
      await page.goto(`${served.url}?backend=${backend}&model=demo&sample=1`);
      await waitForExplanations(page, 1, 110_000);
      if (backend === 'auto') expect(await page.locator('#backend-info').textContent()).toMatch(/^webgl.*webgpu skipped: /);
      results[backend] = {
        top: await pagePredictions(page),
        kept: (await page.locator('#coverage').textContent()) ?? '',
        heatmap: await canvasStats(page, 'panel-heatmap'),
      };
      await page.close();
    }
    const { auto: webgl, wasm } = results;
    expect(webgl.top.map((p) => p.label)).toEqual(wasm.top.map((p) => p.label));
    expect(webgl.top[0].percent).toBeCloseTo(wasm.top[0].percent, 0);
    expect(webgl.kept).toBe(wasm.kept);
    expect(Math.abs(webgl.heatmap.mean - wasm.heatmap.mean)).toBeLessThan(1);
  });

  it("opens a TF.js model from disk (model.json, weights and sidecar) and explains a dropped image with it", async () => {
    const page = await context.newPage();
    await page.goto(`${served.url}?backend=wasm&model=demo&sample=0`);
    await waitForExplanations(page, 1);
    await page.locator('#model').selectOption('user');
    await page.locator('#model-files').setInputFiles(['model.json', 'weights.bin', 'litecam.json'].map((f) => join(DEMO_MODEL, '..', f)));
    await waitForExplanations(page, 2);
    expect(await page.locator('#status').textContent()).toContain('at layer last_conv');
    // drop a generated scene onto the drop zone, as a file dragged from the desktop
    const scene = generateScene(4242, { ...SCENE_PRESETS.clean, label: 1 });
    await page.evaluate(
      ({ rgb, width, height }) => {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const rgba = new Uint8ClampedArray(width * height * 4);
        for (let p = 0; p < width * height; p++) rgba.set([rgb[p * 3], rgb[p * 3 + 1], rgb[p * 3 + 2], 255], p * 4);
        canvas.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
        return new Promise<void>((resolve) =>
          canvas.toBlob((blob) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([blob!], 'dropped.png', { type: 'image/png' }));
            document.getElementById('drop-zone')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
            resolve();
          }, 'image/png'),
        );
      },
      { rgb: Array.from(scene.rgb), width: scene.width, height: scene.height },
    );
    await waitForExplanations(page, 3);
    expect(await page.locator('#status').textContent()).toContain('dropped.png');
    expect((await pagePredictions(page))[0].label).toBe(scene.className);
    await page.close();
  });
});

describe('the sample scenes the build bundles', () => {
  it('are each classified as their own class by the demo model, one class per sample', async () => {
    await initBackend('wasm');
    const model = await loadModel(DEMO_MODEL);
    for (const s of SAMPLE_SCENES) {
      const scene = generateScene(s.seed, { ...SCENE_PRESETS[s.preset], width: 64, height: 64, label: s.label });
      const [result] = await explain(model, [toModelInput({ rgb: scene.rgb, width: scene.width, height: scene.height }, model.inputSpec).input]);
      expect(result.predictions[0].class, `${s.preset} ${scene.className}`).toBe(s.label);
    }
    model.dispose();
    expect(new Set(SAMPLE_SCENES.map((s) => s.label)).size).toBe(SAMPLE_SCENES.length);
  });
});
