/**
 * Accuracy of the graph networks, and how well their explanations recover the planted motifs: the ROC-AUC
 * of edge importance against the motif's edges, and the share of node importance on the motif's nodes,
 * for each method and for a random attribution of the same sizes.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../src/attribution/random.js';
import type { MotifGraphDataset, MotifNodeDataset } from '../../src/datasets/graphs.js';
import { relevanceMassAccuracy } from '../../src/evaluate/metrics/localisation/relevance-mass.js';
import { rocAuc } from '../../src/evaluate/metrics/localisation/roc-auc.js';
import { explainGraph, type GraphExplanation, type GraphMethod } from '../../src/explainers/graph/index.js';
import type { GraphData, GraphNetwork } from '../../src/zoo/gnn/index.js';

export interface Localisation {
  /**
   * Mean ROC-AUC of edge importance against the motif's edges (0.5: chance), over the explanations whose
   * reported edges include both motif and other edges (a cycle node's 3-hop computation graph can be its
   * cycle alone, where AUC is undefined).
   */
  edgeAuc: number;
  /** Mean over explanations of the share of node importance on the motif's nodes. */
  nodeMassShare: number;
  /** Mean time per explanation, ms (random: drawing the numbers). */
  meanMs: number;
}

export interface MotifRecovery {
  /** How many nodes (node classification) or graphs were explained. */
  explained: number;
  /** How many of them had an edge AUC (both motif and other edges reported). */
  withEdgeAuc: number;
  byMethod: Record<string, Localisation>;
  random: Localisation;
  /** The node mass share a uniform attribution gets: the motif's share of the reported nodes, averaged. */
  uniformNodeMassShare: number;
}

/** Share of `nodes` whose predicted class is their label. */
export async function nodeAccuracy(model: GraphNetwork, data: MotifNodeDataset, nodes: Int32Array): Promise<number> {
  const predicted = tf.tidy(() => tf.argMax(model.predict(data.graph), 1));
  const classes = await predicted.data();
  predicted.dispose();
  return nodes.reduce((hits, v) => hits + (classes[v] === data.labels[v] ? 1 : 0), 0) / nodes.length;
}

/** Share of the graphs at `indices` classified as their label. */
export async function graphAccuracy(model: GraphNetwork, data: MotifGraphDataset, indices: Int32Array): Promise<number> {
  let hits = 0;
  for (const i of indices) {
    const predicted = tf.tidy(() => tf.argMax(model.predict(data.graphs[i].graph), 1));
    if ((await predicted.data())[0] === data.graphs[i].label) hits++;
    predicted.dispose();
  }
  return hits / indices.length;
}

/** Motif nodes among `nodes`: the nodes whose explanation can be scored against a planted motif. */
export function motifNodesAmong(data: MotifNodeDataset, nodes: Int32Array): Int32Array {
  return nodes.filter((v) => data.nodeMotif[v] >= 0);
}

/** Explains each node's true class and scores the explanation against the node's own motif. */
export async function nodeMotifRecovery(model: GraphNetwork, data: MotifNodeDataset, nodes: Int32Array, methods: readonly GraphMethod[], randomSeed: number): Promise<MotifRecovery> {
  const cases = Array.from(nodes, (node) => ({
    graph: data.graph,
    options: { node, target: data.labels[node] },
    truth: (e: GraphExplanation) => ({
      nodes: Uint8Array.from(e.nodeIds, (v) => (data.nodeMotif[v] === data.nodeMotif[node] ? 1 : 0)),
      edges: Uint8Array.from(e.edgeIds, (id) => (data.edgeMotif[id] === data.nodeMotif[node] ? 1 : 0)),
    }),
  }));
  return motifRecovery(model, cases, methods, randomSeed);
}

/** Explains each graph's true class and scores the explanation against its motif. */
export async function graphMotifRecovery(model: GraphNetwork, data: MotifGraphDataset, indices: Int32Array, methods: readonly GraphMethod[], randomSeed: number): Promise<MotifRecovery> {
  const cases = Array.from(indices, (i) => ({
    graph: data.graphs[i].graph,
    options: { target: data.graphs[i].label },
    truth: () => ({ nodes: data.graphs[i].motifNodes, edges: data.graphs[i].motifEdges }),
  }));
  return motifRecovery(model, cases, methods, randomSeed);
}

interface Case {
  graph: GraphData;
  options: { node?: number; target: number };
  /** Motif masks over the explanation's reported nodes and edges. */
  truth: (e: GraphExplanation) => { nodes: Uint8Array; edges: Uint8Array };
}

async function motifRecovery(model: GraphNetwork, cases: Case[], methods: readonly GraphMethod[], randomSeed: number): Promise<MotifRecovery> {
  const random = mulberry32(randomSeed);
  const sums = new Map<string, Localisation>([...methods, 'random'].map((m) => [m, { edgeAuc: 0, nodeMassShare: 0, meanMs: 0 }]));
  let uniform = 0;
  let withEdgeAuc = 0;
  const add = (method: string, nodeValues: Float32Array, edgeValues: Float32Array, truth: { nodes: Uint8Array; edges: Uint8Array }, ms: number): void => {
    const s = sums.get(method) as Localisation;
    if (hasBothClasses(truth.edges)) s.edgeAuc += rocAuc(edgeValues, truth.edges);
    s.nodeMassShare += relevanceMassAccuracy(nodeValues, truth.nodes);
    s.meanMs += ms;
  };
  for (const c of cases) {
    let truth: { nodes: Uint8Array; edges: Uint8Array } | undefined;
    for (const method of methods) {
      const e = await explainGraph(model, c.graph, method, c.options);
      truth = c.truth(e);
      add(method, e.attribution.values, e.edgeImportance, truth, e.explainMs);
    }
    if (!truth) continue;
    const started = performance.now();
    const noiseNodes = Float32Array.from(truth.nodes, () => random());
    const noiseEdges = Float32Array.from(truth.edges, () => random());
    add('random', noiseNodes, noiseEdges, truth, performance.now() - started);
    uniform += truth.nodes.reduce((a, b) => a + b, 0) / truth.nodes.length;
    if (hasBothClasses(truth.edges)) withEdgeAuc++;
  }
  const mean = (s: Localisation): Localisation => ({ edgeAuc: s.edgeAuc / withEdgeAuc, nodeMassShare: s.nodeMassShare / cases.length, meanMs: s.meanMs / cases.length });
  return {
    explained: cases.length,
    withEdgeAuc,
    byMethod: Object.fromEntries(methods.map((m) => [m, mean(sums.get(m) as Localisation)])),
    random: mean(sums.get('random') as Localisation),
    uniformNodeMassShare: uniform / cases.length,
  };
}

function hasBothClasses(mask: Uint8Array): boolean {
  const positives = mask.reduce((a, b) => a + b, 0);
  return positives > 0 && positives < mask.length;
}
