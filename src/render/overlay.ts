import { resizeBilinear } from '../attribution/resize.js';
import { UsageError } from '../errors.js';
import type { CropBox } from '../image/crop-box.js';
import { checkRgbImage } from '../image/rgb-image.js';
import { colorize } from './colormaps.js';

/** Heatmap weight; pytorch-grad-cam's show_cam_on_image blends image and heatmap half and half too. */
export const DEFAULT_OVERLAY_ALPHA = 0.5;

export const DEFAULT_COLORMAP = 'jet';

export interface OverlayOptions {
  /** Weight of the heatmap in [0, 1]: 0 gives the image back, 1 the colourised map. */
  alpha?: number;
  colormap?: string;
  /** Where the map lies on the image (a 'crop' input covers only part of it); default the whole image. */
  box?: CropBox;
  /**
   * Show only what a threshold kept: pixels whose UPSAMPLED map value is above zero and at least `cutoff`
   * are drawn; the rest show the plain image ('image') or the colour of zero ('zero'). Thresholding after
   * upsampling gives the kept regions smooth edges. Default: every pixel is tinted, as in pytorch-grad-cam.
   */
  kept?: { cutoff: number; outside: 'image' | 'zero' };
}

/**
 * A map in [0, 1] (values outside are clamped) over an RGB image, at the image's own size: the map is
 * bilinearly upsampled onto the image (or onto `box`), colourised and alpha-blended. Outside the box the
 * image shows unchanged.
 */
export function overlay(
  imageRgb: Uint8Array,
  imgW: number,
  imgH: number,
  map: ArrayLike<number>,
  mapW: number,
  mapH: number,
  options: OverlayOptions = {},
): Uint8Array {
  const alpha = options.alpha ?? DEFAULT_OVERLAY_ALPHA;
  if (!(alpha >= 0 && alpha <= 1)) {
    throw new UsageError(`alpha: expected a number in [0, 1], got ${alpha}`);
  }
  checkRgbImage({ rgb: imageRgb, width: imgW, height: imgH });
  const kept = options.kept;
  const placed = placeMap(map, mapW, mapH, imgW, imgH, options.box ?? { left: 0, top: 0, width: imgW, height: imgH });
  if (kept?.outside === 'zero') {
    for (let p = 0; p < placed.length; p++) if (!(placed[p] > 0 && placed[p] >= kept.cutoff)) placed[p] = Number.isNaN(placed[p]) ? placed[p] : 0;
  }
  const colours = colorize(placed, options.colormap ?? DEFAULT_COLORMAP);
  const out = new Uint8Array(imageRgb.length);
  for (let p = 0; p < placed.length; p++) {
    const v = placed[p];
    const showImage = Number.isNaN(v) || (kept?.outside === 'image' && !(v > 0 && v >= kept.cutoff));
    for (let c = p * 3; c < p * 3 + 3; c++) {
      out[c] = showImage ? imageRgb[c] : Math.round((1 - alpha) * imageRgb[c] + alpha * colours[c]);
    }
  }
  return out;
}

/**
 * The map upsampled onto an imgW x imgH canvas inside `box` (edges rounded to whole pixels, clipped to the
 * canvas); pixels outside the box are NaN, meaning "no map here".
 */
export function placeMap(
  map: ArrayLike<number>,
  mapW: number,
  mapH: number,
  imgW: number,
  imgH: number,
  box: CropBox,
): Float32Array {
  if (!Number.isInteger(mapW) || !Number.isInteger(mapH) || mapW < 1 || mapH < 1 || map.length !== mapW * mapH) {
    throw new UsageError(`map: expected ${mapW}x${mapH} = ${mapW * mapH} values, got ${map.length}`);
  }
  const left = Math.round(box.left);
  const top = Math.round(box.top);
  const boxW = Math.max(1, Math.round(box.left + box.width) - left);
  const boxH = Math.max(1, Math.round(box.top + box.height) - top);
  const resized = resizeBilinear(map, mapW, mapH, boxW, boxH);
  const out = new Float32Array(imgW * imgH).fill(Number.NaN);
  for (let y = Math.max(0, top); y < Math.min(imgH, top + boxH); y++) {
    for (let x = Math.max(0, left); x < Math.min(imgW, left + boxW); x++) {
      out[y * imgW + x] = resized[(y - top) * boxW + (x - left)];
    }
  }
  return out;
}
