import { resizeBilinear } from '../../attribution/resize.js';
import type { CropBox } from '../../image/crop-box.js';

/**
 * A layer-resolution map laid on the image it explains: bilinearly upsampled onto the box the model saw (the
 * whole image unless the input was centre-cropped), zero outside it. Row-major, imageWidth * imageHeight.
 */
export function mapOnImage(values: Float32Array, gridWidth: number, gridHeight: number, imageWidth: number, imageHeight: number, box: CropBox): Float32Array {
  const left = clamp(Math.round(box.left), 0, imageWidth - 1);
  const top = clamp(Math.round(box.top), 0, imageHeight - 1);
  const width = clamp(Math.round(box.width), 1, imageWidth - left);
  const height = clamp(Math.round(box.height), 1, imageHeight - top);
  const inBox = resizeBilinear(values, gridWidth, gridHeight, width, height);
  if (width === imageWidth && height === imageHeight) return inBox;
  const out = new Float32Array(imageWidth * imageHeight);
  for (let y = 0; y < height; y++) out.set(inBox.subarray(y * width, (y + 1) * width), (top + y) * imageWidth + left);
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
