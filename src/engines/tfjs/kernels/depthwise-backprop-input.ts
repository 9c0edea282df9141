import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * dL/dx of a channels-last depthwise convolution, scattered from dy:
 *   dx[b, yr*sh - top + wr*dh, yc*sw - left + wc*dw, d] += dy[b, yr, yc, d*m + q] * W[wr, wc, d, q]
 * The wasm backend has no kernel for it, and a head-only gradient through a MobileNet block needs it.
 * Heads are small (7x7 or 14x14 maps), so one plain loop is fast enough.
 */
export function depthwiseInputGradient(dy: Float32Array, filter: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const multiplier = outChannels / inChannels;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dx = new Float32Array(batchSize * inHeight * inWidth * inChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      for (let yc = 0; yc < outWidth; yc++) {
        const dyBase = ((b * outHeight + yr) * outWidth + yc) * outChannels;
        for (let wr = 0; wr < filterHeight; wr++) {
          const xr = yr * strideHeight - top + wr * dilationHeight;
          if (xr < 0 || xr >= inHeight) continue;
          for (let wc = 0; wc < filterWidth; wc++) {
            const xc = yc * strideWidth - left + wc * dilationWidth;
            if (xc < 0 || xc >= inWidth) continue;
            const xBase = ((b * inHeight + xr) * inWidth + xc) * inChannels;
            const wBase = (wr * filterWidth + wc) * outChannels;
            for (let d = 0; d < inChannels; d++) {
              let sum = 0;
              for (let q = 0; q < multiplier; q++) sum += dy[dyBase + d * multiplier + q] * filter[wBase + d * multiplier + q];
              dx[xBase + d] += sum;
            }
          }
        }
      }
    }
  }
  return dx;
}

function depthwiseBackpropInputWasm({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const wasm = backend as BackendWasm;
  const out = wasm.makeOutput(inputShape, 'float32');
  // Views into the wasm heap are taken after makeOutput, which may grow (and so move) the heap.
  const dx = depthwiseInputGradient(wasm.typedArrayFromHeap(dy) as Float32Array, wasm.typedArrayFromHeap(filter) as Float32Array, info);
  (wasm.typedArrayFromHeap(out) as Float32Array).set(dx);
  return out;
}

/** Adds the kernel to the wasm backend once; a no-op where one is registered already. */
export function registerWasmDepthwiseInputGradient(): void {
  if (tf.getKernel(tf.DepthwiseConv2dNativeBackpropInput, 'wasm') !== undefined) return;
  tf.registerKernel({ kernelName: tf.DepthwiseConv2dNativeBackpropInput, backendName: 'wasm', kernelFunc: depthwiseBackpropInputWasm });
}
