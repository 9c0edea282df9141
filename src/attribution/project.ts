import { resizeBilinear } from './resize.js';

/**
 * The region a threshold keeps, seen at another resolution: the map is upsampled bilinearly and every pixel
 * at or above the cutoff (and above zero) is kept. This gives smooth region outlines on the original image
 * while the cutoff itself is chosen at the layer's resolution, where it is cheap.
 */
export function keptMaskAt(values: Float32Array, width: number, height: number, outW: number, outH: number, cutoff: number): Uint8Array {
  const up = resizeBilinear(values, width, height, outW, outH);
  const mask = new Uint8Array(up.length);
  for (let i = 0; i < up.length; i++) mask[i] = up[i] > 0 && up[i] >= cutoff ? 1 : 0;
  return mask;
}
