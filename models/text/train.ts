/**
 * Trains a small BERT-shaped encoder (2 blocks x 4 heads, width 64) on cue sentences
 * (src/datasets/cue-text.ts) and writes model/ (text-encoder.json, weights.bin, vocab.txt) and metrics.json
 * next to this file: held-out accuracy, and how much attribution mass each transformer explainer puts on the
 * cue words, against a random attribution.
 * Run: npx tsx models/text/train.ts [--out DIR]. Deterministic: data, initial weights and batch order are seeded.
 * The metrics are computed on the saved model, reloaded from disk, as users run it.
 */
import * as tf from '@tensorflow/tfjs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../../src/attribution/random.js';
import { cueTextSentences, type CueSentence } from '../../src/datasets/cue-text.js';
import { shuffled } from '../../src/datasets/random.js';
import { initBackend } from '../../src/engines/tfjs/backend.js';
import { buildTextEncoder, loadTextEncoder, parameterCounts, saveTextEncoder, textClassifier, wordTokenizer, type TextClassifier } from '../../src/zoo/text-encoder/index.js';
import { cueLocalisation, heldOutAccuracy } from './text-evaluation.js';
import { CUE_DATA, CUE_LABELS, CUE_RECIPE, CUE_VOCABULARY } from './text-recipe.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** One pass over the sentences in a seeded order; returns the mean loss. */
async function trainEpoch(model: TextClassifier, sentences: readonly CueSentence[], optimizer: tf.Optimizer, random: () => number): Promise<number> {
  const r = CUE_RECIPE;
  const order = shuffled(random, sentences.map((_, i) => i));
  const variables = [...model.encoder.variables.values()];
  let total = 0;
  let batches = 0;
  for (let start = 0; start < order.length; start += r.batchSize) {
    const batch = order.slice(start, start + r.batchSize).map((i) => sentences[i]);
    const { ids, length } = model.tokenizer.encodeBatch(batch.map((s) => s.text));
    const loss = tf.tidy(() => {
      const x = tf.tensor2d(ids, [batch.length, length], 'int32');
      const y = tf.oneHot(tf.tensor1d(batch.map((s) => s.label), 'int32'), CUE_LABELS.length);
      return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.encoder.predict(x)) as tf.Scalar, true, variables) as tf.Scalar;
    });
    total += (await loss.data())[0];
    loss.dispose();
    batches++;
  }
  return total / batches;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = values.out ?? HERE;
  const r = CUE_RECIPE;
  await initBackend('wasm');
  const train = cueTextSentences({ ...CUE_DATA, count: r.trainCount, seed: r.seeds.train });
  const heldOut = cueTextSentences({ ...CUE_DATA, count: r.heldOutCount, seed: r.seeds.heldOut });
  const tokenizer = wordTokenizer(CUE_VOCABULARY);
  const encoder = buildTextEncoder({ ...r.model, seed: r.seeds.weights });
  const model = textClassifier(encoder, tokenizer, CUE_LABELS);
  const optimizer = tf.train.adam(r.learningRate);
  const random = mulberry32(r.seeds.batchOrder);
  const started = performance.now();
  const losses: number[] = [];
  for (let epoch = 0; epoch < r.epochs; epoch++) {
    losses.push(await trainEpoch(model, train, optimizer, random));
    console.log(`epoch ${epoch + 1}/${r.epochs}: loss ${losses.at(-1)?.toFixed(4)}`);
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const modelDir = join(out, 'model');
  await saveTextEncoder(modelDir, model);
  optimizer.dispose();
  encoder.dispose();
  const saved = await loadTextEncoder(modelDir);
  const metrics = {
    heldOutAccuracy: await heldOutAccuracy(saved, heldOut),
    cueLocalisation: await cueLocalisation(saved, heldOut, r.seeds.randomAttribution),
    finalTrainLoss: losses.at(-1),
    trainLosses: losses.map((l) => Number(l.toFixed(4))),
    trainSeconds: Number(trainSeconds.toFixed(1)),
    backend: tf.getBackend(),
    parameters: parameterCounts(saved.encoder.config).total,
    data: CUE_DATA,
    recipe: r,
  };
  saved.encoder.dispose();
  await writeFile(join(out, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  console.log(JSON.stringify(metrics, null, 2));
}

await main();
