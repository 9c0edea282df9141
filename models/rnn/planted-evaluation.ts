/** Accuracy and planted-interval localisation of a sequence classifier on planted sequences. */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../src/attribution/random.js';
import { plantedMassShare, type PlantedSequences } from '../../src/datasets/sequences.js';
import {
  functionSequenceScorer,
  sequenceGradientXInput,
  sequenceOcclusion,
  type SequenceFunction,
  type SequenceInput,
} from '../../src/explainers/rnn/index.js';

export async function heldOutAccuracy(f: SequenceFunction, data: PlantedSequences): Promise<number> {
  const predicted = tf.tidy(() => tf.argMax(f(tf.tensor3d(data.inputs, [data.count, data.steps, data.features])), 1));
  const classes = await predicted.data();
  predicted.dispose();
  return data.labels.reduce((hits, label, i) => hits + (classes[i] === label ? 1 : 0), 0) / data.count;
}

export function sequenceAt(data: PlantedSequences, i: number): SequenceInput {
  const size = data.steps * data.features;
  return { values: data.inputs.slice(i * size, (i + 1) * size), steps: data.steps, features: data.features };
}

export interface PlantedLocalisation {
  gradientXInput: number;
  occlusion: number;
  random: number;
  /** What a uniform attribution scores: the interval's share of the sequence. */
  chance: number;
  sequences: number;
}

/** Mean share of positive attribution mass inside the planted interval, explaining each sequence's true class. */
export async function plantedLocalisation(f: SequenceFunction, data: PlantedSequences, randomSeed: number, limit = data.count): Promise<PlantedLocalisation> {
  const random = mulberry32(randomSeed);
  const score = functionSequenceScorer(f, data.steps, data.features);
  const sums = { gradientXInput: 0, occlusion: 0, random: 0 };
  const n = Math.min(limit, data.count);
  for (let i = 0; i < n; i++) {
    const input = sequenceAt(data, i);
    const target = data.labels[i];
    const [start, end] = [data.starts[i], data.starts[i] + data.patternLength];
    const gxi = await sequenceGradientXInput(f, input, { target });
    const occ = await sequenceOcclusion(score, input, { target });
    const noise = Float32Array.from({ length: data.steps }, () => random());
    sums.gradientXInput += plantedMassShare(gxi.attribution.values, start, end);
    sums.occlusion += plantedMassShare(occ.attribution.values, start, end);
    sums.random += plantedMassShare(noise, start, end);
  }
  return {
    gradientXInput: sums.gradientXInput / n,
    occlusion: sums.occlusion / n,
    random: sums.random / n,
    chance: data.patternLength / data.steps,
    sequences: n,
  };
}
