/** The library's public API. */
import { explain, type ExplainOptions, type ImageExplanation } from './explain.js';
import type { ExplainableModel } from './engines/types.js';
import { prepareImage } from './image/prepare.js';

export { explain, softmax, DEFAULTS as EXPLAIN_DEFAULTS } from './explain.js';
export type { ExplainOptions, Explanation, ImageExplanation, Prediction, PreparedInput, Timings, Memory } from './explain.js';
export { loadModel, type LoadOptions } from './load.js';
export { initBackend, type BackendName } from './engines/tfjs/backend.js';
export { wrapLayersModel } from './engines/tfjs/load.js';
export type { ExplainableModel, InputSpec, LayerInfo, ModelSplit, PreprocessSpec } from './engines/types.js';
export * from './attribution/index.js';
export { UsageError } from './errors.js';
export { prepareImage, type PreparedImage } from './image/prepare.js';
export { loadImage } from './image/decode.js';
export { writeFourPanel } from './render/figure.js';
export { COLORMAPS } from './render/colormaps.js';
export { buildZooModel } from './zoo/index.js';
export { METHODS, methodNamed, DEFAULT_METHOD } from './explainers/registry.js';
export type { Method, MethodContext, MethodResult } from './explainers/method.js';
export * as metrics from './evaluate/metrics/index.js';
export * as rnn from './explainers/rnn/index.js';
export * as transformer from './explainers/transformer/index.js';

/** Decode, prepare and explain image files in one call (Node). */
export async function explainImages(model: ExplainableModel, paths: string[], options: ExplainOptions = {}): Promise<ImageExplanation[]> {
  const inputs = [];
  for (const p of paths) inputs.push((await prepareImage(p, model.inputSpec)).input);
  return explain(model, inputs, options);
}
