/**
 * Separable Gaussian smoothing of each channel, as scipy.ndimage.gaussian_filter (which scikit-image's
 * segmenters call): the kernel is cut at 4 sigma and the border is mirrored half-sample ('reflect').
 */
import type { PixelImage } from './pixel-image.js';

/** scipy.ndimage's default truncation of the Gaussian kernel, in sigmas. */
const TRUNCATE_SIGMAS = 4;

function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.floor(TRUNCATE_SIGMAS * sigma + 0.5);
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp((-0.5 * i * i) / (sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** Index i of a line of n samples mirrored about the edges: d c b a | a b c d | d c b a. */
function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let j = ((i % period) + period) % period;
  if (j >= n) j = period - 1 - j;
  return j;
}

/** One pass along x (stride 1 pixel) or y (stride one row). */
function blurAxis(src: Float32Array, image: PixelImage, kernel: Float64Array, alongX: boolean): Float32Array {
  const { width, height, channels } = image;
  const radius = (kernel.length - 1) / 2;
  const out = new Float32Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let t = -radius; t <= radius; t++) {
          const p = alongX ? y * width + reflectIndex(x + t, width) : reflectIndex(y + t, height) * width + x;
          acc += kernel[t + radius] * src[p * channels + c];
        }
        out[(y * width + x) * channels + c] = acc;
      }
    }
  }
  return out;
}

export function gaussianBlur(image: PixelImage, sigma: number): PixelImage {
  if (sigma <= 0) return image;
  const kernel = gaussianKernel(sigma);
  const data = blurAxis(blurAxis(image.data, image, kernel, true), image, kernel, false);
  return { ...image, data };
}
