/**
 * The browser benchmark: explanations timed inside headless Chromium, per TF.js backend the browser offers
 * (WebAssembly always; WebGL and WebGPU when they start), per device profile (CPU slowdown through the
 * DevTools protocol's Emulation.setCPUThrottlingRate, src/browser/profiles.ts), per threshold. For the zoo
 * MobileNetV2 at 224 and the demo model: the median time of a full explanation, the median plain prediction
 * in the same page, their ratio, and whether the explanation fits a 100 ms real-time budget. A fixed
 * integer workload, timed on the main thread and in a worker under each profile, shows the slowdown the
 * throttling really applied. Prints a table and saves benchmarks/results/browser.json (docs/edge.md).
 * Usage: npm run bench:browser [-- --repeats 5 --backends wasm,webgl --profiles this-machine,low-end-phone]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import type { BenchApi } from '../web/src/bench.js';
import { BENCH_THRESHOLDS, REAL_TIME_BUDGET_MS, type ModelTiming } from '../src/browser/bench-page.js';
import { median } from '../src/evaluate/bench/timing.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../src/browser/headless-chromium.js';
import { DEVICE_PROFILES, deviceProfile, type DeviceProfile } from '../src/browser/profiles.js';
import { startStaticServer } from '../src/cli/serve-command.js';
import { ensureWebBuild } from '../src/cli/web-build.js';
import { machine, saveJson } from './bench-util.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const BACKENDS = arg('backends', 'wasm,webgl,webgpu').split(',');
const MODELS = arg('models', 'mobilenetv2,demo').split(',');
const PROFILES: DeviceProfile[] = arg('profiles', DEVICE_PROFILES.map((p) => p.name).join(',')).split(',').map(deviceProfile);
/**
 * Timed rounds per profile (after one warm-up round). WebAssembly is quick; WebGL on SwiftShader takes one to
 * two seconds per MobileNetV2 explanation here, so it gets fewer rounds to keep the whole run near ten minutes.
 */
const REPEATS: Record<string, number> = { wasm: Number(arg('repeats', '5')), webgl: Number(arg('gl-repeats', '2')), webgpu: Number(arg('gl-repeats', '2')) };
const OUT = arg('out', 'benchmarks/results/browser.json');
const PAGE_TIMEOUT_MS = 120_000;
/** Iterations of the calibration workload: about 0.2 s unthrottled here, long enough to rise above timer and scheduling noise. */
const CALIBRATION_ITERATIONS = 100_000_000;
const CALIBRATION_ROUNDS = 3;

if (!existsSync(CHROMIUM_PATH)) {
  console.log(`skipped: ${CHROMIUM_PATH} not found (apt-get install chromium; the benchmark never downloads a browser)`);
  process.exit(0);
}

interface Row {
  backend: string;
  model: string;
  inputSize: number;
  profile: string;
  cpuSlowdown: number;
  timing: ModelTiming;
}

const started = performance.now();
/** The machine's load when the run starts and ends: on a shared machine, what the timings must be read against. */
const loadAtStart = loadavg()[0];
const build = await ensureWebBuild({ log: (line) => console.log(line) });
const server = await startStaticServer(build.dir, 0);
const profileDir = mkdtempSync(join(tmpdir(), 'litecam-bench-browser-'));
const context: BrowserContext = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
const chromiumVersion = context.browser()?.version() ?? (await context.newPage().then((p) => p.evaluate(() => navigator.userAgent)));
const rows: Row[] = [];
const skipped: Array<{ backend: string; reason: string }> = [];
let calibration: Array<{ profile: string; cpuSlowdown: number; mainMs: number; workerMs: number; mainSlowdown: number; workerSlowdown: number }> = [];

try {
  for (const backend of BACKENDS) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const ready = await openBenchPage(page, backend);
    if (typeof ready === 'string') {
      skipped.push({ backend, reason: ready });
      console.log(`${backend}: skipped (${ready})`);
      await page.close();
      continue;
    }
    if (calibration.length === 0) calibration = await calibrate(page, cdp);
    for (const model of MODELS) {
      const prepared = await page.evaluate((name) => window.litecamBench!.prepare(name), model);
      for (const profile of PROFILES) {
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
        const timing = await page.evaluate((o) => window.litecamBench!.time(o), { repeats: REPEATS[backend] ?? 3, warmup: 1 });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
        rows.push({ backend, model, inputSize: prepared.inputSize, profile: profile.name, cpuSlowdown: profile.cpuSlowdown, timing });
        printRow(rows.at(-1)!);
      }
    }
    await page.close();
  }
} finally {
  await context.close();
  await server.close();
  rmSync(profileDir, { recursive: true, force: true });
}

