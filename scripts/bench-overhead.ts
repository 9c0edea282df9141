/**
 * Overhead of an explanation over a plain prediction: for each zoo model at 224x224 on the wasm backend,
 * median time of `explain` (forward + head-only gradient + CAM + 10% threshold) divided by median time
 * of `predict`, measured interleaved in one process. Usage: npm run bench:overhead [-- --runs 15 --models a,b]
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendName } from '../src/engines/tfjs/backend.js';
import { explain } from '../src/explain.js';
import { loadModel } from '../src/load.js';
import { machine, mad, median, saveJson, timePaired } from './bench-util.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const runs = Number(arg('runs', '15'));
const size = Number(arg('size', '224'));
const backend = arg('backend', 'wasm') as BackendName;
const models = arg('models', 'mobilenetv2,resnet18,efficientnetb0,vgg16').split(',');
const out = arg('out', 'benchmarks/results/overhead.json');

await initBackend(backend);
const rows = [];
for (const name of models) {
  const model = await loadModel(`zoo:${name}`, { inputSize: size });
  const data = tf.randomUniform([size, size, 3], -2, 2, 'float32', 7).dataSync() as Float32Array;
  const input = [{ source: 'random', data }];
  const x = tf.tensor4d(data, [1, size, size, 3]);
  const predict = async () => {
    const y = await model.predict(x);
    await y.data();
    y.dispose();
  };
  const explainOnce = () => explain(model, input, { batchSize: 1 });
  const n = name === 'vgg16' ? Math.min(runs, 5) : runs;
  const [tExplain, tPredict] = await timePaired(explainOnce, predict, n);
  const stages = (await explainOnce())[0].explanations[0].timings;
  const row = {
    model: name,
    size,
    backend,
    runs: n,
    predictMs: median(tPredict),
    predictMadMs: mad(tPredict),
    explainMs: median(tExplain),
    explainMadMs: mad(tExplain),
    ratio: median(tExplain) / median(tPredict),
    lastExplainStages: stages,
  };
  console.log(`${name.padEnd(15)} predict ${row.predictMs.toFixed(1)} ms  explain ${row.explainMs.toFixed(1)} ms  ratio ${row.ratio.toFixed(3)}`);
  rows.push(row);
  x.dispose();
  model.dispose();
}
saveJson(out, { benchmark: 'overhead', machine: machine(), rows });
