/**
 * Full-batch training of a graph network with Adam on softmax cross-entropy: one step per epoch over the
 * whole graph (node classification: the loss weighs only the training nodes) or over every training graph
 * at once (graph classification; the graphs share one node count, so they stack into one dense batch).
 */
import * as tf from '@tensorflow/tfjs';
import { denseGraph, denseGraphBatch, type GraphData, type GraphNetwork } from '../../src/zoo/gnn/index.js';

export interface FitOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty on every kernel (Kipf and Welling 2017 put 5e-4 on their first layer). */
  weightDecay: number;
}

export interface FitResult {
  finalLoss: number;
  seconds: number;
}

/** Trains on the nodes in `train` (node classification). */
export async function fitNodes(model: GraphNetwork, graph: GraphData, labels: Int32Array, train: Int32Array, options: FitOptions): Promise<FitResult> {
  const inTrain = new Set(train);
  const inputs = {
    graphs: denseGraph(graph.nodes, graph.edges),
    features: tf.tensor3d(graph.features, [1, graph.nodes, graph.featureSize]),
    targets: oneHot(labels, model.numClasses),
    // Cross-entropy weighted 1 on training nodes and 0 elsewhere: the logits of one forward, no gather.
    weights: tf.tensor1d(Float32Array.from({ length: graph.nodes }, (_, v) => (inTrain.has(v) ? 1 : 0))),
  };
  const loss = (): tf.Scalar => {
    const logits = tf.squeeze(model.forwardBatch(inputs.graphs, inputs.features), [0]);
    return tf.add(tf.losses.softmaxCrossEntropy(inputs.targets, logits, inputs.weights), decay(model, options.weightDecay)) as tf.Scalar;
  };
  try {
    return await fit(model, loss, options);
  } finally {
    tf.dispose([inputs.graphs.adjacency, inputs.features, inputs.targets, inputs.weights]);
  }
}

/** Trains on whole graphs of one size (graph classification). */
export async function fitGraphs(model: GraphNetwork, graphs: GraphData[], labels: number[], options: FitOptions): Promise<FitResult> {
  const nodes = graphs[0].nodes;
  const inputs = {
    graphs: denseGraphBatch(nodes, graphs.map((g) => g.edges)),
    features: tf.tensor3d(concatFeatures(graphs), [graphs.length, nodes, model.featureSize]),
    targets: oneHot(labels, model.numClasses),
  };
  const loss = (): tf.Scalar =>
    tf.add(tf.losses.softmaxCrossEntropy(inputs.targets, model.forwardBatch(inputs.graphs, inputs.features) as tf.Tensor2D), decay(model, options.weightDecay)) as tf.Scalar;
  try {
    return await fit(model, loss, options);
  } finally {
    tf.dispose([inputs.graphs.adjacency, inputs.features, inputs.targets]);
  }
}

function oneHot(labels: ArrayLike<number>, classes: number): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), classes).toFloat()) as tf.Tensor2D;
}

export function concatFeatures(graphs: GraphData[]): Float32Array {
  const out = new Float32Array(graphs.reduce((n, g) => n + g.features.length, 0));
  let offset = 0;
  for (const g of graphs) {
    out.set(g.features, offset);
    offset += g.features.length;
  }
  return out;
}

async function fit(model: GraphNetwork, loss: () => tf.Scalar, options: FitOptions): Promise<FitResult> {
  const optimizer = tf.train.adam(options.learningRate);
  const variables = [...model.weights.values()];
  const started = performance.now();
  let last = NaN;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const value = optimizer.minimize(loss, true, variables) as tf.Scalar;
    if (epoch === options.epochs - 1) last = (await value.data())[0];
    value.dispose();
  }
  optimizer.dispose();
  return { finalLoss: last, seconds: (performance.now() - started) / 1000 };
}

function decay(model: GraphNetwork, weightDecay: number): tf.Scalar {
  const kernels = [...model.weights].filter(([name]) => name.endsWith('/kernel')).map(([, w]) => tf.sum(tf.square(w)));
  return tf.mul(tf.addN(kernels), weightDecay / 2) as tf.Scalar;
}
