import { stripAnsi } from './colour';

/**
 * Columns a string takes in a terminal: colour codes take none, and CJK ideographs, kana, Hangul and full-width
 * forms take two (order subjects and names here are often Chinese), so tables stay aligned.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of stripAnsi(text)) width += charWidth(char.codePointAt(0) ?? 0);
  return width;
}

function charWidth(code: number): number {
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  if (code >= 0x300 && code <= 0x36f) return 0; // combining marks
  return isWide(code) ? 2 : 1;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Pads (or, past `width`, cuts with an ellipsis) to exactly `width` columns. Plain text only when cutting. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  let shown = text;
  if (displayWidth(shown) > width) shown = truncate(stripAnsi(shown), width);
  const padding = ' '.repeat(Math.max(0, width - displayWidth(shown)));
  return align === 'right' ? padding + shown : shown + padding;
}

/** Cuts to at most `width` columns, ending in `…` when anything was cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let result = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0) ?? 0);
    if (used + w > width - 1) break;
    result += char;
    used += w;
  }
  return `${result}…`;
}
