/**
 * The pipeline in one place: prepared input -> explainer -> simplify -> measure. The CLI and the library's
 * index call this. Decoding and resizing images happen before (src/image/), rendering after (src/render/).
 */
import * as tf from '@tensorflow/tfjs';
import { normalizeByMax } from './attribution/normalize.js';
import { applyThreshold, withProbability, type ThresholdSpec } from './attribution/threshold/apply.js';
import { grid, type Attribution, type ThresholdResult } from './attribution/types.js';
import type { ExplainableModel } from './engines/types.js';
import { topK, type ScoreKind } from './explainers/cam/cam-core.js';
import { DEFAULT_FUSION, FUSION_MODES, layerFused, type FusionMode } from './explainers/cam/fusion.js';
import type { Method } from './explainers/method.js';
import { DEFAULT_METHOD, methodNamed } from './explainers/registry.js';
import { eigenSmoothed } from './explainers/smoothing/eigen.js';
import { augmentationSmoothed } from './explainers/smoothing/tta.js';
import { UsageError } from './errors.js';

/** An image already resized and normalised to the model's input (NHWC, float), plus where it came from. */
export interface PreparedInput {
  source: string;
  /** Float32 NHWC data of one example: height*width*channels of the model's input spec. */
  data: Float32Array;
}

export interface ExplainOptions {
  /** Explanation method (see `litecam methods`); default Grad-CAM. */
  method?: string;
  /** Target layer name; default: the model's auto-detected last spatial layer. */
  layer?: string;
  /** Several target layers (CAM methods only), their maps fused on the largest layer's grid; instead of `layer`. */
  layers?: string[];
  /** How the maps of `layers` are combined (default mean). */
  fusion?: FusionMode;
  /** 'tta': average over flipped and rescaled inputs; 'eigen': first principal component instead of the channel sum. */
  smooth?: Smoothing;
  /** Explicit classes (the same for every image) ... */
  classes?: number[];
  /** ... or the top k predicted classes of each image (default 1). */
  topK?: number;
  score?: ScoreKind;
  threshold?: ThresholdSpec;
  /** Images per forward pass (and forward passes per model call for perturbation methods). */
  batchSize?: number;
  /** Seed of stochastic methods. */
  seed?: number;
}

export type Smoothing = 'tta' | 'eigen';
export const SMOOTHINGS: readonly Smoothing[] = ['tta', 'eigen'];

export interface Prediction {
  class: number;
  label?: string;
  score: number;
  probability: number;
}

export interface Timings {
  forwardMs: number;
  gradientMs: number;
  camMs: number;
  thresholdMs: number;
  totalMs: number;
}

export interface Memory {
  peakTensorBytes: number;
  heapUsedBytes: number;
}

export interface Explanation {
  class: number;
  label?: string;
  /** The explained score (logit, or probability when asked), as used for the gradient. */
  score: number;
  probability: number;
  /** The method's map, ReLU'd and divided by its max, at the layer's (or the input's) resolution. */
  attribution: Attribution;
  /** True when the map is zero everywhere (no positive evidence at this layer); never NaN. */
  allZero: boolean;
  threshold: ThresholdResult;
  /** Per-image share of batch stages (forward, gradient, CAM are run for the whole batch at once). */
  timings: Timings;
  memory: Memory;
}

export interface ImageExplanation {
  image: string;
  model: string;
  /** The method's registered name, with any smoothing: 'gradcam', 'lime', 'gradcam+tta' ... */
  method: string;
  layer: string;
  predictions: Prediction[];
  explanations: Explanation[];
}

export const DEFAULTS = {
  method: DEFAULT_METHOD,
  topK: 1,
  score: 'logit' as ScoreKind,
  threshold: { kind: 'percentile', percent: 10 } as ThresholdSpec, // the paper's headline setting
  batchSize: 8,
  seed: 0,
  predictionsShown: 5,
  fusion: DEFAULT_FUSION,
};

