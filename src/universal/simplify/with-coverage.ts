/**
 * One call for every topology: the simplification that keeps what matters on it, with the coverage floor
 * guaranteed. Regions on a grid, intervals on a sequence of time steps, relational context on tokens, a
 * connected subgraph on a graph.
 */
import type { Attribution } from '../../attribution/types.js';
import type { FamilyResult } from '../types.js';
import { simplifyGraphInScope } from './graph-scope.js';
import { simplifyGraph } from './graph.js';
import { simplifyGrid, type GridSimplifyOptions } from './grid2d.js';
import { simplifySequence, type SequenceSimplifyOptions } from './sequence.js';
import { simplifyTokens } from './tokens.js';
import type { CoverageOptions, Simplified } from './types.js';

export interface SimplifyWithCoverageOptions extends CoverageOptions {
  /** What the explainer knew beyond the map: token relations and labels, the graph's anchor and edge importance. */
  context?: FamilyResult['context'];
  /**
   * How to read a `sequence` map: 'intervals' (time steps) or 'tokens'. Default: tokens when the context
   * carries token relations or labels, else intervals.
   */
  sequenceAs?: 'intervals' | 'tokens';
  /** Grid only: the speckle size. */
  minArea?: GridSimplifyOptions['minArea'];
  /** Sequences only: gaps closed and runs dropped. */
  gap?: SequenceSimplifyOptions['gap'];
  minLength?: SequenceSimplifyOptions['minLength'];
}

export function simplifyWithCoverage(attribution: Attribution, options: SimplifyWithCoverageOptions = {}): Simplified {
  const { values, topology } = attribution;
  const { minCoverage, context } = options;
  switch (topology.kind) {
    case 'grid2d':
      return simplifyGrid(values, topology.width, topology.height, { minCoverage, minArea: options.minArea });
    case 'sequence': {
      const asTokens = options.sequenceAs ? options.sequenceAs === 'tokens' : context?.relations !== undefined || context?.labels !== undefined;
      if (asTokens) return simplifyTokens(values, { minCoverage, relations: context?.relations, labels: context?.labels });
      return simplifySequence(values, { minCoverage, gap: options.gap, minLength: options.minLength });
    }
    case 'graph': {
      const graphOptions = { minCoverage, anchor: context?.anchor, edgeImportance: context?.edgeImportance };
      if (context?.scope) return simplifyGraphInScope(values, topology.edges, context.scope, graphOptions);
      return simplifyGraph(values, topology.edges, graphOptions);
    }
  }
}
