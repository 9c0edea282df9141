import { UsageError } from '../errors.js';
import type { CropBox } from '../image/crop-box.js';
import type { RgbImage } from '../image/rgb-image.js';
import { checkRgbImage } from '../image/rgb-image.js';
import { DEFAULT_COLORMAP, DEFAULT_OVERLAY_ALPHA, overlay, type OverlayOptions } from './overlay.js';
import { resizeRgb } from '../image/resize-rgb.js';

/** Values on a grid, row-major, as Grad-CAM gives them. */
export interface ValueGrid {
  values: ArrayLike<number>;
  width: number;
  height: number;
}

/** Where each panel sits in a figure, so a title row can be laid over the columns. */
export interface PanelColumn {
  left: number;
  width: number;
}

export interface PanelFigure extends RgbImage {
  columns: PanelColumn[];
}

/** Panels are drawn at the image's height, kept between these: small inputs grow, large ones shrink. */
export const MIN_PANEL_HEIGHT = 224;
export const MAX_PANEL_HEIGHT = 512;
/** White space between panels, in pixels. */
export const PANEL_GUTTER = 4;

const WHITE = 255;

export interface FourPanelInput {
  image: RgbImage;
  /** The Grad-CAM map in [0, 1]. */
  cam: ValueGrid;
  /** The threshold's cutoff on the map: the simplified map keeps values above zero and at least this. */
  cutoff: number;
  colormap?: string;
  /** Heatmap weight in the overlay panel. */
  alpha?: number;
  /** Where the maps lie on the image, in its pixel coordinates (for 'crop' inputs); default all of it. */
  box?: CropBox;
  /** Panel height in pixels; default the image's, clamped to [MIN_PANEL_HEIGHT, MAX_PANEL_HEIGHT]. */
  panelHeight?: number;
}

/**
 * image | Grad-CAM | simplified | overlay, side by side at one height. The map is upsampled first and the
 * threshold's cutoff applied after, so the simplified panel and the overlay show kept regions with smooth
 * edges (the same rule `keptMaskAt` uses to score them against masks). The overlay tints only what was kept.
 */
export function fourPanel(input: FourPanelInput): PanelFigure {
  return composePanels(fourPanelImages(input));
}

/** The four panels of `fourPanel` as separate images of one height, for callers that lay them out themselves. */
export function fourPanelImages(input: FourPanelInput): RgbImage[] {
  checkRgbImage(input.image);
  const { image } = input;
  const height = input.panelHeight ?? Math.min(MAX_PANEL_HEIGHT, Math.max(MIN_PANEL_HEIGHT, image.height));
  if (!Number.isInteger(height) || height < 1) {
    throw new UsageError(`panel height: expected a positive integer, got ${height}`);
  }
  const width = Math.max(1, Math.round((image.width * height) / image.height));
  const scaled = resizeRgb(image, width, height);
  const box = scaleBox(input.box ?? { left: 0, top: 0, width: image.width, height: image.height }, width / image.width, height / image.height);
  const colormap = input.colormap ?? DEFAULT_COLORMAP;
  const { cam, cutoff } = input;
  const mapPanel = (alpha: number, kept?: OverlayOptions['kept']): RgbImage => ({
    rgb: overlay(scaled.rgb, width, height, cam.values, cam.width, cam.height, { alpha, colormap, box, kept }),
    width,
    height,
  });
  return [
    scaled,
    mapPanel(1),
    mapPanel(1, { cutoff, outside: 'zero' }),
    mapPanel(input.alpha ?? DEFAULT_OVERLAY_ALPHA, { cutoff, outside: 'image' }),
  ];
}

function scaleBox(box: CropBox, sx: number, sy: number): CropBox {
  return { left: box.left * sx, top: box.top * sy, width: box.width * sx, height: box.height * sy };
}

/** Panels of one height, left to right, with white gutters between them. */
export function composePanels(panels: RgbImage[], gutter = PANEL_GUTTER): PanelFigure {
  if (panels.length === 0) {
    throw new UsageError('a figure needs at least one panel, got none');
  }
  const height = panels[0].height;
  panels.forEach((panel, i) => {
    checkRgbImage(panel, `panel ${i + 1}`);
    if (panel.height !== height) {
      throw new UsageError(`panel ${i + 1}: expected height ${height} like the first panel, got ${panel.height}`);
    }
  });
  const columns: PanelColumn[] = [];
  let left = 0;
  for (const panel of panels) {
    columns.push({ left, width: panel.width });
    left += panel.width + gutter;
  }
  const width = left - gutter;
  const rgb = new Uint8Array(width * height * 3).fill(WHITE);
  panels.forEach((panel, i) => {
    for (let y = 0; y < height; y++) {
      const row = panel.rgb.subarray(y * panel.width * 3, (y + 1) * panel.width * 3);
      rgb.set(row, (y * width + columns[i].left) * 3);
    }
  });
  return { rgb, width, height, columns };
}
