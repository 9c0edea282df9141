/** A recipe's dataset and its train/test split, rebuilt from the seeds (the training script and the tests share it). */
import { baShapes, baTwoMotifs, splitIndices, treeCycles, type MotifGraphDataset, type MotifNodeDataset } from '../../src/datasets/graphs.js';
import type { GraphMethod } from '../../src/explainers/graph/index.js';
import { GNN_RECIPES, GNN_SEEDS, TEST_SHARE, type GnnRecipeName } from './recipe.js';

export type RecipeData =
  | { task: 'node'; data: MotifNodeDataset; split: { train: Int32Array; test: Int32Array } }
  | { task: 'graph'; data: MotifGraphDataset; split: { train: Int32Array; test: Int32Array } };

export function recipeData(name: GnnRecipeName): RecipeData {
  if (name === 'ba-2motifs') {
    const data = baTwoMotifs(GNN_RECIPES[name].data);
    return { task: 'graph', data, split: splitIndices(data.graphs.length, TEST_SHARE, GNN_SEEDS.split) };
  }
  const data = name === 'ba-shapes' ? baShapes(GNN_RECIPES[name].data) : treeCycles(GNN_RECIPES[name].data);
  return { task: 'node', data, split: splitIndices(data.graph.nodes, TEST_SHARE, GNN_SEEDS.split) };
}

/** Every method that applies to the recipe's layers; attention only where there are GAT layers. */
export function recipeMethods(name: GnnRecipeName): GraphMethod[] {
  const hasGat = GNN_RECIPES[name].layers.some((l) => l.kind === 'gat');
  return hasGat ? ['graph-gradient', 'graph-saliency', 'gat-attention'] : ['graph-gradient', 'graph-saliency'];
}
