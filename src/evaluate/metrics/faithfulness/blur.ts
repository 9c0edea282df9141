/**
 * The blurred substrate RISE's insertion metric starts from (Petsiuk et al. 2018, code `gkern(11, 5)`):
 * an 11x11 Gaussian with sigma 5, applied per channel. RISE convolves with zero padding, which darkens
 * the border towards the model-space zero; here the border is replicated so only detail is removed.
 */

/** Petsiuk et al.'s kernel: 11 taps, sigma 5 (RISE repository, evaluation.py). */
export const RISE_BLUR = { taps: 11, sigma: 5 };

function kernel(taps: number, sigma: number): Float64Array {
  const radius = (taps - 1) / 2;
  const k = Float64Array.from({ length: taps }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / sum);
}

function blurAlong(src: Float32Array, width: number, height: number, channels: number, k: Float64Array, alongX: boolean): Float32Array {
  const radius = (k.length - 1) / 2;
  const out = new Float32Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let t = -radius; t <= radius; t++) {
          const u = alongX ? Math.min(Math.max(x + t, 0), width - 1) : x;
          const v = alongX ? y : Math.min(Math.max(y + t, 0), height - 1);
          acc += k[t + radius] * src[(v * width + u) * channels + c];
        }
        out[(y * width + x) * channels + c] = acc;
      }
    }
  }
  return out;
}

/** One NHWC example blurred with RISE's kernel. */
export function riseBlur(image: Float32Array, width: number, height: number, channels: number): Float32Array {
  const k = kernel(RISE_BLUR.taps, RISE_BLUR.sigma);
  return blurAlong(blurAlong(image, width, height, channels, k, true), width, height, channels, k, false);
}
