/** The explanation-quality metrics, by what they measure (Quantus' categories). */
export { averageRanks, pearson, spearman } from './correlation.js';

export { binarise } from './localisation/binarise.js';
export { BOUNDARY_F1_TOLERANCE, boundaryF1, boundaryPixels } from './localisation/boundary-f1.js';
export { confusion, type Confusion } from './localisation/confusion.js';
export { dice } from './localisation/dice.js';
export { iou } from './localisation/iou.js';
export { pointingGameHit } from './localisation/pointing-game.js';
export { averagePrecision, precisionRecallCurve, type PrecisionRecallCurve } from './localisation/precision-recall-curve.js';
export { regionPrecision } from './localisation/precision.js';
export { regionRecall } from './localisation/recall.js';
export { relevanceMassAccuracy } from './localisation/relevance-mass.js';
export { relevanceRankAccuracy } from './localisation/relevance-rank.js';
export { rocAuc } from './localisation/roc-auc.js';

export { attributionEntropy } from './complexity/entropy.js';
export { SPARSENESS_EPSILON, sparseness } from './complexity/sparseness.js';

export { RISE_BLUR, riseBlur } from './faithfulness/blur.js';
export { type CausalCurveOptions } from './faithfulness/causal-curve.js';
export { SCORING_DEFAULTS, classScores, type CurveScore, type ScoringOptions } from './faithfulness/class-scores.js';
export { confidenceChange } from './faithfulness/confidence-change.js';
export { type ScoreCurve } from './faithfulness/curve.js';
export { deletionCurve } from './faithfulness/deletion.js';
export {
  FAITHFULNESS_CORRELATION_DEFAULTS,
  faithfulnessCorrelation,
  type FaithfulnessCorrelationOptions,
} from './faithfulness/faithfulness-correlation.js';
export { mapAtInput, mostRelevantFirst } from './faithfulness/input-map.js';
export { insertionCurve } from './faithfulness/insertion.js';
export { ROAD_NOISE_STD, noisyLinearImputation } from './faithfulness/noisy-imputation.js';
export {
  PIXEL_FLIPPING_DEFAULTS,
  pixelFlipping,
  type FlipOrder,
  type PixelFlippingOptions,
  type PixelFlippingResult,
} from './faithfulness/pixel-flipping.js';
export { ROAD_FRACTIONS, road, type RoadOptions, type RoadResult } from './faithfulness/road.js';

export { energyKept } from './completeness/energy-kept.js';
export { regionConfidence, type RegionConfidence } from './completeness/region-confidence.js';

export { type ExplainFunction } from './robustness/explain-function.js';
export { SENSITIVITY_DEFAULTS, sensitivity, type Sensitivity, type SensitivityOptions } from './robustness/sensitivity.js';
export { STABILITY_SEEDS, meanPairwiseCorrelation, stabilityAcrossSeeds } from './robustness/stability.js';

export {
  RANDOMISATION_DEFAULTS,
  modelParameterRandomisation,
  type ExplainWith,
  type RandomisationOptions,
  type RandomisationStage,
} from './randomisation/model-randomisation.js';
