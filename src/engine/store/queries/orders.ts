/**
 * orders.query and orders.get. "Overdue" means still to ship with a ship-by time before now (the
 * reader's clock), answered by the (status, ship_by) index. Line counts and units are computed for
 * the page's rows only.
 */
import { sql, type SqlBool } from 'kysely';
import type { ParsedInputOf } from '../../../shared/api/contract.js';
import type { ShipmentFilter } from '../../../shared/api/contract-operations.js';
import type { OrderShippingRow } from '../../../shared/api/types-operations.js';
import type { OrderDetail, OrderRow, Page } from '../../../shared/api/types.js';
import type { AccountId, OrderId, ProductId } from '../../../shared/ids.js';
import { qb } from '../compiler.js';
import type { Reader } from '../connection.js';
import { escapeGlob } from '../search.js';
import { accountFacts, type AccountFacts } from './accounts.js';

export type OrdersQuery = ParsedInputOf<'orders.query'>;
/** The orders view's query: the same filters plus the order's own shipment state. */
export type OrdersShippingQuery = OrdersQuery & { shipment?: ShipmentFilter | undefined };

const SORT_COLUMNS = {
  placedAt: 'o.placed_at',
  updatedAt: 'o.updated_at',
  shipBy: 'o.ship_by',
  total: 'o.total_minor',
  status: 'o.status',
  marketplace: 'o.marketplace',
} as const;

const canonical = (time: string) => new Date(time).toISOString();

function filtered(r: Reader, input: OrdersShippingQuery) {
  let q = qb.selectFrom('orders as o');
  const search = input.search?.trim();
  if (search) {
    // An order id or a line's SKU, from its start, as typed or upper-cased: GLOB prefixes are
    // answered by the indexes on orders.remote_id and order_lines.sku.
    const patterns = [...new Set([search, search.toUpperCase()])].map(
      (text) => `${escapeGlob(text)}*`,
    );
    q = q.where((eb) =>
      eb.or([
        ...patterns.map((pattern) => sql<SqlBool>`o.remote_id GLOB ${pattern}`),
        eb(
          'o.id',
          'in',
          eb
            .selectFrom('order_lines as ol')
            .select('ol.order_id')
            .where(
              sql<SqlBool>`(${sql.join(
                patterns.map((pattern) => sql`ol.sku GLOB ${pattern}`),
                sql` OR `,
              )})`,
            ),
        ),
      ]),
    );
  }
  if (input.marketplaces?.length) q = q.where('o.marketplace', 'in', input.marketplaces);
  if (input.accountIds?.length) q = q.where('o.account_id', 'in', input.accountIds);
  if (input.statuses?.length) q = q.where('o.status', 'in', input.statuses);
  if (input.placedFrom) q = q.where('o.placed_at', '>=', canonical(input.placedFrom));
  if (input.placedTo) q = q.where('o.placed_at', '<', canonical(input.placedTo));
  if (input.overdueOnly) q = q.where('o.status', '=', 'to_ship').where('o.ship_by', '<', r.now());
  if (input.shipment === 'none') {
    // Still the seller's to ship: nothing recorded, or only refused confirmations.
    q = q.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('shipments as s')
            .select('s.id')
            .whereRef('s.order_id', '=', 'o.id')
            .where('s.state', 'in', ['pending', 'confirmed']),
        ),
      ),
    );
  } else if (input.shipment) {
    q = q.where(
      (eb) =>
        eb
          .selectFrom('shipments as s')
          .select('s.state')
          .whereRef('s.order_id', '=', 'o.id')
          .orderBy('s.id', 'desc')
          .limit(1),
      '=',
      input.shipment,
    );
  }
  return q;
}

const ROW_COLUMNS = [
  'o.id',
  'o.account_id',
  'o.marketplace',
  'o.remote_id',
  'o.status',
  'o.raw_status',
  'o.placed_at',
  'o.updated_at',
  'o.ship_by',
  'o.buyer_country',
  'o.total_minor',
  'o.currency',
] as const;

function selectRows(r: Reader, input: OrdersShippingQuery) {
  return filtered(r, input).select((eb) => [
    ...ROW_COLUMNS,
    eb
      .selectFrom('order_lines as ol')
      .select((inner) => inner.fn.countAll<number>().as('count'))
      .whereRef('ol.order_id', '=', 'o.id')
      .as('line_count'),
    eb
      .selectFrom('order_lines as ol')
      .select((inner) =>
        inner.fn.coalesce(inner.fn.sum<number>('ol.quantity'), sql.lit(0)).as('units'),
      )
      .whereRef('ol.order_id', '=', 'o.id')
      .as('units'),
  ]);
}

