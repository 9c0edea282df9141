/** Writing a result into the page: the top classes, the coverage line, the timings, memory and readbacks. */
import * as tf from '@tensorflow/tfjs';
import type { BackendStatus, ImageExplanation, ReadbackLog } from '../../src/browser/index.js';
import type { ThresholdResult } from '../../src/attribution/types.js';
import type { Timings } from '../../src/explain.js';
import { byId, megabytes, ms, setText } from './dom.js';

export function showPredictions(result: ImageExplanation): void {
  const list = byId('predictions', HTMLOListElement);
  list.replaceChildren(
    ...result.predictions.map((p) => {
      const item = document.createElement('li');
      const name = document.createElement('span');
      name.className = 'label';
      name.textContent = p.label ?? `class ${p.class}`;
      const probability = document.createElement('span');
      probability.className = 'probability';
      probability.textContent = `${(p.probability * 100).toFixed(1)}%`;
      item.append(name, ' ', probability);
      return item;
    }),
  );
}

/** How much of the map the threshold kept, in cells of the layer's grid and in share of the map's mass. */
export function showCoverage(threshold: ThresholdResult, cells: number): void {
  const kept = Math.round(threshold.coverage * cells);
  setText(
    'coverage',
    `Kept ${(threshold.coverage * 100).toFixed(1)}% of the map (${kept} of ${cells} cells), ` +
      `${(threshold.energy * 100).toFixed(1)}% of its mass; cutoff ${threshold.cutoff.toFixed(3)}.`,
  );
}

export function showTimings(t: Timings): void {
  setText('t-forward', ms(t.forwardMs));
  setText('t-gradient', ms(t.gradientMs));
  setText('t-cam', ms(t.camMs));
  setText('t-threshold', ms(t.thresholdMs));
  setText('t-total', ms(t.totalMs));
}

export function showThresholdTime(thresholdMs: number): void {
  setText('t-threshold', ms(thresholdMs));
}

export function showFps(fps: number | undefined): void {
  setText('fps', fps === undefined ? '–' : fps.toFixed(1));
}

export function showMemory(): void {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  const gpu = m.numBytesInGPU !== undefined ? `, ${megabytes(m.numBytesInGPU)} on the GPU` : '';
  setText('memory', `${m.numTensors} tensors, ${megabytes(m.numBytes)}${gpu}`);
}

/** What the explanation copied back from the backend, against the size of the layer it explained. */
export function showReadback(log: ReadbackLog, layerValues: number): void {
  const shapes = log.shapes.map((s) => s.join('x')).join(', ');
  setText('readback', `${log.count} reads (${shapes}), largest ${log.largestValues} values; the layer holds ${layerValues}`);
}

export function showBackend(status: BackendStatus, onnxThreads?: number): void {
  const threads = status.wasmThreads !== undefined ? ` (${status.wasmThreads} thread${status.wasmThreads === 1 ? '' : 's'})` : '';
  const skipped = status.skipped.map((s) => `; ${s.backend} skipped: ${s.reason}`).join('');
  const onnx = onnxThreads !== undefined ? `; ONNX Runtime Web wasm (${onnxThreads} thread${onnxThreads === 1 ? '' : 's'})` : '';
  setText('backend-info', `${status.backend}${threads}${onnx}${skipped}`);
}
