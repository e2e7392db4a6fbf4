import type { Palette } from './colour';
import { displayWidth, fit } from './text-width';

export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
  /** Cells wider than this are cut with an ellipsis (subjects, keys); unset means as wide as needed. */
  readonly maxWidth?: number;
  /**
   * A fixed width, whatever the cells: for tables printed a few rows at a time (`outbox --follow`), so later rows
   * line up with the header printed first. The last column may overflow it rather than be cut.
   */
  readonly width?: number;
}

export interface TableOptions {
  /** Print the header and its rule (default true); follow-on rows of a fixed-width table leave them out. */
  readonly header?: boolean;
}

/**
 * A plain-text table: a header, a rule, then one line per row, columns two spaces apart. Cells may carry colour
 * codes; widths are measured without them. Returns the lines, each ending in a newline.
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  style: Palette,
  options: TableOptions = {},
): string {
  const widths = columns.map((column, i) => {
    if (column.width !== undefined) return column.width;
    const widest = Math.max(displayWidth(column.header), ...rows.map((row) => displayWidth(row[i] ?? '')));
    return column.maxWidth === undefined ? widest : Math.min(widest, column.maxWidth);
  });
  const last = columns.length - 1;
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        // A fixed-width last column is not cut: nothing follows it to misalign.
        if (i === last && column.width !== undefined && column.maxWidth === undefined) return cell;
        return fit(cell, widths[i] ?? 0, column.align);
      })
      .join('  ')
      .trimEnd();
  const header = options.header ?? true;
  const head = header
    ? [style.bold(line(columns.map((c) => c.header))), style.dim(widths.map((w) => '-'.repeat(w)).join('  '))]
    : [];
  return [...head, ...rows.map(line)].map((text) => `${text}\n`).join('');
}
