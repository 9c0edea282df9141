import type { ThresholdResult } from '../../attribution/types.js';
import type { Explanation } from '../../explain.js';
import { encodeImage } from '../../render/encode.js';
import { overlay } from '../../render/overlay.js';
import { composePanels } from '../../render/panel.js';
import { resizeRgb } from '../../image/resize-rgb.js';
import type { EvaluationItem } from './evaluation-item.js';

/** Smaller than a four-panel figure's (224): a row holds one panel per threshold and should fit a page. */
export const THRESHOLD_GRID_PANEL_HEIGHT = 160;

/**
 * input | map | what each threshold keeps, drawn over the image, as PNG bytes: one explanation seen through
 * every threshold the evaluation scores, so their regions can be compared at a glance.
 */
export async function thresholdGridFigure(
  item: EvaluationItem,
  explanation: Explanation,
  thresholds: Array<{ name: string; result: ThresholdResult }>,
  method: string,
): Promise<Buffer> {
  const { width: gridWidth, height: gridHeight } = explanation.attribution.topology as { width: number; height: number };
  const height = THRESHOLD_GRID_PANEL_HEIGHT;
  const width = Math.max(1, Math.round((item.image.width * height) / item.image.height));
  const scaled = resizeRgb(item.image, width, height);
  const sx = width / item.image.width;
  const sy = height / item.image.height;
  const box = { left: item.box.left * sx, top: item.box.top * sy, width: item.box.width * sx, height: item.box.height * sy };
  const panel = (alpha: number, cutoff?: number) => ({
    rgb: overlay(scaled.rgb, width, height, explanation.attribution.values, gridWidth, gridHeight, {
      alpha,
      box,
      kept: cutoff === undefined ? undefined : { cutoff, outside: 'image' },
    }),
    width,
    height,
  });
  // The kept regions are drawn opaque so that what a threshold keeps and what it drops cannot be confused.
  const figure = composePanels([scaled, panel(1), ...thresholds.map((t) => panel(1, t.result.cutoff))]);
  const titles = ['input', method, ...thresholds.map((t) => `${t.name}: ${(t.result.coverage * 100).toFixed(0)}% kept`)];
  return encodeImage(figure, 'png', { titles });
}
