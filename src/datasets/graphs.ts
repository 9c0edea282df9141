/**
 * Graphs with planted motifs: exact ground truth for graph explainers. The label of a motif node (or of a
 * graph) is decided by the motif alone, so an explanation should put its weight on the motif's nodes and
 * edges.
 *
 * - BA-Shapes and Tree-Cycles: Ying et al., "GNNExplainer: Generating Explanations for Graph Neural
 *   Networks", NeurIPS 2019, section 5.1. Node classification on one graph.
 * - BA-2Motifs: Luo et al., "Parameterized Explainer for Graph Neural Network" (PGExplainer), NeurIPS 2020,
 *   section 5.1. Graph classification: the motif attached to a small BA graph decides the class.
 */
import type { GraphData } from '../zoo/gnn/graph.js';
import { UsageError } from '../errors.js';
import { nodeFeatures, type NodeFeatureKind } from './graph-features.js';
import { addBalancedBinaryTree, addBarabasiAlbert, addCycle, addHouse, addRandomEdges, GraphBuilder, HOUSE_ROLES, type PlantedMotif } from './graph-generators.js';
import { childSeed, integer, mulberry32, shuffled, type Random } from './random.js';

/** One graph whose nodes are classified, with its planted motifs. */
export interface MotifNodeDataset {
  graph: GraphData;
  /** Class of each node. */
  labels: Int32Array;
  classes: number;
  classNames: string[];
  /** Motif of each node (0..motifs-1), -1 for base-graph nodes. */
  nodeMotif: Int32Array;
  /** Motif of each edge when the edge is one of that motif's own edges, else -1 (attachments and random edges). */
  edgeMotif: Int32Array;
  motifs: number;
}

/** Graphs classified one by one, each with its motif. */
export interface MotifGraphDataset {
  graphs: Array<{ graph: GraphData; label: number; motifNodes: Uint8Array; motifEdges: Uint8Array }>;
  classes: number;
  classNames: string[];
}

interface FeatureOptions {
  /** 'constant' (the papers') or 'degree' (see graph-features.ts). */
  features?: NodeFeatureKind;
  featureSize?: number;
  seed?: number;
}

export interface BaShapesOptions extends FeatureOptions {
  baseNodes?: number;
  /** Edges each new node of the Barabási–Albert base brings. */
  edgesPerNode?: number;
  houses?: number;
  /** Random edges added at the end, as a share of the graph's edge count. */
  randomEdgeShare?: number;
}

export interface TreeCyclesOptions extends FeatureOptions {
  depth?: number;
  cycles?: number;
  cycleLength?: number;
  randomEdgeShare?: number;
}

export interface BaTwoMotifsOptions extends FeatureOptions {
  count?: number;
  baseNodes?: number;
  edgesPerNode?: number;
}

/**
 * Ying et al. 2019: a 300-node BA graph (m = 5, as in their generator), 80 houses each joined by one edge to
 * a distinct random base node, then 10% more edges at random; constant 10-dim features.
 */
export const BA_SHAPES_DEFAULTS: Required<BaShapesOptions> = { baseNodes: 300, edgesPerNode: 5, houses: 80, randomEdgeShare: 0.01, features: 'constant', featureSize: 10, seed: 0 };

/** Ying et al. 2019: a balanced binary tree of depth 8 (511 nodes) with 80 six-cycles attached; same perturbation. */
export const TREE_CYCLES_DEFAULTS: Required<TreeCyclesOptions> = { depth: 8, cycles: 80, cycleLength: 6, randomEdgeShare: 0.01, features: 'constant', featureSize: 10, seed: 0 };

/** Luo et al. 2020: 1000 graphs, a 20-node BA base (m = 1) with a house (class 0) or a five-cycle (class 1). */
export const BA_TWO_MOTIFS_DEFAULTS: Required<BaTwoMotifsOptions> = { count: 1000, baseNodes: 20, edgesPerNode: 1, features: 'constant', featureSize: 10, seed: 0 };

