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

/**
 * What a key does inside a cell editor, as in a spreadsheet: Enter and the up/down arrows save
 * and move down or up, Tab saves and moves right (Shift+Tab left), Escape leaves without saving.
 * Left/right arrows stay in the text. Null: the key belongs to the text field.
 */
export function editorKeyAction(
  key: string,
  shiftKey: boolean,
): { save: boolean; move: 'up' | 'down' | 'left' | 'right' | null } | null {
  switch (key) {
    case 'Enter':
      return { save: true, move: shiftKey ? 'up' : 'down' };
    case 'Tab':
      return { save: true, move: shiftKey ? 'left' : 'right' };
    case 'ArrowDown':
      return { save: true, move: 'down' };
    case 'ArrowUp':
      return { save: true, move: 'up' };
    case 'Escape':
      return { save: false, move: null };
    default:
      return null;
  }
}

/** The movement key that `move` stands for (see nextPosition). */
export const MOVE_KEYS = {
  up: 'ArrowUp',
  down: 'ArrowDown',
  left: 'ArrowLeft',
  right: 'ArrowRight',
} as const;

/** A key that starts editing the active cell with its own character (typing over the value). */
export function typesCharacter(event: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}): boolean {
  return (
    event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey
  );
}
