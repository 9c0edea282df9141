/**
 * Trains the demo shapes classifier and writes model/ (model.json + weights.bin), metrics.json and model/litecam.json (the model's sidecar)
 * next to this file. Run: npx tsx models/demo/train.ts [--scale F] [--out DIR]
 * (--scale multiplies every scene count, for a quick trial run; --out writes elsewhere.)
 * Deterministic: every scene, the initial weights and the batch order come from the seeds below.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend } from '../../src/engines/tfjs/backend.js';
import { saveHandler } from '../../src/engines/tfjs/file-io.js';
import { SCENE_PRESETS, type ScenePreset } from '../../src/datasets/presets.js';
import { mulberry32, shuffled, type Random } from '../../src/datasets/random.js';
import { SHAPE_CLASSES } from '../../src/datasets/shape-geometry.js';
import { generateDataset, type Scene } from '../../src/datasets/shapes.js';
import { buildDemoModel, DEMO_INPUT_SIZE, DEMO_TARGET_LAYER } from './architecture.js';
import { registerWasmConv2dFilterGradient } from './conv2d-filter-gradient.js';
import { accuracy, scenesToBatch, scenesToOneHot, UNIT_SCALE } from './scene-batch.js';
import { ScheduledAdam } from './scheduled-adam.js';
import { RECIPE, trainingSetSeed, type Stage } from './train-recipe.js';
import { SIDECAR_NAME } from '../../src/engines/sidecar.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

function readArgs(): { scale: number; out: string } {
  const { values } = parseArgs({ options: { scale: { type: 'string' }, out: { type: 'string' } } });
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number; got ${values.scale}`);
  return { scale, out: values.out ?? HERE };
}

/** One pass over `scenes` in an order drawn from `random`; returns the mean loss. */
async function trainEpoch(model: tf.LayersModel, optimizer: tf.Optimizer, scenes: readonly Scene[], random: Random): Promise<number> {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const order = shuffled(random, scenes.map((_, i) => i));
  let lossSum = 0;
  for (let start = 0; start < order.length; start += RECIPE.batchSize) {
    const batch = order.slice(start, start + RECIPE.batchSize).map((i) => scenes[i]);
    const xs = scenesToBatch(batch);
    const ys = scenesToOneHot(batch);
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor2D) as tf.Scalar,
      true,
      variables,
    );
    tf.dispose([xs, ys]);
    if (loss === null) throw new Error('optimizer returned no loss');
    lossSum += (await loss.data())[0] * batch.length;
    loss.dispose();
  }
  return lossSum / order.length;
}

interface EpochRecord {
  epoch: number;
  preset: ScenePreset;
  learningRate: number;
  loss: number;
  validationAccuracy: number;
  seconds: number;
}

async function train(model: tf.LayersModel, stages: readonly Stage[], validation: readonly Scene[]): Promise<EpochRecord[]> {
  const optimizer = new ScheduledAdam(stages[0].learningRate, 0.9, 0.999);
  const random = mulberry32(RECIPE.trainSeed);
  const sets = new Map<string, Scene[]>();
  const history: EpochRecord[] = [];
  const started = performance.now();
  const total = stages.reduce((n, s) => n + s.epochs, 0);
  for (const stage of stages) {
    const key = `${stage.preset}:${stage.scenes}`;
    if (!sets.has(key)) sets.set(key, generateDataset(stage.scenes, trainingSetSeed(sets.size), SCENE_PRESETS[stage.preset]));
    optimizer.setLearningRate(stage.learningRate);
    for (let e = 0; e < stage.epochs; e++) {
      const loss = await trainEpoch(model, optimizer, sets.get(key)!, random);
      const validationAccuracy = await accuracy(model, validation);
      const seconds = Math.round((performance.now() - started) / 1000);
      history.push({ epoch: history.length + 1, preset: stage.preset, learningRate: stage.learningRate, loss, validationAccuracy, seconds });
      console.log(
        `epoch ${history.length}/${total} ${stage.preset} lr ${stage.learningRate}  loss ${loss.toFixed(4)}  ` +
          `validation ${(validationAccuracy * 100).toFixed(1)}%  ${seconds} s`,
      );
    }
  }
  optimizer.dispose();
  return history;
}

async function main(): Promise<void> {
  const args = readArgs();
  registerWasmConv2dFilterGradient();
  const backend = await initBackend('wasm');
  const stages = RECIPE.stages.map((s) => ({ ...s, scenes: Math.max(RECIPE.batchSize, Math.round(s.scenes * args.scale)) }));
  const evaluation = SCENE_PRESETS[RECIPE.evaluationPreset];
  const validation = generateDataset(RECIPE.validationScenes, RECIPE.validationSeed, evaluation);

  const model = buildDemoModel(RECIPE.weightSeed);
  const started = performance.now();
  const history = await train(model, stages, validation);
  const trainingSeconds = Math.round((performance.now() - started) / 1000);

  const heldOutAccuracy = await accuracy(model, generateDataset(RECIPE.heldOutScenes, RECIPE.heldOutSeed, evaluation));
  const conditionAccuracy: Record<string, number> = {};
  for (const name of Object.keys(SCENE_PRESETS) as ScenePreset[]) {
    conditionAccuracy[name] = await accuracy(model, generateDataset(RECIPE.conditionScenes, RECIPE.heldOutSeed, SCENE_PRESETS[name]));
  }
  console.log(`held-out accuracy ${(heldOutAccuracy * 100).toFixed(2)}%`, conditionAccuracy);

  await mkdir(args.out, { recursive: true });
  await model.save(saveHandler(join(args.out, 'model')));
  const metrics = {
    heldOutAccuracy,
    evaluationPreset: RECIPE.evaluationPreset,
    conditionAccuracy,
    scenes: {
      train: Object.fromEntries(stages.map((s) => [s.preset, s.scenes])),
      validation: RECIPE.validationScenes,
      heldOut: RECIPE.heldOutScenes,
      perCondition: RECIPE.conditionScenes,
    },
    seeds: { train: RECIPE.trainSeed, validation: RECIPE.validationSeed, heldOut: RECIPE.heldOutSeed, weights: RECIPE.weightSeed },
    stages,
    batchSize: RECIPE.batchSize,
    trainingSeconds,
    backend,
    inputSize: [DEMO_INPUT_SIZE, DEMO_INPUT_SIZE, 3],
    classes: SHAPE_CLASSES,
    parameters: model.countParams(),
    history,
  };
  const sidecar = {
    preprocess: { scale: UNIT_SCALE, mean: [0, 0, 0], std: [1, 1, 1], resize: 'fill' },
    labels: SHAPE_CLASSES,
    layer: DEMO_TARGET_LAYER,
  };
  await writeFile(join(args.out, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  await writeFile(join(args.out, 'model', SIDECAR_NAME), JSON.stringify(sidecar, null, 2) + '\n');
}

await main();
