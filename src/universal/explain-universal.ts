/**
 * The universal explainer: detect the family -> explain with its default method -> normalise -> simplify
 * by topology with a coverage floor -> score the confidence. One call for CNNs, transformers, recurrent
 * and graph networks; the result says what was detected and why, what was kept and how sure it is.
 */
import { normalizeByMax } from '../attribution/normalize.js';
import { UsageError } from '../errors.js';
import { confidenceScore } from './confidence.js';
import { detectArchitecture, modelName, type Detection } from './detect.js';
import { simplifyWithCoverage, type SimplifyWithCoverageOptions } from './simplify/with-coverage.js';
import type { ExplainFamilyOptions, FamilyAdapter, FamilyResult, UniversalExplanation, UniversalInput, UniversalInputKind } from './types.js';

export interface UniversalOptions extends ExplainFamilyOptions {
  /** Least share of positions the simplification keeps, in (0, 1]; default 5% (the paper's dynamic floor). */
  minCoverage?: number;
  /** Grid maps: regions of fewer cells are dropped as speckle. */
  minArea?: SimplifyWithCoverageOptions['minArea'];
  /** Sequences of time steps: gaps closed and runs dropped. */
  gap?: SimplifyWithCoverageOptions['gap'];
  minLength?: SimplifyWithCoverageOptions['minLength'];
  /** The adapters to try, in order (default: all of them, adapters/index.ts). */
  adapters?: readonly FamilyAdapter[];
}

export async function explainUniversal(model: unknown, input: UniversalInput, options: UniversalOptions = {}): Promise<UniversalExplanation> {
  const start = performance.now();
  const detection = detectArchitecture(model, options.adapters);
  requireInputKind(model, detection, input.kind);
  const { adapter } = detection;
  if (options.method !== undefined && !adapter.methods.includes(options.method)) {
    throw new UsageError(`method '${options.method}' is not one the ${adapter.name} adapter offers; it offers: ${adapter.methods.join(', ')}`);
  }
  const family = await adapter.explain(model, input, { target: options.target, method: options.method, seed: options.seed, task: options.task });
  return finishExplanation(detection, family, options, start);
}

/** The input kinds the detected family explains; a one-line UsageError for any other. */
export function requireInputKind(model: unknown, detection: Detection, kind: UniversalInputKind): void {
  const { adapter } = detection;
  if (!adapter.inputs.includes(kind)) {
    throw new UsageError(`${modelName(model)} is ${detection.architecture} (${detection.evidence}); it explains ${adapter.inputs.join(' or ')} input, not ${kind}`);
  }
}

/**
 * What follows the family's explainer, for any family: normalise the map by its maximum (ReLU first, so an
 * all-zero map stays zero and is never NaN), simplify it by its topology, score the confidence.
 */
export function finishExplanation(detection: Detection, family: FamilyResult, options: UniversalOptions = {}, start = performance.now()): UniversalExplanation {
  const simplifyStart = performance.now();
  const { values } = normalizeByMax(family.attribution.values);
  const attribution = { values, topology: family.attribution.topology };
  const simplified = simplifyWithCoverage(attribution, {
    minCoverage: options.minCoverage,
    context: family.context,
    // A transformer's sequence is tokens (keep their context); a recurrent model's is time (keep intervals).
    sequenceAs: detection.architecture === 'transformer' ? 'tokens' : 'intervals',
    minArea: options.minArea,
    gap: options.gap,
    minLength: options.minLength,
  });
  const confidence = confidenceScore({
    probability: family.probability,
    runnerUpProbability: family.runnerUpProbability,
    simplified: simplified.threshold,
    coherence: simplified.coherence,
  });
  const end = performance.now();
  return {
    architecture: detection.architecture,
    adapter: detection.adapter.name,
    evidence: detection.evidence,
    method: family.method,
    target: family.target,
    score: family.score,
    ...(family.probability !== undefined ? { probability: family.probability } : {}),
    attribution,
    simplified: simplified.threshold,
    kept: simplified.kept,
    structure: simplified.structure,
    confidence,
    ...(family.context ? { context: family.context } : {}),
    timings: { explainMs: family.explainMs, simplifyMs: end - simplifyStart, totalMs: end - start },
  };
}
