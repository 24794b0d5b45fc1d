/** The grid's body: the virtual rows on screen, their cells, and the cell editor when one is open. */
import type { ReactTable, Row } from '@tanstack/react-table';
import type { VirtualItem } from '@tanstack/react-virtual';
import type { MouseEvent } from 'react';
import type { GridColumn } from './DataGrid.js';
import { GridCellEditor, type EditorExit } from './GridCellEditor.js';
import type { GridFeatures, GridRow } from './grid-model.js';
import type { GridPosition } from './keyboard.js';

export interface EditingCell extends GridPosition {
  /** The query the edit belongs to: a new query closes it. */
  key: string;
  text: string;
  original: string;
}

export function GridRows<T, S extends string>(props: {
  table: ReactTable<GridFeatures, GridRow<T>>;
  items: VirtualItem[];
  rowsById: Map<number, Row<GridFeatures, GridRow<T>>>;
  columns: readonly GridColumn<T, S>[];
  height: number;
  width: number;
  rowHeight: number;
  headerHeight: number;
  cellId: (row: number, col: number) => string;
  active: GridPosition;
  editing: EditingCell | null;
  rowKey: (row: T) => string | number;
  /** Key of the row whose detail is open. */
  openKey: string | number | null | undefined;
  isSelected: ((index: number, record: T | undefined) => boolean) | undefined;
  onEditText: (text: string) => void;
  onEditExit: (exit: EditorExit) => void;
  onCellClick: (index: number, col: number, event: MouseEvent) => void;
  onCellDoubleClick: (index: number, col: number) => void;
}) {
  const { table, columns, active, editing } = props;
  return (
    <div
      className="grid-body"
      style={{ height: props.height, minWidth: props.width }}
      role="rowgroup"
    >
      {props.items.map((item) => {
        const row = props.rowsById.get(item.index);
        const record = row?.original.record;
        const key = record === undefined ? null : props.rowKey(record);
        const opened = key !== null && key === props.openKey;
        const picked = props.isSelected?.(item.index, record) ?? false;
        const selected = opened || picked;
        return (
          <div
            key={item.index}
            role="row"
            aria-rowindex={item.index + 2}
            aria-selected={selected}
            data-testid={record === undefined ? 'grid-row-placeholder' : 'grid-row'}
            className={`grid-row${selected ? ' is-selected' : ''}${picked ? ' is-picked' : ''}${item.index % 2 ? ' is-odd' : ''}`}
            style={{
              height: props.rowHeight,
              transform: `translateY(${item.start - props.headerHeight}px)`,
            }}
          >
            {columns.map((column, col) => {
              const cell = row?.getAllCells()[col];
              const isActive = item.index === active.row && col === active.col;
              const isEditing = isActive && editing !== null && editing.row === item.index;
              return (
                <div
                  key={column.id}
                  id={props.cellId(item.index, col)}
                  role="gridcell"
                  aria-colindex={col + 1}
                  className={`grid-cell${column.align === 'end' ? ' is-end' : ''}${isActive ? ' is-active' : ''}${isEditing ? ' is-editing' : ''}`}
                  style={{ width: column.width }}
                  onClick={(event) => props.onCellClick(item.index, col, event)}
                  onDoubleClick={() => props.onCellDoubleClick(item.index, col)}
                >
                  {isEditing ? (
                    <GridCellEditor
                      label={column.header}
                      text={editing.text}
                      align={column.align ?? 'start'}
                      onText={props.onEditText}
                      onExit={props.onEditExit}
                    />
                  ) : record === undefined || !cell ? (
                    <span className="grid-skeleton" aria-hidden="true" />
                  ) : (
                    <table.FlexRender cell={cell} />
                  )}
                </div>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}
