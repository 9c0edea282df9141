import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { litecam, ROOT } from './helpers/cli.js';
import { tempDir } from './helpers/fixtures.js';

/** Debian's Chromium, which .ci/run installs; playwright-core never downloads a browser of its own. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = join(ROOT, 'out', 'report-browser', 'report.png');
/** Five default conditions and the pooled 'all'. */
const CONDITIONS = 6;
const DEFAULT_THRESHOLDS = 5;

if (!existsSync(CHROMIUM)) console.warn(`report-browser: skipped, ${CHROMIUM} is absent (.ci/run installs Debian's chromium)`);

describe.skipIf(!existsSync(CHROMIUM))(`the evaluation report in headless Chromium (needs ${CHROMIUM})`, () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];

  beforeAll(async () => {
    dir = tempDir('litecam-report-browser-');
    const out = join(dir, 'evaluate');
    const r = await litecam(['evaluate', '--scenes', '8', '--resamples', '200', '--gallery', '1', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads nothing but the page itself', () => {
    expect(requested.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
  });

  it('draws the IoU, pointing-game and precision-recall charts as visible SVGs with marks', async () => {
    const charts = page.locator('.chart > svg');
    expect(await charts.count()).toBe(3);
    for (const chart of await charts.all()) {
      await expect.poll(() => chart.isVisible()).toBe(true);
      const box = await chart.boundingBox();
      expect(box?.width).toBeGreaterThan(200);
      expect(box?.height).toBeGreaterThan(150);
      expect(await chart.locator('g.role-mark path').count()).toBeGreaterThan(0);
    }
    // one curve per condition, each a drawn path, and a point per condition and threshold
    const curves = page.locator('#precision-recall .chart g.mark-line.role-mark path');
    expect(await curves.count()).toBe(CONDITIONS);
    for (const curve of await curves.all()) expect((await curve.getAttribute('d'))?.length).toBeGreaterThan(20);
    expect(await page.locator('#precision-recall .chart g.mark-symbol.role-mark path').count()).toBe(CONDITIONS * DEFAULT_THRESHOLDS);
  });

  it('shows the ground-truth table with boundary F1 for every condition and threshold, and the AUPR table', async () => {
    const truth = page.locator('#ground-truth table').first();
    expect(await truth.isVisible()).toBe(true);
    expect(await truth.locator('th').allInnerTexts()).toContain('boundary F1');
    expect(await truth.locator('tbody tr').count()).toBe(CONDITIONS * DEFAULT_THRESHOLDS);
    const aupr = page.locator('#precision-recall table').first();
    expect(await aupr.isVisible()).toBe(true);
    const rows = await aupr.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(CONDITIONS);
    for (const row of rows) expect(row).toMatch(/0\.\d{3} \[0\.\d{3}, [01]\.\d{3}\]/);
  });

  it('decodes every figure: the threshold grid, the gallery and the failure cases', async () => {
    for (const section of ['thresholds', 'example', 'failure']) {
      expect(await page.locator(`#${section}`).isVisible()).toBe(true);
      expect(await page.locator(`#${section} figure img`).count()).toBeGreaterThan(0);
    }
    const sizes = await page.locator('figure img').evaluateAll((images) =>
      images.map((img) => ({ complete: (img as HTMLImageElement).complete, width: (img as HTMLImageElement).naturalWidth })));
    for (const s of sizes) {
      expect(s.complete).toBe(true);
      expect(s.width).toBeGreaterThan(100);
    }
  });

  it('renders the whole page to a screenshot under out/', async () => {
    mkdirSync(join(ROOT, 'out', 'report-browser'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const meta = await sharp(SCREENSHOT).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeGreaterThanOrEqual(1280);
    expect(meta.height).toBeGreaterThan(2000);
  });
});
