/**
 * Trains the three graph networks — a GCN on BA-Shapes, a GAT on Tree-Cycles (node classification) and a GCN
 * on BA-2Motifs (graph classification) — and writes each one's weights to <name>/ and every figure to
 * metrics.json next to this file: accuracy, and how well each explainer and a random attribution recover the
 * planted motifs on held-out nodes or graphs.
 * Run: npx tsx models/gnn/train.ts [--out DIR] [--only NAME]. Deterministic: data, split, initial weights and
 * the random baseline are seeded, and training is full-batch.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend } from '../../src/engines/tfjs/backend.js';
import { buildGraphNetwork, saveGraphNetwork } from '../../src/zoo/gnn/index.js';
import { graphAccuracy, graphMotifRecovery, motifNodesAmong, nodeAccuracy, nodeMotifRecovery } from './evaluation.js';
import { fitGraphs, fitNodes, type FitResult } from './fit.js';
import { GNN_RECIPE_NAMES, GNN_RECIPES, GNN_SEEDS, TEST_SHARE, type GnnRecipeName } from './recipe.js';
import { recipeData, recipeMethods } from './recipe-data.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

async function trainOne(name: GnnRecipeName, out: string): Promise<Record<string, unknown>> {
  const recipe = GNN_RECIPES[name];
  const prepared = recipeData(name);
  const featureSize = recipe.data.featureSize;
  const classes = prepared.data.classes;
  const model = buildGraphNetwork({ task: recipe.task, featureSize, numClasses: classes, layers: [...recipe.layers], seed: GNN_SEEDS.weights });
  const methods = recipeMethods(name);
  let fit: FitResult;
  let accuracy: { train: number; test: number };
  let recovery;
  if (prepared.task === 'node') {
    const { data, split } = prepared;
    fit = await fitNodes(model, data.graph, data.labels, split.train, recipe);
    accuracy = { train: await nodeAccuracy(model, data, split.train), test: await nodeAccuracy(model, data, split.test) };
    recovery = await nodeMotifRecovery(model, data, motifNodesAmong(data, split.test), methods, GNN_SEEDS.randomAttribution);
  } else {
    const { data, split } = prepared;
    const train = Array.from(split.train, (i) => data.graphs[i]);
    fit = await fitGraphs(model, train.map((g) => g.graph), train.map((g) => g.label), recipe);
    accuracy = { train: await graphAccuracy(model, data, split.train), test: await graphAccuracy(model, data, split.test) };
    recovery = await graphMotifRecovery(model, data, split.test, methods, GNN_SEEDS.randomAttribution);
  }
  await saveGraphNetwork(model, join(out, name));
  model.dispose();
  return {
    trainAccuracy: accuracy.train,
    testAccuracy: accuracy.test,
    finalTrainLoss: fit.finalLoss,
    trainSeconds: Number(fit.seconds.toFixed(1)),
    motifRecovery: recovery,
    recipe,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, only: { type: 'string' } } });
  const out = values.out ?? HERE;
  const names = values.only ? [values.only as GnnRecipeName] : GNN_RECIPE_NAMES;
  if (!names.every((n) => GNN_RECIPE_NAMES.includes(n))) throw new Error(`--only must be one of ${GNN_RECIPE_NAMES.join(', ')}`);
  await initBackend('wasm');
  const metricsPath = join(out, 'metrics.json');
  const previous = existsSync(metricsPath) ? (JSON.parse(await readFile(metricsPath, 'utf8')) as { models?: Record<string, unknown> }) : {};
  const models: Record<string, unknown> = { ...previous.models };
  for (const name of names) {
    models[name] = await trainOne(name, out);
    console.log(name, JSON.stringify(models[name], null, 2));
  }
  const metrics = { backend: tf.getBackend(), testShare: TEST_SHARE, seeds: GNN_SEEDS, models };
  await writeFile(metricsPath, `${JSON.stringify(metrics, null, 2)}\n`);
}

await main();
