/**
 * Trains a small LSTM on planted sequences (src/datasets/sequences.ts) and writes model/ (model.json +
 * weights.bin) and metrics.json next to this file: held-out accuracy, and how much attribution mass falls
 * in the planted interval for gradient × input, occlusion and a random attribution.
 * Run: npx tsx models/rnn/train.ts [--out DIR]. Deterministic: data, initial weights and batch order are seeded.
 */
import * as tf from '@tensorflow/tfjs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend } from '../../src/engines/tfjs/backend.js';
import { saveHandler } from '../../src/engines/tfjs/file-io.js';
import { plantedSequences } from '../../src/datasets/sequences.js';
import { buildLstmClassifier } from '../../src/zoo/rnn/index.js';
import { layersSequenceFunction } from '../../src/explainers/rnn/index.js';
import { PLANTED_DATA, PLANTED_RECIPE } from './planted-recipe.js';
import { heldOutAccuracy, plantedLocalisation } from './planted-evaluation.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = values.out ?? HERE;
  await initBackend('wasm');
  const r = PLANTED_RECIPE;
  const train = plantedSequences({ ...PLANTED_DATA, count: r.trainCount, seed: r.seeds.train });
  const heldOut = plantedSequences({ ...PLANTED_DATA, count: r.heldOutCount, seed: r.seeds.heldOut });
  const model = buildLstmClassifier({ steps: train.steps, features: train.features, units: r.units, outputs: train.classes, seed: r.seeds.weights });
  // The zoo model outputs logits; Keras's 'categoricalCrossentropy' in TF.js expects probabilities.
  const loss = (labels: tf.Tensor, logits: tf.Tensor): tf.Scalar => tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  model.compile({ optimizer: tf.train.adam(r.learningRate), loss });
  const x = tf.tensor3d(train.inputs, [train.count, train.steps, train.features]);
  const y = tf.oneHot(tf.tensor1d(train.labels, 'int32'), train.classes);
  const started = performance.now();
  // Keras's fit shuffles with Math.random; batches are taken in order here so a rerun gives the same weights
  // (the labels cycle through the classes, so every batch is balanced anyway).
  const history = await model.fit(x, y, { epochs: r.epochs, batchSize: r.batchSize, shuffle: false, verbose: 0 });
  const trainSeconds = (performance.now() - started) / 1000;
  x.dispose();
  y.dispose();
  const f = layersSequenceFunction(model);
  const metrics = {
    heldOutAccuracy: await heldOutAccuracy(f, heldOut),
    plantedMassShare: await plantedLocalisation(f, heldOut, r.seeds.randomAttribution),
    finalTrainLoss: history.history.loss.at(-1),
    trainSeconds: Number(trainSeconds.toFixed(1)),
    backend: tf.getBackend(),
    data: PLANTED_DATA,
    recipe: r,
  };
  await model.save(saveHandler(join(out, 'model')));
  await writeFile(join(out, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  console.log(JSON.stringify(metrics, null, 2));
}

await main();
