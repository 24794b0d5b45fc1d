/**
 * Inventory: every SKU with its stock, paged from catalog.listSkus; SKUs whose channels show more
 * than may be sold are flagged (stock.danger) and listed above the grid; one SKU's detail with its
 * stock, channels and rules, editable.
 */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf, SkuRow } from '../../shared/api/index.js';
import type { ProductId } from '../../shared/ids.js';
import { useApi, useDataVersion } from '../api/ApiProvider.js';
import { useApiCall } from '../api/use-api-call.js';
import { CheckboxField, SearchBox } from '../components/controls.js';
import { EmptyState } from '../components/states.js';
import { DataGrid, type GridColumn } from '../grid/DataGrid.js';
import { SandboxNotice } from '../operations/SandboxNotice.js';
import { SheetButtons } from '../sheets/SheetButtons.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { gridError, ViewFrame } from './common.js';
import { SkuDetailPanel } from './SkuDetailPanel.js';

type SortField = NonNullable<InputOf<'catalog.listSkus'>['sort']>['field'];

/** "Low stock" means fewer available units than this. */
export const LOW_STOCK_BELOW = 5;
/** SKUs named in the danger notice; the rest are counted. */
const DANGER_LISTED = 8;

const CATALOG_ENTITIES = ['catalog'] as const;
const DANGER_ENTITIES = ['catalog', 'listings', 'orders'] as const;

export function variantText(attributes: Record<string, string>): string {
  return Object.values(attributes).join(' / ');
}

function useSkuColumns(danger: ReadonlySet<number>) {
  const { t } = useTranslation();
  const format = useFormat();
  return useMemo<GridColumn<SkuRow, SortField>[]>(
    () => [
      {
        id: 'sku',
        header: t('inventory.columns.sku'),
        width: 160,
        sortField: 'sku',
        cell: (row) => (
          <span className="mono" translate="no">
            {row.sku}
          </span>
        ),
      },
      {
        id: 'title',
        header: t('inventory.columns.title'),
        width: 320,
        sortField: 'title',
        cell: (row) => (
          <span title={row.title} translate="no">
            {row.title}
            {row.parentId !== null ? (
              <span className="muted"> · {variantText(row.variantAttributes)}</span>
            ) : null}
          </span>
        ),
      },
      {
        id: 'variants',
        header: t('inventory.columns.variants'),
        width: 75,
        align: 'end',
        cell: (row) => (row.variantCount ? format.number(row.variantCount) : ''),
      },
      {
        id: 'onHand',
        header: t('inventory.columns.onHand'),
        width: 85,
        align: 'end',
        sortField: 'onHand',
        cell: (row) => format.number(row.onHand),
      },
      {
        id: 'reserved',
        header: t('inventory.columns.reserved'),
        width: 85,
        align: 'end',
        cell: (row) => format.number(row.reserved),
      },
      {
        id: 'available',
        header: t('inventory.columns.available'),
        width: 95,
        align: 'end',
        sortField: 'available',
        cell: (row) => (
          <span className={row.available < LOW_STOCK_BELOW ? 'text-warn' : undefined}>
            {format.number(row.available)}
          </span>
        ),
      },
      {
        id: 'danger',
        header: t('inventory.columns.danger'),
        width: 90,
        cell: (row) =>
          danger.has(row.id) ? (
            <span className="op-flag" title={t('inventory.danger.flag')}>
              ⚠ {t('inventory.danger.short')}
            </span>
          ) : (
            ''
          ),
      },
      {
        id: 'listings',
        header: t('inventory.columns.listings'),
        width: 75,
        align: 'end',
        sortField: 'listingCount',
        cell: (row) => format.number(row.listingCount),
      },
      {
        id: 'cost',
        header: t('inventory.columns.cost'),
        width: 105,
        align: 'end',
        cell: (row) => <span translate="no">{format.money(row.cost)}</span>,
      },
    ],
    [t, format, danger],
  );
}