/** Explain each input with the chosen method (Grad-CAM by default); one ImageExplanation per input, in order. */
export async function explain(
  model: ExplainableModel,
  inputs: PreparedInput[],
  options: ExplainOptions = {},
  onProgress?: (done: number) => void,
): Promise<ImageExplanation[]> {
  const opts = { ...DEFAULTS, ...definedOnly(options) };
  validateOptions(model, opts);
  const method = composedMethod(opts);
  const methodLabel = opts.smooth ? `${opts.method}+${opts.smooth}` : opts.method;
  const context = { model, layer: opts.layer, score: opts.score, seed: opts.seed, batchSize: opts.batchSize };
  const { height, width, channels } = model.inputSpec;
  const results: ImageExplanation[] = [];

  for (let start = 0; start < inputs.length; start += opts.batchSize) {
    const chunk = inputs.slice(start, start + opts.batchSize);
    const tStart = performance.now();
    const batch = toBatch(chunk, height, width, channels);
    const targets = opts.classes ? { classes: chunk.map(() => opts.classes as number[]) } : { topK: opts.topK };
    let cams;
    try {
      cams = await method.explain(context, batch, targets);
    } finally {
      batch.dispose();
    }
    const n = chunk.length;
    const perImage = {
      forwardMs: cams.timings.forwardMs / n,
      gradientMs: cams.timings.gradientMs / n,
      camMs: cams.timings.camMs / n,
    };
    // `globalThis.`: a browser has no `process` at all, and reading the bare name there throws.
    const heapUsedBytes = globalThis.process?.memoryUsage?.().heapUsed ?? 0;

    chunk.forEach((inp, i) => {
      const logits = cams.logits.subarray(i * cams.numClasses, (i + 1) * cams.numClasses);
      const probs = softmax(logits);
      const predictions = topK(logits, opts.predictionsShown).map((c) => ({
        class: c,
        ...(model.labels?.[c] !== undefined ? { label: model.labels[c] } : {}),
        score: logits[c],
        probability: probs[c],
      }));
      const explanations = cams.maps[i].map((m): Explanation => {
        const tt = performance.now();
        const { values, allZero } = normalizeByMax(m.values);
        const threshold = applyThreshold(values, withProbability(opts.threshold, probs[m.classIndex]));
        const thresholdMs = performance.now() - tt;
        return {
          class: m.classIndex,
          ...(model.labels?.[m.classIndex] !== undefined ? { label: model.labels[m.classIndex] } : {}),
          score: opts.score === 'probability' ? probs[m.classIndex] : m.logit,
          probability: probs[m.classIndex],
          attribution: { values, topology: grid(m.width, m.height) },
          allZero,
          threshold,
          timings: { ...perImage, thresholdMs, totalMs: 0 },
          memory: { peakTensorBytes: cams.peakTensorBytes, heapUsedBytes },
        };
      });
      results.push({ image: inp.source, model: model.source, method: methodLabel, layer: cams.layer, predictions, explanations });
    });
    const total = (performance.now() - tStart) / n;
    for (const r of results.slice(-n)) for (const e of r.explanations) e.timings.totalMs = total;
    onProgress?.(Math.min(start + opts.batchSize, inputs.length));
  }
  return results;
}

function validateOptions(model: ExplainableModel, opts: typeof DEFAULTS & ExplainOptions): void {
  for (const c of opts.classes ?? []) {
    if (!Number.isInteger(c) || c < 0 || c >= model.numClasses) {
      throw new UsageError(`class index ${c} is out of range; the model has ${model.numClasses} classes (0..${model.numClasses - 1})`);
    }
  }
  if (!Number.isInteger(opts.topK) || opts.topK < 1 || opts.topK > model.numClasses) {
    throw new UsageError(`top-k must be an integer in 1..${model.numClasses}, got ${opts.topK}`);
  }
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) {
    throw new UsageError(`batch size must be a positive integer, got ${opts.batchSize}`);
  }
  if (opts.layer !== undefined && opts.layers !== undefined) {
    throw new UsageError(`give one target layer or a list of layers, not both; got layer '${opts.layer}' and layers ${opts.layers.join(', ')}`);
  }
  if (!FUSION_MODES.includes(opts.fusion)) throw new UsageError(`fusion mode must be one of ${FUSION_MODES.join(', ')}, got '${opts.fusion}'`);
  if (opts.smooth !== undefined && !SMOOTHINGS.includes(opts.smooth)) {
    throw new UsageError(`smoothing must be one of ${SMOOTHINGS.join(', ')}, got '${opts.smooth}'`);
  }
}

/** The named method with the asked-for smoothing and layer fusion wrapped around it; the method itself when none is. */
function composedMethod(opts: typeof DEFAULTS & ExplainOptions): Method {
  let method = methodNamed(opts.method);
  if (opts.smooth === 'eigen') method = eigenSmoothed(method);
  if (opts.layers) method = layerFused(method, opts.layers, opts.fusion);
  if (opts.smooth === 'tta') method = augmentationSmoothed(method);
  return method;
}

/** One NHWC batch of the inputs; a single input is wrapped without an intermediate copy. */
function toBatch(chunk: PreparedInput[], height: number, width: number, channels: number): tf.Tensor4D {
  const size = height * width * channels;
  for (const inp of chunk) {
    if (inp.data.length !== size) {
      throw new UsageError(`input ${inp.source} has ${inp.data.length} values; the model wants ${height}x${width}x${channels}`);
    }
  }
  if (chunk.length === 1) return tf.tensor4d(chunk[0].data, [1, height, width, channels]);
  const flat = new Float32Array(chunk.length * size);
  chunk.forEach((inp, i) => flat.set(inp.data, i * size));
  return tf.tensor4d(flat, [chunk.length, height, width, channels]);
}

/** Options left undefined (e.g. by a CLI flag not given) must not hide the defaults. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Numerically stable softmax of one row of logits. */
export function softmax(logits: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const out = new Float32Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i] - max);
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}
