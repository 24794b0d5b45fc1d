/**
 * Orders from every shop: filters (shop, status, shipment, overdue), server-side sort, one order's
 * lines and shipments with "mark shipped", and shipping many orders from pasted or imported rows.
 * An address with a filter (#/orders?placedFrom=…, written by Insights' click-through) opens on the
 * orders behind that number, until the seller clears it.
 */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SHIPMENT_FILTERS, type ShipmentFilter } from '../../shared/api/contract-operations.js';
import type { InputOf, OrderRow, OrderShippingRow, OrdersLink } from '../../shared/api/index.js';
import {
  MARKETPLACES,
  ORDER_STATUSES,
  type Marketplace,
  type OrderStatus,
} from '../../shared/domain.js';
import { useApi, useDataVersion } from '../api/ApiProvider.js';
import { useApiCall } from '../api/use-api-call.js';
import { EnumBadge } from '../components/Badge.js';
import { CheckboxField, SearchBox, SelectField } from '../components/controls.js';
import type { GridColumn } from '../grid/DataGrid.js';
import { NO_VALUE } from '../i18n/format.js';
import { parseOrdersHref } from '../insights/order-link.js';
import { BulkShipDialog } from '../operations/BulkShipDialog.js';
import { SheetButtons } from '../sheets/SheetButtons.js';
import { SandboxNotice } from '../operations/SandboxNotice.js';
import { useHash } from '../shell/routes.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { asList, EnumFilter, type Choice } from './common.js';
import { GridDetailView } from './GridDetailView.js';
import { OrderDetailPanel } from './OrderDetailPanel.js';

type SortField = NonNullable<InputOf<'orders.queryShipping'>['sort']>['field'];

const ORDER_ENTITIES = ['orders'] as const;

/** The filter the address carries (until the seller clears it, which clears the address). */
function useLinkedFilter(): [OrdersLink | null, () => void] {
  const hash = useHash();
  const linked = useMemo(() => parseOrdersHref(hash), [hash]);
  const clear = useCallback(() => {
    window.location.hash = '#/orders';
  }, []);
  return [linked, clear];
}
const ACCOUNT_ENTITIES = ['accounts'] as const;

/** An order still to ship whose ship-by time has passed. */
export function isOverdue(order: Pick<OrderRow, 'status' | 'shipBy'>, now: number): boolean {
  return order.status === 'to_ship' && order.shipBy !== null && Date.parse(order.shipBy) < now;
}

function useOrderColumns(now: number) {
  const { t } = useTranslation();
  const format = useFormat();
  return useMemo<GridColumn<OrderShippingRow, SortField>[]>(
    () => [
      {
        id: 'placedAt',
        header: t('orders.columns.placedAt'),
        width: 165,
        sortField: 'placedAt',
        cell: (row) => format.dateTime(row.placedAt),
      },
      {
        id: 'marketplace',
        header: t('orders.columns.marketplace'),
        width: 115,
        sortField: 'marketplace',
        cell: (row) => <EnumBadge kind="marketplace" value={row.marketplace} />,
      },
      {
        id: 'orderId',
        header: t('orders.columns.orderId'),
        width: 160,
        cell: (row) => (
          <span className="mono" translate="no">
            {row.marketplaceOrderId}
          </span>
        ),
      },
      {
        id: 'account',
        header: t('orders.columns.account'),
        width: 140,
        cell: (row) => <span translate="no">{row.accountName}</span>,
      },
      {
        id: 'status',
        header: t('orders.columns.status'),
        width: 95,
        sortField: 'status',
        cell: (row) => <EnumBadge kind="orderStatus" value={row.status} />,
      },
      {
        id: 'shipment',
        header: t('orders.columns.shipment'),
        width: 105,
        cell: (row) =>
          row.shipment ? <EnumBadge kind="shipmentState" value={row.shipment.state} /> : NO_VALUE,
      },
      {
        id: 'shipBy',
        header: t('orders.columns.shipBy'),
        width: 115,
        sortField: 'shipBy',
        cell: (row) =>
          isOverdue(row, now) && row.shipment?.state !== 'confirmed' ? (
            <span className="text-bad" title={t('orders.overdue')}>
              ⚠ {format.date(row.shipBy)}
            </span>
          ) : (
            format.date(row.shipBy)
          ),
      },
      {
        id: 'country',
        header: t('orders.columns.country'),
        width: 70,
        cell: (row) => <span translate="no">{row.buyerCountry ?? NO_VALUE}</span>,
      },
      {
        id: 'units',
        header: t('orders.columns.units'),
        width: 55,
        align: 'end',
        cell: (row) => format.number(row.units),
      },
      {
        id: 'total',
        header: t('orders.columns.total'),
        width: 110,
        align: 'end',
        sortField: 'total',
        cell: (row) => <span translate="no">{format.money(row.total)}</span>,
      },
    ],
    [t, format, now],
  );
}

