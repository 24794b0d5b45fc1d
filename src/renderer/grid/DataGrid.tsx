/**
 * The one data grid. TanStack Table owns columns, headers and the sort state (sorting happens on
 * the engine: `manualSorting`); TanStack Virtual renders only the rows on screen; PageCache fetches
 * those rows a page at a time. A 100k-row result costs the rows on screen plus a few pages.
 *
 * Focus stays on the grid element and the active cell is named by aria-activedescendant, the
 * WAI-ARIA grid pattern's choice for virtualised grids (rows come and go while scrolling).
 */
import { createColumnHelper, useTable, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../shared/api/index.js';
import { nextPosition, type GridPosition } from './keyboard.js';
import { PageCache } from './page-cache.js';
import { GridHeader } from './GridHeader.js';
import { gridFeatures, type GridRow } from './grid-model.js';
import './grid.css';

export const ROW_HEIGHT = 28;
export const HEADER_HEIGHT = 30;

export interface GridColumn<T, S extends string = string> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Width in pixels. */
  width: number;
  align?: 'start' | 'end';
  /** The engine's sort field for this column; absent when it cannot be sorted. */
  sortField?: S;
}

export interface GridSort<S extends string = string> {
  field: S;
  dir: 'asc' | 'desc';
}

export interface DataGridProps<T, S extends string = string> {
  /** Accessible name of the grid. */
  label: string;
  columns: readonly GridColumn<T, S>[];
  /** Changes whenever `fetchPage` would answer differently (filters); resets the grid. */
  queryKey: string;
  fetchPage: (offset: number, limit: number, sort: GridSort<S> | undefined) => Promise<Page<T>>;
  /** Changes when the data changed; visible rows are refetched in place (as they are when
   * `fetchPage` changes while `queryKey` stays). */
  refreshKey: number;
  rowKey: (row: T) => string | number;
  onOpen?: (row: T) => void;
  /** Key of the row whose detail is open, highlighted. */
  selectedKey?: string | number | null;
  /** Shown instead of rows when the result is empty. */
  empty: ReactNode;
  renderError: (error: unknown, retry: () => void) => ReactNode;
  pageSize?: number;
}

/** Column ids of sortable columns are their sort fields, so a sorting id is always an S. */
function sortOf<S extends string>(sorting: SortingState): GridSort<S> | undefined {
  const first = sorting[0];
  return first ? { field: first.id as S, dir: first.desc ? 'desc' : 'asc' } : undefined;
}

