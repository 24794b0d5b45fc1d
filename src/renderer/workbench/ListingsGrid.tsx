/**
 * The listings grid tab: filters, saved views, column chooser, the selection and bulk actions,
 * inline editing, and the opened listing's detail. Every edit made here lands as a held change
 * batch (listings.bulkEdit) and is recorded for undo.
 */
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListingSort } from '../../shared/api/contract-workbench.js';
import type { WorkbenchListingRow } from '../../shared/api/index.js';
import type { ListingId } from '../../shared/ids.js';
import { useApi, useDataVersion } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import { EmptyState } from '../components/states.js';
import { DataGrid, type ActiveCell, type SelectHow } from '../grid/DataGrid.js';
import { gridError } from '../views/common.js';
import { ListingDetailPanel } from '../views/ListingDetailPanel.js';
import { BulkEditDialog, type Applied } from './BulkEditDialog.js';
import type { BulkKind } from './bulk-form.js';
import { BulkToolbar } from './BulkToolbar.js';
import { EMPTY_FILTERS, toListingFilter, type FilterState } from './filters.js';
import {
  DEFAULT_COLUMNS,
  editTextOf,
  useListingColumns,
  type ColumnId,
} from './listing-columns.js';
import { MarginCellsProvider, useMarginBatcher } from '../prices/ListingMarginCell.js';
import { ListingsToolbar } from './ListingsToolbar.js';
import { commitCell, fillDownField } from './inline-edit.js';
import {
  allMatching,
  NO_SELECTION,
  pickedCount,
  pickOnly,
  rangeFits,
  rangeFrom,
  toggle,
  topmostId,
  toSelectionInput,
  withRange,
  type Selection,
} from './selection.js';
import { useWorkbench } from './WorkbenchContext.js';

const LISTING_ENTITIES = ['listings'] as const;

