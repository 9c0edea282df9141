/**
 * The blurred substrate RISE's insertion metric starts from (Petsiuk et al. 2018, code `gkern(11, 5)`):
 * an 11x11 Gaussian with sigma 5, applied per channel. RISE convolves with zero padding, which darkens
 * the border towards the model-space zero; here the border is replicated so only detail is removed.
 */
import { gaussianKernel, separableBlur } from '../../../attribution/separable-blur.js';

/** Petsiuk et al.'s kernel: 11 taps, sigma 5 (RISE repository, evaluation.py). */
export const RISE_BLUR = { taps: 11, sigma: 5 };

/** One NHWC example blurred with RISE's kernel. */
export function riseBlur(image: Float32Array, width: number, height: number, channels: number): Float32Array {
  const kernel = gaussianKernel(RISE_BLUR.sigma, (RISE_BLUR.taps - 1) / 2);
  return separableBlur(image, width, height, channels, kernel, 'clamp');
}
