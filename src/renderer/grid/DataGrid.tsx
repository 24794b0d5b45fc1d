/**
 * The one data grid. TanStack Table owns columns, headers and the sort state (sorting happens on
 * the engine: `manualSorting`); TanStack Virtual renders only the rows on screen; PageCache fetches
 * those rows a page at a time. A 100k-row result costs the rows on screen plus a few pages.
 *
 * Focus stays on the grid element and the active cell is named by aria-activedescendant, the
 * WAI-ARIA grid pattern's choice for virtualised grids (rows come and go while scrolling). A
 * view may add row selection and inline editing (grid-types.ts); without them the grid is
 * read-only and a click or Enter opens the row, as before.
 */
import { createColumnHelper, useTable, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../shared/api/index.js';
import { GridHeader } from './GridHeader.js';
import { cellIdOf, GridRows, type RowHandlers } from './GridRows.js';
import { gridFeatures, type GridRow } from './grid-model.js';
import type { ActiveCell, GridEditing, GridSelectionControl } from './grid-types.js';
import { nextPosition, typesCharacter, type GridPosition } from './keyboard.js';
import { PageCache } from './page-cache.js';
import { useCellEditor } from './use-cell-editor.js';
import './grid.css';

export type { ActiveCell, GridEditing, GridSelectionControl, SelectHow } from './grid-types.js';

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
  /** Row selection kept by the view (click/shift/ctrl, keyboard). */
  selection?: GridSelectionControl<T>;
  /** Inline cell editing. */
  editing?: GridEditing<T>;
  /** Keys the view handles before the grid (its shortcuts); true when handled. */
  onKeyCommand?: (event: KeyboardEvent<HTMLDivElement>, active: ActiveCell<T>) => boolean;
  onActiveChange?: (active: ActiveCell<T>) => void;
  /** The sort, when the view controls it (saved views); otherwise the grid keeps its own. */
  sort?: GridSort<S> | null;
  onSortChange?: (sort: GridSort<S> | null) => void;
  /** Told the result's row count once known (null while loading). */
  onTotalChange?: (total: number | null) => void;
  /**
   * On a new query, keep the rows on screen until its first page arrives (a search typed key by
   * key then never flashes an empty grid); by default they go at once.
   */
  keepRowsOnQueryChange?: boolean;
}

/** The table's rows are never read (cells render from the page cache): one empty array. */
const NO_ROWS: GridRow<never>[] = [];

/** Column ids of sortable columns are their sort fields, so a sorting id is always an S. */
function sortOf<S extends string>(sorting: SortingState): GridSort<S> | undefined {
  const first = sorting[0];
  return first ? { field: first.id as S, dir: first.desc ? 'desc' : 'asc' } : undefined;
}

