/**
 * A graph network: GCN and/or GAT layers (gcn-layer.ts, gat-layer.ts), each followed by its paper's
 * activation (ReLU for GCN, Kipf and Welling 2017; ELU for GAT, Veličković et al. 2018), then a linear layer
 * to the classes: per node for node classification, on the mean of the node embeddings for graph
 * classification (the mean readout).
 *
 * Plain TF.js ops over named variables rather than a LayersModel, for the same reason as zoo/vit.ts: the
 * explainers need a differentiable per-edge weight and each layer's attention, which a LayersModel does not
 * expose; and the variables train directly with an optimizer.
 */
import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../errors.js';
import { layerSeed } from '../initializers.js';
import { requireGraphNetworkConfig, weightSpecs, type GraphLayerKind, type GraphNetworkConfig, type GraphTask } from './config.js';
import { denseGraph, type DenseGraph } from './dense-graph.js';
import { gatLayer, type GatWeights } from './gat-layer.js';
import { gcnLayer, project, type GcnWeights } from './gcn-layer.js';
import { requireEdgeWeights, requireGraph, type GraphData } from './graph.js';

/** Sees each GAT layer's attention, [B, heads, N, N], as it is computed (GCN layers have none). */
export type AttentionListener = (layer: number, attention: tf.Tensor4D) => void;

export interface GraphForwardOptions {
  /** Node features [N, featureSize] to use instead of the graph's (to differentiate with respect to them). */
  features?: tf.Tensor2D;
  /** One weight per edge in the graph's order (1 keeps an edge, 0 removes it); default all 1. */
  edgeWeights?: tf.Tensor1D;
  onAttention?: AttentionListener;
}

export interface GraphNetwork {
  readonly config: GraphNetworkConfig;
  readonly layerKinds: readonly GraphLayerKind[];
  readonly task: GraphTask;
  readonly numClasses: number;
  readonly featureSize: number;
  /** Message-passing layers: a node's output depends on nodes up to this many hops away, and no further. */
  readonly hops: number;
  /** The trainable weights by name (see config.ts weightSpecs for names and shapes). */
  readonly weights: ReadonlyMap<string, tf.Variable>;
  /**
   * Logits of one graph: [nodes, classes] for node classification, [1, classes] for graph classification.
   * `edgeWeights`, one in [0, 1] per edge, scale the edges (ones change nothing). The caller disposes them.
   */
  predict(graph: GraphData, edgeWeights?: ArrayLike<number>): tf.Tensor2D;
  /** predict's forward, unchecked and differentiable (call inside a tidy or a gradient). */
  forward(graph: GraphData, options?: GraphForwardOptions): tf.Tensor2D;
  /** A batch of graphs of one size: node task [B, N, classes], graph task [B, classes]. Differentiable. */
  forwardBatch(graphs: DenseGraph, features: tf.Tensor3D, onAttention?: AttentionListener): tf.Tensor;
  dispose(): void;
}

export interface GraphNetworkOptions extends GraphNetworkConfig {
  /** Base seed of the random initialisation; each weight derives its own seed from it and its name. */
  seed?: number;
}

/**
 * A network with seeded random weights: Glorot uniform kernels and attention vectors (the initialisation of
 * both papers), zero biases.
 */
export function buildGraphNetwork(options: GraphNetworkOptions): GraphNetwork {
  const config = requireGraphNetworkConfig(options);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`graph network: seed must be an integer; got ${String(seed)}`);
  const values = new Map<string, tf.Tensor>();
  for (const { name, shape } of weightSpecs(config)) {
    values.set(name, name.endsWith('/bias') ? tf.zeros(shape) : tf.initializers.glorotUniform({ seed: layerSeed(seed, name) }).apply(shape));
  }
  try {
    return graphNetworkFromWeights(config, values);
  } finally {
    tf.dispose([...values.values()]);
  }
}