/** Channels showing more than may be sold, named by SKU, each opening its detail. */
function DangerNotice(props: {
  rows: readonly { productId: ProductId; sku: string }[];
  onOpen: (id: ProductId) => void;
}) {
  const { t } = useTranslation();
  const skus = [...new Map(props.rows.map((row) => [row.productId, row.sku])).entries()];
  if (!skus.length) return null;
  return (
    <div className="notice tone-warn" role="status" data-testid="danger-notice">
      <span>{t('inventory.danger.notice', { count: props.rows.length })}</span>
      {skus.slice(0, DANGER_LISTED).map(([id, sku]) => (
        <button
          key={id}
          type="button"
          className="link-button mono"
          translate="no"
          onClick={() => props.onOpen(id)}
        >
          {sku}
        </button>
      ))}
      {skus.length > DANGER_LISTED ? (
        <span>{t('inventory.danger.more', { count: skus.length - DANGER_LISTED })}</span>
      ) : null}
    </div>
  );
}

export function InventoryView() {
  const { t } = useTranslation();
  const api = useApi();
  const refreshKey = useDataVersion(CATALOG_ENTITIES);
  const dangerRows = useApiCall('stock.danger', { limit: 500 }, { entities: DANGER_ENTITIES });
  const [search, setSearch] = useState('');
  const [mastersOnly, setMastersOnly] = useState(false);
  const [lowOnly, setLowOnly] = useState(false);
  const [selected, setSelected] = useState<ProductId | null>(null);
  const danger = useMemo(
    () => new Set<number>((dangerRows.data ?? []).map((row) => row.productId)),
    [dangerRows.data],
  );
  const columns = useSkuColumns(danger);

  const fetchPage = useCallback(
    (offset: number, limit: number, sort: { field: SortField; dir: 'asc' | 'desc' } | undefined) =>
      api.call('catalog.listSkus', {
        search: search || undefined,
        mastersOnly,
        lowStockBelow: lowOnly ? LOW_STOCK_BELOW : undefined,
        sort,
        offset,
        limit,
      }),
    [api, search, mastersOnly, lowOnly],
  );
  const filtered = search !== '' || mastersOnly || lowOnly;

  return (
    <>
      <SandboxNotice />
      <ViewFrame
        view="inventory"
        toolbar={
          <>
            <SearchBox
              label={t('inventory.search')}
              placeholder={t('inventory.searchPlaceholder')}
              value={search}
              onChange={setSearch}
            />
            <CheckboxField
              label={t('inventory.mastersOnly')}
              checked={mastersOnly}
              onChange={setMastersOnly}
            />
            <CheckboxField
              label={t('inventory.lowStockOnly', { count: LOW_STOCK_BELOW })}
              checked={lowOnly}
              onChange={setLowOnly}
            />
            <SheetButtons kind="inventory" filter={{ search: search || undefined }} />
          </>
        }
        notices={
          <DangerNotice
            rows={(dangerRows.data ?? []).map((row) => ({
              productId: row.productId,
              sku: row.sku,
            }))}
            onOpen={setSelected}
          />
        }
      >
        <DataGrid
          label={t('inventory.gridLabel')}
          columns={columns}
          queryKey={JSON.stringify([search, mastersOnly, lowOnly])}
          fetchPage={fetchPage}
          refreshKey={refreshKey}
          rowKey={(row) => row.id}
          selectedKey={selected}
          onOpen={(row) => setSelected(row.id)}
          renderError={gridError}
          empty={
            filtered ? (
              <EmptyState
                title={t('inventory.emptyFiltered')}
                hint={t('common.clearFiltersHint')}
              />
            ) : (
              <EmptyState title={t('inventory.empty')} hint={t('inventory.emptyHint')} />
            )
          }
        />
        {selected !== null ? (
          <SkuDetailPanel id={selected} onClose={() => setSelected(null)} onOpen={setSelected} />
        ) : null}
      </ViewFrame>
    </>
  );
}
