import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, expectUsageError, litecam } from './helpers/cli.js';
import { tempDir } from './helpers/fixtures.js';

let dir: string;

beforeAll(() => {
  dir = tempDir('litecam-bench-');
});

describe('litecam bench, a tiny quick run', () => {
  let run: CliResult;
  let out: string;
  // An empty ONNX folder: the ONNX engine is asked for, and every model on it is skipped with a note.
  beforeAll(async () => {
    out = join(dir, 'tiny');
    run = await litecam(['bench', '--preset', 'quick', '--models', 'mobilenetv2', '--runs', '2', '--size', '64', '--onnx-dir', tempDir('litecam-no-onnx-'), '--out', out], 120_000);
  }, 130_000);

  it('exits 0, notes the missing ONNX export on stderr and prints the summary tables on stdout', () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/skipped mobilenetv2 on ONNX Runtime: .*mobilenetv2_imagenet\.onnx not found/);
    expect(run.stdout).toMatch(/\| tfjs \| mobilenetv2 \| dynamic \|/);
    expect(run.stdout).toMatch(/\| tfjs \| lime \| 100 samples \(reduced\) \|/);
  });

  it('writes bench.json with the speed, ablation, method and claim sections', () => {
    const report = JSON.parse(readFileSync(join(out, 'bench.json'), 'utf8'));
    expect(report.preset).toBe('quick');
    expect(report.settings.perturbationBudget).toMatchObject({ limeSamples: 100, riseMasks: 500, defaults: false });
    expect(report.speed.map((r: { threshold: string }) => r.threshold)).toEqual(['predict only', '1%', '5%', '10%', '20%', 'dynamic']);
    for (const row of report.speed) {
      expect(row.runs).toBe(2);
      expect(row.medianMs).toBeGreaterThan(0);
      expect(row.peakTensorBytes).toBeGreaterThan(0);
    }
    expect(report.ablation.backward.arms.map((a: { arm: string }) => a.arm)).toEqual(['head-only backward', 'full backward']);
    expect(report.ablation.batchSize.images).toBe(8);
    expect(report.ablation.dynamicThreshold.mapSize).toBe('64x64');
    expect(report.ablation.dynamicThreshold.agree).toBe(true);
    const methods = report.methods[0].rows.map((r: { method: string }) => r.method);
    expect(methods).toEqual(expect.arrayContaining(['gradcam', 'lime', 'rise', 'occlusion']));
    expect(methods).not.toContain('scorecam');
    const lime = report.methods[0].rows.find((r: { method: string }) => r.method === 'lime');
    expect(lime.speedupOverLime.mean).toBeCloseTo(1, 6);
    for (const claim of report.claims) {
      expect(claim.n).toBe(2);
      expect(claim.fasterMedianMs).toBeLessThanOrEqual(claim.slowerMedianMs);
      expect(claim.wilcoxonP).toBeGreaterThan(0);
      expect(claim.wilcoxonP).toBeLessThanOrEqual(1);
      expect(claim.ratio.lower).toBeLessThanOrEqual(claim.ratio.upper);
    }
  });

  it('measures a leak of tensors per run without tf.tidy, none with it, and releases the leaked ones afterwards', () => {
    const { tidy } = JSON.parse(readFileSync(join(out, 'bench.json'), 'utf8')).ablation;
    const [withTidy, without] = tidy.arms;
    expect(withTidy.tensorsPerRun).toBe(0);
    expect(without.tensorsPerRun).toBeGreaterThanOrEqual(5);
    expect(without.bytesPerRun).toBeGreaterThan(0);
    expect(tidy.tensorsLeftAfterCleanup).toBe(0);
  });

  it('writes a self-contained HTML report with charts and tables', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).toMatch(/<table>/);
    expect(html).toMatch(/REDUCED budgets/);
    expect(html).not.toMatch(/<script/);
  });
});

describe('litecam bench, bad arguments', () => {
  it('rejects an unknown model with one line and exit code 2', async () => {
    expectUsageError(await litecam(['bench', '--models', 'mobilenetv2,alexnet', '--out', join(dir, 'bad')]), /unknown model 'alexnet'; expected one of mobilenetv2, resnet18, vgg16, efficientnetb0/);
  });

  it('rejects an unknown preset and an unknown engine', async () => {
    expectUsageError(await litecam(['bench', '--preset', 'huge', '--out', join(dir, 'bad')]), /preset must be one of quick, full, got 'huge'/);
    expectUsageError(await litecam(['bench', '--engines', 'tfjs,torch', '--out', join(dir, 'bad')]), /unknown engine 'torch'/);
  });

  it('rejects fewer than two runs, which no paired test can use', async () => {
    expectUsageError(await litecam(['bench', '--runs', '1', '--out', join(dir, 'bad')]), /runs must be an integer in 2\.\.10000, got '1'/);
  });
});
