/**
 * Pixels in the page: an image, a bitmap, a canvas or a video frame becomes the same RGB bytes the Node
 * pipeline decodes with sharp, and then the same model input, through the pure parts of src/image/ (resize
 * plan, antialiased resize, normalisation), so an image explains the same in the browser and in Node.
 */
import type { PreparedInput } from '../explain.js';
import type { InputSpec } from '../engines/types.js';
import { UsageError } from '../errors.js';
import { planModelResize, type CropBox } from '../image/crop-box.js';
import { normalizePixels } from '../image/preprocess.js';
import { cropRgb, rgbOnWhite, type RgbImage } from '../image/rgb-image.js';
import { resizeRgb } from '../image/resize-rgb.js';

/**
 * Longest side kept when reading a source. The resize to the model runs in JavaScript and costs time in
 * proportion to the source's pixels; 2048 px keeps a photo's detail for the overlay while bounding that.
 */
export const BROWSER_MAX_SIDE = 2048;

/** A source's own size: natural size for images, video size for video frames. */
export function sourceSize(source: CanvasImageSource): { width: number; height: number } {
  if (source instanceof HTMLVideoElement) return { width: source.videoWidth, height: source.videoHeight };
  if (source instanceof HTMLImageElement) return { width: source.naturalWidth, height: source.naturalHeight };
  if (source instanceof SVGImageElement) return { width: source.width.baseVal.value, height: source.height.baseVal.value };
  if (source instanceof VideoFrame) return { width: source.displayWidth, height: source.displayHeight };
  return { width: source.width, height: source.height };
}

/**
 * The source's pixels as 8-bit RGB, at its own size (or shrunk, aspect kept, to `maxSide`). Transparency is
 * composited onto white, as the Node decoder does.
 */
export function readRgb(source: CanvasImageSource, maxSide = BROWSER_MAX_SIDE): RgbImage {
  const size = sourceSize(source);
  if (!(size.width >= 1 && size.height >= 1)) {
    throw new UsageError(`image has no pixels (${size.width}x${size.height}); is it loaded?`);
  }
  const shrink = Math.min(1, maxSide / Math.max(size.width, size.height));
  const width = Math.max(1, Math.round(size.width * shrink));
  const height = Math.max(1, Math.round(size.height * shrink));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('a 2D canvas context is unavailable');
  context.drawImage(source, 0, 0, width, height);
  const rgba = context.getImageData(0, 0, width, height).data;
  return { rgb: rgbOnWhite(rgba), width, height };
}

export interface ModelFrame {
  input: PreparedInput;
  /** The part of the image the input shows (all of it for 'fill'), where the map belongs on the image. */
  box: CropBox;
}

/** An RGB image as the model takes it: resized ('fill' or 'crop', per the model's preprocess spec) and normalised. */
export function toModelInput(image: RgbImage, spec: InputSpec, source = 'image'): ModelFrame {
  if (spec.channels !== 3) throw new UsageError(`the page feeds RGB images (3 channels); the model wants ${spec.channels}`);
  const plan = planModelResize(image.width, image.height, spec.width, spec.height, spec.preprocess.resize);
  const resized = resizeRgb(image, plan.resizedWidth, plan.resizedHeight);
  const window = cropRgb(resized, plan.cropLeft, plan.cropTop, spec.width, spec.height);
  return { input: { source, data: normalizePixels(window.rgb, spec.preprocess) }, box: plan.box };
}