export function ListingsGrid() {
  const { t } = useTranslation();
  const api = useApi();
  const refreshKey = useDataVersion(LISTING_ENTITIES);
  const { record, setNotice } = useWorkbench();
  const allColumns = useListingColumns();
  const [filters, setFilters] = useState<FilterState>(EMPTY_FILTERS);
  const [sort, setSort] = useState<ListingSort | null>(null);
  const [visible, setVisible] = useState<ColumnId[]>([...DEFAULT_COLUMNS]);
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const [total, setTotal] = useState<number | null>(null);
  const [opened, setOpened] = useState<ListingId | null>(null);
  const [dialog, setDialog] = useState<BulkKind | null>(null);
  const active = useRef<ActiveCell<WorkbenchListingRow> | null>(null);
  const rangeRequest = useRef(0);

  const { filter, problems } = useMemo(() => toListingFilter(filters), [filters]);
  const queryKey = JSON.stringify(filter);
  const columns = useMemo(() => visible.map((id) => allColumns[id]), [visible, allColumns]);

  // A new filter or sort is a new result: row indices and "all matching" change meaning.
  const [selectionKey, setSelectionKey] = useState(queryKey + JSON.stringify(sort));
  if (selectionKey !== queryKey + JSON.stringify(sort)) {
    setSelectionKey(queryKey + JSON.stringify(sort));
    setSelection(NO_SELECTION);
  }

  const margins = useMarginBatcher();
  const showsMargin = visible.includes('margin');
  const fetchPage = useCallback(
    async (offset: number, limit: number, gridSort: ListingSort | undefined) => {
      const page = await api.call('listings.grid', { filter, sort: gridSort, offset, limit });
      // The page's margins in one ask, before its rows scroll into view.
      if (showsMargin) margins.prefetch(page.rows.map((row) => row.id));
      return page;
    },
    [api, filter, margins, showsMargin],
  );

  const select = useCallback(
    (index: number, row: WorkbenchListingRow | undefined, how: SelectHow) => {
      if (how === 'extend') {
        const range = rangeFrom(selection.anchor, index);
        if (!rangeFits(range.limit)) {
          setNotice({ tone: 'warn', text: t('workbench.selection.tooMany') });
          return;
        }
        const request = ++rangeRequest.current;
        api
          .call('listings.ids', {
            filter,
            sort: sort ?? undefined,
            offset: range.offset,
            limit: range.limit,
          })
          .then(
            ({ ids }) => {
              if (request === rangeRequest.current) {
                setSelection(withRange(ids, range.offset, range.anchor));
              }
            },
            (error: unknown) => setNotice({ tone: 'bad', text: toApiError(error).message }),
          );
        return;
      }
      if (!row) return;
      setSelection((current) =>
        how === 'toggle' ? toggle(current, row.id, index) : pickOnly(row.id, index),
      );
    },
    [api, filter, sort, selection.anchor, setNotice, t],
  );

  const count = pickedCount(selection, total ?? 0);
  const selectionInput = useMemo(
    () => toSelectionInput(selection, filter, total ?? 0),
    [selection, filter, total],
  );

  const onApplied = (applied: Applied) => {
    setDialog(null);
    if (applied.batchId === null) {
      setNotice({ tone: 'warn', text: t('workbench.bulk.nothingChanged') });
      return;
    }
    record({ batchId: applied.batchId, label: applied.label });
    setNotice({
      tone: 'good',
      text: t('workbench.bulk.applied', { count: applied.changed, label: applied.label }),
      review: true,
    });
  };

  const fillDown = async () => {
    const cell = active.current;
    const field = cell ? fillDownField(cell.columnId) : null;
    if (!field || !selectionInput) {
      setNotice({ tone: 'warn', text: t('workbench.bulk.fillDownHint') });
      return;
    }
    let fromId = topmostId(selection);
    if (fromId === null) {
      const except = selection.mode === 'all' ? selection.except : new Set<number>();
      const first = await api.call('listings.ids', {
        filter,
        sort: sort ?? undefined,
        offset: 0,
        limit: except.size + 1,
      });
      fromId = first.ids.find((id) => !except.has(id)) ?? null;
    }
    if (fromId === null) return;
    const label = t('workbench.labels.fillDown', {
      field: t(`workbench.fields.${field === 'price' ? 'priceMinor' : field}`),
      count,
    });
    const outcome = await api
      .call('listings.bulkEdit', {
        selection: selectionInput,
        operation: { kind: 'fillDown', field, fromId },
        label,
      })
      .catch((error: unknown) => {
        setNotice({ tone: 'bad', text: toApiError(error).message });
        return null;
      });
    if (!outcome) return;
    if (!outcome.applied) {
      setNotice({
        tone: 'bad',
        text: t('workbench.preview.refused', { count: outcome.refusalCount }),
      });
      return;
    }
    onApplied({ batchId: outcome.batchId, label, changed: outcome.changed });
  };

  const onKeyCommand = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'd') {
      void fillDown();
      return true;
    }
    return false;
  };

  const editing = useMemo(
    () => ({
      editText: editTextOf,
      commit: (row: WorkbenchListingRow, columnId: string, text: string) =>
        commitCell(api, t, row, columnId, text).then((result) => {
          if ('error' in result) return result.error;
          if (result.batchId !== null) record({ batchId: result.batchId, label: result.label });
          return null;
        }),
    }),
    [api, t, record],
  );

  const filtered = queryKey !== '{}';
  return (
    <>
      <ListingsToolbar
        filters={filters}
        problems={problems}
        onFilters={(patch) => setFilters((current) => ({ ...current, ...patch }))}
        onOpenView={(view) => {
          setFilters(view.filters);
          setSort(view.sort);
          setVisible(view.columns);
        }}
        current={{ filter, ...(sort ? { sort } : {}), columns: visible }}
        columns={allColumns}
        visible={visible}
        onColumns={setVisible}
      />
      <BulkToolbar
        count={count}
        total={total}
        allMatching={selection.mode === 'all'}
        onSelectAll={() => setSelection(allMatching())}
        onClear={() => setSelection(NO_SELECTION)}
        onAction={setDialog}
        onFillDown={() => void fillDown()}
      />
      <div className="view-split">
        <MarginCellsProvider>
          <DataGrid
            label={t('listings.gridLabel')}
            columns={columns}
            queryKey={queryKey}
            fetchPage={fetchPage}
            refreshKey={refreshKey}
            rowKey={(row) => row.id}
            selectedKey={opened}
            onOpen={(row) => setOpened(row.id)}
            renderError={gridError}
            sort={sort}
            onSortChange={setSort}
            keepRowsOnQueryChange
            pageSize={100}
            onTotalChange={setTotal}
            onActiveChange={(cell) => {
              active.current = cell;
            }}
            onKeyCommand={onKeyCommand}
            editing={editing}
            selection={{
              isSelected: (_index, row) =>
                row !== undefined &&
                (selection.mode === 'all'
                  ? !selection.except.has(row.id)
                  : selection.picked.has(row.id)),
              select,
              selectAll: () => setSelection(allMatching()),
              clear: () => setSelection(NO_SELECTION),
            }}
            empty={
              filtered ? (
                <EmptyState
                  title={t('listings.emptyFiltered')}
                  hint={t('common.clearFiltersHint')}
                />
              ) : (
                <EmptyState title={t('listings.empty')} hint={t('listings.emptyHint')} />
              )
            }
          />
        </MarginCellsProvider>
        {opened !== null ? (
          <ListingDetailPanel id={opened} onClose={() => setOpened(null)} />
        ) : null}
      </div>
      {dialog && selectionInput ? (
        <BulkEditDialog
          kind={dialog}
          selection={selectionInput}
          count={count}
          onClose={() => setDialog(null)}
          onApplied={onApplied}
        />
      ) : null}
    </>
  );
}
