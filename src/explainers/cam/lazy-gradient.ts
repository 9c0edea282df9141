import * as tf from '@tensorflow/tfjs';
import type { GradientField } from './head-gradient.js';

export interface TimedGradient {
  field: GradientField;
  /** Milliseconds spent making the parts of the gradient that were asked for (0 when none was). */
  elapsedMs(): number;
}

/**
 * A gradient made on first use and timed, so that methods which never read it (Eigen-CAM, Ablation-CAM)
 * pay nothing for it, and a head without a gradient path still serves them.
 */
export function lazyGradient(make: () => GradientField): TimedGradient {
  let inner: GradientField | undefined;
  let mean: tf.Tensor2D | undefined;
  let full: tf.Tensor4D | undefined;
  let ms = 0;
  const timed = <T extends tf.Tensor>(get: (g: GradientField) => T): T => {
    const t = performance.now();
    inner ??= make();
    const out = get(inner);
    settle(out);
    ms += performance.now() - t;
    return out;
  };
  return {
    field: {
      spatialMean: () => (mean ??= timed((g) => g.spatialMean())),
      full: () => (full ??= timed((g) => g.full())),
    },
    elapsedMs: () => ms,
  };
}

/** Read one value so that a backend with a queue (webgl, webgpu) has finished the work being timed. */
function settle(t: tf.Tensor): void {
  tf.slice(t, new Array<number>(t.rank).fill(0), new Array<number>(t.rank).fill(1)).dataSync();
}