/** BA-Shapes: labels 0 base, 1 house top, 2 house middle, 3 house bottom. */
export function baShapes(options: BaShapesOptions = {}): MotifNodeDataset {
  const o = resolve(BA_SHAPES_DEFAULTS, options, 'BA-Shapes');
  requireAtLeast(o.edgesPerNode, 1, 'edgesPerNode', 'BA-Shapes');
  requireAtLeast(o.baseNodes, o.edgesPerNode + 1, 'baseNodes', 'BA-Shapes');
  requireAtLeast(o.houses, 0, 'houses', 'BA-Shapes');
  if (o.houses > o.baseNodes) throw new UsageError(`BA-Shapes: houses (${o.houses}) cannot exceed baseNodes (${o.baseNodes}): each joins a distinct base node`);
  const random = mulberry32(o.seed);
  const builder = new GraphBuilder();
  addBarabasiAlbert(builder, o.baseNodes, o.edgesPerNode, random);
  const roles = [HOUSE_ROLES.top, HOUSE_ROLES.middle, HOUSE_ROLES.middle, HOUSE_ROLES.bottom, HOUSE_ROLES.bottom];
  const motifs = plantMotifs(builder, o.houses, o.baseNodes, random, () => addHouse(builder));
  addRandomEdges(builder, Math.round(o.randomEdgeShare * builder.edges.length), random);
  return nodeDataset(builder, motifs, (index) => roles[index], ['base', 'house top', 'house middle', 'house bottom'], o);
}

/** Tree-Cycles: label 1 on cycle nodes, 0 on tree nodes. */
export function treeCycles(options: TreeCyclesOptions = {}): MotifNodeDataset {
  const o = resolve(TREE_CYCLES_DEFAULTS, options, 'Tree-Cycles');
  requireAtLeast(o.depth, 1, 'depth', 'Tree-Cycles');
  requireAtLeast(o.cycleLength, 3, 'cycleLength', 'Tree-Cycles');
  const treeNodes = 2 ** (o.depth + 1) - 1;
  if (o.cycles > treeNodes || o.cycles < 0) throw new UsageError(`Tree-Cycles: cycles must be in 0..${treeNodes} (one per tree node); got ${o.cycles}`);
  const random = mulberry32(o.seed);
  const builder = new GraphBuilder();
  addBalancedBinaryTree(builder, o.depth);
  const motifs = plantMotifs(builder, o.cycles, treeNodes, random, () => addCycle(builder, o.cycleLength));
  addRandomEdges(builder, Math.round(o.randomEdgeShare * builder.edges.length), random);
  return nodeDataset(builder, motifs, () => 1, ['tree', 'cycle'], o);
}

/** BA-2Motifs: class 0 when the motif is a house, 1 when it is a five-cycle; classes alternate (0, 1, 0 ...). */
export function baTwoMotifs(options: BaTwoMotifsOptions = {}): MotifGraphDataset {
  const o = resolve(BA_TWO_MOTIFS_DEFAULTS, options, 'BA-2Motifs');
  requireAtLeast(o.count, 1, 'count', 'BA-2Motifs');
  requireAtLeast(o.edgesPerNode, 1, 'edgesPerNode', 'BA-2Motifs');
  requireAtLeast(o.baseNodes, o.edgesPerNode + 1, 'baseNodes', 'BA-2Motifs');
  const graphs = Array.from({ length: o.count }, (_, i) => {
    const random = mulberry32(childSeed(o.seed, i));
    const label = i % 2;
    const builder = new GraphBuilder();
    addBarabasiAlbert(builder, o.baseNodes, o.edgesPerNode, random);
    const motif = label === 0 ? addHouse(builder) : addCycle(builder, 5);
    builder.addEdge(motif.anchor, integer(random, 0, o.baseNodes - 1));
    const motifNodes = new Uint8Array(builder.nodes);
    const motifEdges = new Uint8Array(builder.edges.length);
    motif.nodes.forEach((v) => (motifNodes[v] = 1));
    motif.edges.forEach((e) => (motifEdges[e] = 1));
    return { graph: toGraph(builder, o), label, motifNodes, motifEdges };
  });
  return { graphs, classes: 2, classNames: ['house', 'five-cycle'] };
}

/**
 * Indices 0..count-1 split at random into train and test sets (`testShare` of them to test), each
 * ascending: the nodes of a node-classification graph (trained on some labels, scored on the others), or
 * the graphs of a graph-classification set.
 */
