import type { RgbImage } from './rgb-image.js';
import { checkRgbImage } from './rgb-image.js';
import { UsageError } from '../errors.js';

/** For each output index along one axis: the first source index it reads and the weights of those it reads. */
interface AxisFilter {
  start: Int32Array;
  taps: number;
  /** `taps` weights per output index, summing to 1; unused trailing slots are 0. */
  weights: Float32Array;
}

/**
 * A triangle (tent) filter with half-pixel centres, widened to the reduction factor when shrinking (the
 * antialiased bilinear of PIL and of sharp's 'linear' kernel): enlarging is plain bilinear, shrinking
 * averages every source pixel under the output pixel instead of sampling two and aliasing.
 */
function axisFilter(srcSize: number, dstSize: number): AxisFilter {
  const scale = srcSize / dstSize;
  const radius = Math.max(scale, 1);
  // floor(centre - radius) .. ceil(centre + radius) spans at most 2*radius + 3 indices.
  const taps = Math.ceil(radius) * 2 + 3;
  const start = new Int32Array(dstSize);
  const weights = new Float32Array(dstSize * taps);
  for (let d = 0; d < dstSize; d++) {
    const centre = (d + 0.5) * scale;
    const first = Math.max(0, Math.floor(centre - radius));
    const last = Math.min(srcSize - 1, Math.ceil(centre + radius));
    start[d] = first;
    let sum = 0;
    for (let s = first; s <= last; s++) {
      const w = Math.max(0, 1 - Math.abs((s + 0.5 - centre) / radius));
      weights[d * taps + (s - first)] = w;
      sum += w;
    }
    for (let k = 0; k < taps; k++) weights[d * taps + k] /= sum;
  }
  return { start, taps, weights };
}

/** An RGB image resampled to `width` x `height` (aspect is the caller's business). */
export function resizeRgb(image: RgbImage, width: number, height: number): RgbImage {
  checkRgbImage(image);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new UsageError(`resize: expected positive integer width and height, got ${width}x${height}`);
  }
  if (width === image.width && height === image.height) {
    return { rgb: image.rgb.slice(), width, height };
  }
  const across = axisFilter(image.width, width);
  const down = axisFilter(image.height, height);
  const rows = resizeRows(image, across, width);
  return { rgb: resizeColumns(rows, down, width, height), width, height };
}

/** Horizontal pass: every source row filtered to the new width, kept in float to round only once. */
function resizeRows(image: RgbImage, filter: AxisFilter, width: number): Float32Array {
  const { rgb, width: srcW, height: srcH } = image;
  const out = new Float32Array(srcH * width * 3);
  for (let y = 0; y < srcH; y++) {
    const row = y * srcW * 3;
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < filter.taps; k++) {
        const w = filter.weights[x * filter.taps + k];
        if (w === 0) continue;
        const p = row + (filter.start[x] + k) * 3;
        r += rgb[p] * w;
        g += rgb[p + 1] * w;
        b += rgb[p + 2] * w;
      }
      const o = (y * width + x) * 3;
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
    }
  }
  return out;
}

/** Vertical pass over the horizontally resized rows, rounded to bytes. */
function resizeColumns(rows: Float32Array, filter: AxisFilter, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  const stride = width * 3;
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < stride; i++) {
      let v = 0;
      for (let k = 0; k < filter.taps; k++) {
        const w = filter.weights[y * filter.taps + k];
        if (w === 0) continue;
        v += rows[(filter.start[y] + k) * stride + i] * w;
      }
      out[y * stride + i] = Math.round(v);
    }
  }
  return out;
}