/** A network over the given weights (copied into variables); every weight of weightSpecs(config) must be there with its shape. */
export function graphNetworkFromWeights(configInput: GraphNetworkConfig, values: ReadonlyMap<string, tf.Tensor>, what = 'graph network'): GraphNetwork {
  const config = requireGraphNetworkConfig(configInput, what);
  const weights = new Map<string, tf.Variable>();
  for (const { name, shape } of weightSpecs(config)) {
    const value = values.get(name);
    if (!value) throw new UsageError(`${what}: weight '${name}' is missing`);
    if (value.shape.join('x') !== shape.join('x')) throw new UsageError(`${what}: weight '${name}' must be ${shape.join('x')}; got ${value.shape.join('x')}`);
    weights.set(name, tf.variable(value, true, undefined, 'float32'));
  }
  const get = <T extends tf.Tensor>(name: string): T => weights.get(name) as unknown as T;
  const last = config.layers.length - 1;

  const embed = (graphs: DenseGraph, features: tf.Tensor3D, onAttention?: AttentionListener): tf.Tensor3D => {
    let h = features;
    config.layers.forEach((layer, i) => {
      if (layer.kind === 'gcn') {
        const w: GcnWeights = { kernel: get(`layer${i}/kernel`), bias: get(`layer${i}/bias`) };
        h = tf.relu(gcnLayer(graphs, h, w));
      } else {
        const w: GatWeights = {
          kernel: get(`layer${i}/kernel`),
          attentionSelf: get(`layer${i}/attention_self`),
          attentionNeighbour: get(`layer${i}/attention_neighbour`),
          bias: get(`layer${i}/bias`),
        };
        const { output, attention } = gatLayer(graphs, h, w, i === last ? 'mean' : 'concat');
        onAttention?.(i, attention);
        h = tf.elu(output);
      }
    });
    return h;
  };

  const forwardBatch = (graphs: DenseGraph, features: tf.Tensor3D, onAttention?: AttentionListener): tf.Tensor => {
    const h = embed(graphs, features, onAttention);
    const kernel = get<tf.Tensor2D>('head/kernel');
    const bias = get<tf.Tensor1D>('head/bias');
    return config.task === 'node' ? tf.add(project(h, kernel), bias) : tf.add(tf.matMul(tf.mean(h, 1), kernel), bias);
  };

  const forward = (graph: GraphData, options: GraphForwardOptions = {}): tf.Tensor2D => {
    const features = options.features ?? tf.tensor2d(graph.features, [graph.nodes, graph.featureSize]);
    const out = forwardBatch(denseGraph(graph.nodes, graph.edges, options.edgeWeights), tf.expandDims(features, 0), options.onAttention);
    return (config.task === 'node' ? tf.squeeze(out, [0]) : out) as tf.Tensor2D;
  };

  return {
    config,
    layerKinds: config.layers.map((l) => l.kind),
    task: config.task,
    numClasses: config.numClasses,
    featureSize: config.featureSize,
    hops: config.layers.length,
    weights,
    predict: (graph, edgeWeights) => {
      requireGraph(graph, config.featureSize);
      const w = edgeWeights === undefined ? undefined : requireEdgeWeights(edgeWeights, graph.edges.length);
      return tf.tidy(() => forward(graph, { edgeWeights: w && tf.tensor1d(w) }));
    },
    forward,
    forwardBatch,
    dispose: () => tf.dispose([...weights.values()]),
  };
}

/** Whether `value` looks like a GraphNetwork (structural check; never throws). */
export function isGraphNetwork(value: unknown): value is GraphNetwork {
  try {
    if (typeof value !== 'object' || value === null) return false;
    const v = value as Partial<GraphNetwork>;
    return (
      Array.isArray(v.layerKinds) &&
      v.layerKinds.length > 0 &&
      v.layerKinds.every((k) => k === 'gcn' || k === 'gat') &&
      (v.task === 'node' || v.task === 'graph') &&
      Number.isSafeInteger(v.numClasses) &&
      Number.isSafeInteger(v.featureSize) &&
      Number.isSafeInteger(v.hops) &&
      typeof v.predict === 'function' &&
      typeof v.forward === 'function'
    );
  } catch {
    return false;
  }
}
