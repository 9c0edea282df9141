/**
 * sRGB (D65) to CIELAB, as scikit-image's rgb2lab: the colour space SLIC and quickshift measure distances
 * in, where Euclidean distance roughly follows perceived difference (L in 0..100, a and b about -128..127).
 */
import type { PixelImage } from './pixel-image.js';

/** Linear RGB -> XYZ for sRGB primaries (IEC 61966-2-1), the matrix scikit-image uses. */
const XYZ_FROM_RGB = [
  [0.412453, 0.35758, 0.180423],
  [0.212671, 0.71516, 0.072169],
  [0.019334, 0.119193, 0.950227],
];
/** CIE D65 white point, 2-degree observer. */
const D65_WHITE = [0.95047, 1, 1.08883];
/** CIE's linear-segment threshold (6/29)^3 and slope of the Lab companding function. */
const LAB_EPSILON = 0.008856;
const LAB_SLOPE = 7.787;

function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function labCompand(t: number): number {
  return t > LAB_EPSILON ? Math.cbrt(t) : LAB_SLOPE * t + 16 / 116;
}

/** A 3-channel RGB image with values in [0, 1] to Lab. */
export function rgbToLab(image: PixelImage): PixelImage {
  if (image.channels !== 3) throw new Error(`internal: rgbToLab needs 3 channels, got ${image.channels}`);
  const n = image.width * image.height;
  const out = new Float32Array(n * 3);
  const f = [0, 0, 0];
  for (let p = 0; p < n; p++) {
    const r = srgbToLinear(image.data[p * 3]);
    const g = srgbToLinear(image.data[p * 3 + 1]);
    const b = srgbToLinear(image.data[p * 3 + 2]);
    for (let k = 0; k < 3; k++) {
      const m = XYZ_FROM_RGB[k];
      f[k] = labCompand((m[0] * r + m[1] * g + m[2] * b) / D65_WHITE[k]);
    }
    out[p * 3] = 116 * f[1] - 16;
    out[p * 3 + 1] = 500 * (f[0] - f[1]);
    out[p * 3 + 2] = 200 * (f[1] - f[2]);
  }
  return { data: out, width: image.width, height: image.height, channels: 3 };
}
