/**
 * Method comparison (the paper's Tables 8-10): time and peak tensor memory per image of Grad-CAM, the other
 * CAM methods, LIME, RISE and Occlusion on one model, run round-robin so that each round gives every pair
 * of methods a paired sample. Speed-ups are over LIME, per round (LIME's time / the method's time).
 */
import * as tf from '@tensorflow/tfjs';
import type { ExplainableModel } from '../../engines/types.js';
import type { PreparedInput } from '../../explain.js';
import type { Method, MethodContext } from '../../explainers/method.js';
import { limeMethod } from '../../explainers/perturbation/lime.js';
import { occlusionMethod } from '../../explainers/perturbation/occlusion.js';
import { riseMethod } from '../../explainers/perturbation/rise.js';
import { METHODS } from '../../explainers/registry.js';
import { bootstrapMeanInterval, type ConfidenceInterval } from '../stats/bootstrap.js';
import type { PerturbationBudget } from './presets.js';
import { speedClaim, type SpeedClaim } from './speed-claim.js';
import { mad, median, timeInterleaved } from './timing.js';

/** Forward passes per model call for the perturbation methods: bench:methods' setting. */
export const METHOD_BATCH = 32;

export interface MethodRow {
  engine: string;
  method: string;
  /** The method's settings where they differ between presets. */
  settings: string;
  runs: number;
  medianMs: number;
  madMs: number;
  peakTensorBytes: number;
  rssBytes: number;
  /** Mean over rounds of LIME's time / this method's time. */
  speedupOverLime: ConfidenceInterval;
}

export interface MethodComparisonResult {
  engine: string;
  model: string;
  rows: MethodRow[];
  claims: SpeedClaim[];
}

interface BenchMethod {
  method: Method;
  settings: string;
}

export function benchMethods(budget: PerturbationBudget, scoreCam: boolean): BenchMethod[] {
  const label = budget.defaults ? 'default' : 'reduced';
  const cams = [...METHODS.values()].filter((m) => m.family === 'cam' && (scoreCam || m.name !== 'scorecam'));
  return [
    ...cams.map((method) => ({ method, settings: 'default' })),
    { method: limeMethod({ samples: budget.limeSamples }), settings: `${budget.limeSamples} samples (${label})` },
    { method: riseMethod({ masks: budget.riseMasks }), settings: `${budget.riseMasks} masks (${label})` },
    { method: occlusionMethod({ stride: budget.occlusionStride }), settings: `stride ${budget.occlusionStride} (${label})` },
  ];
}

export async function methodComparison(
  model: ExplainableModel,
  engine: string,
  input: PreparedInput,
  methods: BenchMethod[],
  runs: number,
  onRound?: (done: number) => void,
): Promise<MethodComparisonResult> {
  const { height, width, channels } = model.inputSpec;
  const ctx: MethodContext = { model, score: 'logit', seed: 0, batchSize: METHOD_BATCH };
  const peaks = methods.map(() => 0);
  const rss = methods.map(() => 0);
  const arms = methods.map(({ method }, i) => async () => {
    const batch = tf.tensor4d(input.data, [1, height, width, channels]);
    try {
      const r = await method.explain(ctx, batch, { topK: 1 });
      peaks[i] = Math.max(peaks[i], r.peakTensorBytes);
      rss[i] = Math.max(rss[i], process.memoryUsage().rss);
    } finally {
      batch.dispose();
    }
  });
  // Only the CAM methods are warmed up: a perturbation method's thousands of forwards warm themselves.
  for (const [i, { method }] of methods.entries()) if (method.family === 'cam') await arms[i]();
  const times = await timeInterleaved(arms, runs, 0, onRound);
  const lime = times[methods.findIndex(({ method }) => method.name === 'lime')];
  const rows = methods.map(({ method, settings }, i): MethodRow => ({
    engine,
    method: method.name,
    settings,
    runs,
    medianMs: median(times[i]),
    madMs: mad(times[i]),
    peakTensorBytes: peaks[i],
    rssBytes: rss[i],
    speedupOverLime: bootstrapMeanInterval(lime.map((t, r) => t / times[i][r])),
  }));
  const named = (name: string) => ({ name, times: times[methods.findIndex(({ method }) => method.name === name)] });
  const section = `methods: ${engine}`;
  const claims = ['lime', 'rise', 'occlusion'].map((other) => speedClaim(section, named('gradcam'), named(other), 0));
  return { engine, model: model.source, rows, claims };
}
