import { UsageError } from '../../../errors.js';

/** An image as interleaved float channels, row-major: `data[(y * width + x) * channels + c]`. */
export interface PixelImage {
  data: Float32Array;
  width: number;
  height: number;
  channels: number;
}

export function assertPixelImage(image: PixelImage): void {
  const { width, height, channels, data } = image;
  for (const [name, v] of [['width', width], ['height', height], ['channels', channels]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new UsageError(`image ${name} must be a positive integer, got ${v}`);
  }
  if (data.length !== width * height * channels) {
    throw new UsageError(`image data has ${data.length} values, expected ${width}x${height}x${channels} = ${width * height * channels}`);
  }
}

/** Labels renumbered 0..K-1 in the order they first appear in raster order. */
export function relabelContiguous(labels: ArrayLike<number>): Int32Array {
  const next = new Map<number, number>();
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let l = next.get(labels[i]);
    if (l === undefined) {
      l = next.size;
      next.set(labels[i], l);
    }
    out[i] = l;
  }
  return out;
}

/** K for labels 0..K-1. */
export function segmentCount(labels: Int32Array): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i];
  return max + 1;
}
