/**
 * Pixel-level edits of one NHWC example (height x width x channels, row-major): every channel of a pixel
 * changes together, since maps hold one value per pixel.
 */

/** `base` with the given pixels (all channels) taken from `source`. */
export function withPixelsFrom(base: Float32Array, source: Float32Array, pixels: ArrayLike<number>, channels: number): Float32Array {
  const out = base.slice();
  for (let k = 0; k < pixels.length; k++) {
    const at = pixels[k] * channels;
    for (let c = 0; c < channels; c++) out[at + c] = source[at + c];
  }
  return out;
}

/** `image` with each pixel's channels multiplied by that pixel's map value. */
export function multipliedByMap(image: Float32Array, map: ArrayLike<number>, channels: number): Float32Array {
  const out = new Float32Array(image.length);
  for (let p = 0; p < map.length; p++) for (let c = 0; c < channels; c++) out[p * channels + c] = image[p * channels + c] * map[p];
  return out;
}

/** The smallest and largest value of the image, the range perturbations are scaled to when none is given. */
export function valueRange(image: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < image.length; i++) {
    if (image[i] < lo) lo = image[i];
    if (image[i] > hi) hi = image[i];
  }
  return [lo, hi];
}
