/** The JSON record of one universal explanation: what `litecam explain --json` prints for non-image inputs. */
import type { UniversalExplanation } from './types.js';

export function universalRecord(r: UniversalExplanation, input: string, model: string, label?: string) {
  const topology = r.attribution.topology;
  return {
    input,
    model,
    architecture: r.architecture,
    adapter: r.adapter,
    evidence: r.evidence,
    method: r.method,
    target: r.target,
    ...(label !== undefined ? { label } : {}),
    score: r.score,
    ...(r.probability !== undefined ? { probability: r.probability } : {}),
    // A graph's edges are the user's own input; the record names the topology and its size only.
    attribution: { topology: topology.kind === 'graph' ? { kind: 'graph', nodes: topology.nodes } : topology, data: Array.from(r.attribution.values, round6) },
    ...universalFields(r),
    timings: r.timings,
  };
}

/** What the universal explainer adds to any record: the topology-aware simplification, its structure and the confidence. */
export function universalFields(r: Pick<UniversalExplanation, 'simplified' | 'kept' | 'structure' | 'confidence' | 'context'>) {
  const s = r.simplified;
  const kept = r.kept ? Array.from(r.kept).flatMap((k, i) => (k ? [i] : [])) : undefined;
  return {
    simplified: { kind: s.kind, value: s.value, cutoff: round6(s.cutoff), coverage: round6(s.coverage), energy: round6(s.energy), ...(kept ? { kept } : {}) },
    structure: r.structure,
    confidence: { value: round6(r.confidence.value), how: r.confidence.how, components: Object.fromEntries(Object.entries(r.confidence.components).map(([k, v]) => [k, round6(v)])) },
    ...(r.context?.labels ? { tokens: r.context.labels } : {}),
  };
}

/** Six significant decimals, as the image records round theirs. */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