const elapsedS = (performance.now() - started) / 1000;
console.log(`\n${summaryTable(rows)}`);
saveJson(OUT, {
  machine: { ...machine(), chromium: chromiumVersion, loadAverage1m: { start: loadAtStart, end: loadavg()[0] } },
  budgetMs: REAL_TIME_BUDGET_MS,
  thresholds: BENCH_THRESHOLDS.map((t) => t.name),
  profiles: PROFILES,
  calibration,
  skippedBackends: skipped,
  results: rows,
  elapsedS,
});

/** Open the benchmark page on `backend`; the page's API, or why the backend cannot run here. */
async function openBenchPage(page: Page, backend: string): Promise<BenchApi['backend'] | string> {
  await page.goto(`${server.url}bench.html?backend=${backend}`);
  await page.waitForFunction(() => window.litecamBench !== undefined || window.litecamBenchError !== undefined, null, { timeout: PAGE_TIMEOUT_MS });
  const error = await page.evaluate(() => window.litecamBenchError);
  return error ?? (await page.evaluate(() => window.litecamBench!.backend));
}

/**
 * The fixed workload under each profile, CALIBRATION_ROUNDS times round-robin (medians kept): the slowdown
 * throttling applied on the main thread and in a worker.
 */
async function calibrate(page: Page, cdp: CDPSession): Promise<typeof calibration> {
  const samples = PROFILES.map(() => ({ main: [] as number[], worker: [] as number[] }));
  for (let round = 0; round < CALIBRATION_ROUNDS; round++) {
    for (const [i, profile] of PROFILES.entries()) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
      const work = await page.evaluate((n) => window.litecamBench!.cpuWork(n), CALIBRATION_ITERATIONS);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      samples[i].main.push(work.mainMs);
      samples[i].worker.push(work.workerMs);
    }
  }
  const measured = PROFILES.map((p, i) => ({ profile: p.name, cpuSlowdown: p.cpuSlowdown, mainMs: median(samples[i].main), workerMs: median(samples[i].worker) }));
  const base = measured.find((m) => m.cpuSlowdown === 1) ?? measured[0];
  const rows = measured.map((m) => ({ ...m, mainSlowdown: m.mainMs / base.mainMs, workerSlowdown: m.workerMs / base.workerMs }));
  for (const r of rows) {
    console.log(`calibration ${r.profile.padEnd(16)} x${r.cpuSlowdown}: main thread ${r.mainMs.toFixed(0)} ms (x${r.mainSlowdown.toFixed(2)}), worker ${r.workerMs.toFixed(0)} ms (x${r.workerSlowdown.toFixed(2)})`);
  }
  return rows;
}

function printRow(r: Row): void {
  const t = r.timing.thresholds.map((x) => `${x.threshold} ${x.explainMs.toFixed(1)}`).join('  ');
  console.log(`${r.backend.padEnd(6)} ${r.model.padEnd(12)} ${r.profile.padEnd(16)} predict ${r.timing.predictMs.toFixed(1)} ms | explain ${t} ms`);
}

/** One line per backend, model and profile: predict, explanation per threshold, overhead at 10%, real time. */
function summaryTable(all: Row[]): string {
  const head = ['backend', 'model', 'profile', 'predict ms', ...BENCH_THRESHOLDS.map((t) => `explain ${t.name} ms`), 'overhead (10%)', `< ${REAL_TIME_BUDGET_MS} ms`, 'fastest predict / explain 10%'];
  const lines = all.map((r) => {
    const at10 = r.timing.thresholds.find((x) => x.threshold === '10%') ?? r.timing.thresholds[0];
    const fits = r.timing.thresholds.filter((x) => x.withinBudget).map((x) => x.threshold);
    return [
      r.backend,
      `${r.model} ${r.inputSize}`,
      `${r.profile} (x${r.cpuSlowdown})`,
      r.timing.predictMs.toFixed(1),
      ...r.timing.thresholds.map((x) => x.explainMs.toFixed(1)),
      `${at10.overhead.toFixed(2)}x`,
      fits.length === r.timing.thresholds.length ? 'yes' : fits.length === 0 ? 'no' : fits.join(', '),
      `${r.timing.predictMinMs.toFixed(1)} / ${at10.explainMinMs.toFixed(1)}`,
    ];
  });
  return [head, ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n').replace(/^(\|.*\|)\n/, (first) => `${first}${'|---'.repeat(head.length)}|\n`);
}
