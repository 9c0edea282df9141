import type { InputSpec } from '../engines/types.js';
import type { CropBox } from './crop-box.js';
import { loadImage, type DecodedImage, type LoadImageOptions } from './decode.js';
import { toInputTensorData } from './model-input.js';

/** One image file ready for a model, with what figures need to draw on the original. */
export interface PreparedImage {
  source: string;
  /** The decoded image (downscaled only if larger than `maxSide`). */
  original: DecodedImage;
  /** The part of `original` the model sees, in its pixel coordinates. */
  box: CropBox;
  /** NHWC values of one example at the model's input size and channel count. */
  input: { source: string; data: Float32Array };
}

/** Decode an image file and turn it into the model's input as its `inputSpec` says. */
export async function prepareImage(path: string, inputSpec: InputSpec, options: LoadImageOptions = {}): Promise<PreparedImage> {
  const original = await loadImage(path, options);
  const { data, box } = await toInputTensorData(original, inputSpec.preprocess, inputSpec.width, inputSpec.height, inputSpec.channels);
  return { source: path, original, box, input: { source: path, data } };
}
