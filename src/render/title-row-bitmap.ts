import type { RgbImage } from '../image/rgb-image.js';
import { GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyphBitmap } from './bitmap-font.js';
import type { PanelColumn } from './panel.js';
import { TITLE_ROW_HEIGHT } from './title-row.js';

/**
 * The title row without sharp: the bitmap font drawn straight into pixels, where `title-row.ts` writes an SVG
 * for librsvg. Same band height and layout (each title centred over its column, cut short with an
 * ellipsis), but a fixed-pitch pixel font: twice its size when every title fits so, else at its own size.
 */
const SCALES = [2, 1] as const;
const ELLIPSIS = '\u2026';
const WHITE = 255;
const INK = 0;

/** A white band `width` x TITLE_ROW_HEIGHT with each title in black over its column. */
export function bitmapTitleRow(titles: string[], columns: PanelColumn[], width: number): RgbImage {
  const height = TITLE_ROW_HEIGHT;
  const rgb = new Uint8Array(width * height * 3).fill(WHITE);
  const fitsAt = (scale: number) => titles.every((t, i) => textWidth(Array.from(t).length, scale) <= columns[i].width);
  const scale = SCALES.find(fitsAt) ?? SCALES[SCALES.length - 1];
  const top = Math.max(0, Math.floor((height - GLYPH_HEIGHT * scale) / 2));
  titles.forEach((title, i) => {
    const chars = fitText(title, columns[i].width, scale);
    let left = columns[i].left + Math.floor((columns[i].width - textWidth(chars.length, scale)) / 2);
    for (const char of chars) {
      drawGlyph(rgb, width, height, glyphBitmap(char), left, top, scale);
      left += GLYPH_ADVANCE * scale;
    }
  });
  return { rgb, width, height };
}

/** The image with `band` (of the same width) stacked above it. */
export function stackAbove(band: RgbImage, image: RgbImage): RgbImage {
  const rgb = new Uint8Array(band.rgb.length + image.rgb.length);
  rgb.set(band.rgb, 0);
  rgb.set(image.rgb, band.rgb.length);
  return { rgb, width: image.width, height: band.height + image.height };
}

function textWidth(chars: number, scale: number): number {
  return Math.max(0, chars * GLYPH_ADVANCE - 1) * scale;
}

/** The title's characters, or its start and an ellipsis when it is wider than the column. */
function fitText(title: string, columnWidth: number, scale: number): string[] {
  const chars = Array.from(title);
  const maxChars = Math.max(1, Math.floor((columnWidth / scale + 1) / GLYPH_ADVANCE));
  return chars.length <= maxChars ? chars : [...chars.slice(0, maxChars - 1), ELLIPSIS];
}

function drawGlyph(rgb: Uint8Array, width: number, height: number, glyph: Uint8Array, left: number, top: number, scale: number): void {
  for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
    for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
      if (!glyph[gy * GLYPH_WIDTH + gx]) continue;
      for (let dy = 0; dy < scale; dy++) {
        const y = top + gy * scale + dy;
        for (let dx = 0; dx < scale; dx++) {
          const x = left + gx * scale + dx;
          if (x < 0 || x >= width || y >= height) continue;
          rgb.fill(INK, (y * width + x) * 3, (y * width + x) * 3 + 3);
        }
      }
    }
  }
}