/** The period of a linked filter (its other parts combine with the toolbar's own filters). */
function linkedQuery(linked: OrdersLink | null) {
  return linked ? { placedFrom: linked.placedFrom, placedTo: linked.placedTo } : {};
}

export function OrdersView() {
  const { t } = useTranslation();
  const api = useApi();
  const refreshKey = useDataVersion(ORDER_ENTITIES);
  const accounts = useApiCall('accounts.list', {}, { entities: ACCOUNT_ENTITIES });
  const [search, setSearch] = useState('');
  const [marketplace, setMarketplace] = useState<Choice<Marketplace>>('');
  const [account, setAccount] = useState('');
  const [status, setStatus] = useState<Choice<OrderStatus>>('');
  const [shipment, setShipment] = useState<Choice<ShipmentFilter>>('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [linked, clearLinked] = useLinkedFilter();
  const format = useFormat();
  // Overdue marks compare with the time the rows were fetched, not a clock ticking in render.
  const [now] = useState(() => Date.now());
  const columns = useOrderColumns(now);

  const accountOptions = useMemo(
    () => [
      { value: '', label: t('filters.any') },
      ...(accounts.data ?? []).map((entry) => ({
        value: String(entry.id),
        label: entry.displayName,
      })),
    ],
    [accounts.data, t],
  );
  const shipmentOptions = useMemo(
    (): { value: Choice<ShipmentFilter>; label: string }[] => [
      { value: '', label: t('filters.any') },
      ...SHIPMENT_FILTERS.map((value) => ({ value, label: t(`orders.shipmentFilter.${value}`) })),
    ],
    [t],
  );

  // One filter for the grid and the export: the toolbar's choices, else the linked filter's.
  const query = useMemo(
    () => ({
      ...linkedQuery(linked),
      search: search || linked?.search || undefined,
      marketplaces: asList(marketplace) ?? linked?.marketplaces,
      accountIds: account ? [Number(account)] : linked?.accountIds,
      statuses: asList(status) ?? linked?.statuses,
      shipment: shipment || undefined,
      overdueOnly: overdueOnly || undefined,
    }),
    [search, marketplace, account, status, shipment, overdueOnly, linked],
  );
  const fetchPage = useCallback(
    (offset: number, limit: number, sort: { field: SortField; dir: 'asc' | 'desc' } | undefined) =>
      api.call('orders.queryShipping', { ...query, sort, offset, limit }),
    [api, query],
  );

  return (
    <>
      <SandboxNotice />
      <GridDetailView
        view="orders"
        toolbar={
          <>
            {linked ? (
              <span className="muted" data-testid="orders-linked-filter">
                {t('orders.linkedPeriod', {
                  from: format.date(linked.placedFrom),
                  to: format.date(linked.placedTo),
                })}{' '}
                <button type="button" className="link-button" onClick={clearLinked}>
                  {t('orders.clearLinked')}
                </button>
              </span>
            ) : null}
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
            <SelectField
              label={t('orders.columns.account')}
              value={account}
              options={accountOptions}
              onChange={setAccount}
            />
            <EnumFilter
              label={t('orders.columns.status')}
              kind="orderStatus"
              values={ORDER_STATUSES}
              value={status}
              onChange={setStatus}
            />
            <SelectField
              label={t('orders.columns.shipment')}
              value={shipment}
              options={shipmentOptions}
              onChange={setShipment}
              testId="filter-shipment"
            />
            <CheckboxField
              label={t('orders.overdueOnly')}
              checked={overdueOnly}
              onChange={setOverdueOnly}
            />
            <button
              type="button"
              className="button"
              data-testid="bulk-ship-open"
              onClick={() => setBulkOpen(true)}
            >
              {t('orders.bulk.open')}
            </button>
            <SheetButtons kind="orders" filter={query} />
          </>
        }
        label={t('orders.gridLabel')}
        columns={columns}
        filters={[
          search,
          marketplace,
          account,
          status,
          shipment,
          overdueOnly,
          linked ? JSON.stringify(linked) : '',
        ]}
        fetchPage={fetchPage}
        refreshKey={refreshKey}
        emptyTitle={t('orders.empty')}
        emptyHint={t('orders.emptyHint')}
        emptyFilteredTitle={t('orders.emptyFiltered')}
        renderDetail={(id, select) => <OrderDetailPanel id={id} onClose={() => select(null)} />}
      />
      {bulkOpen ? <BulkShipDialog onClose={() => setBulkOpen(false)} /> : null}
    </>
  );
}
