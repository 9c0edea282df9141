/**
 * The four-panel view (image | Grad-CAM | simplified | overlay) drawn onto canvases, from the same pure
 * renderer the Node figures use (src/render/panel.ts): same colormaps, same upsampling, same cutoff rule.
 */
import { rgbaOpaque, type RgbImage } from '../image/rgb-image.js';
import { fourPanelImages, type FourPanelInput } from '../render/panel.js';

export const PANEL_NAMES = ['image', 'heatmap', 'simplified', 'overlay'] as const;
export type PanelName = (typeof PANEL_NAMES)[number];

/** Draw RGB bytes onto a canvas, resizing the canvas to the image. */
export function drawRgb(canvas: HTMLCanvasElement | OffscreenCanvas, image: RgbImage): void {
  if (canvas.width !== image.width) canvas.width = image.width;
  if (canvas.height !== image.height) canvas.height = image.height;
  const context = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!context) throw new Error('a 2D canvas context is unavailable');
  const rgba = new Uint8ClampedArray(rgbaOpaque(image.rgb).buffer as ArrayBuffer);
  context.putImageData(new ImageData(rgba, image.width, image.height), 0, 0);
}

/** Render the four panels and draw each onto its canvas. */
export function drawFourPanels(canvases: Record<PanelName, HTMLCanvasElement>, input: FourPanelInput): void {
  const images = fourPanelImages(input);
  PANEL_NAMES.forEach((name, i) => drawRgb(canvases[name], images[i]));
}
