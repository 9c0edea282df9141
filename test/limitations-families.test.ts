import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { existsSync } from 'node:fs';
import { BA_SHAPES_DEFAULTS } from '../src/datasets/graphs.js';
import { cnnFamily } from '../src/evaluate/limitations/families/cnn.js';
import { GRAPH_FAMILY_DATA, graphFamily } from '../src/evaluate/limitations/families/graph.js';
import { rnnFamily } from '../src/evaluate/limitations/families/rnn.js';
import { textFamily } from '../src/evaluate/limitations/families/text.js';
import { vitFamily } from '../src/evaluate/limitations/families/vit.js';
import type { LimitationCase, LimitationFamily } from '../src/evaluate/limitations/limitation-case.js';
import { buildGraphNetwork, saveGraphNetwork } from '../src/zoo/gnn/index.js';
import { initVitWeights, resolveVitConfig, vitFromWeights } from '../src/zoo/vit.js';
import { saveVisionTransformer } from '../src/zoo/vit-files.js';
import { tempDir } from './helpers/fixtures.js';

/** A kept set that keeps every entry, or none. */
function keepAll(n: number, keep: boolean): Uint8Array {
  return new Uint8Array(n).fill(keep ? 1 : 0);
}

/** Runs the family, checking each case while its model is alive (the family disposes it when done). */
async function checkCases(family: LimitationFamily, count: number, check: (c: LimitationCase) => Promise<void>): Promise<number> {
  let seen = 0;
  await family.run(count, 123, async (c) => {
    await check(c);
    seen++;
  });
  return seen;
}

/** What every family's cases must satisfy, whatever the model. */
async function expectWellFormed(c: LimitationCase, topology: string): Promise<void> {
  const values = c.attribution.values;
  expect(c.attribution.topology.kind).toBe(topology);
  expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
  expect([0, 1]).toContain(Math.max(...values));
  expect(c.probability).toBeGreaterThanOrEqual(0);
  expect(c.probability).toBeLessThanOrEqual(1);
  expect(c.truthShare).toBeGreaterThan(0);
  // 1 happens: a house node's computation graph can be its house alone.
  expect(c.truthShare).toBeLessThanOrEqual(1);
  // Keeping everything finds all the evidence, at the precision a random set has, and deletes nothing.
  const all = c.localise(keepAll(values.length, true));
  expect(all.recall).toBe(1);
  expect(all.precision).toBeCloseTo(c.truthShare, 12);
  expect(await c.scoreDrop(keepAll(values.length, true))).toBeCloseTo(0, 6);
  // Keeping nothing finds nothing.
  expect(c.localise(keepAll(values.length, false))).toEqual({ recall: 0, precision: 0 });
  const dropAll = await c.scoreDrop(keepAll(values.length, false));
  expect(Math.abs(dropAll)).toBeLessThanOrEqual(1);
}

describe('limitations families', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('cnn: Grad-CAM of the demo model on an 8x8 grid, true class explained, scored per pixel', async () => {
    const seen = await checkCases(cnnFamily, 2, async (c) => {
      await expectWellFormed(c, 'grid2d');
      expect(c.attribution.topology).toEqual({ kind: 'grid2d', width: 8, height: 8 });
    });
    expect(seen).toBe(2);
  });

  it('rnn: gradient x input of the planted LSTM per step, the planted interval a fifth of the sequence', async () => {
    const drops: number[] = [];
    const seen = await checkCases(rnnFamily, 3, async (c) => {
      await expectWellFormed(c, 'sequence');
      expect(c.truthShare).toBeCloseTo(6 / 30, 12);
      drops.push(await c.scoreDrop(keepAll(30, false)));
    });
    expect(seen).toBe(3);
    // Deleting every step leaves the sequence's mean, which carries no pattern: the trained model loses confidence.
    expect(drops.reduce((a, b) => a + b, 0) / drops.length).toBeGreaterThan(0.2);
  });

  it('vit: runs on any saved ViT with its preprocessing, maps on the patch grid', async () => {
    const dir = join(tempDir('litecam-vit-'), 'model');
    const config = resolveVitConfig({ inputSize: 32, patchSize: 8, depth: 1, heads: 1, width: 8, mlpRatio: 1, numClasses: 6, seed: 3 });
    const vit = vitFromWeights(config, initVitWeights(config), { preprocess: { scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], resize: 'fill' } });
    await saveVisionTransformer(vit, dir);
    vit.dispose();
    const family = vitFamily(dir);
    expect(family.unavailable()).toBeNull();
    const seen = await checkCases(family, 2, async (c) => {
      await expectWellFormed(c, 'grid2d');
      expect(c.attribution.topology).toEqual({ kind: 'grid2d', width: 4, height: 4 });
    });
    expect(seen).toBe(2);
  });

  it.skipIf(textFamily().unavailable() !== null)('text: gradient rollout of the cue-sentence encoder per word, the cue words as ground truth', async () => {
    const seen = await checkCases(textFamily(), 2, async (c) => {
      await expectWellFormed(c, 'sequence');
      // 8 to 16 words with 2 or 3 cues.
      expect(c.truthShare).toBeGreaterThanOrEqual(2 / 16);
      expect(c.truthShare).toBeLessThanOrEqual(3 / 8);
    });
    expect(seen).toBe(2);
  });

  it('graph: node importance on the computation graph of a saved GCN, the explained node\'s house as ground truth', async () => {
    const dir = join(tempDir('litecam-gnn-'), 'ba-shapes');
    const data = { ...BA_SHAPES_DEFAULTS, baseNodes: 30, edgesPerNode: 2, houses: 6 };
    const model = buildGraphNetwork({ task: 'node', featureSize: data.featureSize, numClasses: 4, layers: [{ kind: 'gcn', units: 8 }, { kind: 'gcn', units: 8 }], seed: 2 });
    await saveGraphNetwork(model, dir);
    model.dispose();
    const seen = await checkCases(graphFamily(dir, data), 3, async (c) => {
      await expectWellFormed(c, 'graph');
    });
    expect(seen).toBe(3);
  });

  it('graph: rebuilds exactly the graph the BA-Shapes recipe trains on', async () => {
    const recipe = fileURLToPath(new URL('../models/gnn/recipe.ts', import.meta.url));
    if (!existsSync(recipe)) return;
    const { GNN_RECIPES } = await import('../models/gnn/recipe.js');
    expect(GRAPH_FAMILY_DATA).toEqual(GNN_RECIPES['ba-shapes'].data);
  });

  it('says why a family cannot run when its model is missing', () => {
    expect(vitFamily('/nonexistent/vit').unavailable()).toMatch(/no ViT trained on shape scenes in \/nonexistent\/vit/);
    expect(textFamily('/nonexistent/text').unavailable()).toMatch(/no text encoder trained on cue sentences in \/nonexistent\/text/);
    expect(graphFamily('/nonexistent/gnn').unavailable()).toMatch(/no GNN trained on BA-Shapes in \/nonexistent\/gnn/);
  });
});
