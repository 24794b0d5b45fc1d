/** Inventory: every SKU with its stock, paged from catalog.listSkus, and one SKU's detail. */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf, SkuRow } from '../../shared/api/index.js';
import { useApi, useDataVersion } from '../api/ApiProvider.js';
import { CheckboxField, SearchBox } from '../components/controls.js';
import type { GridColumn } from '../grid/DataGrid.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { GridDetailView } from './GridDetailView.js';
import { SkuDetailPanel } from './SkuDetailPanel.js';

type SortField = NonNullable<InputOf<'catalog.listSkus'>['sort']>['field'];

/** "Low stock" means fewer available units than this. */
export const LOW_STOCK_BELOW = 5;

const CATALOG_ENTITIES = ['catalog'] as const;

export function variantText(attributes: Record<string, string>): string {
  return Object.values(attributes).join(' / ');
}

export function InventoryView() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const refreshKey = useDataVersion(CATALOG_ENTITIES);
  const [search, setSearch] = useState('');
  const [mastersOnly, setMastersOnly] = useState(false);
  const [lowOnly, setLowOnly] = useState(false);

  const columns = useMemo<GridColumn<SkuRow, SortField>[]>(
    () => [
      {
        id: 'sku',
        header: t('inventory.columns.sku'),
        width: 160,
        sortField: 'sku',
        cell: (row) => <span className="mono">{row.sku}</span>,
      },
      {
        id: 'title',
        header: t('inventory.columns.title'),
        width: 340,
        sortField: 'title',
        cell: (row) => (
          <span title={row.title}>
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
        width: 80,
        align: 'end',
        cell: (row) => (row.variantCount ? format.number(row.variantCount) : ''),
      },
      {
        id: 'onHand',
        header: t('inventory.columns.onHand'),
        width: 90,
        align: 'end',
        sortField: 'onHand',
        cell: (row) => format.number(row.onHand),
      },
      {
        id: 'reserved',
        header: t('inventory.columns.reserved'),
        width: 90,
        align: 'end',
        cell: (row) => format.number(row.reserved),
      },
      {
        id: 'available',
        header: t('inventory.columns.available'),
        width: 100,
        align: 'end',
        sortField: 'available',
        cell: (row) => (
          <span className={row.available < LOW_STOCK_BELOW ? 'text-warn' : undefined}>
            {format.number(row.available)}
          </span>
        ),
      },
      {
        id: 'listings',
        header: t('inventory.columns.listings'),
        width: 80,
        align: 'end',
        sortField: 'listingCount',
        cell: (row) => format.number(row.listingCount),
      },
      {
        id: 'cost',
        header: t('inventory.columns.cost'),
        width: 110,
        align: 'end',
        cell: (row) => format.money(row.cost),
      },
    ],
    [t, format],
  );

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

  return (
    <GridDetailView
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
        </>
      }
      label={t('inventory.gridLabel')}
      columns={columns}
      filters={[search, mastersOnly, lowOnly]}
      fetchPage={fetchPage}
      refreshKey={refreshKey}
      emptyTitle={t('inventory.empty')}
      emptyHint={t('inventory.emptyHint')}
      emptyFilteredTitle={t('inventory.emptyFiltered')}
      renderDetail={(id, select) => (
        <SkuDetailPanel id={id} onClose={() => select(null)} onOpen={select} />
      )}
    />
  );
}
