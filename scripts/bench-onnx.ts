/**
 * Grad-CAM on ONNX models against plain ONNX Runtime inference on the same model, in one process:
 * for each model at batch 1 and batch 8, the median time per image of `explain` (forward with the tap on
 * ONNX Runtime, head gradient in TF.js wasm, CAM, 10% threshold) and of a plain `session.run` of the
 * unmodified model on the same (already preprocessed) batch. Needs ../shared/models and ../shared/images.
 * Usage: npm run bench:onnx [-- --runs 25]
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { loadOnnxModel } from '../src/engines/onnx/index.js';
import { explain } from '../src/explain.js';
import { prepareImage } from '../src/image/prepare.js';
import { preprocessPreset } from '../src/image/preprocess.js';
import { machine, mad, median, saveJson, timePaired } from './bench-util.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const SHARED = arg('shared', '../shared');
const runs = Number(arg('runs', '25'));
const out = arg('out', 'benchmarks/results/onnx.json');
const MODELS = ['mobilenetv2_imagenet.onnx', 'resnet18_random.onnx', 'efficientnet_b0_random.onnx'];

if (!existsSync(join(SHARED, 'models'))) {
  console.log(`skipped: ${SHARED}/models not found (the ONNX benchmark needs the shared models)`);
  process.exit(0);
}
await initBackend('wasm');
const imageFiles = readdirSync(join(SHARED, 'images')).sort().slice(0, 8).map((f) => join(SHARED, 'images', f));

const rows = [];
for (const file of MODELS) {
  const model = await loadOnnxModel(join(SHARED, 'models', file), { preprocess: preprocessPreset('imagenet') });
  const { height, width } = model.inputSpec;
  const prepared = [];
  for (const f of imageFiles) prepared.push((await prepareImage(f, model.inputSpec)).input);
  for (const batch of [1, 8]) {
    const inputs = prepared.slice(0, batch);
    const nchw = toNchw(inputs.map((i) => i.data), height, width);
    const plain = () => model.predictRaw({ [model.inputNames[0]]: { data: nchw, dims: [batch, 3, height, width] } });
    const gradcam = () => explain(model, inputs, { batchSize: batch });
    const [tCam, tPlain] = await timePaired(gradcam, plain, runs, 3);
    const row = {
      model: file,
      batch,
      runs,
      inferenceMsPerImage: median(tPlain) / batch,
      inferenceMadMs: mad(tPlain) / batch,
      gradCamMsPerImage: median(tCam) / batch,
      gradCamMadMs: mad(tCam) / batch,
      ratio: median(tCam) / median(tPlain),
    };
    console.log(
      `${file.padEnd(28)} batch ${batch}  inference ${row.inferenceMsPerImage.toFixed(2)} ms/img  ` +
        `Grad-CAM ${row.gradCamMsPerImage.toFixed(2)} ms/img  ratio ${row.ratio.toFixed(3)}`,
    );
    rows.push(row);
  }
  model.dispose();
}
saveJson(out, { benchmark: 'onnx', machine: machine(), rows });

/** NHWC examples -> one NCHW batch, the layout the PyTorch exports take. */
function toNchw(examples: Float32Array[], h: number, w: number): Float32Array {
  const outData = new Float32Array(examples.length * 3 * h * w);
  examples.forEach((ex, n) => {
    for (let p = 0; p < h * w; p++) for (let c = 0; c < 3; c++) outData[((n * 3 + c) * h * w) + p] = ex[p * 3 + c];
  });
  return outData;
}
