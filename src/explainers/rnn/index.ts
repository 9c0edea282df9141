/** Explanations for recurrent (and any other) sequence models: importance per time step and per feature. */
export { sequenceGradientXInput, type SequenceGradientOptions } from './gradient-x-input.js';
export { SEQUENCE_OCCLUSION_DEFAULTS, sequenceOcclusion, windowStarts, type SequenceOcclusionCall, type SequenceOcclusionOptions } from './occlusion.js';
export { functionSequenceScorer, rawSequenceScorer, type RawSequencePredictor, type SequenceScorer } from './scorers.js';
export { layersSequenceFunction, type AppliesLayers, type SequenceFunction } from './sequence-function.js';
export { requireSequence, type SequenceInput } from './sequence-input.js';
export { sumOverFeatures, type SequenceExplanation } from './sequence-explanation.js';
export { argmax, resolveTarget } from './target.js';
