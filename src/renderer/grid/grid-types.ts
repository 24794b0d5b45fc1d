/** The grid's public shapes beyond its columns: selection, inline editing and the active cell. */

/** How a click or key changes the selection: only this row, toggle it, or extend to it. */
export type SelectHow = 'only' | 'toggle' | 'extend';

/**
 * Row selection a view keeps (the grid only asks and tells): click selects one row, Ctrl/⌘+click
 * toggles, Shift+click extends from the anchor; Space toggles and Shift+↑/↓ extends from the
 * keyboard, Ctrl+A selects every row of the result, Escape clears.
 */
export interface GridSelectionControl<T> {
  isSelected: (index: number, record: T | undefined) => boolean;
  select: (index: number, record: T | undefined, how: SelectHow) => void;
  selectAll: () => void;
  clear: () => void;
}

/**
 * Inline editing: Enter, F2, a double-click or typing over a cell starts it where `editText`
 * gives text; Enter/Tab/↑/↓ save and move, Escape cancels. `commit` resolves to an error message
 * to show, or null once saved.
 */
export interface GridEditing<T> {
  editText: (record: T, columnId: string) => string | null;
  commit: (record: T, columnId: string, text: string) => Promise<string | null>;
}

export interface ActiveCell<T> {
  row: number;
  col: number;
  columnId: string;
  record: T | undefined;
}
