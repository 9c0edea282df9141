/** The three graph networks' recipes: data, architecture, training and seeds, shared by train.ts and the tests. */
import { BA_SHAPES_DEFAULTS, BA_TWO_MOTIFS_DEFAULTS, TREE_CYCLES_DEFAULTS } from '../../src/datasets/graphs.js';
import type { GraphLayerSpec } from '../../src/zoo/gnn/index.js';

const gcn = (units: number): GraphLayerSpec => ({ kind: 'gcn', units });
const gat = (units: number, heads: number): GraphLayerSpec => ({ kind: 'gat', units, heads });

/** Seeds shared by every recipe: the train/test split, the initial weights, the random attribution baseline. */
export const GNN_SEEDS = { split: 1, weights: 1, randomAttribution: 3 } as const;

/** Share of nodes (or graphs) held out for testing. */
export const TEST_SHARE = 0.2;

export const GNN_RECIPES = {
  /** GNNExplainer's node classifier shape: three GCN layers of 20 units, Adam, 1000 epochs, on the paper-sized graph. */
  'ba-shapes': {
    data: { ...BA_SHAPES_DEFAULTS },
    task: 'node',
    layers: [gcn(20), gcn(20), gcn(20)],
    epochs: 1000,
    learningRate: 0.01,
    weightDecay: 5e-4,
  },
  /**
   * Three GAT layers of 4 heads x 8 units on Tree-Cycles at half size (depth 7, 40 cycles: 495 nodes instead
   * of 991). GAT's dense attention costs heads x N^2 per layer; at full size a training step takes ~2 s on
   * wasm, at half size a quarter of that. One-hot degree features: on constant features GAT is blind.
   */
  'tree-cycles': {
    data: { ...TREE_CYCLES_DEFAULTS, depth: 7, cycles: 40, features: 'degree', featureSize: 6 },
    task: 'node',
    layers: [gat(8, 4), gat(8, 4), gat(8, 4)],
    epochs: 100,
    learningRate: 0.01,
    weightDecay: 5e-4,
  },
  /**
   * Three GCN layers of 20 units with a mean readout on BA-2Motifs. One-hot degree features: on constant
   * features the mean of the node embeddings did not separate the classes (the loss stayed at ln 2 for 300
   * epochs), as five motif nodes among 25 shift the mean normalised degree by little.
   */
  'ba-2motifs': {
    data: { ...BA_TWO_MOTIFS_DEFAULTS, features: 'degree', featureSize: 10 },
    task: 'graph',
    layers: [gcn(20), gcn(20), gcn(20)],
    epochs: 200,
    learningRate: 0.01,
    weightDecay: 5e-4,
  },
} as const;

export type GnnRecipeName = keyof typeof GNN_RECIPES;

export const GNN_RECIPE_NAMES = Object.keys(GNN_RECIPES) as GnnRecipeName[];
