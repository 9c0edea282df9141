import type { PanelColumn } from './panel.js';

/** Height of the band above a figure that holds the panel titles, in pixels. */
export const TITLE_ROW_HEIGHT = 28;
export const TITLE_FONT_SIZE = 15;
/** DejaVu Sans ships with most Linux systems (and librsvg finds it through fontconfig); the rest are fallbacks. */
const TITLE_FONT_FAMILY = 'DejaVu Sans, Helvetica, Arial, sans-serif';
/** Average glyph width of those fonts relative to the font size; used to shorten titles that would overflow. */
const AVERAGE_GLYPH_WIDTH = 0.6;

/** An SVG of `width` x `height`: white, with each title centred over its column and cut short to fit it. */
export function titleRowSvg(titles: string[], columns: PanelColumn[], width: number, height = TITLE_ROW_HEIGHT): string {
  const baseline = Math.round(height / 2 + TITLE_FONT_SIZE * 0.35);
  const texts = titles.map((title, i) => {
    const column = columns[i];
    const x = column.left + column.width / 2;
    const text = escapeXml(fitTitle(title, column.width));
    return `<text x="${x}" y="${baseline}" text-anchor="middle">${text}</text>`;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<g font-family="${TITLE_FONT_FAMILY}" font-size="${TITLE_FONT_SIZE}" fill="#000000">${texts.join('')}</g>` +
    `</svg>`
  );
}

/** The title, or its start and an ellipsis when it would be wider than the column. */
export function fitTitle(title: string, columnWidth: number): string {
  const maxChars = Math.max(1, Math.floor(columnWidth / (TITLE_FONT_SIZE * AVERAGE_GLYPH_WIDTH)));
  const chars = Array.from(title);
  return chars.length <= maxChars ? title : chars.slice(0, Math.max(0, maxChars - 1)).join('') + '\u2026';
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
