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

/** RGBA bytes (unpremultiplied) -> RGB composited onto white, c*a + 255*(1-a), as sharp's flatten does. */
export function rgbOnWhite(rgba: Uint8ClampedArray | Uint8Array): Uint8Array {
  const rgb = new Uint8Array((rgba.length / 4) * 3);
  for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
    const a = rgba[p + 3];
    if (a === 255) {
      rgb[q] = rgba[p];
      rgb[q + 1] = rgba[p + 1];
      rgb[q + 2] = rgba[p + 2];
    } else {
      const w = 255 - a;
      rgb[q] = Math.round((rgba[p] * a + 255 * w) / 255);
      rgb[q + 1] = Math.round((rgba[p + 1] * a + 255 * w) / 255);
      rgb[q + 2] = Math.round((rgba[p + 2] * a + 255 * w) / 255);
    }
  }
  return rgb;
}

/** RGB bytes -> RGBA with every pixel opaque, as canvases and the JPEG encoder take them. */
export function rgbaOpaque(rgb: Uint8Array): Uint8Array {
  const rgba = new Uint8Array((rgb.length / 3) * 4);
  for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
    rgba[q] = rgb[p];
    rgba[q + 1] = rgb[p + 1];
    rgba[q + 2] = rgb[p + 2];
    rgba[q + 3] = 255;
  }
  return rgba;
}

/** The `width` x `height` window of `image` whose top-left pixel is (left, top). */
export function cropRgb(image: RgbImage, left: number, top: number, width: number, height: number): RgbImage {
  if (left === 0 && top === 0 && width === image.width && height === image.height) return image;
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * image.width + left) * 3;
    rgb.set(image.rgb.subarray(from, from + width * 3), y * width * 3);
  }
  return { rgb, width, height };
}
