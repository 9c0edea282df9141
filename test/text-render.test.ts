import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { escapeHtml, tokenHtml, tokenHtmlPage } from '../src/render/token-html.js';
import { PLAIN_MARK_LEVEL, terminalSupportsColor, tokenTerminal } from '../src/render/token-terminal.js';

const TOKENS = ['the', 'film', 'was', 'superb', '.'];
const VALUES = [0, 0.2, -0.5, 0.8, 0.4];

/** Each span's inline style and text, in order. */
function spans(html: string): Array<{ style: string; text: string; kept: boolean }> {
  return [...html.matchAll(/<span class="token( kept)?"[^>]* style="([^"]*)">([^<]*)<\/span>/g)].map((m) => ({ kept: m[1] !== undefined, style: m[2], text: m[3] }));
}

describe('tokens as HTML', () => {
  it('escapes tokens and titles, so text cannot add markup', () => {
    expect(escapeHtml(`<b a="x">'&'</b>`)).toBe('&lt;b a=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;');
    const html = tokenHtml(['<script>alert(1)</script>', 'a"b'], [1, 0]);
    expect(html).not.toContain('<script>');
    expect(spans(html).map((s) => s.text)).toEqual(['&lt;script&gt;alert(1)&lt;/script&gt;', 'a&quot;b']);
    expect(tokenHtmlPage(['x'], [1], { title: 'a <i>title</i>' })).toContain('<title>a &lt;i&gt;title&lt;/i&gt;</title>');
  });

  it("shades the top token with the colormap's top colour, and leaves zero and negative importance white", () => {
    const s = spans(tokenHtml(TOKENS, VALUES, { colormap: 'jet' }));
    expect(s.map((x) => x.text)).toEqual(TOKENS);
    // jet at 1 is (0.5, 0, 0) -> rgb(128, 0, 0), opaque at the top importance; white text reads on it.
    expect(s[3].style).toContain('background-color: rgb(128, 0, 0); color: rgb(255, 255, 255)');
    expect(s[0].style).toContain('background-color: rgb(255, 255, 255); color: rgb(0, 0, 0)');
    expect(s[2].style).toContain('background-color: rgb(255, 255, 255)');
    // 0.4 of 0.8 is level 0.5: jet's middle, about (128, 255, 128), half-way to white, about (192, 255, 192).
    const [r, g, b] = /background-color: rgb\((\d+), (\d+), (\d+)\)/.exec(s[4].style)?.slice(1).map(Number) ?? [];
    expect(g).toBe(255);
    expect(r).toBeGreaterThan(180);
    expect(b).toBeGreaterThan(180);
  });

  it('emphasises the kept tokens (non-zero entries of a threshold, or true) and only those', () => {
    const s = spans(tokenHtml(TOKENS, VALUES, { kept: [0, 0, 0, 0.8, 0.4] }));
    expect(s.map((x) => x.kept)).toEqual([false, false, false, true, true]);
    expect(s[3].style).toContain('font-weight: bold');
    expect(s[0].style).not.toContain('font-weight');
    expect(spans(tokenHtml(['a', 'b'], [1, 1], { kept: [true, false] })).map((x) => x.kept)).toEqual([true, false]);
  });

  it('makes a full page: doctype, charset, title, the tokens and a scale', () => {
    const page = tokenHtmlPage(TOKENS, VALUES, { title: 'Why positive' });
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<h1');
    expect(spans(page)).toHaveLength(TOKENS.length);
    expect(page).toContain('class="litecam-scale"');
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('rejects values or kept flags that do not match the tokens, and unknown colormaps', () => {
    expect(() => tokenHtml(TOKENS, [1, 2])).toThrow(/5 tokens but 2 importance values/);
    expect(() => tokenHtml(TOKENS, VALUES, { kept: [1] })).toThrow(/5 tokens but 1 kept flags/);
    expect(() => tokenHtml(TOKENS, VALUES, { colormap: 'rainbow' })).toThrow(UsageError);
  });
});

describe('tokens in the terminal', () => {
  it('in colour: a 24-bit background per token, the top one the colormap top colour, kept tokens bold and underlined', () => {
    const out = tokenTerminal(TOKENS, VALUES, { color: true, colormap: 'jet', kept: [0, 0, 0, 1, 0] });
    expect(out).toContain('\u001b[1m\u001b[4m\u001b[48;2;128;0;0m\u001b[38;2;255;255;255msuperb\u001b[0m');
    // Zero importance over a black terminal: a black background, white text.
    expect(out.startsWith('\u001b[48;2;0;0;0m\u001b[38;2;255;255;255mthe\u001b[0m')).toBe(true);
    expect(out.split('\u001b[1m')).toHaveLength(2); // one bold token
  });

  it('without colour: plain text with the kept tokens in brackets, no escape codes', () => {
    expect(tokenTerminal(TOKENS, VALUES, { color: false, kept: [0, 1, 0, 1, 0] })).toBe('the [film] was [superb] .');
  });

  it(`without colour or kept tokens: brackets on those at ${PLAIN_MARK_LEVEL} of the top importance or more`, () => {
    expect(tokenTerminal(TOKENS, VALUES, { color: false })).toBe('the film was [superb] [.]');
  });

  it('replaces control characters, so a token cannot drive the terminal', () => {
    const out = tokenTerminal(['a\u001b[2Jb', 'c\u0007'], [1, 0], { color: false });
    expect(out).toBe('[a\uFFFD[2Jb] c\uFFFD');
    expect(tokenTerminal(['\u001b[31m'], [1], { color: true })).not.toContain('\u001b[31m');
  });

  it('uses colour only on a TTY and when NO_COLOR is unset or empty (no-color.org)', () => {
    expect(terminalSupportsColor({ isTTY: true }, {})).toBe(true);
    expect(terminalSupportsColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(terminalSupportsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(terminalSupportsColor({ isTTY: false }, {})).toBe(false);
    expect(terminalSupportsColor({}, {})).toBe(false);
  });
});
