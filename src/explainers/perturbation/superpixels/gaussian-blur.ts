/**
 * Separable Gaussian smoothing of each channel, as scipy.ndimage.gaussian_filter (which scikit-image's
 * segmenters call): the kernel is cut at 4 sigma and the border is mirrored half-sample ('reflect').
 */
import { gaussianKernel, separableBlur } from '../../../attribution/separable-blur.js';
import type { PixelImage } from './pixel-image.js';

/** scipy.ndimage's default truncation of the Gaussian kernel, in sigmas. */
const TRUNCATE_SIGMAS = 4;

export function gaussianBlur(image: PixelImage, sigma: number): PixelImage {
  if (sigma <= 0) return image;
  const kernel = gaussianKernel(sigma, Math.floor(TRUNCATE_SIGMAS * sigma + 0.5));
  return { ...image, data: separableBlur(image.data, image.width, image.height, image.channels, kernel, 'reflect') };
}
