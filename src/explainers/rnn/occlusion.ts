/**
 * Occlusion over time — Zeiler & Fergus 2014 (§4.2) carried from image patches to windows of time steps,
 * for sequence models that run forward only (an ONNX LSTM has no TF.js translation, so no gradient):
 * a window of consecutive steps is replaced by the sequence's own mean (per feature, over time) and the
 * drop of the target output is credited to the covered steps. Each step's value is the mean drop over
 * all windows that cover it; the last window sits flush with the end, so every step is covered.
 *
 * The per-step view occludes all features of a window at once; the [T, F] view occludes one feature of a
 * window at a time. The model is not additive, so a step's value need not equal the sum of its row.
 * Filling with the mean rather than zero keeps the occluded input on the data's own scale: a zero can be
 * far outside a feature's range and measure the model's reaction to an outlier instead of to missing evidence.
 */
import { UsageError } from '../../errors.js';
import type { SequenceScorer } from './scorers.js';
import { requireSequence, type SequenceInput } from './sequence-input.js';
import { sequenceAttribution, type SequenceExplanation } from './sequence-explanation.js';
import { resolveTarget } from './target.js';

export interface SequenceOcclusionOptions {
  /** Steps covered by one window. */
  window: number;
  /** Steps between the starts of consecutive windows. */
  stride: number;
  /** Sequences scored per model call. */
  batchSize: number;
}

/**
 * Window 5 at stride 1: a tenth of the 50-step reference LSTM input, narrow enough to place a planted
 * interval, and stride 1 so that each step away from the ends is covered by as many windows as any other.
 * Batches of 256 sequences of 50 x 8 floats are 400 KB, well within any runtime's comfort.
 */
export const SEQUENCE_OCCLUSION_DEFAULTS: SequenceOcclusionOptions = { window: 5, stride: 1, batchSize: 256 };

export interface SequenceOcclusionCall extends Partial<SequenceOcclusionOptions> {
  /** Output to explain; the largest output (the predicted class) when omitted. */
  target?: number;
}

/** One occluded copy of the input: steps [start, start + window), all features or just one. */
interface Occlusion {
  start: number;
  /** The occluded feature, or -1 for all of them. */
  feature: number;
}

export async function sequenceOcclusion(
  score: SequenceScorer,
  input: SequenceInput,
  options: SequenceOcclusionCall = {},
): Promise<SequenceExplanation> {
  const opts = resolveOptions(options);
  const { values, steps, features } = requireSequence(input);
  const window = Math.min(opts.window, steps);
  const outputs = await score(values, 1);
  const target = resolveTarget(options.target, outputs);
  const base = outputs[target];
  const fill = featureMeans(input);
  const starts = windowStarts(steps, window, opts.stride);
  const occlusions: Occlusion[] = [];
  for (let feature = -1; feature < features; feature++) for (const start of starts) occlusions.push({ start, feature });

  const perStep = new Float32Array(steps);
  const perFeature = new Float32Array(steps * features);
  const size = steps * features;
  for (let first = 0; first < occlusions.length; first += opts.batchSize) {
    const chunk = occlusions.slice(first, first + opts.batchSize);
    const batch = new Float32Array(chunk.length * size);
    chunk.forEach((o, b) => occlude(batch.subarray(b * size, (b + 1) * size), values, fill, o, window, features));
    const scored = await score(batch, chunk.length);
    const classes = scored.length / chunk.length;
    chunk.forEach((o, b) => {
      const drop = base - scored[b * classes + target];
      for (let t = o.start; t < o.start + window; t++) {
        if (o.feature < 0) perStep[t] += drop;
        else perFeature[t * features + o.feature] += drop;
      }
    });
  }
  const cover = coverCounts(starts, window, steps);
  for (let t = 0; t < steps; t++) {
    perStep[t] /= cover[t];
    for (let f = 0; f < features; f++) perFeature[t * features + f] /= cover[t];
  }
  return { attribution: sequenceAttribution(perStep), perFeature, steps, features, target, score: base, method: 'occlusion' };
}

function resolveOptions(options: Partial<SequenceOcclusionOptions>): SequenceOcclusionOptions {
  const opts = { ...SEQUENCE_OCCLUSION_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  for (const key of ['window', 'stride', 'batchSize'] as const) {
    if (!Number.isSafeInteger(opts[key]) || opts[key] < 1) throw new UsageError(`sequence occlusion: ${key} must be a positive integer; got ${opts[key]}`);
  }
  return opts;
}

/** Start of every window; the last one flush with the end so the final steps are covered too. */
export function windowStarts(steps: number, window: number, stride: number): number[] {
  const last = steps - window;
  const starts: number[] = [];
  for (let s = 0; s < last; s += stride) starts.push(s);
  starts.push(last);
  return starts;
}

function coverCounts(starts: readonly number[], window: number, steps: number): Uint32Array {
  const cover = new Uint32Array(steps);
  for (const s of starts) for (let t = s; t < s + window; t++) cover[t]++;
  return cover;
}

/** Each feature's mean over the sequence's steps. */
function featureMeans({ values, steps, features }: SequenceInput): Float32Array {
  const means = new Float32Array(features);
  for (let i = 0; i < values.length; i++) means[i % features] += values[i] / steps;
  return means;
}

function occlude(out: Float32Array, values: Float32Array, fill: Float32Array, o: Occlusion, window: number, features: number): void {
  out.set(values);
  for (let t = o.start; t < o.start + window; t++) {
    for (let f = 0; f < features; f++) if (o.feature < 0 || o.feature === f) out[t * features + f] = fill[f];
  }
}
