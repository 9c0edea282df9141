import { UsageError } from '../errors.js';

/** A rectangle in the original image's pixel coordinates; edges may fall between pixels. */
export interface CropBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type ResizeMode = 'fill' | 'crop';

/** How a whole image becomes a `targetWidth` x `targetHeight` model input. */
export interface ModelResizePlan {
  /** Size the whole image is resized to first (aspect ignored for 'fill', kept for 'crop'). */
  resizedWidth: number;
  resizedHeight: number;
  /** Top-left corner of the target-size window cut from the resized image. */
  cropLeft: number;
  cropTop: number;
  /** That window in the original image's coordinates: where a map computed on the input belongs. */
  box: CropBox;
}

/** torchvision's ImageNet evaluation recipe, Resize(256) then CenterCrop(224): keep 224/256 of the shorter side. */
export const CROP_RESIZE_RATIO = 256 / 224;

/**
 * 'fill': the whole image squeezed to the target. 'crop': scaled (aspect kept) so the target fits with a
 * 256/224 margin on its tighter side, as round(224 * 256 / 224) = 256 for the usual square input, then cut
 * from the centre. Centre offsets round halves up (torchvision rounds them to even: at most one pixel apart).
 */
export function planModelResize(
  width: number,
  height: number,
  targetWidth: number,
  targetHeight: number,
  mode: ResizeMode,
): ModelResizePlan {
  checkSide('image width', width);
  checkSide('image height', height);
  checkSide('target width', targetWidth);
  checkSide('target height', targetHeight);
  if (mode === 'fill') {
    return {
      resizedWidth: targetWidth,
      resizedHeight: targetHeight,
      cropLeft: 0,
      cropTop: 0,
      box: { left: 0, top: 0, width, height },
    };
  }
  if (mode !== 'crop') {
    throw new UsageError(`resize mode: expected 'fill' or 'crop', got '${String(mode)}'`);
  }
  const scale = CROP_RESIZE_RATIO * Math.max(targetWidth / width, targetHeight / height);
  const resizedWidth = Math.max(targetWidth, Math.round(width * scale));
  const resizedHeight = Math.max(targetHeight, Math.round(height * scale));
  const cropLeft = Math.round((resizedWidth - targetWidth) / 2);
  const cropTop = Math.round((resizedHeight - targetHeight) / 2);
  const scaleX = resizedWidth / width;
  const scaleY = resizedHeight / height;
  return {
    resizedWidth,
    resizedHeight,
    cropLeft,
    cropTop,
    box: { left: cropLeft / scaleX, top: cropTop / scaleY, width: targetWidth / scaleX, height: targetHeight / scaleY },
  };
}

function checkSide(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`${what}: expected a positive integer, got ${value}`);
  }
}
