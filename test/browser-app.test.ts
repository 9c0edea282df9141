import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENE_PRESETS } from '../src/datasets/presets.js';
import { generateScene } from '../src/datasets/shapes.js';
import { ensureWebBuild } from '../src/cli/web-build.js';
import { MODULE_LIST } from '../web/build/litecam-assets.js';
import { tempDir } from './helpers/fixtures.js';
import { canvasStats, CHROMIUM, HAVE_CHROMIUM, launchChromium, SCREENSHOTS, startServe, waitForExplanations, type Served } from './helpers/browser.js';

if (!HAVE_CHROMIUM) console.warn(`browser-app: skipped, ${CHROMIUM} is absent (.ci/run installs Debian's chromium)`);

/** The controls in the order Tab should reach them (the user-model block is hidden while the demo model is chosen). */
const TAB_ORDER = ['image-file', 'drop-zone', 'sample', 'webcam', 'model', 'backend', 'method', 'threshold', 'dynamic', 'colormap', 'explain', 'continuous'];

/** Share of the map the percentile threshold keeps, read from the page's coverage line. */
async function keptPercent(page: Page): Promise<number> {
  const text = (await page.locator('#coverage').textContent()) ?? '';
  const match = /Kept ([\d.]+)% of the map/.exec(text);
  if (!match) throw new Error(`no coverage in '${text}'`);
  return Number(match[1]);
}

