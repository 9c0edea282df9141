/**
 * What the bench explains: generated shape scenes at the model's input size, normalised as the model
 * expects. Their content hardly moves the timings, but real structure gives the CAM maps the threshold
 * ablation works on a realistic shape.
 */
import { SCENE_PRESETS } from '../../datasets/presets.js';
import { generateScene } from '../../datasets/shapes.js';
import type { InputSpec } from '../../engines/types.js';
import type { PreparedInput } from '../../explain.js';
import { normalizePixels } from '../../image/preprocess.js';

/** Away from the seeds of the demo model's training, validation, held-out and evaluation scenes. */
export const BENCH_SEED = 70_000;

export function benchInputs(spec: InputSpec, count: number): PreparedInput[] {
  return Array.from({ length: count }, (_, i) => {
    const scene = generateScene(BENCH_SEED + i, { ...SCENE_PRESETS.varied, width: spec.width, height: spec.height });
    return { source: `scene-${i}`, data: normalizePixels(scene.rgb, spec.preprocess) };
  });
}
