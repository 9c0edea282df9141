/**
 * A text explanation as HTML: each token a span whose background is its importance through a colormap,
 * laid over white with the importance as opacity, and the tokens a threshold kept in bold with an outline.
 * Styles are inline, so the fragment reads the same pasted into any page; the page wraps it with a title and
 * a scale. Every token and title is escaped.
 */
import { tokenShades, WHITE, type RGB } from './token-shades.js';

export interface TokenHtmlOptions {
  /** A name from `COLORMAPS`; jet by default, as the image overlays. */
  colormap?: string;
  /** Tokens to emphasise: a threshold's values (non-zero is kept) or booleans, one per token. */
  kept?: ArrayLike<number | boolean>;
  /** Heading of the full page (and its <title>). */
  title?: string;
}

export const TOKEN_HTML_DEFAULTS = { colormap: 'jet', title: 'Token importance' };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const css = ([r, g, b]: RGB): string => `rgb(${r}, ${g}, ${b})`;

/** The tokens as one <p> of spans; token i carries data-index i and its importance (0-1, scaled by the largest). */
export function tokenHtml(tokens: readonly string[], values: ArrayLike<number>, options: TokenHtmlOptions = {}): string {
  const colormap = options.colormap ?? TOKEN_HTML_DEFAULTS.colormap;
  const spans = tokenShades(tokens, values, colormap, WHITE, options.kept).map((s, i) => {
    const emphasis = s.kept ? 'font-weight: bold; outline: 2px solid #222; ' : '';
    const style = `${emphasis}background-color: ${css(s.blended)}; color: ${css(s.text)}; padding: 0.1em 0.25em; border-radius: 0.2em; margin: 0 0.1em; line-height: 2;`;
    const level = s.level.toFixed(3);
    return `<span class="token${s.kept ? ' kept' : ''}" data-index="${i}" data-importance="${level}" title="importance ${level}" style="${style}">${escapeHtml(tokens[i])}</span>`;
  });
  return `<p class="litecam-tokens" style="font-family: Helvetica, Arial, sans-serif; font-size: 16px;">${spans.join(' ')}</p>`;
}

/** The colormap from 0 to 1 as a strip of 11 cells, as the tokens use it (over white). */
function scaleHtml(colormap: string): string {
  const levels = Array.from({ length: 11 }, (_, i) => i / 10);
  const cells = tokenShades(levels.map(String), levels, colormap, WHITE).map(
    (s) => `<span style="display: inline-block; width: 2em; height: 1em; background-color: ${css(s.blended)};"></span>`,
  );
  return `<p class="litecam-scale" style="font-family: Helvetica, Arial, sans-serif; font-size: 12px;">0 ${cells.join('')} 1 (importance, scaled by the largest; bold and outlined: kept)</p>`;
}

/** A self-contained HTML page: the title, the tokens and the scale. */
export function tokenHtmlPage(tokens: readonly string[], values: ArrayLike<number>, options: TokenHtmlOptions = {}): string {
  const title = escapeHtml(options.title ?? TOKEN_HTML_DEFAULTS.title);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${title}</title></head>`,
    `<body style="margin: 2em; background: #ffffff;">`,
    `<h1 style="font-family: Helvetica, Arial, sans-serif; font-size: 20px;">${title}</h1>`,
    tokenHtml(tokens, values, options),
    scaleHtml(options.colormap ?? TOKEN_HTML_DEFAULTS.colormap),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
