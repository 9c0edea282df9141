/** From per-row patch scores on the device to the maps the pipeline thresholds and renders. */
import type * as tf from '@tensorflow/tfjs';
import { resolveTargets, type CamMap, type TargetSpec } from '../cam/cam-core.js';
import type { PatchLayout } from './patch-transformer.js';

/** The (image, class) pairs to explain, one row each. */
export interface TargetRows {
  classes: number[][];
  /** Which image each row reads ... */
  rows: number[];
  /** ... and which class it explains. */
  cols: number[];
}

export function targetRows(targets: TargetSpec, logits: Float32Array, n: number, numClasses: number): TargetRows {
  const classes = resolveTargets(targets, logits, n, numClasses);
  const rows: number[] = [];
  const cols: number[] = [];
  classes.forEach((cs, i) => cs.forEach((c) => { rows.push(i); cols.push(c); }));
  return { classes, rows, cols };
}

/**
 * Read the patch scores [rows, P] back (and dispose them) as one map on the patch grid per (image, class).
 * `perImage` says the scores have one row per image, shared by all its classes (class-agnostic rollout).
 */
export async function collectPatchMaps(
  scores: tf.Tensor2D,
  layout: PatchLayout,
  targets: TargetRows,
  logits: Float32Array,
  numClasses: number,
  perImage = false,
): Promise<CamMap[][]> {
  const data = (await scores.data()) as Float32Array;
  scores.dispose();
  const { width, height } = layout.patchGrid;
  const size = width * height;
  const maps: CamMap[][] = targets.classes.map(() => []);
  targets.rows.forEach((img, j) => {
    const source = perImage ? img : j;
    maps[img].push({
      classIndex: targets.cols[j],
      logit: logits[img * numClasses + targets.cols[j]],
      values: data.slice(source * size, (source + 1) * size),
      width,
      height,
    });
  });
  return maps;
}
