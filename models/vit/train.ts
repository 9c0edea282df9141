/**
 * Trains a small ViT (src/zoo/vit.ts) on the shape scenes of src/datasets/ and writes model/ (vit.json +
 * weights.bin) and metrics.json next to this file: held-out accuracy, and how well attention rollout,
 * gradient rollout and token Grad-CAM find the object against its exact mask, beside a random map.
 * Run: npx tsx models/vit/train.ts [--scale F] [--out DIR] (--scale multiplies the scenes per epoch, for a trial).
 * Deterministic: scenes, initial weights and batch order come from the seeds in train-recipe.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SCENE_PRESETS, type ScenePreset } from '../../src/datasets/presets.js';
import { mulberry32, shuffled } from '../../src/datasets/random.js';
import { SHAPE_CLASSES } from '../../src/datasets/shape-geometry.js';
import { generateDataset, type Scene } from '../../src/datasets/shapes.js';
import { initBackend } from '../../src/engines/tfjs/backend.js';
import { initVitWeights, resolveVitConfig, vitFromWeights, type VisionTransformer } from '../../src/zoo/vit.js';
import { saveVisionTransformer } from '../../src/zoo/vit-files.js';
import { flattenVitWeights, unflattenVitWeights } from '../../src/zoo/vit-weights.js';
import { scenesToOneHot } from '../demo/scene-batch.js';
import { registerWasmConv2dFilterGradient } from '../demo/conv2d-filter-gradient.js';
import { ScheduledAdam } from '../demo/scheduled-adam.js';
import { vitAccuracy, vitLocalisation } from './evaluation.js';
import { VIT_PREPROCESS, scenesToVitBatch } from './scene-input.js';
import { sincosPositions } from './sincos-positions.js';
import { epochSeed, learningRateAt, VIT_RECIPE } from './train-recipe.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

function readArgs(): { scale: number; out: string } {
  const { values } = parseArgs({ options: { scale: { type: 'string' }, out: { type: 'string' } } });
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number; got ${values.scale}`);
  return { scale, out: values.out ?? HERE };
}

/** The recipe's ViT over tf.Variables, so an optimizer can train it in place. */
function trainableVit(): { vit: VisionTransformer; variables: tf.Variable[] } {
  const config = resolveVitConfig({ ...VIT_RECIPE.architecture, numClasses: SHAPE_CLASSES.length });
  const initial = initVitWeights(config);
  initial.positions.dispose();
  initial.positions = sincosPositions({ width: config.inputSize / config.patchSize, height: config.inputSize / config.patchSize }, config.width, 1);
  const variables = flattenVitWeights(initial).map((t) => tf.variable(t));
  tf.dispose(flattenVitWeights(initial));
  const vit = vitFromWeights(config, unflattenVitWeights(config, variables), { labels: SHAPE_CLASSES, preprocess: VIT_PREPROCESS });
  return { vit, variables };
}

interface EpochRecord {
  epoch: number;
  loss: number;
  validationAccuracy: number;
  learningRate: number;
  seconds: number;
}

async function train(vit: VisionTransformer, variables: tf.Variable[], scenesPerEpoch: number, validation: readonly Scene[]): Promise<EpochRecord[]> {
  const { epochs, batchSize, preset } = VIT_RECIPE;
  const stepsPerEpoch = Math.ceil(scenesPerEpoch / batchSize);
  const totalSteps = epochs * stepsPerEpoch;
  const optimizer = new ScheduledAdam(learningRateAt(0, totalSteps), 0.9, 0.999);
  const order = mulberry32(VIT_RECIPE.seeds.train);
  const history: EpochRecord[] = [];
  const started = performance.now();
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const scenes = generateDataset(scenesPerEpoch, epochSeed(epoch), SCENE_PRESETS[preset]);
    const indices = shuffled(order, scenes.map((_, i) => i));
    let lossSum = 0;
    for (let start = 0; start < indices.length; start += batchSize) {
      const batch = indices.slice(start, start + batchSize).map((i) => scenes[i]);
      optimizer.setLearningRate(learningRateAt(step++, totalSteps));
      const xs = scenesToVitBatch(batch);
      const ys = scenesToOneHot(batch);
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, vit.predict(xs)) as tf.Scalar, true, variables);
      tf.dispose([xs, ys]);
      if (loss === null) throw new Error('optimizer returned no loss');
      lossSum += (await loss.data())[0] * batch.length;
      loss.dispose();
    }
    const record = {
      epoch: epoch + 1,
      loss: lossSum / indices.length,
      validationAccuracy: await vitAccuracy(vit, validation),
      learningRate: learningRateAt(step - 1, totalSteps),
      seconds: Math.round((performance.now() - started) / 1000),
    };
    history.push(record);
    console.log(`epoch ${record.epoch}/${epochs}  loss ${record.loss.toFixed(4)}  validation ${(record.validationAccuracy * 100).toFixed(1)}%  ${record.seconds} s`);
  }
  optimizer.dispose();
  return history;
}

async function main(): Promise<void> {
  const args = readArgs();
  registerWasmConv2dFilterGradient();
  const backend = await initBackend('wasm');
  const r = VIT_RECIPE;
  const evaluation = SCENE_PRESETS[r.preset];
  const scenesPerEpoch = Math.max(r.batchSize, Math.round(r.scenesPerEpoch * args.scale));
  const validation = generateDataset(r.validationScenes, r.seeds.validation, evaluation);
  const { vit, variables } = trainableVit();
  const started = performance.now();
  const history = await train(vit, variables, scenesPerEpoch, validation);
  const trainingSeconds = Math.round((performance.now() - started) / 1000);
  const heldOutAccuracy = await vitAccuracy(vit, generateDataset(r.heldOutScenes, r.seeds.heldOut, evaluation));
  const conditionAccuracy: Record<string, number> = {};
  for (const name of Object.keys(SCENE_PRESETS) as ScenePreset[]) {
    conditionAccuracy[name] = await vitAccuracy(vit, generateDataset(r.conditionScenes, r.seeds.heldOut, SCENE_PRESETS[name]));
  }
  console.log(`held-out accuracy ${(heldOutAccuracy * 100).toFixed(2)}%`, conditionAccuracy);
  const localisation = await vitLocalisation(vit, generateDataset(r.localisationScenes, r.seeds.localisation, evaluation), r.seeds.randomMap);
  console.log(JSON.stringify(localisation, null, 2));
  const weightBytes = await saveVisionTransformer(vit, join(args.out, 'model'));
  const metrics = {
    heldOutAccuracy,
    evaluationPreset: r.preset,
    conditionAccuracy,
    localisation,
    scenes: { perEpoch: scenesPerEpoch, epochs: r.epochs, validation: r.validationScenes, heldOut: r.heldOutScenes, perCondition: r.conditionScenes, localisation: r.localisationScenes },
    recipe: r,
    trainingSeconds,
    backend,
    parameters: variables.reduce((n, v) => n + v.size, 0),
    weightBytes,
    classes: SHAPE_CLASSES,
    history,
  };
  await writeFile(join(args.out, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  vit.dispose();
}

await main();
