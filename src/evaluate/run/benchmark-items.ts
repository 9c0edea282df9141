import { SCENE_PRESETS, type ScenePreset } from '../../datasets/presets.js';
import { generateScene } from '../../datasets/shapes.js';
import type { InputSpec } from '../../engines/types.js';
import { UsageError } from '../../errors.js';
import { normalizePixels } from '../../image/preprocess.js';
import type { ItemSource } from './evaluation-item.js';

/** Easy, cluttered, faint, crowded and small scenes: the conditions a localisation claim should hold across. */
export const BENCHMARK_CONDITIONS: ScenePreset[] = ['clean', 'textured', 'lowContrast', 'multiObject', 'fineGrained'];
/** 40 scenes per condition: enough for a bootstrap interval of a mean IoU about a tenth wide. */
export const BENCHMARK_SCENES = 200;
/** Away from the demo model's training (1), validation (2) and held-out (3) scene seeds, as bench:pointing's. */
export const BENCHMARK_SEED = 50_000;

export interface BenchmarkOptions {
  scenes: number;
  conditions: string[];
  seed: number;
}

/** Generated scenes with exact masks, dealt to the conditions in turn, at the model's input size. */
export function benchmarkItems(inputSpec: InputSpec, options: BenchmarkOptions): ItemSource {
  const conditions = options.conditions.map(checkedPreset);
  if (inputSpec.channels !== 3) throw new UsageError(`the synthetic benchmark needs an RGB model (3 input channels), got ${inputSpec.channels}`);
  const { width, height } = inputSpec;
  return {
    count: options.scenes,
    load: async (index) => {
      const condition = conditions[index % conditions.length];
      const scene = generateScene(options.seed + index, { ...SCENE_PRESETS[condition], width, height });
      return {
        id: `scene-${index}`,
        condition,
        input: normalizePixels(scene.rgb, inputSpec.preprocess),
        target: scene.label,
        image: { rgb: scene.rgb, width, height },
        mask: scene.mask,
        box: { left: 0, top: 0, width, height },
      };
    },
  };
}

function checkedPreset(name: string): ScenePreset {
  if (!(name in SCENE_PRESETS)) {
    throw new UsageError(`unknown condition '${name}'; conditions are: ${Object.keys(SCENE_PRESETS).join(', ')}`);
  }
  return name as ScenePreset;
}
