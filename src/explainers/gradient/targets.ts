import { topK, type TargetSpec } from '../cam/cam-core.js';

/** The classes to explain for each of `n` images: the explicit lists, or each image's own top k. */
export function classesPerImage(targets: TargetSpec, logits: Float32Array, n: number, numClasses: number): number[][] {
  if ('classes' in targets) {
    if (targets.classes.length !== n) throw new Error(`internal: ${targets.classes.length} class lists for ${n} images`);
    return targets.classes;
  }
  return Array.from({ length: n }, (_, i) => topK(logits.subarray(i * numClasses, (i + 1) * numClasses), targets.topK));
}
