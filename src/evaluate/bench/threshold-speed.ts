/**
 * Speed and memory of a whole explanation per threshold (the paper's Table 3): for one model, Grad-CAM with
 * the map simplified to the top 1, 5, 10, 20% or by the dynamic threshold, interleaved with a plain
 * prediction (the floor an explanation cannot go below). Batch 1, one fixed input.
 */
import * as tf from '@tensorflow/tfjs';
import type { ThresholdSpec } from '../../attribution/threshold/apply.js';
import type { ExplainableModel } from '../../engines/types.js';
import { explain, type PreparedInput, type Timings } from '../../explain.js';
import { speedClaim, type SpeedClaim } from './speed-claim.js';
import { mad, median, timeInterleaved } from './timing.js';

/** The paper's percentiles and its dynamic threshold. */
export const BENCH_THRESHOLDS: ReadonlyArray<{ name: string; spec: ThresholdSpec }> = [
  { name: '1%', spec: { kind: 'percentile', percent: 1 } },
  { name: '5%', spec: { kind: 'percentile', percent: 5 } },
  { name: '10%', spec: { kind: 'percentile', percent: 10 } },
  { name: '20%', spec: { kind: 'percentile', percent: 20 } },
  { name: 'dynamic', spec: { kind: 'dynamic' } },
];

/** The arm that only predicts. */
export const PREDICT_ARM = 'predict only';

export interface ThresholdSpeedRow {
  engine: string;
  model: string;
  /** A threshold's name, or PREDICT_ARM. */
  threshold: string;
  runs: number;
  medianMs: number;
  madMs: number;
  /** Per-stage medians; absent for the prediction arm. */
  stagesMs?: Omit<Timings, 'totalMs'>;
  peakTensorBytes: number;
  /** Largest resident set size seen after a run of this model (the wasm heap never shrinks). */
  rssBytes: number;
}

export interface ThresholdSpeedResult {
  rows: ThresholdSpeedRow[];
  claims: SpeedClaim[];
}

export async function thresholdSpeed(
  model: ExplainableModel,
  labels: { engine: string; model: string },
  input: PreparedInput,
  runs: number,
  onRound?: (done: number) => void,
): Promise<ThresholdSpeedResult> {
  const { height, width, channels } = model.inputSpec;
  let rss = 0;
  const stages = BENCH_THRESHOLDS.map((): Timings[] => []);
  const peaks = BENCH_THRESHOLDS.map(() => 0);
  let predictPeak = 0;
  const predictArm = async () => {
    const x = tf.tensor4d(input.data, [1, height, width, channels]);
    const y = await model.predict(x);
    await y.data();
    predictPeak = Math.max(predictPeak, tf.memory().numBytes);
    tf.dispose([x, y]);
    rss = Math.max(rss, process.memoryUsage().rss);
  };
  const explainArms = BENCH_THRESHOLDS.map(({ spec }, i) => async () => {
    const e = (await explain(model, [input], { threshold: spec, batchSize: 1 }))[0].explanations[0];
    stages[i].push(e.timings);
    peaks[i] = Math.max(peaks[i], e.memory.peakTensorBytes);
    rss = Math.max(rss, process.memoryUsage().rss);
  });
  const [predictTimes, ...explainTimes] = await timeInterleaved([predictArm, ...explainArms], runs, 1, onRound);
  // The warm-up round's stage timings are dropped with its wall times.
  const timedStages = stages.map((s) => s.slice(-runs));
  const rows: ThresholdSpeedRow[] = [
    { ...labels, threshold: PREDICT_ARM, runs, medianMs: median(predictTimes), madMs: mad(predictTimes), peakTensorBytes: predictPeak, rssBytes: rss },
    ...BENCH_THRESHOLDS.map(({ name }, i) => ({
      ...labels,
      threshold: name,
      runs,
      medianMs: median(explainTimes[i]),
      madMs: mad(explainTimes[i]),
      stagesMs: stageMedians(timedStages[i]),
      peakTensorBytes: peaks[i],
      rssBytes: rss,
    })),
  ];
  const section = `speed: ${labels.model} (${labels.engine})`;
  const tenPercent = BENCH_THRESHOLDS.findIndex((t) => t.name === '10%');
  const dynamic = BENCH_THRESHOLDS.findIndex((t) => t.name === 'dynamic');
  const claims = [
    speedClaim(section, { name: PREDICT_ARM, times: predictTimes }, { name: 'Grad-CAM + 10%', times: explainTimes[tenPercent] }, 0),
    speedClaim(section, { name: 'Grad-CAM + 10%', times: explainTimes[tenPercent] }, { name: 'Grad-CAM + dynamic', times: explainTimes[dynamic] }, 0),
  ];
  return { rows, claims };
}

function stageMedians(timings: Timings[]): Omit<Timings, 'totalMs'> {
  const of = (key: keyof Timings) => median(timings.map((t) => t[key]));
  return { forwardMs: of('forwardMs'), gradientMs: of('gradientMs'), camMs: of('camMs'), thresholdMs: of('thresholdMs') };
}