type OrderRowColumns = {
  id: number;
  account_id: number;
  marketplace: OrderRow['marketplace'];
  remote_id: string;
  status: OrderRow['status'];
  raw_status: string;
  placed_at: string;
  updated_at: string;
  ship_by: string | null;
  buyer_country: string | null;
  total_minor: number;
  currency: string;
  line_count: number | null;
  units: number | null;
};

function toRow(row: OrderRowColumns, accounts: Map<number, AccountFacts>): OrderRow {
  return {
    id: row.id as OrderId,
    accountId: row.account_id as AccountId,
    accountName: accounts.get(row.account_id)?.name ?? '',
    marketplace: row.marketplace,
    marketplaceOrderId: row.remote_id,
    status: row.status,
    rawStatus: row.raw_status,
    placedAt: row.placed_at,
    updatedAt: row.updated_at,
    shipBy: row.ship_by,
    buyerCountry: row.buyer_country,
    total: { amountMinor: row.total_minor, currency: row.currency },
    lineCount: row.line_count ?? 0,
    units: row.units ?? 0,
  };
}

export function queryOrders(r: Reader, input: OrdersShippingQuery): Page<OrderRow> {
  const sort = input.sort ?? { field: 'placedAt', dir: 'desc' };
  const rows = r.all(
    selectRows(r, input)
      .orderBy(SORT_COLUMNS[sort.field], sort.dir)
      .orderBy('o.id', sort.dir)
      .limit(input.limit)
      .offset(input.offset),
  );
  const counted = r.first(filtered(r, input).select((eb) => eb.fn.countAll<number>().as('total')));
  const accounts = accountFacts(r);
  return {
    rows: rows.map((row) => toRow(row, accounts)),
    total: counted?.total ?? 0,
    offset: input.offset,
    limit: input.limit,
  };
}

export function getOrder(r: Reader, id: number): OrderDetail | undefined {
  const row = r.first(selectRows(r, { offset: 0, limit: 1 }).where('o.id', '=', id));
  if (!row) return undefined;
  const lines = r.all(
    qb
      .selectFrom('order_lines')
      .select(['line_id', 'sku', 'product_id', 'title', 'quantity', 'unit_price_minor', 'currency'])
      .where('order_id', '=', id)
      .orderBy('id'),
  );
  const shipments = r.all(
    qb
      .selectFrom('shipments')
      .select(['carrier', 'tracking_number', 'shipped_at', 'state'])
      .where('order_id', '=', id)
      .orderBy('shipped_at')
      .orderBy('id'),
  );
  return {
    ...toRow(row, accountFacts(r)),
    lines: lines.map((line) => ({
      lineId: line.line_id,
      sku: line.sku,
      productId: line.product_id as ProductId | null,
      title: line.title,
      quantity: line.quantity,
      unitPrice: { amountMinor: line.unit_price_minor, currency: line.currency },
    })),
    shipments: shipments.map((shipment) => ({
      carrier: shipment.carrier,
      trackingNumber: shipment.tracking_number,
      shippedAt: shipment.shipped_at,
      state: shipment.state,
    })),
  };
}

/** Orders with their latest shipment: orders.query's page plus one indexed probe per row. */
export function queryOrdersShipping(r: Reader, input: OrdersShippingQuery): Page<OrderShippingRow> {
  const page = queryOrders(r, input);
  const ids = page.rows.map((row) => row.id);
  const latest = new Map<number, OrderShippingRow['shipment']>();
  if (ids.length > 0) {
    const rows = r.all(
      qb
        .selectFrom('shipments as s')
        .select(['s.order_id', 's.carrier', 's.tracking_number', 's.state'])
        .where('s.order_id', 'in', ids)
        .where((eb) =>
          eb(
            's.id',
            '=',
            eb
              .selectFrom('shipments as t')
              .select((inner) => inner.fn.max<number>('t.id').as('id'))
              .whereRef('t.order_id', '=', 's.order_id'),
          ),
        ),
    );
    for (const row of rows) {
      latest.set(row.order_id, {
        carrier: row.carrier,
        trackingNumber: row.tracking_number,
        state: row.state,
      });
    }
  }
  return {
    ...page,
    rows: page.rows.map((row) => ({ ...row, shipment: latest.get(row.id) ?? null })),
  };
}
