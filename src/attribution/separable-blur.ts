/**
 * Separable Gaussian smoothing of an interleaved (row-major, channels last) image, one channel at a time:
 * one pass along x, one along y. Shared by the superpixel segmenters (scipy's mirrored border) and the
 * insertion metric's blurred substrate (replicated border).
 */

/** How samples beyond the border are read: mirrored half-sample (d c b a | a b c d) or the edge repeated. */
export type BlurEdge = 'reflect' | 'clamp';

/** A normalised Gaussian of 2 * radius + 1 taps. */
export function gaussianKernel(sigma: number, radius: number): Float64Array {
  const k = Float64Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / sum);
}

function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let j = ((i % period) + period) % period;
  if (j >= n) j = period - 1 - j;
  return j;
}

function clampIndex(i: number, n: number): number {
  return Math.min(Math.max(i, 0), n - 1);
}

function blurAxis(src: Float32Array, width: number, height: number, channels: number, kernel: Float64Array, edge: BlurEdge, alongX: boolean): Float32Array {
  const index = edge === 'reflect' ? reflectIndex : clampIndex;
  const radius = (kernel.length - 1) / 2;
  const out = new Float32Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let t = -radius; t <= radius; t++) {
          const p = alongX ? y * width + index(x + t, width) : index(y + t, height) * width + x;
          acc += kernel[t + radius] * src[p * channels + c];
        }
        out[(y * width + x) * channels + c] = acc;
      }
    }
  }
  return out;
}

export function separableBlur(data: Float32Array, width: number, height: number, channels: number, kernel: Float64Array, edge: BlurEdge): Float32Array {
  const alongX = blurAxis(data, width, height, channels, kernel, edge, true);
  return blurAxis(alongX, width, height, channels, kernel, edge, false);
}
