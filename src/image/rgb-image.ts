import { UsageError } from '../errors.js';

/** An 8-bit RGB image, row-major, channels interleaved (r, g, b, r, g, b, ...). */
export interface RgbImage {
  rgb: Uint8Array;
  width: number;
  height: number;
}

/** Throws a UsageError unless `image` has positive integer sides and exactly width*height*3 bytes. */
export function checkRgbImage(image: RgbImage, what = 'image'): void {
  const { rgb, width, height } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new UsageError(`${what}: expected positive integer width and height, got ${width}x${height}`);
  }
  if (rgb.length !== width * height * 3) {
    throw new UsageError(`${what}: expected ${width}x${height}x3 = ${width * height * 3} bytes, got ${rgb.length}`);
  }
}
