import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCENE_PRESETS } from '../src/datasets/presets.js';
import { generateScene } from '../src/datasets/shapes.js';
import { expectUsageError, litecam } from './helpers/cli.js';
import { tempDir } from './helpers/fixtures.js';

let dir: string;

beforeAll(() => {
  dir = tempDir('litecam-evaluate-');
});

async function writePng(path: string, rgb: Uint8Array, width: number, height: number, channels: 1 | 3): Promise<void> {
  await sharp(Buffer.from(rgb), { raw: { width, height, channels } }).png().toFile(path);
}

/** Two generated scenes as a user's folder: images, and masks with the same base names (0/255). */
async function writeUserFolder(name: string, maskFor: (mask: Uint8Array) => Uint8Array): Promise<{ images: string; masks: string }> {
  const images = join(dir, name, 'images');
  const masks = join(dir, name, 'masks');
  mkdirSync(images, { recursive: true });
  mkdirSync(masks, { recursive: true });
  for (const [i, file] of ['a', 'b'].entries()) {
    const scene = generateScene(900 + i, { ...SCENE_PRESETS.clean, width: 80, height: 72 });
    await writePng(join(images, `${file}.png`), scene.rgb, 80, 72, 3);
    await writePng(join(masks, `${file}.png`), maskFor(scene.mask).map((v) => (v ? 255 : 0)), 80, 72, 1);
  }
  return { images, masks };
}

