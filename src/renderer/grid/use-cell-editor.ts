/**
 * The grid's inline editor state: which cell is being edited with what text, starting an edit
 * (only where the view gives text for the cell), and finishing it — saving through the view's
 * `commit` when the text changed, then moving like a spreadsheet. A failed save leaves its
 * message for the grid's footer.
 */
import { useState } from 'react';
import type { GridColumn } from './DataGrid.js';
import type { EditingCell } from './GridRows.js';
import type { GridEditing } from './grid-types.js';
import { MOVE_KEYS, nextPosition } from './keyboard.js';

export function useCellEditor<T, S extends string>(options: {
  /** The query now shown: an edit of another query is closed. */
  cacheKey: string;
  columns: readonly GridColumn<T, S>[];
  rowAt: (index: number) => T | undefined;
  editing: GridEditing<T> | undefined;
  total: number;
  focusGrid: () => void;
  moveTo: (row: number, col: number) => void;
}) {
  const [editor, setEditor] = useState<EditingCell | null>(null);
  const [editError, setEditError] = useState<string | null>(null);
  const { cacheKey, columns, rowAt, editing: edits } = options;
  const editing = editor?.key === cacheKey ? editor : null;

  /** Starts editing a cell; false when it cannot be edited. */
  const startEdit = (row: number, col: number, typed?: string): boolean => {
    const record = rowAt(row);
    const column = columns[col];
    if (!edits || record === undefined || !column) return false;
    const text = edits.editText(record, column.id);
    if (text === null) return false;
    setEditError(null);
    setEditor({ key: cacheKey, row, col, text: typed ?? text, original: text });
    return true;
  };

  const setText = (text: string) =>
    setEditor((current) => (current ? { ...current, text } : current));

  const finishEdit = (save: boolean, move: keyof typeof MOVE_KEYS | null, byKey: boolean) => {
    const current = editing;
    setEditor(null);
    // After a key the grid takes focus back; a click elsewhere keeps it where it went.
    if (byKey) options.focusGrid();
    if (!current) return;
    const record = rowAt(current.row);
    const column = columns[current.col];
    if (save && edits && record !== undefined && column && current.text !== current.original) {
      void edits.commit(record, column.id, current.text).then((error) => {
        if (error) setEditError(`${column.header}: ${error}`);
      });
    }
    if (move) {
      const next = nextPosition(MOVE_KEYS[move], false, current, {
        rowCount: options.total,
        colCount: columns.length,
        pageRows: 1,
      });
      if (next) options.moveTo(next.row, next.col);
    }
  };

  return { editing, editError, startEdit, setText, finishEdit };
}
