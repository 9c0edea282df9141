/** Vision Transformers through the ONNX engine: recognition, attention and token taps, gated translation. */
export { loadOnnxVisionTransformer, visionTransformerFromGraph, type OnnxVitOptions } from './load.js';
export { OnnxVisionTransformer } from './onnx-vit.js';
export { recogniseVisionTransformer, type VitGraphBlock, type VitGraphLayout } from './recognise.js';
export { selfAttentionSoftmaxes } from './self-attention.js';
