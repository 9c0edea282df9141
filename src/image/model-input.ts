import type { PreprocessSpec } from '../engines/types.js';
import { UsageError } from '../errors.js';
import type { CropBox } from './crop-box.js';
import { checkPreprocessSpec, normalizePixels } from './preprocess.js';
import { resizeForModel } from './resize-for-model.js';
import type { RgbImage } from './rgb-image.js';

export interface ModelInput {
  /** NHWC values of one example, `height * width * channels` long, ready for a [1, height, width, channels] tensor. */
  data: Float32Array;
  width: number;
  height: number;
  channels: 1 | 3;
  /** The part of the original image the input shows, in the original's pixel coordinates. */
  box: CropBox;
}

/**
 * An image as a model sees it: resized by `spec.resize` to the target size, then normalised by `spec`.
 * One-channel models get the luma of the resized image.
 */
export async function toInputTensorData(
  image: RgbImage,
  spec: PreprocessSpec,
  targetWidth: number,
  targetHeight: number,
  channels = 3,
): Promise<ModelInput> {
  if (channels !== 3 && channels !== 1) {
    throw new UsageError(`images give 1 or 3 channels; the model wants ${channels}`);
  }
  const sized = await resizeForModel(image, targetWidth, targetHeight, spec.resize);
  const data = channels === 1 ? normalizedLuma(sized.rgb, spec) : normalizePixels(sized.rgb, spec);
  return { data, width: targetWidth, height: targetHeight, channels, box: sized.box };
}

/** ITU-R BT.601 luma (the weights of PIL's convert('L')), normalised with the spec's first channel. */
function normalizedLuma(rgb: Uint8Array, spec: PreprocessSpec): Float32Array {
  const { scale, mean, std } = checkPreprocessSpec(spec);
  const out = new Float32Array(rgb.length / 3);
  for (let p = 0; p < out.length; p++) {
    const luma = 0.299 * rgb[p * 3] + 0.587 * rgb[p * 3 + 1] + 0.114 * rgb[p * 3 + 2];
    out[p] = (luma * scale - mean[0]) / std[0];
  }
  return out;
}
