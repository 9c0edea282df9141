/**
 * The CNN family: Grad-CAM of the shipped demo model (models/demo) on generated shape scenes, whose exact
 * object masks are the ground truth. The kept region on the image is each kept map cell's block of pixels,
 * and deleting a pixel replaces it by the image's mean (image-regions.ts says why for both).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { explain } from '../../../explain.js';
import { loadModel } from '../../../load.js';
import { classScores } from '../../metrics/faithfulness/class-scores.js';
import { regionPrecision } from '../../metrics/localisation/precision.js';
import { regionRecall } from '../../metrics/localisation/recall.js';
import { BENCHMARK_CONDITIONS, benchmarkItems } from '../../run/benchmark-items.js';
import type { LimitationFamily } from '../limitation-case.js';
import { keptBlocks, keptPixelsOnly } from './image-regions.js';

const DEMO_MODEL = fileURLToPath(new URL('../../../../models/demo/model/model.json', import.meta.url));

export const cnnFamily: LimitationFamily = {
  name: 'cnn',
  unavailable: () => (existsSync(DEMO_MODEL) ? null : `the demo model is missing (${DEMO_MODEL})`),
  async run(count, seed, visit) {
    const model = await loadModel(DEMO_MODEL);
    let grid = '';
    try {
      const { width, height, channels } = model.inputSpec;
      const items = benchmarkItems(model.inputSpec, { scenes: count, conditions: BENCHMARK_CONDITIONS, seed });
      for (let i = 0; i < count; i++) {
        const item = await items.load(i);
        // Generated scenes always name their class: the map explains the true class, as `litecam evaluate` does.
        const target = item.target as number;
        const [result] = await explain(model, [{ source: item.id, data: item.input }], { classes: [target], batchSize: 1 });
        const e = result.explanations[0];
        const { width: gridW, height: gridH } = e.attribution.topology as { width: number; height: number };
        grid = `${gridW}x${gridH}`;
        const truth = item.mask;
        const keptAtImage = (kept: Uint8Array) => keptBlocks(kept, gridW, gridH, width, height);
        await visit({
          id: `${item.id} (${item.condition})`,
          attribution: e.attribution,
          probability: e.probability,
          truthShare: truth.reduce((n, v) => n + (v ? 1 : 0), 0) / truth.length,
          localise: (kept) => {
            const mask = keptAtImage(kept);
            return { recall: regionRecall(mask, truth), precision: regionPrecision(mask, truth) };
          },
          scoreDrop: async (kept) => {
            const [original, shown] = await classScores(model, [item.input, keptPixelsOnly(item.input, keptAtImage(kept), channels)], target);
            return original - shown;
          },
        });
      }
    } finally {
      model.dispose();
    }
    return {
      model: 'models/demo (compact CNN trained on shape scenes)',
      data: `${count} generated shape scenes (seed ${seed}), conditions ${BENCHMARK_CONDITIONS.join(', ')} in turn`,
      method: `gradcam (${grid} map at the last convolution)`,
      unit: 'pixel',
      deletion: "the pixels outside the kept cells replaced by the image's per-channel mean",
    };
  },
};
