/**
 * Keyboard movement inside a grid, as in a spreadsheet and the WAI-ARIA grid pattern: arrows move
 * one cell, PageUp/PageDown one screen of rows, Home/End to the first/last cell of the row and
 * Ctrl+Home/Ctrl+End to the first/last row.
 */
export interface GridPosition {
  row: number;
  col: number;
}

export interface GridExtent {
  rowCount: number;
  colCount: number;
  /** Rows that fit on one screen: the PageUp/PageDown step. */
  pageRows: number;
}

/** Where a key moves the active cell, or null when the key is not a movement key. */
export function nextPosition(
  key: string,
  ctrlKey: boolean,
  position: GridPosition,
  extent: GridExtent,
): GridPosition | null {
  if (extent.rowCount <= 0 || extent.colCount <= 0) return null;
  const lastRow = extent.rowCount - 1;
  const lastCol = extent.colCount - 1;
  const clamp = (row: number, col: number): GridPosition => ({
    row: Math.min(lastRow, Math.max(0, row)),
    col: Math.min(lastCol, Math.max(0, col)),
  });
  const { row, col } = position;
  const step = Math.max(1, extent.pageRows);
  switch (key) {
    case 'ArrowUp':
      return clamp(row - 1, col);
    case 'ArrowDown':
      return clamp(row + 1, col);
    case 'ArrowLeft':
      return clamp(row, col - 1);
    case 'ArrowRight':
      return clamp(row, col + 1);
    case 'PageUp':
      return clamp(row - step, col);
    case 'PageDown':
      return clamp(row + step, col);
    case 'Home':
      return ctrlKey ? clamp(0, col) : clamp(row, 0);
    case 'End':
      return ctrlKey ? clamp(lastRow, col) : clamp(row, lastCol);
    default:
      return null;
  }
}
