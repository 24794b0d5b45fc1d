/** Orders from every shop: filters, server-side sort, and one order's lines and shipments. */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf, OrderRow } from '../../shared/api/index.js';
import {
  MARKETPLACES,
  ORDER_STATUSES,
  type Marketplace,
  type OrderStatus,
} from '../../shared/domain.js';
import { useApi, useDataVersion } from '../api/ApiProvider.js';
import { EnumBadge } from '../components/Badge.js';
import { CheckboxField, SearchBox } from '../components/controls.js';
import type { GridColumn } from '../grid/DataGrid.js';
import { NO_VALUE } from '../i18n/format.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { asList, EnumFilter, type Choice } from './common.js';
import { GridDetailView } from './GridDetailView.js';
import { OrderDetailPanel } from './OrderDetailPanel.js';

type SortField = NonNullable<InputOf<'orders.query'>['sort']>['field'];

const ORDER_ENTITIES = ['orders'] as const;

/** An order still to ship whose ship-by time has passed. */
export function isOverdue(order: Pick<OrderRow, 'status' | 'shipBy'>, now: number): boolean {
  return order.status === 'to_ship' && order.shipBy !== null && Date.parse(order.shipBy) < now;
}

export function OrdersView() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const refreshKey = useDataVersion(ORDER_ENTITIES);
  const [search, setSearch] = useState('');
  const [marketplace, setMarketplace] = useState<Choice<Marketplace>>('');
  const [status, setStatus] = useState<Choice<OrderStatus>>('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  // Overdue marks compare with the time the rows were fetched, not a clock ticking in render.
  const [now] = useState(() => Date.now());

  const columns = useMemo<GridColumn<OrderRow, SortField>[]>(
    () => [
      {
        id: 'placedAt',
        header: t('orders.columns.placedAt'),
        width: 170,
        sortField: 'placedAt',
        cell: (row) => format.dateTime(row.placedAt),
      },
      {
        id: 'marketplace',
        header: t('orders.columns.marketplace'),
        width: 125,
        sortField: 'marketplace',
        cell: (row) => <EnumBadge kind="marketplace" value={row.marketplace} />,
      },
      {
        id: 'orderId',
        header: t('orders.columns.orderId'),
        width: 170,
        cell: (row) => <span className="mono">{row.marketplaceOrderId}</span>,
      },
      {
        id: 'account',
        header: t('orders.columns.account'),
        width: 140,
        cell: (row) => row.accountName,
      },
      {
        id: 'status',
        header: t('orders.columns.status'),
        width: 100,
        sortField: 'status',
        cell: (row) => <EnumBadge kind="orderStatus" value={row.status} />,
      },
      {
        id: 'shipBy',
        header: t('orders.columns.shipBy'),
        width: 120,
        sortField: 'shipBy',
        cell: (row) =>
          isOverdue(row, now) ? (
            <span className="text-bad" title={t('orders.overdue')}>
              {format.date(row.shipBy)}
            </span>
          ) : (
            format.date(row.shipBy)
          ),
      },
      {
        id: 'country',
        header: t('orders.columns.country'),
        width: 80,
        cell: (row) => row.buyerCountry ?? NO_VALUE,
      },
      {
        id: 'units',
        header: t('orders.columns.units'),
        width: 60,
        align: 'end',
        cell: (row) => format.number(row.units),
      },
      {
        id: 'total',
        header: t('orders.columns.total'),
        width: 110,
        align: 'end',
        sortField: 'total',
        cell: (row) => format.money(row.total),
      },
    ],
    [t, format, now],
  );

  const fetchPage = useCallback(
    (offset: number, limit: number, sort: { field: SortField; dir: 'asc' | 'desc' } | undefined) =>
      api.call('orders.query', {
        search: search || undefined,
        marketplaces: asList(marketplace),
        statuses: asList(status),
        overdueOnly: overdueOnly || undefined,
        sort,
        offset,
        limit,
      }),
    [api, search, marketplace, status, overdueOnly],
  );

  return (
    <GridDetailView
      view="orders"
      toolbar={
        <>
          <SearchBox
            label={t('orders.search')}
            placeholder={t('orders.searchPlaceholder')}
            value={search}
            onChange={setSearch}
          />
          <EnumFilter
            label={t('orders.columns.marketplace')}
            kind="marketplace"
            values={MARKETPLACES}
            value={marketplace}
            onChange={setMarketplace}
          />
          <EnumFilter
            label={t('orders.columns.status')}
            kind="orderStatus"
            values={ORDER_STATUSES}
            value={status}
            onChange={setStatus}
          />
          <CheckboxField
            label={t('orders.overdueOnly')}
            checked={overdueOnly}
            onChange={setOverdueOnly}
          />
        </>
      }
      label={t('orders.gridLabel')}
      columns={columns}
      filters={[search, marketplace, status, overdueOnly]}
      fetchPage={fetchPage}
      refreshKey={refreshKey}
      emptyTitle={t('orders.empty')}
      emptyHint={t('orders.emptyHint')}
      emptyFilteredTitle={t('orders.emptyFiltered')}
      renderDetail={(id, select) => <OrderDetailPanel id={id} onClose={() => select(null)} />}
    />
  );
}
