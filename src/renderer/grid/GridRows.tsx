/**
 * The grid's body: the virtual rows on screen, their cells, and the cell editor when one is open.
 *
 * Each row is memoised on what it shows (its record, position, selection, active cell), so a
 * scroll step re-renders only the rows that came into view: the rest keep their index and
 * record and are skipped. Cells render straight from the record through the column's `cell`
 * (TanStack Table keeps the columns, headers and sort state). Handlers reach rows through one
 * stable object, so a new closure in the grid never defeats the memo.
 */
import type { VirtualItem } from '@tanstack/react-virtual';
import { memo, type MouseEvent } from 'react';
import type { GridColumn } from './DataGrid.js';
import { GridCellEditor, type EditorExit } from './GridCellEditor.js';
import type { GridPosition } from './keyboard.js';

export interface EditingCell extends GridPosition {
  /** The query the edit belongs to: a new query closes it. */
  key: string;
  text: string;
  original: string;
}

/** What rows call back; one stable object for the grid's lifetime. */
export interface RowHandlers {
  onCellClick: (index: number, col: number, event: MouseEvent) => void;
  onCellDoubleClick: (index: number, col: number) => void;
  onEditText: (text: string) => void;
  onEditExit: (exit: EditorExit) => void;
}

interface RowProps<T, S extends string> {
  index: number;
  top: number;
  height: number;
  record: T | undefined;
  columns: readonly GridColumn<T, S>[];
  gridId: string;
  /** The active column when the active cell is in this row, else -1. */
  activeCol: number;
  /** The editor's state when the edited cell is in this row, else null. */
  editing: EditingCell | null;
  selected: boolean;
  picked: boolean;
  handlers: RowHandlers;
}

export const cellIdOf = (gridId: string, row: number, col: number) => `${gridId}-r${row}-c${col}`;

function GridRowView<T, S extends string>(props: RowProps<T, S>) {
  const { index, record, columns, activeCol, editing, handlers } = props;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={props.selected}
      data-testid={record === undefined ? 'grid-row-placeholder' : 'grid-row'}
      className={`grid-row${props.selected ? ' is-selected' : ''}${props.picked ? ' is-picked' : ''}${index % 2 ? ' is-odd' : ''}`}
      style={{ height: props.height, transform: `translateY(${props.top}px)` }}
    >
      {columns.map((column, col) => {
        const isActive = col === activeCol;
        const isEditing = isActive && editing !== null;
        return (
          <div
            key={column.id}
            id={cellIdOf(props.gridId, index, col)}
            role="gridcell"
            aria-colindex={col + 1}
            data-column={column.id}
            className={`grid-cell${column.align === 'end' ? ' is-end' : ''}${isActive ? ' is-active' : ''}${isEditing ? ' is-editing' : ''}`}
            style={{ width: column.width }}
            onClick={(event) => handlers.onCellClick(index, col, event)}
            onDoubleClick={() => handlers.onCellDoubleClick(index, col)}
          >
            {isEditing ? (
              <GridCellEditor
                label={column.header}
                text={editing.text}
                align={column.align ?? 'start'}
                onText={handlers.onEditText}
                onExit={handlers.onEditExit}
              />
            ) : record === undefined ? (
              <span className="grid-skeleton" aria-hidden="true" />
            ) : (
              column.cell(record)
            )}
          </div>
        );
      })}
    </div>
  );
}

// memo() loses the component's type parameters; the cast gives them back.
const GridRow = memo(GridRowView) as typeof GridRowView;

export function GridRows<T, S extends string>(props: {
  items: VirtualItem[];
  rowAt: (index: number) => T | undefined;
  columns: readonly GridColumn<T, S>[];
  height: number;
  width: number;
  rowHeight: number;
  headerHeight: number;
  gridId: string;
  active: GridPosition;
  editing: EditingCell | null;
  rowKey: (row: T) => string | number;
  /** Key of the row whose detail is open. */
  openKey: string | number | null | undefined;
  isSelected: ((index: number, record: T | undefined) => boolean) | undefined;
  handlers: RowHandlers;
}) {
  const { active, editing } = props;
  return (
    <div
      className="grid-body"
      style={{ height: props.height, minWidth: props.width }}
      role="rowgroup"
    >
      {props.items.map((item) => {
        const record = props.rowAt(item.index);
        const key = record === undefined ? null : props.rowKey(record);
        const opened = key !== null && key === props.openKey;
        const picked = props.isSelected?.(item.index, record) ?? false;
        return (
          <GridRow
            key={item.index}
            index={item.index}
            top={item.start - props.headerHeight}
            height={props.rowHeight}
            record={record}
            columns={props.columns}
            gridId={props.gridId}
            activeCol={item.index === active.row ? active.col : -1}
            editing={editing !== null && editing.row === item.index ? editing : null}
            selected={opened || picked}
            picked={picked}
            handlers={props.handlers}
          />
        );
      })}
    </div>
  );
}
