/**
 * The cascading model-parameter randomisation test (Adebayo, Gilmer, Muelly, Goodfellow, Hardt and Kim,
 * "Sanity checks for saliency maps", NeurIPS 2018): the weights of the layers are re-initialised from the
 * output backwards, one more layer at each stage, and the map after each stage is compared with the
 * original by Spearman rank correlation. A method that explains the model loses correlation as the
 * model is destroyed; one that stays near 1 is blind to the parameters (an edge detector, say).
 *
 * Every stage runs on a copy rebuilt from model.toJSON() with copied weights: the user's model is never
 * modified. Re-initialisation draws each weight tensor from a normal distribution with that tensor's own
 * mean and standard deviation (Adebayo et al. re-use the layers' initialisers; matching the trained
 * scale keeps activations in range whatever initialiser the model was built with).
 */
import * as tf from '@tensorflow/tfjs';
import { wrapLayersModel, type LoadTfjsOptions } from '../../../engines/tfjs/load.js';
import type { ExplainableModel } from '../../../engines/types.js';
import { UsageError } from '../../../errors.js';
import { spearman } from '../correlation.js';
import { gaussian } from '../noise.js';

export const RANDOMISATION_DEFAULTS = { seed: 0 };

export interface RandomisationOptions {
  seed?: number;
  /** Stop after this many layers (default: every layer with weights, down to the first). */
  maxLayers?: number;
}

export interface RandomisationStage {
  /** The layer re-initialised at this stage, on top of every layer above it. */
  layer: string;
  /** Spearman correlation of each randomised map with its original. */
  correlations: Float64Array;
  mean: number;
}

/** Maps for the images the caller has in mind, from a (possibly randomised) model. */
export type ExplainWith = (model: ExplainableModel) => Promise<ArrayLike<number>[]>;

/** Layers that hold weights, from the output backwards. */
function weightedLayersTopDown(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.filter((l) => l.countParams() > 0).reverse();
}

/** A tensor's values redrawn from N(mean, std) of its own values; the same seed gives the same draw. */
function redrawn(values: Float32Array, seed: number): Float32Array {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length || 1;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  const std = Math.sqrt(variance / (values.length || 1));
  const normal = gaussian(seed);
  return values.map(() => mean + std * normal());
}

/** A fresh copy of `model` whose `randomised` layers (names) carry redrawn weights. */
async function copyWithRandomised(model: tf.LayersModel, randomised: string[], seed: number): Promise<tf.LayersModel> {
  const copy = await tf.models.modelFromJSON(JSON.parse(model.toJSON(null, true) as string));
  copy.layers.forEach((layer, index) => {
    const original = model.layers[index].getWeights();
    if (original.length === 0) return;
    const values = randomised.includes(layer.name)
      ? original.map((w, k) => tf.tensor(redrawn(w.dataSync() as Float32Array, seed * 7919 + index * 31 + k), w.shape))
      : original.map((w) => w.clone());
    layer.setWeights(values);
    tf.dispose(values);
  });
  return copy;
}

async function mapsOf(copy: tf.LayersModel, wrapOptions: LoadTfjsOptions, explainWith: ExplainWith, label: string): Promise<ArrayLike<number>[]> {
  const wrapped = wrapLayersModel(copy, label, wrapOptions);
  try {
    return await explainWith(wrapped);
  } finally {
    wrapped.dispose();
  }
}

export async function modelParameterRandomisation(
  model: tf.LayersModel,
  wrapOptions: LoadTfjsOptions,
  explainWith: ExplainWith,
  options: RandomisationOptions = {},
): Promise<RandomisationStage[]> {
  const { seed = RANDOMISATION_DEFAULTS.seed } = options;
  const order = weightedLayersTopDown(model).map((l) => l.name);
  if (order.length === 0) throw new UsageError(`model ${model.name} has no layer with weights to randomise`);
  const stages = order.slice(0, options.maxLayers ?? order.length);
  const originals = await mapsOf(await copyWithRandomised(model, [], seed), wrapOptions, explainWith, `${model.name} (copy)`);
  const results: RandomisationStage[] = [];
  for (let s = 0; s < stages.length; s++) {
    const copy = await copyWithRandomised(model, stages.slice(0, s + 1), seed);
    const maps = await mapsOf(copy, wrapOptions, explainWith, `${model.name} (randomised down to ${stages[s]})`);
    if (maps.length !== originals.length) throw new Error(`explainWith returned ${maps.length} maps, expected ${originals.length}`);
    const correlations = Float64Array.from(maps, (m, i) => spearman(originals[i], m));
    results.push({ layer: stages[s], correlations, mean: correlations.reduce((a, b) => a + b, 0) / correlations.length });
  }
  return results;
}
