/**
 * One bench run: for each model, the speed per threshold; on MobileNetV2 of each engine, the method
 * comparison; on the TF.js MobileNetV2, the ablations (backward pass, batch size, dynamic threshold search);
 * on a small model, the tf.tidy ablation. Every section's "A is faster than B" lands in `claims`.
 */
import os from 'node:os';
import type { ExplainableModel } from '../../engines/types.js';
import { loadModel } from '../../load.js';
import { benchInputs } from './bench-inputs.js';
import { benchModelSources, type BenchEngine, type BenchModel, type BenchModelSource } from './bench-models.js';
import { BATCHED, batchSize, type BatchSizeResult } from './batch-size.js';
import { headVsFull, type HeadVsFullResult } from './head-vs-full.js';
import { iterativeDynamic, upsampledMaps, type IterativeDynamicResult } from './iterative-dynamic.js';
import { benchMethods, methodComparison, type MethodComparisonResult } from './method-comparison.js';
import type { BenchPreset, PerturbationBudget, PresetName } from './presets.js';
import { NO_PROGRESS, type ProgressFactory } from './progress.js';
import type { SpeedClaim } from './speed-claim.js';
import { thresholdSpeed, type ThresholdSpeedRow } from './threshold-speed.js';
import { tidyGrowth, type TidyGrowthResult } from './tidy-growth.js';

/** The paper's input size for every architecture. */
export const BENCH_INPUT_SIZE = 224;
/** The model the ablations and the method comparison run on. */
export const REFERENCE_MODEL: BenchModel = 'mobilenetv2';

export interface BenchOptions {
  preset: PresetName;
  settings: BenchPreset;
  models: BenchModel[];
  engines: BenchEngine[];
  /** Input size of the zoo models (the ONNX exports have their own). */
  size: number;
  onnxDir: string;
  /** A small TF.js model for the tf.tidy ablation. */
  tidyModel: string;
  progress?: ProgressFactory;
  /** Notes (skipped models and sections) as they arise. */
  onNote?: (note: string) => void;
}

export interface BenchReport {
  benchmark: 'litecam bench';
  preset: PresetName;
  settings: {
    models: BenchModel[];
    engines: BenchEngine[];
    runs: number;
    methodRuns: number;
    tidyRuns: number;
    inputSize: number;
    tfjsBackend: 'wasm';
    perturbationBudget: PerturbationBudget;
  };
  machine: { node: string; cpus: number; cpuModel?: string; totalMemoryBytes: number; date: string };
  notes: string[];
  speed: ThresholdSpeedRow[];
  ablation: {
    backward?: HeadVsFullResult;
    batchSize?: BatchSizeResult;
    dynamicThreshold?: IterativeDynamicResult;
    tidy?: TidyGrowthResult;
  };
  methods: MethodComparisonResult[];
  claims: SpeedClaim[];
  elapsedMs: number;
}

export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const progress = o.progress ?? NO_PROGRESS;
  const { sources, notes } = benchModelSources(o.models, o.engines, o.onnxDir);
  const note = (n: string) => {
    notes.push(n);
    o.onNote?.(n);
  };
  notes.forEach((n) => o.onNote?.(n));
  const report: BenchReport = {
    benchmark: 'litecam bench',
    preset: o.preset,
    settings: {
      models: o.models,
      engines: o.engines,
      runs: o.settings.runs,
      methodRuns: o.settings.methodRuns,
      tidyRuns: o.settings.tidyRuns,
      inputSize: o.size,
      tfjsBackend: 'wasm',
      perturbationBudget: o.settings.budget,
    },
    machine: machine(),
    notes,
    speed: [],
    ablation: {},
    methods: [],
    claims: [],
    elapsedMs: 0,
  };
  const methods = benchMethods(o.settings.budget, o.settings.scoreCam);
  if (!o.models.includes(REFERENCE_MODEL)) note(`skipped the ablations and the method comparison: they run on ${REFERENCE_MODEL}, which --models leaves out`);
  else if (!o.engines.includes('tfjs')) note('skipped the ablations: they need the TF.js engine');

  const methodEngines = o.settings.methodsOnEveryEngine ? o.engines : [methodEngine(sources)];
  if (!o.settings.methodsOnEveryEngine) note(`the ${o.preset} preset compares the methods on ${methodEngines[0]} only`);
  for (const source of sources) {
    const model = await loadModel(source.source, { inputSize: o.size });
    try {
      const [input] = benchInputs(model.inputSpec, 1);
      const labels = { engine: source.engine, model: source.model };
      const speed = await section(progress, `${source.model} (${source.engine}): thresholds`, o.settings.runs, (cb) => thresholdSpeed(model, labels, input, o.settings.runs, cb));
      report.speed.push(...speed.rows);
      report.claims.push(...speed.claims);
      if (source.model !== REFERENCE_MODEL) continue;
      if (source.engine === 'tfjs') await runAblations(model, o, report, progress);
      if (!methodEngines.includes(source.engine)) continue;
      const comparison = await section(progress, `${source.model} (${source.engine}): methods`, o.settings.methodRuns, (cb) =>
        methodComparison(model, source.engine, input, methods, o.settings.methodRuns, cb));
      report.methods.push(comparison);
      report.claims.push(...comparison.claims);
    } finally {
      model.dispose();
    }
  }
  await runTidyAblation(o, report);
  report.elapsedMs = performance.now() - started;
  return report;
}

/** ONNX Runtime when it holds the reference model (its forward is several times faster than wasm's), else TF.js. */
function methodEngine(sources: BenchModelSource[]): BenchEngine {
  return sources.some((s) => s.engine === 'onnx' && s.model === REFERENCE_MODEL) ? 'onnx' : 'tfjs';
}

async function runAblations(model: ExplainableModel, o: BenchOptions, report: BenchReport, progress: ProgressFactory): Promise<void> {
  const runs = o.settings.runs;
  const [input] = benchInputs(model.inputSpec, 1);
  const backward = await section(progress, 'ablation: backward pass', runs, (cb) => headVsFull(model, input, runs, cb));
  const batched = await section(progress, 'ablation: batch size', runs, (cb) => batchSize(model, benchInputs(model.inputSpec, BATCHED), runs, cb));
  const { width, height } = model.inputSpec;
  const maps = upsampledMaps(batched.explanations.map((e) => e.explanations[0].attribution), width, height);
  const dynamic = await section(progress, 'ablation: dynamic threshold', runs, (cb) => iterativeDynamic(maps, `${width}x${height}`, runs, cb));
  report.ablation.backward = backward;
  report.ablation.batchSize = batched.result;
  report.ablation.dynamicThreshold = dynamic;
  report.claims.push(backward.claim, batched.result.claim, dynamic.claim);
}

async function runTidyAblation(o: BenchOptions, report: BenchReport): Promise<void> {
  const model = await loadModel(o.tidyModel);
  try {
    const [input] = benchInputs(model.inputSpec, 1);
    report.ablation.tidy = await tidyGrowth(model, input, o.settings.tidyRuns);
  } finally {
    model.dispose();
  }
}

/** Runs one section under its own progress bar. */
async function section<T>(progress: ProgressFactory, label: string, total: number, body: (onRound: (done: number) => void) => Promise<T>): Promise<T> {
  const bar = progress(label, total);
  try {
    return await body(bar.update);
  } finally {
    bar.stop();
  }
}

function machine(): BenchReport['machine'] {
  const cpus = os.cpus();
  return { node: process.version, cpus: cpus.length, cpuModel: cpus[0]?.model, totalMemoryBytes: os.totalmem(), date: new Date().toISOString() };
}
