/**
 * A text explanation for the terminal: each token on a 24-bit ANSI background, its importance through a
 * colormap laid over black (the usual terminal background) with the importance as opacity, and the kept
 * tokens bold and underlined. Without colour (NO_COLOR set, or output that is not a terminal) it is plain
 * text with the kept tokens in [brackets]. Control characters in tokens are replaced, so a token cannot
 * move the cursor or change the terminal's state.
 */
import { BLACK, tokenShades } from './token-shades.js';

export interface TokenTerminalOptions {
  /** A name from `COLORMAPS`; jet by default. */
  colormap?: string;
  /** Tokens to emphasise: a threshold's values (non-zero is kept) or booleans, one per token. */
  kept?: ArrayLike<number | boolean>;
  /** Colour or plain text; default `terminalSupportsColor(process.stdout)`. */
  color?: boolean;
}

/**
 * With no `kept` given, plain text brackets the tokens at or above this share of the largest importance, so
 * the output still says which tokens matter.
 */
export const PLAIN_MARK_LEVEL = 0.5;

const ESC = '\u001b[';
const RESET = `${ESC}0m`;

/** Colour unless NO_COLOR is set to anything but the empty string (no-color.org) or the stream is not a TTY. */
export function terminalSupportsColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): boolean {
  const noColor = env.NO_COLOR;
  return (noColor === undefined || noColor === '') && stream.isTTY === true;
}

/** Control characters (C0, DEL, C1) as U+FFFD. */
function printable(token: string): string {
  return token.replace(/\p{Cc}/gu, '\uFFFD');
}

export function tokenTerminal(tokens: readonly string[], values: ArrayLike<number>, options: TokenTerminalOptions = {}): string {
  const color = options.color ?? terminalSupportsColor(process.stdout);
  const shades = tokenShades(tokens, values, options.colormap ?? 'jet', BLACK, options.kept);
  const words = shades.map((s, i) => {
    const token = printable(tokens[i]);
    if (!color) {
      const marked = options.kept ? s.kept : s.level >= PLAIN_MARK_LEVEL;
      return marked ? `[${token}]` : token;
    }
    const [r, g, b] = s.blended;
    const [tr, tg, tb] = s.text;
    const emphasis = s.kept ? `${ESC}1m${ESC}4m` : '';
    return `${emphasis}${ESC}48;2;${r};${g};${b}m${ESC}38;2;${tr};${tg};${tb}m${token}${RESET}`;
  });
  return words.join(' ');
}
