/** Explanations for graph networks: node and edge importance from gradients, or from GAT attention. */
export { attentionImportance } from './attention.js';
export { nodeComputationGraph, reportImportance, wholeGraph, type ComputationGraph, type ReportedImportance } from './computation-graph.js';
export { explainGraph, parseGraphMethod } from './explain-graph.js';
export type { ForwardImportance, ImportanceMethod } from './forward-importance.js';
export { gradientXInputImportance } from './gradient-x-input.js';
export { GRAPH_METHODS, type GraphExplainOptions, type GraphExplanation, type GraphMethod } from './graph-explanation.js';
export { saliencyImportance } from './saliency.js';
export { explainedOutput, outputRow, targetGradients, type ExplainedOutput, type TargetGradients } from './target-gradients.js';