export function DataGrid<T, S extends string = string>(props: DataGridProps<T, S>) {
  const { t } = useTranslation();
  const gridId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [ownSorting, setOwnSorting] = useState<SortingState>([]);
  const controlled = props.sort !== undefined;
  const sorting: SortingState = controlled
    ? props.sort
      ? [{ id: props.sort.field, desc: props.sort.dir === 'desc' }]
      : []
    : ownSorting;
  const sort = sortOf<S>(sorting);
  const cacheKey = `${props.queryKey}|${JSON.stringify(sort ?? null)}`;

  const keepRowsOnQueryChange = props.keepRowsOnQueryChange ?? false;
  // The cache outlives renders; its fetch reads the latest props through this ref.
  const fetchRef = useRef(props.fetchPage);
  const sortRef = useRef(sort);
  // Layout effects, like the reset below: a new query's first fetch leaves before the frame is
  // painted, not a frame later.
  useLayoutEffect(() => {
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
  useLayoutEffect(() => {
    const last = seen.current;
    seen.current = { cacheKey, refreshKey: props.refreshKey, fetchPage: props.fetchPage };
    if (last.cacheKey !== cacheKey) {
      if (scrollRef.current) scrollRef.current.scrollTop = 0;
      cache.reset(undefined, { keep: keepRowsOnQueryChange });
    } else if (last.refreshKey !== props.refreshKey || last.fetchPage !== props.fetchPage) {
      cache.invalidate();
    }
  }, [cache, cacheKey, props.refreshKey, props.fetchPage, keepRowsOnQueryChange]);

  const total = cache.total ?? 0;
  const { onTotalChange } = props;
  useEffect(() => onTotalChange?.(cache.total), [onTotalChange, cache.total]);

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
    data: NO_ROWS,
    getRowId: (row) => String(row.index),
    state: { sorting },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      if (controlled) props.onSortChange?.(sortOf<S>(next) ?? null);
      else setOwnSorting(next);
    },
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
  const activeCol = active.key === cacheKey ? Math.min(active.col, columns.length - 1) : 0;
  const activeRendered = total > 0 && activeRow >= firstIndex && activeRow <= lastIndex;

  const activeCell = (row: number, col: number): ActiveCell<T> => ({
    row,
    col,
    columnId: columns[col]?.id ?? '',
    record: cache.rowAt(row),
  });
  const { onActiveChange } = props;
  useEffect(() => {
    onActiveChange?.({
      row: activeRow,
      col: activeCol,
      columnId: columns[activeCol]?.id ?? '',
      record: cache.rowAt(activeRow),
    });
    // The record is read when the position changes; a refetch of the same row need not re-tell.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [onActiveChange, activeRow, activeCol, columns]);

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

  const moveTo = (row: number, col: number) => {
    setActive({ key: cacheKey, row, col });
    scrollIntoView(row, col);
  };

  const open = (row: number) => {
    const record = cache.rowAt(row);
    if (record !== undefined) props.onOpen?.(record);
  };

  const { editing, editError, startEdit, setText, finishEdit } = useCellEditor({
    cacheKey,
    columns,
    rowAt: (index) => cache.rowAt(index),
    editing: props.editing,
    total,
    focusGrid: () => scrollRef.current?.focus(),
    moveTo,
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return; // keys inside header buttons are theirs
    if (props.onKeyCommand?.(event, activeCell(activeRow, activeCol))) {
      event.preventDefault();
      return;
    }
    const { selection } = props;
    const control = event.ctrlKey || event.metaKey;
    if (event.key === 'Enter' || event.key === 'F2') {
      event.preventDefault();
      if (control || !startEdit(activeRow, activeCol)) {
        if (event.key === 'Enter') open(activeRow);
      }
      return;
    }
    if (props.editing && typesCharacter(event) && startEdit(activeRow, activeCol, event.key)) {
      event.preventDefault();
      return;
    }
    if (selection && event.key === ' ') {
      event.preventDefault();
      selection.select(activeRow, cache.rowAt(activeRow), 'toggle');
      return;
    }
    if (selection && control && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      selection.selectAll();
      return;
    }
    if (selection && event.key === 'Escape') {
      selection.clear();
      return;
    }
    const bodyHeight = (scrollRef.current?.clientHeight ?? 0) - HEADER_HEIGHT;
    const next = nextPosition(
      event.key,
      control,
      { row: activeRow, col: activeCol },
      {
        rowCount: total,
        colCount: columns.length,
        pageRows: Math.floor(bodyHeight / ROW_HEIGHT) - 1,
      },
    );
    if (!next) return;
    event.preventDefault();
    moveTo(next.row, next.col);
    if (selection && event.shiftKey && next.row !== activeRow) {
      selection.select(next.row, cache.rowAt(next.row), 'extend');
    }
  };

  // Rows call back through one stable object reading the latest closures (set after each render).
  const latest = useRef<RowHandlers | null>(null);
  useEffect(() => {
    latest.current = {
      onCellClick: (index, col, event) => {
        setActive({ key: cacheKey, row: index, col });
        const record = cache.rowAt(index);
        const { selection } = props;
        if (selection && (event.ctrlKey || event.metaKey)) {
          selection.select(index, record, 'toggle');
          return;
        }
        if (selection && event.shiftKey) {
          selection.select(index, record, 'extend');
          return;
        }
        selection?.select(index, record, 'only');
        open(index);
      },
      onCellDoubleClick: (index, col) => {
        if (startEdit(index, col)) setActive({ key: cacheKey, row: index, col });
      },
      onEditText: setText,
      onEditExit: (exit) => finishEdit(exit.save, exit.move, exit.byKey),
    };
  });
  const [handlers] = useState<RowHandlers>(() => ({
    onCellClick: (...args) => latest.current?.onCellClick(...args),
    onCellDoubleClick: (...args) => latest.current?.onCellDoubleClick(...args),
    onEditText: (...args) => latest.current?.onEditText(...args),
    onEditExit: (...args) => latest.current?.onEditExit(...args),
  }));
  const rowAt = (index: number) => cache.rowAt(index);

  // Worded once per change, not on every scroll step (i18next lookups add up at 60 frames a second).
  const known = cache.total !== null;
  const loading = cache.loading;
  const footer = useMemo(
    () =>
      known
        ? `${t('grid.rowCount', { count: total })}${loading ? ` · ${t('common.loading')}` : ''}`
        : '',
    [t, known, total, loading],
  );

  const error = cache.error;
  const loadingFirst = cache.total === null && error === null;
  const totalWidth = columns.reduce((sum, column) => sum + column.width, 0);

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
        aria-multiselectable={props.selection ? true : undefined}
        aria-activedescendant={
          activeRendered && !editing ? cellIdOf(gridId, activeRow, activeCol) : undefined
        }
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <GridHeader
          table={table}
          columns={columns}
          width={totalWidth}
          height={HEADER_HEIGHT}
          sortKey={JSON.stringify(sorting)}
        />
        {error !== null ? (
          <div className="grid-message">{props.renderError(error, () => cache.retry())}</div>
        ) : loadingFirst ? (
          <div className="grid-message" role="status">
            {t('common.loading')}
          </div>
        ) : total === 0 ? (
          <div className="grid-message">{props.empty}</div>
        ) : (
          <GridRows
            items={items}
            rowAt={rowAt}
            columns={columns}
            height={virtualizer.getTotalSize() - HEADER_HEIGHT}
            width={totalWidth}
            rowHeight={ROW_HEIGHT}
            headerHeight={HEADER_HEIGHT}
            gridId={gridId}
            active={{ row: activeRow, col: activeCol }}
            editing={editing}
            rowKey={props.rowKey}
            openKey={props.selectedKey}
            isSelected={props.selection?.isSelected}
            handlers={handlers}
          />
        )}
      </div>
      <div className="grid-footer" aria-live="polite">
        {footer}
        {editError ? (
          <span className="grid-edit-error" role="alert">
            {' · '}
            {editError}
          </span>
        ) : null}
      </div>
    </div>
  );
}
