/** Listings across every marketplace: search, filters, server-side sort, detail with inline edit. */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf, ListingRow } from '../../shared/api/index.js';
import {
  LISTING_STATUSES,
  MARKETPLACES,
  SYNC_STATES,
  type ListingStatus,
  type Marketplace,
  type SyncState,
} from '../../shared/domain.js';
import { useApi, useDataVersion } from '../api/ApiProvider.js';
import { EnumBadge } from '../components/Badge.js';
import { SearchBox } from '../components/controls.js';
import type { GridColumn } from '../grid/DataGrid.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { asList, EnumFilter, type Choice } from './common.js';
import { GridDetailView } from './GridDetailView.js';
import { ListingDetailPanel } from './ListingDetailPanel.js';

type SortField = NonNullable<InputOf<'listings.query'>['sort']>['field'];

const LISTING_ENTITIES = ['listings'] as const;

export function ListingsView() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const refreshKey = useDataVersion(LISTING_ENTITIES);
  const [search, setSearch] = useState('');
  const [marketplace, setMarketplace] = useState<Choice<Marketplace>>('');
  const [status, setStatus] = useState<Choice<ListingStatus>>('');
  const [syncState, setSyncState] = useState<Choice<SyncState>>('');

  const columns = useMemo<GridColumn<ListingRow, SortField>[]>(
    () => [
      {
        id: 'marketplace',
        header: t('listings.columns.marketplace'),
        width: 115,
        sortField: 'marketplace',
        cell: (row) => <EnumBadge kind="marketplace" value={row.marketplace} />,
      },
      {
        id: 'account',
        header: t('listings.columns.account'),
        width: 140,
        cell: (row) => (
          <span title={`${row.accountName} (${row.site})`}>
            {row.accountName} <span className="muted">{row.site}</span>
          </span>
        ),
      },
      {
        id: 'sku',
        header: t('listings.columns.sku'),
        width: 130,
        sortField: 'sku',
        cell: (row) => <span className="mono">{row.sku}</span>,
      },
      {
        id: 'title',
        header: t('listings.columns.title'),
        width: 260,
        sortField: 'title',
        cell: (row) => <span title={row.title}>{row.title}</span>,
      },
      {
        id: 'price',
        header: t('listings.columns.price'),
        width: 95,
        align: 'end',
        sortField: 'price',
        cell: (row) => format.money(row.price),
      },
      {
        id: 'quantity',
        header: t('listings.columns.quantity'),
        width: 65,
        align: 'end',
        sortField: 'quantity',
        cell: (row) => format.number(row.quantity),
      },
      {
        id: 'status',
        header: t('listings.columns.status'),
        width: 85,
        sortField: 'status',
        cell: (row) => <EnumBadge kind="listingStatus" value={row.status} />,
      },
      {
        id: 'syncState',
        header: t('listings.columns.syncState'),
        width: 110,
        cell: (row) => <EnumBadge kind="syncState" value={row.syncState} />,
      },
      {
        id: 'updatedAt',
        header: t('listings.columns.updatedAt'),
        width: 120,
        sortField: 'updatedAt',
        cell: (row) => (
          <span title={format.dateTime(row.updatedAt)}>{format.relative(row.updatedAt)}</span>
        ),
      },
    ],
    [t, format],
  );

  const fetchPage = useCallback(
    (offset: number, limit: number, sort: { field: SortField; dir: 'asc' | 'desc' } | undefined) =>
      api.call('listings.query', {
        search: search || undefined,
        marketplaces: asList(marketplace),
        statuses: asList(status),
        syncStates: asList(syncState),
        sort,
        offset,
        limit,
      }),
    [api, search, marketplace, status, syncState],
  );

  return (
    <GridDetailView
      view="listings"
      toolbar={
        <>
          <SearchBox
            label={t('listings.search')}
            placeholder={t('listings.searchPlaceholder')}
            value={search}
            onChange={setSearch}
          />
          <EnumFilter
            label={t('listings.columns.marketplace')}
            kind="marketplace"
            values={MARKETPLACES}
            value={marketplace}
            onChange={setMarketplace}
          />
          <EnumFilter
            label={t('listings.columns.status')}
            kind="listingStatus"
            values={LISTING_STATUSES}
            value={status}
            onChange={setStatus}
          />
          <EnumFilter
            label={t('listings.columns.syncState')}
            kind="syncState"
            values={SYNC_STATES}
            value={syncState}
            onChange={setSyncState}
          />
        </>
      }
      label={t('listings.gridLabel')}
      columns={columns}
      filters={[search, marketplace, status, syncState]}
      fetchPage={fetchPage}
      refreshKey={refreshKey}
      emptyTitle={t('listings.empty')}
      emptyHint={t('listings.emptyHint')}
      emptyFilteredTitle={t('listings.emptyFiltered')}
      renderDetail={(id, select) => <ListingDetailPanel id={id} onClose={() => select(null)} />}
    />
  );
}
