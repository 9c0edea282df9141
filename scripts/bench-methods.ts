/**
 * The method family on MobileNetV2 at 224x224, on both engines: median time and peak tensor memory per
 * image for Grad-CAM, every CAM variant, LIME (1000 samples), RISE (6000 and 4000 masks) and Occlusion, and
 * each method's speed-up over LIME on the same engine. ONNX engine: ../shared/models/mobilenetv2_imagenet.onnx
 * on ONNX Runtime (skipped when ../shared is absent); TF.js engine: zoo:mobilenetv2 on wasm.
 * Usage: npm run bench:methods [-- --runs 5 --engines onnx,tfjs --quick]
 * --quick divides the perturbation sample counts by 10 (for a smoke run; the saved JSON says so).
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../src/engines/tfjs/backend.js';
import type { ExplainableModel } from '../src/engines/types.js';
import { METHODS } from '../src/explainers/registry.js';
import type { Method, MethodContext } from '../src/explainers/method.js';
import { limeMethod } from '../src/explainers/perturbation/lime.js';
import { riseMethod } from '../src/explainers/perturbation/rise.js';
import { occlusionMethod } from '../src/explainers/perturbation/occlusion.js';
import { prepareImage } from '../src/image/prepare.js';
import { loadModel } from '../src/load.js';
import { machine, mad, median, saveJson } from './bench-util.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const SHARED = arg('shared', '../shared');
const runs = Number(arg('runs', '5'));
const quick = process.argv.includes('--quick');
const engines = arg('engines', 'onnx,tfjs').split(',');
const out = arg('out', quick ? 'benchmarks/results/methods-quick.json' : 'benchmarks/results/methods.json');
const scale = quick ? 10 : 1;

/** Slow methods run once: their time is dominated by thousands of forwards, so one run is already a median of many. */
const SLOW = new Set(['lime', 'rise-6000', 'rise-4000', 'occlusion', 'scorecam']);

function methodsToRun(): Array<{ label: string; method: Method }> {
  const cams = [...METHODS.values()].filter((m) => m.family === 'cam').map((m) => ({ label: m.name, method: m }));
  return [
    ...cams,
    { label: 'lime', method: limeMethod({ samples: 1000 / scale }) },
    { label: 'rise-6000', method: riseMethod({ masks: 6000 / scale }) },
    { label: 'rise-4000', method: riseMethod({ masks: 4000 / scale }) },
    { label: 'occlusion', method: occlusionMethod() },
  ];
}

async function benchEngine(engine: string, model: ExplainableModel, input: Float32Array) {
  const { height, width, channels } = model.inputSpec;
  const ctx: MethodContext = { model, score: 'logit', seed: 0, batchSize: 32 };
  const rows = [];
  for (const { label, method } of methodsToRun()) {
    const n = SLOW.has(label) ? 1 : runs;
    const times: number[] = [];
    let peak = 0;
    for (let i = 0; i < n + 1; i++) {
      const batch = tf.tensor4d(input, [1, height, width, channels]);
      const t = performance.now();
      const r = await method.explain(ctx, batch, { topK: 1 });
      const ms = performance.now() - t;
      batch.dispose();
      if (i > 0 || n === 1) times.push(ms); // the first run of a fast method warms kernels up
      peak = Math.max(peak, r.peakTensorBytes);
      if (n === 1) break;
    }
    const row = { engine, method: label, runs: times.length, medianMs: median(times), madMs: mad(times), peakTensorBytes: peak, rssBytes: process.memoryUsage().rss };
    console.log(`${engine.padEnd(5)} ${label.padEnd(22)} ${row.medianMs.toFixed(1).padStart(10)} ms  peak tensors ${(peak / 2 ** 20).toFixed(1)} MiB`);
    rows.push(row);
  }
  const lime = rows.find((r) => r.method === 'lime')?.medianMs ?? NaN;
  return rows.map((r) => ({ ...r, speedupVsLime: lime / r.medianMs }));
}

await initBackend('wasm');
const photo = join(SHARED, 'images', 'chelsea.png');
const onnxPath = join(SHARED, 'models', 'mobilenetv2_imagenet.onnx');
const all = [];
for (const engine of engines) {
  if (engine === 'onnx' && !existsSync(onnxPath)) {
    console.log(`skipped the ONNX engine: ${onnxPath} not found`);
    continue;
  }
  const model = await loadModel(engine === 'onnx' ? onnxPath : 'zoo:mobilenetv2', { inputSize: 224 });
  const input = existsSync(photo)
    ? (await prepareImage(photo, model.inputSpec)).input.data
    : (tf.randomUniform([224 * 224 * 3], -1, 1, 'float32', 1).dataSync() as Float32Array);
  all.push(...(await benchEngine(engine, model, input)));
  model.dispose();
}
saveJson(out, { benchmark: 'methods', quick, machine: machine(), model: 'MobileNetV2 224x224', rows: all });
