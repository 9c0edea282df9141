/** The ONNX engine: load `.onnx` models (PyTorch exports and the like) as `ExplainableModel`s. */
export { loadOnnxModel, type OnnxModelOptions } from './load-onnx.js';
export { OnnxModel, type RawInput } from './onnx-model.js';
export type { RawTensor } from './ort-session.js';
export { parseOnnx, OnnxGraph } from './graph.js';
export { translateOnnxToTfjs, type TfjsTranslation } from './translate.js';
