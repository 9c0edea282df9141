import type { CropBox } from '../../image/crop-box.js';
import type { RgbImage } from '../../image/rgb-image.js';

/** One image with its ground truth, ready for the model: what the evaluation scores a map against. */
export interface EvaluationItem {
  /** 'scene-12', or the image file's base name. */
  id: string;
  /** The scene preset it was drawn from, or 'images' for a user folder. */
  condition: string;
  /** NHWC values of one example at the model's input size. */
  input: Float32Array;
  /** The class to explain (the scene's true class); undefined: the model's top prediction. */
  target?: number;
  image: RgbImage;
  /** 1 on the object, 0 elsewhere, at the image's size. */
  mask: Uint8Array;
  /** The part of the image the model sees (the whole image unless its input is centre-cropped). */
  box: CropBox;
}

/** Items made or read one at a time, so a folder of large photos never sits in memory at once. */
export interface ItemSource {
  count: number;
  load(index: number): Promise<EvaluationItem>;
}