export function DataGrid<T, S extends string = string>(props: DataGridProps<T, S>) {
  const { t } = useTranslation();
  const gridId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [sorting, setSorting] = useState<SortingState>([]);
  const sort = sortOf<S>(sorting);
  const cacheKey = `${props.queryKey}|${JSON.stringify(sort ?? null)}`;

  // The cache outlives renders; its fetch reads the latest props through this ref.
  const fetchRef = useRef(props.fetchPage);
  const sortRef = useRef(sort);
  useEffect(() => {
    fetchRef.current = props.fetchPage;
    sortRef.current = sort;
  });
  const [cache] = useState(
    () =>
      new PageCache<T>((offset, limit) => fetchRef.current(offset, limit, sortRef.current), {
        pageSize: props.pageSize ?? 200,
      }),
  );
  useSyncExternalStore(cache.subscribe, () => cache.version);

  useEffect(() => {
    cache.revive();
    return () => cache.dispose();
  }, [cache]);

  // A new query (filters, sort) starts over at the top; new data for the same query (a refresh, or
  // a new fetch function over the same rows) refetches what is on screen in place.
  const seen = useRef({ cacheKey, refreshKey: props.refreshKey, fetchPage: props.fetchPage });
  useEffect(() => {
    const last = seen.current;
    seen.current = { cacheKey, refreshKey: props.refreshKey, fetchPage: props.fetchPage };
    if (last.cacheKey !== cacheKey) {
      if (scrollRef.current) scrollRef.current.scrollTop = 0;
      cache.reset();
    } else if (last.refreshKey !== props.refreshKey || last.fetchPage !== props.fetchPage) {
      cache.invalidate();
    }
  }, [cache, cacheKey, props.refreshKey, props.fetchPage]);

  const total = cache.total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render on purpose; the grid re-renders on every scroll through it
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    cache.setRange(firstIndex, Math.max(firstIndex, lastIndex));
  }, [cache, firstIndex, lastIndex, cacheKey]);

  const windowRows = useMemo<GridRow<T>[]>(() => {
    const rows: GridRow<T>[] = [];
    for (let index = firstIndex; index <= lastIndex && index < total; index += 1) {
      rows.push({ index, record: cache.rowAt(index) });
    }
    return rows;
    // The cache mutates in place; its version is the dependency that says it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cache, cache.version, firstIndex, lastIndex, total]);

  const { columns } = props;
  const tableColumns = useMemo(() => {
    const helper = createColumnHelper<typeof gridFeatures, GridRow<T>>();
    return columns.map((column) =>
      // An accessor column (TanStack only sorts those); the value is unused because the engine
      // sorts (manualSorting) and cells render from the record.
      helper.accessor((row): unknown => row.index, {
        id: column.sortField ?? column.id,
        header: column.header,
        size: column.width,
        enableSorting: column.sortField !== undefined,
        cell: ({ row }) => (row.original.record ? column.cell(row.original.record) : null),
      }),
    );
  }, [columns]);

  const table = useTable({
    features: gridFeatures,
    columns: tableColumns,
    data: windowRows,
    getRowId: (row) => String(row.index),
    state: { sorting },
    onSortingChange: setSorting,
    manualSorting: true,
    enableMultiSort: false,
    sortDescFirst: false,
  });

  const [active, setActive] = useState<GridPosition & { key: string }>({
    key: cacheKey,
    row: 0,
    col: 0,
  });
  const activeRow = active.key === cacheKey ? Math.min(active.row, Math.max(0, total - 1)) : 0;
  const activeCol = active.key === cacheKey ? active.col : 0;
  const cellId = (row: number, col: number) => `${gridId}-r${row}-c${col}`;
  const activeRendered = total > 0 && activeRow >= firstIndex && activeRow <= lastIndex;

  const scrollIntoView = (row: number, col: number) => {
    const element = scrollRef.current;
    if (!element) return;
    const top = row * ROW_HEIGHT;
    const bodyHeight = element.clientHeight - HEADER_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + bodyHeight) {
      element.scrollTop = top + ROW_HEIGHT - bodyHeight;
    }
    const left = columns.slice(0, col).reduce((sum, column) => sum + column.width, 0);
    const width = columns[col]?.width ?? 0;
    if (left < element.scrollLeft) element.scrollLeft = left;
    else if (left + width > element.scrollLeft + element.clientWidth) {
      element.scrollLeft = left + width - element.clientWidth;
    }
  };

  const open = (row: number) => {
    const record = cache.rowAt(row);
    if (record !== undefined) props.onOpen?.(record);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return; // keys inside header buttons are theirs
    if (event.key === 'Enter') {
      event.preventDefault();
      open(activeRow);
      return;
    }
    const bodyHeight = (scrollRef.current?.clientHeight ?? 0) - HEADER_HEIGHT;
    const next = nextPosition(
      event.key,
      event.ctrlKey || event.metaKey,
      { row: activeRow, col: activeCol },
      {
        rowCount: total,
        colCount: columns.length,
        pageRows: Math.floor(bodyHeight / ROW_HEIGHT) - 1,
      },
    );
    if (!next) return;
    event.preventDefault();
    setActive({ key: cacheKey, ...next });
    scrollIntoView(next.row, next.col);
  };

  const error = cache.error;
  const loadingFirst = cache.total === null && error === null;
  const totalWidth = columns.reduce((sum, column) => sum + column.width, 0);
  const rowsById = new Map(table.getRowModel().rows.map((row) => [row.original.index, row]));

  return (
    <div className="grid-frame">
      <div
        ref={scrollRef}
        className="grid-scroll"
        role="grid"
        aria-label={props.label}
        aria-rowcount={cache.total === null ? -1 : total + 1}
        aria-colcount={columns.length}
        aria-busy={cache.loading}
        aria-activedescendant={activeRendered ? cellId(activeRow, activeCol) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <GridHeader table={table} columns={columns} width={totalWidth} height={HEADER_HEIGHT} />
        {error !== null ? (
          <div className="grid-message">{props.renderError(error, () => cache.retry())}</div>
        ) : loadingFirst ? (
          <div className="grid-message" role="status">
            {t('common.loading')}
          </div>
        ) : total === 0 ? (
          <div className="grid-message">{props.empty}</div>
        ) : (
          <div
            className="grid-body"
            style={{ height: virtualizer.getTotalSize() - HEADER_HEIGHT, minWidth: totalWidth }}
            role="rowgroup"
          >
            {items.map((item) => {
              const row = rowsById.get(item.index);
              const record = row?.original.record;
              const key = record === undefined ? null : props.rowKey(record);
              const selected = key !== null && key === props.selectedKey;
              return (
                <div
                  key={item.index}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={selected}
                  data-testid={record === undefined ? 'grid-row-placeholder' : 'grid-row'}
                  className={`grid-row${selected ? ' is-selected' : ''}${item.index % 2 ? ' is-odd' : ''}`}
                  style={{
                    height: ROW_HEIGHT,
                    transform: `translateY(${item.start - HEADER_HEIGHT}px)`,
                  }}
                  onClick={() => {
                    setActive({ key: cacheKey, row: item.index, col: activeCol });
                    open(item.index);
                  }}
                >
                  {columns.map((column, col) => {
                    const cell = row?.getAllCells()[col];
                    const isActive = item.index === activeRow && col === activeCol;
                    return (
                      <div
                        key={column.id}
                        id={cellId(item.index, col)}
                        role="gridcell"
                        aria-colindex={col + 1}
                        className={`grid-cell${column.align === 'end' ? ' is-end' : ''}${isActive ? ' is-active' : ''}`}
                        style={{ width: column.width }}
                      >
                        {record === undefined || !cell ? (
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
        )}
      </div>
      <div className="grid-footer" aria-live="polite">
        {cache.total === null ? '' : t('grid.rowCount', { count: total })}
        {cache.loading && cache.total !== null ? ` · ${t('common.loading')}` : ''}
      </div>
    </div>
  );
}
