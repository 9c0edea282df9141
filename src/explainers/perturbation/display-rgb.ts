/**
 * Undo the model's input normalisation to get back displayable RGB in [0, 1]: the colour space the
 * superpixel algorithms' parameters are defined in (lime_image segments the user's image, not the
 * normalised tensor).
 */
import type { PreprocessSpec } from '../../engines/types.js';
import type { PixelImage } from './superpixels/pixel-image.js';

/** The value range of 8-bit pixels, which PreprocessSpec.scale applies to. */
const PIXEL_MAX = 255;

export function displayRgb(modelSpace: Float32Array, width: number, height: number, spec: PreprocessSpec): PixelImage {
  const channels = 3;
  const data = new Float32Array(modelSpace.length);
  for (let i = 0; i < data.length; i++) {
    const c = i % channels;
    const pixel = (modelSpace[i] * spec.std[c] + spec.mean[c]) / spec.scale;
    data[i] = Math.min(1, Math.max(0, pixel / PIXEL_MAX));
  }
  return { data, width, height, channels };
}