describe('litecam evaluate on generated scenes', () => {
  it('writes evaluation.json with per-condition means, intervals and paired tests, and an HTML report with charts and tables', async () => {
    const out = join(dir, 'synthetic');
    const r = await litecam(['evaluate', '--scenes', '8', '--thresholds', 'none,10', '--resamples', '200', '--gallery', '1', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| clean \| 0\.\d{3} \[/);

    const report = JSON.parse(readFileSync(join(out, 'evaluation.json'), 'utf8'));
    expect(report.data).toEqual({ kind: 'synthetic', scenes: 8, conditions: ['clean', 'textured', 'lowContrast', 'multiObject', 'fineGrained'], seed: 50000 });
    expect(report.target).toBe('true class');
    expect(report.scores).toHaveLength(8 * 2);
    // five conditions and 'all', one method, two thresholds
    expect(report.summary).toHaveLength(6 * 2);
    const pooled = report.summary.filter((g: { condition: string }) => g.condition === 'all');
    expect(pooled.map((g: { n: number }) => g.n)).toEqual([8, 8]);
    for (const g of report.summary) {
      expect(Object.keys(g.metrics).sort()).toEqual(['boundaryF1', 'coverage', 'dice', 'iou', 'pointing', 'precision', 'recall']);
      for (const ci of Object.values(g.metrics) as Array<{ mean: number; lower: number; upper: number }>) {
        expect(ci.lower).toBeLessThanOrEqual(ci.mean + 1e-12);
        expect(ci.upper).toBeGreaterThanOrEqual(ci.mean - 1e-12);
        expect(ci.mean).toBeGreaterThanOrEqual(0);
        expect(ci.mean).toBeLessThanOrEqual(1);
      }
    }
    // keeping the top 10% of a 8x8 map keeps about a tenth of it (ties can add a little)
    const tenPercent = pooled.find((g: { threshold: string }) => g.threshold === '10%');
    expect(tenPercent.metrics.coverage.mean).toBeCloseTo(0.1, 1);

    // eight scenes dealt to five conditions: 2, 2, 2, 1, 1; a paired comparison needs two items
    expect(report.comparisons).toHaveLength(3 + 1);
    const c = report.comparisons.find((x: { condition: string }) => x.condition === 'all');
    expect(c).toMatchObject({ metric: 'iou', threshold: '10%', baseline: 'none', n: 8 });
    const scoresOf = (t: string) => report.scores.filter((s: { threshold: string }) => s.threshold === t).map((s: { iou: number }) => s.iou);
    const meanDiff = scoresOf('10%').reduce((a: number, v: number, i: number) => a + v - scoresOf('none')[i], 0) / 8;
    expect(c.difference.mean).toBeCloseTo(meanDiff, 10);
    expect(c.tTest.df).toBe(7);
    expect(c.wilcoxon.pValue).toBeGreaterThan(0);
    expect(c.wilcoxon.pValue).toBeLessThanOrEqual(1);

    // one example and one threshold grid per condition; failures: up to three per condition, of its 2, 2, 2, 1, 1 scenes
    const kinds = report.gallery.map((g: { kind: string }) => g.kind);
    expect(kinds.filter((k: string) => k === 'example')).toHaveLength(5);
    expect(kinds.filter((k: string) => k === 'thresholds')).toHaveLength(5);
    expect(kinds.filter((k: string) => k === 'failure')).toHaveLength(8);

    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<svg[\s>]/);
    expect(html).toMatch(/<table>/);
    expect(html.match(/<img [^>]*src="data:image\/png;base64,/g)).toHaveLength(5 + 5 + 8);
    // self-contained: nothing loaded from elsewhere, no script
    expect(html).not.toMatch(/<script|<link|(src|href)="(https?:)?\/\//);
  });
});

describe('litecam evaluate: precision-recall, boundary F1 and failure cases', () => {
  it('reports per-condition AUPR as the mean of the items\' average precision, and draws the lowest-IoU scenes as failures', async () => {
    const out = join(dir, 'failures');
    const r = await litecam(['evaluate', '--scenes', '15', '--conditions', 'clean,fineGrained', '--thresholds', 'none,dynamic', '--resamples', '200', '--gallery', '0', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'evaluation.json'), 'utf8'));
    expect(report.averagePrecision).toHaveLength(15);
    expect(report.precisionRecall.map((p: { condition: string; n: number }) => `${p.condition}:${p.n}`)).toEqual(['clean:8', 'fineGrained:7', 'all:15']);
    for (const p of report.precisionRecall) {
      const aps = report.averagePrecision.filter((a: { condition: string }) => p.condition === 'all' || a.condition === p.condition);
      expect(p.aupr.mean).toBeCloseTo(aps.reduce((s: number, a: { aupr: number }) => s + a.aupr, 0) / aps.length, 12);
      expect(p.recall).toHaveLength(101);
      // interpolated precision never rises with recall
      p.precision.slice(1).forEach((v: number, i: number) => expect(v).toBeLessThanOrEqual(p.precision[i] + 1e-12));
    }
    for (const s of report.scores) {
      expect(s.boundaryF1).toBeGreaterThanOrEqual(0);
      expect(s.boundaryF1).toBeLessThanOrEqual(1);
    }

    // the three failures of each condition are its three lowest IoUs at the last threshold, lowest first
    for (const condition of ['clean', 'fineGrained']) {
      const failures = report.gallery.filter((g: { kind: string; condition: string }) => g.kind === 'failure' && g.condition === condition);
      const lowest = report.scores
        .filter((s: { condition: string; threshold: string }) => s.condition === condition && s.threshold === 'dynamic')
        .map((s: { iou: number }) => s.iou)
        .sort((a: number, b: number) => a - b)
        .slice(0, 3);
      expect(failures.map((g: { iou: number }) => g.iou)).toEqual(lowest);
      expect(failures.every((g: { threshold: string }) => g.threshold === 'dynamic')).toBe(true);
    }
    expect(report.gallery.filter((g: { kind: string }) => g.kind === 'example')).toHaveLength(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/Failure cases/);
    expect(html).toMatch(/Precision-recall over all cutoffs/);
    expect(html).toMatch(/<th class="num">boundary F1<\/th>/);
  });
});

describe('litecam evaluate on a folder of images and masks', () => {
  it('scores each image against the mask of the same name; a mask covering everything gives precision 1 and pointing 1', async () => {
    const { images, masks } = await writeUserFolder('full-masks', (mask) => mask.map(() => 1));
    const out = join(dir, 'folder-out');
    const r = await litecam(['evaluate', '--images', images, '--masks', masks, '--thresholds', 'none,20,dynamic', '--resamples', '200', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'evaluation.json'), 'utf8'));
    expect(report.data).toMatchObject({ kind: 'folder', count: 2 });
    expect(report.target).toBe('top prediction');
    expect(report.scores).toHaveLength(2 * 3);
    expect(new Set(report.scores.map((s: { item: string }) => s.item))).toEqual(new Set(['a.png', 'b.png']));
    for (const s of report.scores) {
      expect(s.precision).toBe(1);
      expect(s.pointing).toBe(1);
    }
    // with the object everywhere, IoU is the share of the image the region covers: all of it where the map is positive
    const none = report.scores.filter((s: { threshold: string }) => s.threshold === 'none');
    for (const s of none) expect(s.iou).toBeCloseTo(s.recall, 12);
    expect(report.summary.map((g: { condition: string }) => g.condition)).toEqual(['images', 'images', 'images']);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<table>/);
  });
});

describe('litecam evaluate on bad input', () => {
  it('rejects a missing masks folder with one line and exit code 2', async () => {
    const { images } = await writeUserFolder('no-masks', (m) => m);
    const r = await litecam(['evaluate', '--images', images, '--masks', join(dir, 'nowhere'), '--out', join(dir, 'x')]);
    expectUsageError(r, /masks folder not found: .*nowhere/);
  });

  it('rejects a mask whose size differs from its image, naming both sizes', async () => {
    const { images, masks } = await writeUserFolder('bad-size', (m) => m);
    await writePng(join(masks, 'b.png'), new Uint8Array(40 * 36), 40, 36, 1);
    const r = await litecam(['evaluate', '--images', images, '--masks', masks, '--out', join(dir, 'y')]);
    expectUsageError(r, /mask .*b\.png is 40x36; its image .*b\.png is 80x72/);
  });

  it('rejects an image without a mask, --images without --masks, and a bad threshold list', async () => {
    const { images, masks } = await writeUserFolder('missing-one', (m) => m);
    rmSync(join(masks, 'a.png'));
    const [missing, alone, thresholds] = await Promise.all([
      litecam(['evaluate', '--images', images, '--masks', masks, '--out', join(dir, 'z')]),
      litecam(['evaluate', '--images', images, '--out', join(dir, 'z')]),
      litecam(['evaluate', '--thresholds', 'none,150', '--out', join(dir, 'z')]),
    ]);
    expectUsageError(missing, /no mask for image .*a\.png: expected .*a\.png/);
    expectUsageError(alone, /--images and --masks go together; got only --images/);
    expectUsageError(thresholds, /thresholds must be .*got '150'/);
  });
});
