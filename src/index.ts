/** The library's public API. */
import { explain as explainPrepared, type ExplainOptions, type ImageExplanation, type PreparedInput } from './explain.js';
import type { ExplainableModel } from './engines/types.js';
import { prepareImage } from './image/prepare.js';
import { explainUniversal, type UniversalOptions } from './universal/explain-universal.js';
import type { UniversalExplanation, UniversalInput } from './universal/types.js';

export { softmax, DEFAULTS as EXPLAIN_DEFAULTS } from './explain.js';
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
export * as graph from './explainers/graph/index.js';
export * as textEncoder from './zoo/text-encoder/index.js';
export * as gnn from './zoo/gnn/index.js';
export { buildVit, type VisionTransformer, type VitOptions } from './zoo/vit.js';
export { RNN_ZOO, type RnnZooName } from './zoo/rnn/index.js';
export { sequenceSvg } from './render/sequence-svg.js';
export { graphSvg, explanationPlotData } from './render/graph-svg.js';
export { tokenHtml, tokenHtmlPage } from './render/token-html.js';
export { tokenTerminal } from './render/token-terminal.js';
export { setOrtRuntime, ortRuntimeName, type OrtRuntimeName } from './engines/onnx/ort-session.js';
export { setImageCodec, imageCodecName, type ImageCodecName } from './image/codec.js';

export { explainUniversal, finishExplanation, type UniversalOptions } from './universal/explain-universal.js';
export { detectArchitecture, type Detection } from './universal/detect.js';
export { ADAPTERS } from './universal/adapters/index.js';
export { confidenceScore, type ConfidenceInput } from './universal/confidence.js';
export {
  DEFAULT_MIN_COVERAGE,
  simplifyGraph,
  simplifyGrid,
  simplifySequence,
  simplifyTokens,
  simplifyWithCoverage,
  type Simplified,
  type SimplifyWithCoverageOptions,
} from './universal/simplify/index.js';
export { loadAnyModel, MANIFEST_RECOGNISERS, disposeModel } from './universal/load-universal.js';
export { loadImageOrSequenceModel } from './load.js';
export { LayersSequenceModel } from './universal/sequence-model.js';
export type {
  Architecture,
  ConfidenceScore,
  ExplainFamilyOptions,
  FamilyAdapter,
  FamilyResult,
  UniversalExplanation,
  UniversalInput,
  UniversalInputKind,
} from './universal/types.js';

/**
 * Explain a model's prediction. Two forms:
 * - `explain(model, inputs[], options?)`: prepared images through the image pipeline (Grad-CAM by default,
 *   or `options.method`), one ImageExplanation per input;
 * - `explain(model, input, options?)` with one UniversalInput (image, sequence, text, tokens or graph): the
 *   universal explainer, which detects the architecture from the model, explains with that family's
 *   method, simplifies by topology with a coverage floor and scores its confidence.
 */
export function explain(model: ExplainableModel, inputs: PreparedInput[], options?: ExplainOptions, onProgress?: (done: number) => void): Promise<ImageExplanation[]>;
export function explain(model: unknown, input: UniversalInput, options?: UniversalOptions): Promise<UniversalExplanation>;
export function explain(
  model: unknown,
  inputs: PreparedInput[] | UniversalInput,
  options: ExplainOptions | UniversalOptions = {},
  onProgress?: (done: number) => void,
): Promise<ImageExplanation[] | UniversalExplanation> {
  if (Array.isArray(inputs)) return explainPrepared(model as ExplainableModel, inputs, options as ExplainOptions, onProgress);
  return explainUniversal(model, inputs, options as UniversalOptions);
}

/** Decode, prepare and explain image files in one call (Node). */
export async function explainImages(model: ExplainableModel, paths: string[], options: ExplainOptions = {}): Promise<ImageExplanation[]> {
  const inputs = [];
  for (const p of paths) inputs.push((await prepareImage(p, model.inputSpec)).input);
  return explainPrepared(model, inputs, options);
}
