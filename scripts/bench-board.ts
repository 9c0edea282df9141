/**
 * Node on a small board: the same explanation with native addons (sharp, onnxruntime-node) and without
 * (JavaScript image codecs, onnxruntime-web), TF.js on wasm in both. For the demo model on a generated scene
 * and for MobileNetV2 (the ONNX export in ../shared when present, else the zoo's TF.js build) on a photo:
 *   - the median time of each stage of `litecam explain` for one image (decode, resize + normalise, forward,
 *     head gradient, CAM, threshold, four-panel figure encoded as PNG with titles) and of loading the model.
 *     Each arm runs in its own process, the board arm with every native addon blocked as in the board tests
 *     (one process would let sharp's worker threads and the other arm's heap slow the JavaScript arm down);
 *     the processes alternate over a few rounds, so drifting machine load hits both arms alike;
 *   - the CLI end to end (`litecam explain --out`, process start to exit), the same two ways.
 * Timings are from this machine (x86-64), not from an ARM board.
 * Usage: npm run bench:board [-- --rounds 3 --runs 5 --cli-runs 3]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateScene } from '../src/datasets/index.js';
import { ortRuntimeName } from '../src/engines/onnx/ort-session.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { explain } from '../src/explain.js';
import { imageCodecName } from '../src/image/codec.js';
import { loadImage } from '../src/image/decode.js';
import { toInputTensorData } from '../src/image/model-input.js';
import { loadModel } from '../src/load.js';
import type { ExplainableModel } from '../src/engines/types.js';
import { encodeImage } from '../src/render/encode.js';
import { encodePngJs } from '../src/render/encode-js.js';
import { figureTitles } from '../src/render/figure.js';
import { fourPanel } from '../src/render/panel.js';
import { machine, mad, median, saveJson } from './bench-util.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const SCRIPT = fileURLToPath(import.meta.url);
const BLOCK = new URL('../test/helpers/block-native-addons.mjs', import.meta.url).href;
const STAGES = ['decodeMs', 'preprocessMs', 'forwardMs', 'gradientMs', 'camMs', 'thresholdMs', 'figureMs', 'totalMs'] as const;
type Stage = (typeof STAGES)[number];
type ModeName = 'native' | 'board';
const MODES: ModeName[] = ['native', 'board'];

interface Case {
  label: string;
  model: string;
  image: string;
  imageLabel: string;
  inputSize?: number;
}

interface WorkerResult {
  loadMs: number;
  images: string | null;
  onnx: string | null;
  stages: Array<Record<Stage, number>>;
}

async function main(): Promise<void> {
  const rounds = Number(arg('rounds', '3'));
  const runs = Number(arg('runs', '5'));
  const cliRuns = Number(arg('cli-runs', '3'));
  const out = arg('out', 'benchmarks/results/board.json');
  const work = mkdtempSync(join(tmpdir(), 'litecam-bench-board-'));
  const cases = [demoCase(work), mobilenetCase(arg('shared', '../shared'), work)];
  // The machine may be shared: its load average beside the timings says how far to trust them.
  const loadBefore = loadavg()[0];
  const rows: Array<Record<string, unknown>> = [];
  for (const c of cases) {
    const results = new Map<ModeName, WorkerResult[]>(MODES.map((m) => [m, []]));
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? MODES : [...MODES].reverse();
      for (const mode of order) results.get(mode)?.push(runWorker(mode, c, runs));
    }
    for (const mode of MODES) {
      const done = results.get(mode) as WorkerResult[];
      const stages = done.flatMap((r) => r.stages);
      const medians = Object.fromEntries(STAGES.map((s) => [s, round2(median(stages.map((x) => x[s])))]));
      const cli = timeCli(mode, c, work, cliRuns);
      rows.push({
        case: c.label,
        model: c.model,
        image: c.imageLabel,
        mode,
        images: done[0].images,
        onnxRuntime: done[0].onnx,
        tfjs: 'wasm',
        runs: stages.length,
        loadMs: round2(median(done.map((r) => r.loadMs))),
        ...medians,
        totalMadMs: round2(mad(stages.map((x) => x.totalMs))),
        cliMs: round2(median(cli)),
        cliRuns: cli.length,
      });
    }
  }
  printTable(rows);
  saveJson(out, {
    benchmark: 'board',
    note:
      'native = sharp + onnxruntime-node; board = every native addon blocked, so JavaScript image codecs + onnxruntime-web ' +
      '(as with LITECAM_NATIVE=0 or where the addons do not load). TF.js wasm in both. Medians in ms; measured on this machine, not on ARM.',
    machine: machine(),
    loadAverage1m: { before: round2(loadBefore), after: round2(loadavg()[0]) },
    rows,
  });
}

/** One arm in a fresh process; the board arm with the preload that blocks native addons. */
function runWorker(mode: ModeName, c: Case, runs: number): WorkerResult {
  const preload = mode === 'board' ? ['--import', BLOCK] : [];
  const run = spawnSync(process.execPath, [...preload, '--import', 'tsx', SCRIPT, '--worker', JSON.stringify(c), '--runs', String(runs)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`the ${mode} arm failed: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as WorkerResult;
  const expected = mode === 'board' ? 'js' : 'sharp';
  if (result.images !== expected) throw new Error(`the ${mode} arm decoded with ${result.images}, expected ${expected}`);
  return result;
}

/**
 * Untimed runs first: the first opens the target layer's session, and the JavaScript decoders take a few
 * runs to be compiled by V8 (jpeg-js: 217, 104, 48 ms, then about 20 ms on one photo).
 */
const WARMUP_RUNS = 3;

/** Loads the model, explains the image WARMUP_RUNS times untimed, then `runs` times. */
async function worker(c: Case, runs: number): Promise<void> {
  await initBackend('wasm');
  const t = performance.now();
  const model = await loadModel(c.model, { inputSize: c.inputSize });
  const loadMs = performance.now() - t;
  for (let w = 0; w < WARMUP_RUNS; w++) await explainOnce(model, c.image);
  const stages: Array<Record<Stage, number>> = [];
  for (let r = 0; r < runs; r++) stages.push(await explainOnce(model, c.image));
  model.dispose();
  const result: WorkerResult = { loadMs, images: imageCodecName(), onnx: ortRuntimeName(), stages };
  process.stdout.write(JSON.stringify(result) + '\n');
}

/** One image through the CLI's steps, each timed: what `litecam explain --out` does per image. */
async function explainOnce(model: ExplainableModel, image: string): Promise<Record<Stage, number>> {
  const spec = model.inputSpec;
  const t0 = performance.now();
  const original = await loadImage(image);
  const t1 = performance.now();
  const input = await toInputTensorData(original, spec.preprocess, spec.width, spec.height, spec.channels);
  const t2 = performance.now();
  const [result] = await explain(model, [{ source: image, data: input.data }]);
  const t3 = performance.now();
  const e = result.explanations[0];
  const topology = e.attribution.topology;
  if (topology.kind !== 'grid2d') throw new Error('expected a 2-D map');
  const figure = fourPanel({
    image: original,
    cam: { values: e.attribution.values, width: topology.width, height: topology.height },
    cutoff: e.threshold.cutoff,
    box: input.box,
  });
  await encodeImage(figure, 'png', { titles: figureTitles(e) });
  const t4 = performance.now();
  return {
    decodeMs: t1 - t0,
    preprocessMs: t2 - t1,
    forwardMs: e.timings.forwardMs,
    gradientMs: e.timings.gradientMs,
    camMs: e.timings.camMs,
    thresholdMs: e.timings.thresholdMs,
    figureMs: t4 - t3,
    totalMs: t4 - t0,
  };
}

/** `litecam explain --out` wall time, process start to exit, with native addons or with all of them blocked. */
function timeCli(mode: ModeName, c: Case, work: string, runs: number): number[] {
  const preload = mode === 'board' ? ['--import', BLOCK] : [];
  const size = c.inputSize ? ['--size', String(c.inputSize)] : [];
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const run = spawnSync(
      process.execPath,
      [...preload, 'bin/litecam.js', 'explain', '--model', c.model, ...size, '--image', c.image, '--out', join(work, mode), '--json'],
      { encoding: 'utf8' },
    );
    times.push(performance.now() - t);
    if (run.status !== 0) throw new Error(`litecam (${mode}) failed: ${run.stderr.split('\n')[0]}`);
  }
  return times;
}

/** The demo model on a 320x240 shape scene, larger than its 64x64 input so the resize runs. */
function demoCase(work: string): Case {
  const scene = generateScene(2024, { width: 320, height: 240 });
  const image = join(work, 'scene.png');
  writeFileSync(image, encodePngJs(scene));
  return { label: 'demo (TF.js)', model: 'models/demo/model', image, imageLabel: 'generated scene, PNG 320x240' };
}

function mobilenetCase(shared: string, work: string): Case {
  const onnx = join(shared, 'models', 'mobilenetv2_imagenet.onnx');
  const photo = join(shared, 'images', 'grace_hopper.jpg');
  if (existsSync(onnx) && existsSync(photo)) {
    return { label: 'MobileNetV2 (ONNX)', model: onnx, image: photo, imageLabel: 'grace_hopper.jpg, JPEG 512x600' };
  }
  console.log(`${onnx} not found: MobileNetV2 from the zoo (TF.js, random weights) on a generated scene instead`);
  const scene = generateScene(7, { width: 640, height: 480 });
  const image = join(work, 'scene-640.png');
  writeFileSync(image, encodePngJs(scene));
  return { label: 'MobileNetV2 (zoo, TF.js)', model: 'zoo:mobilenetv2', image, imageLabel: 'generated scene, PNG 640x480', inputSize: 224 };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function printTable(table: Array<Record<string, unknown>>): void {
  const columns = ['case', 'mode', 'loadMs', ...STAGES, 'cliMs'];
  const widths = columns.map((c) => Math.max(c.length, ...table.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padStart(widths[i])).join('  ');
  console.log(line(columns));
  for (const r of table) console.log(line(columns.map((c) => String(r[c]))));
}

if (process.argv.includes('--worker')) {
  await worker(JSON.parse(arg('worker', '{}')) as Case, Number(arg('runs', '5')));
} else {
  await main();
}
