/** Graph networks (GCN, GAT) in plain TF.js ops, for node and graph classification, with their file format. */
export {
  GRAPH_LAYER_KINDS,
  GRAPH_TASKS,
  layerInputWidth,
  layerOutputWidth,
  requireGraphNetworkConfig,
  weightSpecs,
  type GraphLayerKind,
  type GraphLayerSpec,
  type GraphNetworkConfig,
  type GraphTask,
  type WeightSpec,
} from './config.js';
export { adjacencyWithSelfLoops, denseGraph, denseGraphBatch, type DenseGraph } from './dense-graph.js';
export { GAT_LEAKY_RELU_SLOPE, gatLayer, type GatOutput, type GatWeights, type HeadMerge } from './gat-layer.js';
export { gcnLayer, symmetricNormalised, type GcnWeights } from './gcn-layer.js';
export { requireEdgeWeights, requireGraph, type GraphData } from './graph.js';
export {
  buildGraphNetwork,
  graphNetworkFromWeights,
  isGraphNetwork,
  type AttentionListener,
  type GraphForwardOptions,
  type GraphNetwork,
  type GraphNetworkOptions,
} from './network.js';
export { hopDistances, inducedSubgraph, neighbourLists, type InducedSubgraph } from './subgraph.js';
export { GRAPH_NETWORK_FORMAT, GRAPH_NETWORK_MANIFEST, GRAPH_NETWORK_VERSION, loadGraphNetwork, parseManifest, saveGraphNetwork, type GraphNetworkManifest } from './weights-io.js';
