import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * The wasm backend has no Conv2DBackpropFilter kernel, so training a conv net there fails, and the cpu
 * backend's version takes seconds per batch. This kernel fills the gap for the wasm backend with one tight
 * loop over the flat NHWC arrays, which is fast enough to train the demo model in minutes.
 */

/** The shapes and offsets of one convolution, as TF.js computes them for the forward op. */
type ConvInfo = tf.backend_util.Conv2DInfo;

/**
 * dL/dW for a channels-last, undilated conv: W[r, c, i, o] = sum over b, y, x of X[b, y*sh - top + r, x*sw - left + c, i] * dY[b, y, x, o].
 * Accumulates in float64 because one entry sums batch * outHeight * outWidth products.
 */
export function conv2dFilterGradient(x: Float32Array, dy: Float32Array, info: ConvInfo): Float64Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dw = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      for (let yc = 0; yc < outWidth; yc++) {
        const dyBase = ((b * outHeight + yr) * outWidth + yc) * outChannels;
        for (let wr = 0; wr < filterHeight; wr++) {
          const xr = yr * strideHeight - top + wr;
          if (xr < 0 || xr >= inHeight) continue;
          for (let wc = 0; wc < filterWidth; wc++) {
            const xc = yc * strideWidth - left + wc;
            if (xc < 0 || xc >= inWidth) continue;
            const xBase = ((b * inHeight + xr) * inWidth + xc) * inChannels;
            const wBase = (wr * filterWidth + wc) * inChannels * outChannels;
            for (let i = 0; i < inChannels; i++) {
              const xv = x[xBase + i];
              // ReLU outputs are mostly zero; skipping them halves the work without changing the sum.
              if (xv === 0) continue;
              const o = wBase + i * outChannels;
              for (let k = 0; k < outChannels; k++) dw[o + k] += xv * dy[dyBase + k];
            }
          }
        }
      }
    }
  }
  return dw;
}

function conv2dBackpropFilterWasm({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only; got ${dataFormat}`);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const wasm = backend as BackendWasm;
  const out = wasm.makeOutput(filterShape, 'float32');
  // Views into the wasm heap are taken after makeOutput, which may grow (and so move) the heap.
  const gradient = conv2dFilterGradient(
    wasm.typedArrayFromHeap(x) as Float32Array,
    wasm.typedArrayFromHeap(dy) as Float32Array,
    info,
  );
  (wasm.typedArrayFromHeap(out) as Float32Array).set(gradient);
  return out;
}

/** Adds the kernel to the wasm backend once; a no-op if one is already registered there. */
export function registerWasmConv2dFilterGradient(): void {
  if (tf.getKernel(tf.Conv2DBackpropFilter, 'wasm') !== undefined) return;
  tf.registerKernel({ kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: conv2dBackpropFilterWasm });
}
