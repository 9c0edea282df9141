/**
 * Pointing game of every method on the trained demo model and generated scenes with exact masks: the share
 * of scenes where the map's maximum (after upsampling to the scene's size) falls on the target object, per
 * condition, beside the rate a uniformly random point would get (the mask's mean area).
 * LIME and RISE run with fewer samples than their defaults (PERTURBATION_BUDGET) so all methods finish in
 * minutes; the saved JSON says so.
 * Usage: npm run bench:pointing [-- --scenes 50 --methods gradcam,lime]
 */
import * as tf from '@tensorflow/tfjs';
import { resizeBilinear } from '../src/attribution/resize.js';
import { DEMO_MODEL } from '../src/cli/demo-command.js';
import { SCENE_PRESETS, type ScenePreset } from '../src/datasets/presets.js';
import { generateScene } from '../src/datasets/shapes.js';
import { initBackend } from '../src/engines/tfjs/backend.js';
import { pointingGameHit } from '../src/evaluate/metrics/localisation/pointing-game.js';
import type { Method } from '../src/explainers/method.js';
import { limeMethod } from '../src/explainers/perturbation/lime.js';
import { riseMethod } from '../src/explainers/perturbation/rise.js';
import { METHODS } from '../src/explainers/registry.js';
import { normalizePixels } from '../src/image/preprocess.js';
import { loadModel } from '../src/load.js';
import { machine, saveJson } from './bench-util.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const perCondition = Number(arg('scenes', '50'));
const methods = arg('methods', [...METHODS.keys()].join(',')).split(',');
const conditions: ScenePreset[] = ['clean', 'textured', 'lowContrast', 'multiObject'];
const out = arg('out', 'benchmarks/results/pointing-game.json');
const SEED = 50_000; // away from the demo model's training, validation and held-out seeds
/** Reduced sample counts for the perturbation baselines on this benchmark (defaults: 1000 and 6000). */
const PERTURBATION_BUDGET = { limeSamples: 300, riseMasks: 1000 };
const OVERRIDES: Record<string, Method> = {
  lime: limeMethod({ samples: PERTURBATION_BUDGET.limeSamples }),
  rise: riseMethod({ masks: PERTURBATION_BUDGET.riseMasks }),
};

await initBackend('wasm');
const model = await loadModel(DEMO_MODEL);
const { width, height } = model.inputSpec;
const rows = [];
for (const condition of conditions) {
  const scenes = Array.from({ length: perCondition }, (_, i) => generateScene(SEED + i, { ...SCENE_PRESETS[condition], width, height }));
  const data = new Float32Array(scenes.length * width * height * 3);
  scenes.forEach((s, i) => data.set(normalizePixels(s.rgb, model.inputSpec.preprocess), i * width * height * 3));
  const chance = scenes.reduce((sum, s) => sum + s.mask.reduce((a, b) => a + b, 0) / s.mask.length, 0) / scenes.length;
  for (const name of methods) {
    const method = OVERRIDES[name] ?? METHODS.get(name);
    if (!method) throw new Error(`unknown method ${name}`);
    const batch = tf.tensor4d(data, [scenes.length, height, width, 3]);
    const t = performance.now();
    // The target is the TRUE class, so the score measures where the evidence for the object lies.
    const result = await method.explain({ model, score: 'logit', seed: 0, batchSize: 32 }, batch, { classes: scenes.map((s) => [s.label]) });
    const ms = (performance.now() - t) / scenes.length;
    batch.dispose();
    let hits = 0;
    result.maps.forEach(([m], i) => {
      const up = resizeBilinear(m.values, m.width, m.height, width, height);
      if (pointingGameHit(up, scenes[i].mask, width, height)) hits++;
    });
    const row = { condition, method: name, scenes: scenes.length, hitRate: hits / scenes.length, chance, msPerImage: ms };
    console.log(`${condition.padEnd(12)} ${name.padEnd(20)} hit rate ${(row.hitRate * 100).toFixed(1).padStart(5)}%  (chance ${(chance * 100).toFixed(1)}%)  ${ms.toFixed(1)} ms/img`);
    rows.push(row);
  }
}
model.dispose();
saveJson(out, { benchmark: 'pointing-game', machine: machine(), model: DEMO_MODEL, seed: SEED, perturbationBudget: PERTURBATION_BUDGET, rows });
