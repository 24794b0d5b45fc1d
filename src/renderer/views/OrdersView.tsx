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
import type { OrderId } from '../../shared/ids.js';
import { useApi, useDataVersion } from '../api/ApiProvider.js';
import { EnumBadge } from '../components/Badge.js';
import { CheckboxField, SearchBox, SelectField } from '../components/controls.js';
import { EmptyState } from '../components/states.js';
import { DataGrid, type GridColumn } from '../grid/DataGrid.js';
import { NO_VALUE } from '../i18n/format.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { asList, gridError, useEnumOptions, ViewFrame, type Choice } from './common.js';
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
  const [selected, setSelected] = useState<OrderId | null>(null);
  const marketplaceOptions = useEnumOptions('marketplace', MARKETPLACES);
  const statusOptions = useEnumOptions('orderStatus', ORDER_STATUSES);
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

  const filtered = search !== '' || marketplace !== '' || status !== '' || overdueOnly;
  return (
    <ViewFrame
      view="orders"
      toolbar={
        <>
          <SearchBox
            label={t('orders.search')}
            placeholder={t('orders.searchPlaceholder')}
            value={search}
            onChange={setSearch}
          />
          <SelectField
            label={t('orders.columns.marketplace')}
            value={marketplace}
            options={marketplaceOptions}
            onChange={setMarketplace}
          />
          <SelectField
            label={t('orders.columns.status')}
            value={status}
            options={statusOptions}
            onChange={setStatus}
          />
          <CheckboxField
            label={t('orders.overdueOnly')}
            checked={overdueOnly}
            onChange={setOverdueOnly}
          />
        </>
      }
    >
      <DataGrid
        label={t('orders.gridLabel')}
        columns={columns}
        queryKey={JSON.stringify([search, marketplace, status, overdueOnly])}
        fetchPage={fetchPage}
        refreshKey={refreshKey}
        rowKey={(row) => row.id}
        selectedKey={selected}
        onOpen={(row) => setSelected(row.id)}
        renderError={gridError}
        empty={
          filtered ? (
            <EmptyState title={t('orders.emptyFiltered')} hint={t('common.clearFiltersHint')} />
          ) : (
            <EmptyState title={t('orders.empty')} hint={t('orders.emptyHint')} />
          )
        }
      />
      {selected !== null ? (
        <OrderDetailPanel id={selected} onClose={() => setSelected(null)} />
      ) : null}
    </ViewFrame>
  );
}
