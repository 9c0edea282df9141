/**
 * The two sizes of `litecam bench`. Quick fits a few minutes on a two-core machine: MobileNetV2 and
 * ResNet18, six runs, the methods compared on one engine, and reduced perturbation budgets (LIME 100
 * samples, RISE 500 masks, Occlusion at a stride of 16) that every table labels as such. Full uses the methods' published defaults and every
 * architecture.
 */
import { LIME_DEFAULTS } from '../../explainers/perturbation/lime.js';
import { OCCLUSION_DEFAULTS } from '../../explainers/perturbation/occlusion.js';
import { RISE_DEFAULTS } from '../../explainers/perturbation/rise.js';

export type PresetName = 'quick' | 'full';
export const PRESET_NAMES: readonly PresetName[] = ['quick', 'full'];

export interface PerturbationBudget {
  limeSamples: number;
  riseMasks: number;
  occlusionStride: number;
  /** False when the budget is below the method's published default. */
  defaults: boolean;
}

export interface BenchPreset {
  models: string[];
  /** Timed rounds of the speed and ablation sections; six is the fewest with which Wilcoxon's exact test can reach p < 0.05. */
  runs: number;
  /** Timed rounds of the method comparison, whose slow arms run thousands of forwards each. */
  methodRuns: number;
  /** Repeated explanations in the tf.tidy ablation, enough to see the growth per run as a straight line. */
  tidyRuns: number;
  budget: PerturbationBudget;
  /** Score-CAM runs one forward per channel (1280 on MobileNetV2): minutes per image on wasm. */
  scoreCam: boolean;
  /** False: compare the methods on one engine only, ONNX Runtime when it is there (RISE alone takes ~40 s per round on wasm). */
  methodsOnEveryEngine: boolean;
}

export const BENCH_PRESETS: Record<PresetName, BenchPreset> = {
  quick: {
    models: ['mobilenetv2', 'resnet18'],
    runs: 6,
    methodRuns: 6,
    tidyRuns: 10,
    budget: { limeSamples: 100, riseMasks: 500, occlusionStride: 16, defaults: false },
    scoreCam: false,
    methodsOnEveryEngine: false,
  },
  full: {
    models: ['mobilenetv2', 'resnet18', 'vgg16', 'efficientnetb0'],
    runs: 15,
    methodRuns: 6,
    tidyRuns: 20,
    budget: { limeSamples: LIME_DEFAULTS.samples, riseMasks: RISE_DEFAULTS.masks, occlusionStride: OCCLUSION_DEFAULTS.stride, defaults: true },
    scoreCam: true,
    methodsOnEveryEngine: true,
  },
};
