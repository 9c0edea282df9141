/** Topology-aware simplification with a coverage floor, and the multi-level thresholds, for library users. */
export { simplifyWithCoverage, type SimplifyWithCoverageOptions } from './with-coverage.js';
export { GRID_SIMPLIFY_DEFAULTS, simplifyGrid, type GridSimplifyOptions } from './grid2d.js';
export { SEQUENCE_SIMPLIFY_DEFAULTS, closeGaps, intervalsOf, simplifySequence, type Interval, type SequenceSimplifyOptions } from './sequence.js';
export { simplifyTokens, strongestRelation, type TokenSimplifyOptions } from './tokens.js';
export { adjacencyOf, simplifyGraph, type GraphSimplifyOptions } from './graph.js';
export { DEFAULT_MIN_COVERAGE, floorCount } from './coverage-floor.js';
export type { CoverageOptions, Simplified, Structure } from './types.js';
export { MULTILEVEL_DEFAULT_PERCENTS, levelMap, multiLevelThresholds } from '../../attribution/threshold/multilevel.js';