describe.skipIf(!HAVE_CHROMIUM)(`the web app in headless Chromium (needs ${CHROMIUM})`, () => {
  let dir: string;
  let served: Served;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = tempDir('litecam-browser-app-');
    served = await startServe();
    context = await launchChromium(join(dir, 'profile'));
    context.on('request', (request) => requested.push(request.url()));
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${served.url}?backend=wasm&model=demo`);
    await waitForExplanations(page, 1);
  });

  afterAll(async () => {
    await context?.close();
    if (served) expect(await served.stop()).toBe(0);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is cross-origin isolated, so WebAssembly may use threads', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.locator('#backend-info').textContent()).toMatch(/^wasm \(\d+ threads?\)/);
  });

  it('names the true class of a generated scene opened from disk, and draws its heatmap', async () => {
    const scene = generateScene(9001, { ...SCENE_PRESETS.clean, label: 3 });
    const file = join(dir, `scene-${scene.className}.png`);
    await sharp(scene.rgb, { raw: { width: scene.width, height: scene.height, channels: 3 } }).png().toFile(file);
    const before = Number(await page.evaluate(() => document.body.dataset.explanations));
    await page.locator('#image-file').setInputFiles(file);
    await waitForExplanations(page, before + 1);
    expect(await page.locator('#predictions li .label').first().textContent()).toBe(scene.className);
    expect(await page.locator('#predictions li').count()).toBe(5);
    expect(await page.locator('#status').textContent()).toContain(`scene-${scene.className}.png`);
    const heatmap = await canvasStats(page, 'panel-heatmap');
    expect(heatmap.height).toBe(224);
    // jet over the whole map: most pixels are some colour other than the map's zero
    expect(heatmap.distinct).toBeGreaterThan(0.3 * heatmap.width * heatmap.height);
    const overlay = await canvasStats(page, 'panel-overlay');
    expect(overlay.distinct).toBeGreaterThan(0);
  });

  it('reads back only the logits and the small map, never the layer activations', async () => {
    const text = (await page.locator('#readback').textContent()) ?? '';
    const match = /^\d+ reads \(([\dx, ]*)\), largest (\d+) values; the layer holds (\d+)$/.exec(text);
    expect(match, text).not.toBeNull();
    const shapes = match![1].split(', ');
    // the demo model: 6 logits and an 8x8 map come back; its 8x8x32 layer stays on the backend
    expect(shapes).toContain('1x6');
    expect(shapes).toContain('1x8x8');
    expect(Number(match![2])).toBe(64);
    expect(Number(match![3])).toBe(8 * 8 * 32);
  });

  it('re-thresholds without recomputing when the slider moves: coverage and the simplified map change', async () => {
    await page.locator('#dynamic').uncheck();
    await page.locator('#threshold').fill('10');
    const count = await page.evaluate(() => document.body.dataset.explanations);
    const at10 = { kept: await keptPercent(page), simplified: await canvasStats(page, 'panel-simplified'), overlay: await canvasStats(page, 'panel-overlay') };
    await page.locator('#threshold').fill('40');
    await expect.poll(() => keptPercent(page)).toBeGreaterThan(at10.kept);
    const at40 = { kept: await keptPercent(page), simplified: await canvasStats(page, 'panel-simplified'), overlay: await canvasStats(page, 'panel-overlay') };
    expect(await page.locator('#threshold-value').textContent()).toBe('40');
    // the percentile keeps the top share of cells; ties at the cutoff may add a few
    expect(at10.kept).toBeGreaterThanOrEqual(10);
    expect(at10.kept).toBeLessThan(20);
    expect(at40.kept).toBeGreaterThanOrEqual(40);
    expect(at40.kept).toBeLessThan(55);
    expect(at40.simplified.notJetZero).toBeGreaterThan(2 * at10.simplified.notJetZero);
    expect(at40.overlay.checksum).not.toBe(at10.overlay.checksum);
    expect(await page.evaluate(() => document.body.dataset.explanations)).toBe(count);
  });

  it('reaches every control with Tab, in order, with a visible focus ring', async () => {
    await page.locator('h1').click();
    const reached: string[] = [];
    for (let i = 0; i < TAB_ORDER.length; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.id ?? ''));
      const outline = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement as Element);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      expect(outline.style, reached.at(-1)).not.toBe('none');
      expect(outline.width, reached.at(-1)).toBeGreaterThanOrEqual(2);
    }
    expect(reached).toEqual(TAB_ORDER);
  });

  it('works from the keyboard: arrows move the threshold, Space toggles dynamic, Enter explains', async () => {
    await page.locator('#threshold').fill('10');
    await page.locator('#threshold').focus();
    const before = await keptPercent(page);
    for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowRight');
    expect(await page.locator('#threshold').inputValue()).toBe('25');
    await expect.poll(() => keptPercent(page)).toBeGreaterThan(before);

    await page.locator('#dynamic').focus();
    await page.keyboard.press('Space');
    expect(await page.locator('#dynamic').isChecked()).toBe(true);
    expect(await page.locator('#threshold').isDisabled()).toBe(true);
    await page.keyboard.press('Space');
    expect(await page.locator('#threshold').isDisabled()).toBe(false);

    const count = Number(await page.evaluate(() => document.body.dataset.explanations));
    await page.locator('#explain').focus();
    await page.keyboard.press('Enter');
    await waitForExplanations(page, count + 1);
    await page.locator('#explain').focus();
    await page.keyboard.press('Space');
    await waitForExplanations(page, count + 2);
  });

  it('announces results to assistive technology', async () => {
    expect(await page.locator('#status').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#error').getAttribute('role')).toBe('alert');
    for (const id of ['image-file', 'sample', 'model', 'backend', 'method', 'threshold', 'colormap']) {
      expect(await page.locator(`label[for="${id}"]`).count(), id).toBe(1);
    }
  });

  it('switches method and colormap: the heatmap is redrawn', async () => {
    const jet = await canvasStats(page, 'panel-heatmap');
    await page.locator('#colormap').selectOption('viridis');
    await expect.poll(async () => (await canvasStats(page, 'panel-heatmap')).checksum).not.toBe(jet.checksum);
    const count = Number(await page.evaluate(() => document.body.dataset.explanations));
    await page.locator('#method').selectOption('gradcam++');
    await waitForExplanations(page, count + 1);
    expect(await page.locator('#status').textContent()).toContain('gradcam++');
    await page.locator('#colormap').selectOption('jet');
    await page.locator('#method').selectOption('gradcam');
    await waitForExplanations(page, count + 2);
  });

  it('runs continuously and reports frames per second', async () => {
    await page.locator('#continuous').check();
    await expect.poll(async () => Number(await page.locator('#fps').textContent()), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.locator('#continuous').uncheck();
    await page.waitForFunction(() => document.body.dataset.state !== 'busy');
    expect(await page.locator('#memory').textContent()).toMatch(/^\d+ tensors, [\d.]+ MB/);
  });

  it('says clearly when there is no webcam', async () => {
    await page.locator('#webcam').click();
    await expect.poll(() => page.locator('#error').isVisible()).toBe(true);
    expect(await page.locator('#error').textContent()).toMatch(/^webcam unavailable: .+; open an image or pick a sample scene instead$/);
    expect(await page.locator('#webcam').getAttribute('aria-pressed')).toBe('false');
    // the next action clears the alert
    const count = Number(await page.evaluate(() => document.body.dataset.explanations));
    await page.locator('#sample').selectOption('1');
    await waitForExplanations(page, count + 1);
    expect(await page.locator('#error').isVisible()).toBe(false);
  });

  it('requests nothing but the app itself from 127.0.0.1, and throws nothing', () => {
    const outside = requested.filter((url) => !url.startsWith(served.url) && !url.startsWith('blob:') && !url.startsWith('data:'));
    expect(outside).toEqual([]);
    expect(requested.some((url) => url.endsWith('.wasm'))).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('saves screenshots of the four panels and the page under out/browser/', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.locator('#sample').selectOption('0');
    const names = ['image', 'heatmap', 'simplified', 'overlay'];
    for (const name of names) {
      const path = join(SCREENSHOTS, `demo-${name}.png`);
      await page.locator(`#panel-${name}`).screenshot({ path });
      const meta = await sharp(path).metadata();
      expect(meta.width).toBeGreaterThan(100);
    }
    await page.locator('.panels').screenshot({ path: join(SCREENSHOTS, 'demo-four-panels.png') });
    await page.screenshot({ path: join(SCREENSHOTS, 'demo-page.png'), fullPage: true });
    const meta = await sharp(join(SCREENSHOTS, 'demo-four-panels.png')).metadata();
    expect(meta.width).toBeGreaterThan(3 * (meta.height ?? 0));
  });
});

describe.skipIf(!HAVE_CHROMIUM)('the web build', () => {
  it('bundles no Node-only module of ours (file system, paths, onnxruntime-node, sharp) and carries its WebAssembly', async () => {
    const dist = (await ensureWebBuild()).dir;
    const modules = JSON.parse(readFileSync(join(dist, MODULE_LIST), 'utf8')) as string[];
    expect(modules).toContain('src/explain.ts');
    // The engines' file-system and path imports went to the stand-ins that throw (src/browser/shims/) ...
    for (const shim of ['node-fs', 'node-fs-promises', 'node-path']) expect(modules).toContain(`src/browser/shims/${shim}.ts`);
    // ... and no native addon, nor libvips, reached the bundle.
    expect(modules.filter((id) => /node_modules\/(sharp|@img|onnxruntime-node)\//.test(id))).toEqual([]);
    for (const file of ['wasm/tfjs/tfjs-backend-wasm-threaded-simd.wasm', 'wasm/ort/ort-wasm-simd-threaded.wasm', 'models/demo/weights.bin', 'samples/samples.json']) {
      expect(existsSync(join(dist, file)), file).toBe(true);
    }
  });
});
