import type { ScenePreset } from '../../src/datasets/presets.js';
import type { VitOptions } from '../../src/zoo/vit.js';

/**
 * The recipe. A fresh set of scenes every epoch (scenes cost well under a millisecond each, and a ViT has
 * no convolutional prior: it needs many distinct images more than many passes over the same ones), Adam
 * with a linear warm-up and a cosine decay per step. Training, validation, held-out and localisation
 * scenes come from disjoint seeds.
 */
export const VIT_RECIPE = {
  architecture: { inputSize: 64, patchSize: 8, depth: 4, heads: 2, width: 64, mlpRatio: 2, seed: 7 } satisfies VitOptions,
  preset: 'varied' as ScenePreset,
  epochs: 12,
  scenesPerEpoch: 2400,
  batchSize: 32,
  peakLearningRate: 1e-3,
  finalLearningRate: 1e-5,
  warmupSteps: 100,
  seeds: { train: 11, validation: 12, heldOut: 13, localisation: 14, randomMap: 15 },
  validationScenes: 300,
  heldOutScenes: 1200,
  /** Held-out scenes explained (for their true class) for the localisation figures. */
  localisationScenes: 300,
  /** Scenes per named condition (src/datasets/presets.ts) for the per-condition accuracies. */
  conditionScenes: 300,
};

/** The seed of epoch e's scenes (from 0). */
export function epochSeed(epoch: number): number {
  return VIT_RECIPE.seeds.train + 1000 * (epoch + 1);
}

/** Learning rate at `step` of `total`: linear warm-up to the peak, then a cosine down to the final rate. */
export function learningRateAt(step: number, total: number): number {
  const { peakLearningRate: peak, finalLearningRate: low, warmupSteps } = VIT_RECIPE;
  if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  const progress = (step - warmupSteps) / Math.max(1, total - warmupSteps);
  return low + 0.5 * (peak - low) * (1 + Math.cos(Math.PI * Math.min(1, progress)));
}
