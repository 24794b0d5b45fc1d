/**
 * The orders sheet: the orders view's rows (its own filter and query, page by page) with the
 * latest shipment's carrier and tracking number. Carrier and tracking are what an import uses:
 * a row whose pair differs from the order's recorded shipment marks the order shipped.
 */
import type { OrderSheetFilter } from '../../shared/api/contract-sheets.js';
import { ORDER_STATUSES } from '../../shared/domain.js';
import type { Reader } from '../store/connection.js';
import { queryOrdersShipping } from '../store/queries/orders.js';
import { integer, money, text, type ColumnSpec } from './columns.js';

export interface OrderSheetRow {
  orderId: number;
  orderNumber: string;
  marketplace: string;
  account: string;
  status: string;
  placedAt: string;
  shipBy: string | null;
  totalMinor: number;
  currency: string;
  buyerCountry: string | null;
  carrier: string;
  tracking: string;
}

export const ORDER_SHEET_COLUMNS: readonly ColumnSpec<OrderSheetRow>[] = [
  { id: 'orderId', hidden: true, editable: false, width: 10, value: (r) => integer(r.orderId) },
  { id: 'orderNumber', editable: false, width: 22, value: (r) => text(r.orderNumber) },
  { id: 'marketplace', editable: false, width: 12, value: (r) => text(r.marketplace) },
  { id: 'account', editable: false, width: 18, value: (r) => text(r.account) },
  {
    id: 'status',
    editable: false,
    width: 10,
    choices: ORDER_STATUSES,
    value: (r) => text(r.status),
  },
  { id: 'placedAt', editable: false, width: 22, value: (r) => text(r.placedAt) },
  { id: 'shipBy', editable: false, width: 22, value: (r) => text(r.shipBy) },
  { id: 'total', editable: false, width: 12, value: (r) => money(r.totalMinor, r.currency) },
  { id: 'currency', editable: false, width: 9, value: (r) => text(r.currency) },
  { id: 'buyerCountry', editable: false, width: 9, value: (r) => text(r.buyerCountry) },
  { id: 'carrier', editable: true, width: 16, value: (r) => text(r.carrier) },
  { id: 'tracking', editable: true, width: 24, value: (r) => text(r.tracking) },
];

const PAGE = 500;

/** Every order the filter keeps, newest first (the orders view's order), page by page. */
export function ordersForExport(r: Reader, filter: OrderSheetFilter): OrderSheetRow[] {
  const rows: OrderSheetRow[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = queryOrdersShipping(r, { ...filter, offset, limit: PAGE });
    for (const order of page.rows) {
      const shipment = order.shipment && order.shipment.state !== 'failed' ? order.shipment : null;
      rows.push({
        orderId: order.id,
        orderNumber: order.marketplaceOrderId,
        marketplace: order.marketplace,
        account: order.accountName,
        status: order.status,
        placedAt: order.placedAt,
        shipBy: order.shipBy,
        totalMinor: order.total.amountMinor,
        currency: order.total.currency,
        buyerCountry: order.buyerCountry,
        carrier: shipment?.carrier ?? '',
        tracking: shipment?.trackingNumber ?? '',
      });
    }
    if (page.rows.length < PAGE || offset + PAGE >= page.total) return rows;
  }
}