export function splitIndices(count: number, testShare: number, seed: number): { train: Int32Array; test: Int32Array } {
  if (!(testShare > 0 && testShare < 1)) throw new UsageError(`splitIndices: testShare must be in (0, 1); got ${testShare}`);
  const order = shuffled(mulberry32(seed), Array.from({ length: count }, (_, v) => v));
  const cut = Math.round(count * testShare);
  const sorted = (a: number[]): Int32Array => Int32Array.from(a).sort();
  return { test: sorted(order.slice(0, cut)), train: sorted(order.slice(cut)) };
}

/** 1 on motif nodes (of motif `motif`, or of any motif when omitted). */
export function motifNodeMask(data: MotifNodeDataset, motif?: number): Uint8Array {
  return Uint8Array.from(data.nodeMotif, (m) => (m >= 0 && (motif === undefined || m === motif) ? 1 : 0));
}

/** 1 on motif edges (of motif `motif`, or of any motif when omitted), in the graph's edge order. */
export function motifEdgeMask(data: MotifNodeDataset, motif?: number): Uint8Array {
  return Uint8Array.from(data.edgeMotif, (m) => (m >= 0 && (motif === undefined || m === motif) ? 1 : 0));
}

/** Plants `count` motifs, each joined by one edge from its anchor to a distinct base node drawn at random. */
function plantMotifs(builder: GraphBuilder, count: number, baseNodes: number, random: Random, plant: () => PlantedMotif): PlantedMotif[] {
  const hosts = shuffled(random, Array.from({ length: baseNodes }, (_, v) => v)).slice(0, count);
  return hosts.map((host) => {
    const motif = plant();
    builder.addEdge(motif.anchor, host);
    return motif;
  });
}

function nodeDataset(
  builder: GraphBuilder,
  motifs: PlantedMotif[],
  /** The label of a motif's index-th node. */
  labelOf: (index: number) => number,
  classNames: string[],
  o: Required<FeatureOptions>,
): MotifNodeDataset {
  const labels = new Int32Array(builder.nodes);
  const nodeMotif = new Int32Array(builder.nodes).fill(-1);
  const edgeMotif = new Int32Array(builder.edges.length).fill(-1);
  motifs.forEach((motif, m) => {
    motif.nodes.forEach((v, index) => {
      labels[v] = labelOf(index);
      nodeMotif[v] = m;
    });
    motif.edges.forEach((e) => (edgeMotif[e] = m));
  });
  return { graph: toGraph(builder, o), labels, classes: classNames.length, classNames, nodeMotif, edgeMotif, motifs: motifs.length };
}

function toGraph(builder: GraphBuilder, o: Required<FeatureOptions>): GraphData {
  const edges = builder.edges.map(([a, b]): [number, number] => [a, b]);
  return { nodes: builder.nodes, featureSize: o.featureSize, features: nodeFeatures(o.features, builder.nodes, edges, o.featureSize), edges };
}

function resolve<T extends object>(defaults: Required<T>, options: T, what: string): Required<T> {
  const known = Object.keys(defaults);
  const unknown = Object.keys(options).filter((k) => !known.includes(k) && (options as Record<string, unknown>)[k] !== undefined);
  if (unknown.length > 0) throw new UsageError(`${what}: unknown option(s) ${unknown.join(', ')}; it accepts ${known.join(', ')}`);
  const merged = { ...defaults, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<T>;
  for (const [key, value] of Object.entries(merged)) {
    if (key === 'features') continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new UsageError(`${what}: ${key} must be a number; got ${JSON.stringify(value)}`);
    if (key !== 'randomEdgeShare' && !Number.isSafeInteger(value)) throw new UsageError(`${what}: ${key} must be an integer; got ${value}`);
  }
  const share = (merged as { randomEdgeShare?: number }).randomEdgeShare;
  if (share !== undefined && !(share >= 0 && share <= 1)) throw new UsageError(`${what}: randomEdgeShare must be in [0, 1]; got ${share}`);
  return merged;
}

function requireAtLeast(value: number, min: number, key: string, what: string): void {
  if (value < min) throw new UsageError(`${what}: ${key} must be >= ${min}; got ${value}`);
}
