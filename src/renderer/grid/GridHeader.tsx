/** The sticky header row: column names, and sort buttons where the engine can sort. */
import type { ReactTable } from '@tanstack/react-table';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridColumn } from './DataGrid.js';
import type { GridFeatures, GridRow } from './grid-model.js';

interface GridHeaderProps<T, S extends string> {
  table: ReactTable<GridFeatures, GridRow<T>>;
  columns: readonly GridColumn<T, S>[];
  width: number;
  height: number;
  /**
   * The sort in force, as text: the header is memoised (it need not re-render on every scroll
   * step), and the table instance stays the same when the sort changes, so this says it did.
   */
  sortKey: string;
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

function GridHeaderView<T, S extends string>({
  table,
  columns,
  width,
  height,
}: GridHeaderProps<T, S>) {
  const { t } = useTranslation();
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  return (
    <div className="grid-header" role="rowgroup" style={{ minWidth: width, height }}>
      <div role="row" aria-rowindex={1} className="grid-header-row" style={{ height }}>
        {headers.map((header, index) => {
          const column = columns[index];
          const sorted = header.column.getIsSorted();
          const canSort = header.column.getCanSort();
          const label = column?.header ?? '';
          return (
            <div
              key={header.id}
              role="columnheader"
              aria-colindex={index + 1}
              aria-sort={canSort ? (sorted ? ARIA_SORT[sorted] : 'none') : undefined}
              className={`grid-header-cell${column?.align === 'end' ? ' is-end' : ''}`}
              style={{ width: column?.width }}
            >
              {canSort ? (
                <button
                  type="button"
                  className="grid-sort"
                  onClick={header.column.getToggleSortingHandler()}
                  title={t('grid.sortBy', { column: label })}
                >
                  <span className="grid-header-label">{label}</span>
                  <span className="grid-sort-mark" aria-hidden="true">
                    {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                  </span>
                </button>
              ) : (
                <span className="grid-header-label">{label}</span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

// memo() loses the component's type parameters; the cast gives them back.
export const GridHeader = memo(GridHeaderView) as typeof GridHeaderView;
