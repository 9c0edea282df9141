import * as tf from '@tensorflow/tfjs';
import { ortRuntimeName } from '../engines/onnx/ort-session.js';
import type { ImageExplanation } from '../explain.js';
import { imageCodecName } from '../image/codec.js';

/** The JSON Lines record for one image: the documented, stable output format of `litecam explain --json`. */
export function toJsonRecord(r: ImageExplanation, written: string[] = []) {
  return {
    image: r.image,
    model: r.model,
    method: r.method,
    layer: r.layer,
    predictions: r.predictions,
    explanations: r.explanations.map((e, i) => {
      const topo = e.attribution.topology;
      if (topo.kind !== 'grid2d') throw new Error('internal: image explanations live on a grid');
      return {
        class: e.class,
        ...(e.label !== undefined ? { label: e.label } : {}),
        score: e.score,
        probability: e.probability,
        allZero: e.allZero,
        cam: { width: topo.width, height: topo.height, data: Array.from(e.attribution.values, round6) },
        threshold: {
          kind: e.threshold.kind,
          value: e.threshold.value,
          cutoff: round6(e.threshold.cutoff),
          coverage: round6(e.threshold.coverage),
          energy: round6(e.threshold.energy),
        },
        timings: e.timings,
        memory: e.memory,
        ...(written[i] ? { figure: written[i] } : {}),
      };
    }),
    // What ran: the TF.js backend, the ONNX Runtime build (null: no ONNX model) and the image codec.
    runtime: { tfjs: tf.getBackend(), onnx: ortRuntimeName(), images: imageCodecName() },
  };
}

/** Six significant decimals keep the JSON small without changing any value a reader would act on. */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
