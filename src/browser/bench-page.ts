/**
 * The browser benchmark's measurements, run inside the page: the median time of a full explanation per
 * threshold against the median plain prediction of the same input, interleaved (src/evaluate/bench/timing.ts)
 * so that drift (a throttling change settling, another process waking up) hits every variant alike.
 * scripts/bench-browser.ts drives it through Playwright under each device profile.
 */
import * as tf from '@tensorflow/tfjs';
import type { ThresholdSpec } from '../attribution/threshold/apply.js';
import type { ExplainableModel } from '../engines/types.js';
import { median, timeInterleaved } from '../evaluate/bench/timing.js';
import { explain, type PreparedInput, type Timings } from '../explain.js';

export interface NamedThreshold {
  name: string;
  spec: ThresholdSpec;
}

/** The paper's fixed percentages around its 10% headline, and the dynamic search. */
export const BENCH_THRESHOLDS: readonly NamedThreshold[] = [
  { name: '5%', spec: { kind: 'percentile', percent: 5 } },
  { name: '10%', spec: { kind: 'percentile', percent: 10 } },
  { name: '20%', spec: { kind: 'percentile', percent: 20 } },
  { name: 'dynamic', spec: { kind: 'dynamic' } },
];

/** Frames within this time count as real time (10 frames per second). */
export const REAL_TIME_BUDGET_MS = 100;

export interface ThresholdTiming {
  threshold: string;
  /** Median wall time of one explain() call (forward, gradient, CAM, threshold, read back). */
  explainMs: number;
  /** The fastest round: on a machine shared with other work, the closest to the undisturbed cost. */
  explainMinMs: number;
  /** Medians of the pipeline's own stage timings. */
  stages: Omit<Timings, 'totalMs'>;
  /** explainMs over the plain prediction's median. */
  overhead: number;
  withinBudget: boolean;
}

export interface ModelTiming {
  /** Median wall time of a plain prediction: the same input uploaded, forwarded and its logits read back. */
  predictMs: number;
  predictMinMs: number;
  thresholds: ThresholdTiming[];
  repeats: number;
}

/**
 * Time `repeats` rounds of a plain prediction and one explanation per threshold, interleaved (each round
 * starts one arm later). `warmup` rounds first compile kernels and shaders and are not counted.
 */
export async function timeExplanations(
  model: ExplainableModel,
  input: PreparedInput,
  options: { method?: string; thresholds?: readonly NamedThreshold[]; repeats: number; warmup: number },
): Promise<ModelTiming> {
  const thresholds = options.thresholds ?? BENCH_THRESHOLDS;
  const stages = thresholds.map(() => [] as Timings[]);
  const explainArm = (t: number) => async () => {
    const [result] = await explain(model, [input], { method: options.method, threshold: thresholds[t].spec, batchSize: 1 });
    stages[t].push(result.explanations[0].timings);
  };
  const [predictMs, ...explainMs] = await timeInterleaved(
    [() => timePrediction(model, input), ...thresholds.map((_, t) => explainArm(t))],
    options.repeats,
    options.warmup,
  );
  const predict = median(predictMs);
  return {
    predictMs: predict,
    predictMinMs: Math.min(...predictMs),
    repeats: options.repeats,
    thresholds: thresholds.map((th, t) => {
      const ms = median(explainMs[t]);
      // The warm-up rounds' stage timings come first; only the timed rounds' count.
      const timed = stages[t].slice(options.warmup);
      return {
        threshold: th.name,
        explainMs: ms,
        explainMinMs: Math.min(...explainMs[t]),
        stages: {
          forwardMs: median(timed.map((s) => s.forwardMs)),
          gradientMs: median(timed.map((s) => s.gradientMs)),
          camMs: median(timed.map((s) => s.camMs)),
          thresholdMs: median(timed.map((s) => s.thresholdMs)),
        },
        overhead: ms / predict,
        withinBudget: ms <= REAL_TIME_BUDGET_MS,
      };
    }),
  };
}

/** One plain prediction as an app would make it: upload, forward, read the logits back. */
export async function timePrediction(model: ExplainableModel, input: PreparedInput): Promise<number> {
  const { height, width, channels } = model.inputSpec;
  const t0 = performance.now();
  const batch = tf.tensor4d(input.data, [1, height, width, channels]);
  try {
    const logits = await model.predict(batch);
    await logits.data();
    logits.dispose();
  } finally {
    batch.dispose();
  }
  return performance.now() - t0;
}

/**
 * A fixed integer workload (a xorshift loop), timed on the page's main thread and in a dedicated worker.
 * Timed under each profile, it shows the slowdown the throttling actually applied, and where.
 */
export async function timeCpuWork(iterations = 20_000_000): Promise<{ mainMs: number; workerMs: number }> {
  const t0 = performance.now();
  xorshiftLoop(iterations);
  const mainMs = performance.now() - t0;
  const source = `const loop = ${xorshiftLoop.toString()};
    onmessage = (e) => { const t0 = performance.now(); loop(e.data); postMessage(performance.now() - t0); };`;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  try {
    const workerMs = await new Promise<number>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<number>) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(e.message));
      worker.postMessage(iterations);
    });
    return { mainMs, workerMs };
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
}

function xorshiftLoop(n: number): number {
  let x = 2463534242;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return x;
}
