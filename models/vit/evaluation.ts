/** Accuracy of the shape-scene ViT, and how well each transformer explainer's map finds the object's exact mask. */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../src/attribution/random.js';
import { resizeBilinear } from '../../src/attribution/resize.js';
import type { Scene } from '../../src/datasets/shapes.js';
import { pointingGameHit } from '../../src/evaluate/metrics/localisation/pointing-game.js';
import { relevanceMassAccuracy } from '../../src/evaluate/metrics/localisation/relevance-mass.js';
import { rocAuc } from '../../src/evaluate/metrics/localisation/roc-auc.js';
import type { CamBatchResult, TargetSpec } from '../../src/explainers/cam/cam-core.js';
import { attentionRollout, gradientRollout, tokenGradCam } from '../../src/explainers/transformer/index.js';
import type { VisionTransformer } from '../../src/zoo/vit.js';
import { scenesToVitBatch } from './scene-input.js';

/** Scenes per forward: enough to amortise per-call overhead, few enough to keep the wasm heap small. */
const EVAL_BATCH = 50;

/** Share of scenes whose predicted class (argmax of the logits) is their label. */
export async function vitAccuracy(vit: VisionTransformer, scenes: readonly Scene[]): Promise<number> {
  let hits = 0;
  for (let start = 0; start < scenes.length; start += EVAL_BATCH) {
    const chunk = scenes.slice(start, start + EVAL_BATCH);
    const predicted = tf.tidy(() => tf.argMax(vit.predict(scenesToVitBatch(chunk)), 1));
    const classes = await predicted.data();
    predicted.dispose();
    hits += chunk.filter((s, i) => classes[i] === s.label).length;
  }
  return hits / scenes.length;
}

/** The explainers scored, by the names the universal adapter lists them under. */
export const VIT_METHODS = ['attention-rollout', 'gradient-rollout', 'token-gradcam'] as const;
export type VitMethod = (typeof VIT_METHODS)[number];

export function explainVit(vit: VisionTransformer, method: VitMethod, batch: tf.Tensor4D, targets: TargetSpec): Promise<CamBatchResult> {
  switch (method) {
    case 'attention-rollout':
      return attentionRollout(vit, batch, targets);
    case 'gradient-rollout':
      return gradientRollout(vit, batch, targets);
    case 'token-gradcam':
      return tokenGradCam(vit.tokenSplit(), batch, targets);
  }
}

/** Mean scores of one map kind over the scenes. */
export interface LocalisationFigures {
  /** Share of the map's positive mass inside the mask (relevance mass accuracy, Arras et al. 2022). */
  massInMask: number;
  /** Share of scenes whose map maximum lies on the object (Zhang et al. 2016, no tolerance). */
  pointingGame: number;
  /** The map as a per-pixel detector of the mask: 0.5 is chance. */
  rocAuc: number;
}

export interface VitLocalisation {
  methods: Record<VitMethod | 'random', LocalisationFigures>;
  /** What a uniform map scores on massInMask: the mean share of the image the object covers. */
  uniformMassInMask: number;
  scenes: number;
  patchGrid: [number, number];
}

function accumulate(sum: LocalisationFigures, patchMap: ArrayLike<number>, scene: Scene, grid: { width: number; height: number }): void {
  const map = resizeBilinear(patchMap, grid.width, grid.height, scene.width, scene.height);
  sum.massInMask += relevanceMassAccuracy(map, scene.mask);
  sum.pointingGame += pointingGameHit(map, scene.mask, scene.width, scene.height) ? 1 : 0;
  sum.rocAuc += rocAuc(map, scene.mask);
}

/**
 * Every scene explained for its true class by each method, maps upsampled (bilinear) from the patch grid
 * to the scene and scored against its mask; the random baseline is a uniform random value per patch,
 * upsampled the same way.
 */
export async function vitLocalisation(vit: VisionTransformer, scenes: readonly Scene[], randomSeed: number): Promise<VitLocalisation> {
  const zero = (): LocalisationFigures => ({ massInMask: 0, pointingGame: 0, rocAuc: 0 });
  const sums = { 'attention-rollout': zero(), 'gradient-rollout': zero(), 'token-gradcam': zero(), random: zero() };
  const random = mulberry32(randomSeed);
  const grid = vit.patchGrid;
  let covered = 0;
  for (let start = 0; start < scenes.length; start += EVAL_BATCH) {
    const chunk = scenes.slice(start, start + EVAL_BATCH);
    const batch = scenesToVitBatch(chunk);
    const targets = { classes: chunk.map((s) => [s.label]) };
    try {
      for (const method of VIT_METHODS) {
        const result = await explainVit(vit, method, batch, targets);
        result.maps.forEach(([map], i) => accumulate(sums[method], map.values, chunk[i], grid));
      }
    } finally {
      batch.dispose();
    }
    for (const scene of chunk) {
      accumulate(sums.random, Float32Array.from({ length: grid.width * grid.height }, () => random()), scene, grid);
      covered += scene.mask.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0) / scene.mask.length;
    }
  }
  const mean = (s: LocalisationFigures): LocalisationFigures => ({
    massInMask: s.massInMask / scenes.length,
    pointingGame: s.pointingGame / scenes.length,
    rocAuc: s.rocAuc / scenes.length,
  });
  return {
    methods: {
      'attention-rollout': mean(sums['attention-rollout']),
      'gradient-rollout': mean(sums['gradient-rollout']),
      'token-gradcam': mean(sums['token-gradcam']),
      random: mean(sums.random),
    },
    uniformMassInMask: covered / scenes.length,
    scenes: scenes.length,
    patchGrid: [grid.width, grid.height],
  };
}
