/**
 * Order ingest: the hottest write path (a first sync pulls years of orders). Statements are
 * compiled once and prepared once per connection; each order costs one indexed lookup plus its
 * inserts, its payload is stringified once, and the caller's `store.write` makes a page one
 * transaction.
 *
 * Ordering rule: marketplaces deliver pages out of order and retries replay old pages, so an order
 * is replaced only by data at least as new (`updated_at` not older than the stored one). Equal
 * times are applied — some marketplaces report whole seconds, and a correction within the same
 * second must not be lost. A replaced order gets exactly the lines of the new data.
 */
import type { AccountId } from '../../shared/ids.js';
import type { NormalizedOrder, NormalizedOrderLine } from '../../shared/marketplace.js';
import type { Marketplace, OrderStatus } from '../../shared/domain.js';
import { defineStatement, qb, type ArgumentFn } from './compiler.js';
import type { Writer } from './connection.js';
import { InvalidStoreInput } from './errors.js';
import { requireAccount } from './ingest-accounts.js';
import { jsonOrNull, requireCurrency, toUtcIso, toUtcIsoOrNull } from './values.js';

interface OrderArgs {
  account_id: number;
  marketplace: Marketplace;
  remote_id: string;
  raw_status: string;
  status: OrderStatus;
  placed_at: string;
  updated_at: string;
  ship_by: string | null;
  buyer_country: string | null;
  total_minor: number;
  currency: string;
  raw: string | null;
  ingested_at: string;
}

type OrderContent = Omit<OrderArgs, 'account_id' | 'marketplace' | 'remote_id'>;

/** The columns an insert sets and an update replaces: one list, so the two cannot drift apart. */
const orderContent = (a: ArgumentFn<OrderContent>) => ({
  raw_status: a('raw_status'),
  status: a('status'),
  placed_at: a('placed_at'),
  updated_at: a('updated_at'),
  ship_by: a('ship_by'),
  buyer_country: a('buyer_country'),
  total_minor: a('total_minor'),
  currency: a('currency'),
  raw: a('raw'),
  ingested_at: a('ingested_at'),
});

const findOrder = defineStatement<
  { account_id: number; remote_id: string },
  { id: number; updated_at: string }
>((a) =>
  qb
    .selectFrom('orders')
    .select(['id', 'updated_at'])
    .where('account_id', '=', a('account_id'))
    .where('remote_id', '=', a('remote_id')),
);

const insertOrder = defineStatement<OrderArgs, { id: number }>((a) =>
  qb
    .insertInto('orders')
    .values({
      account_id: a('account_id'),
      marketplace: a('marketplace'),
      remote_id: a('remote_id'),
      ...orderContent(a),
    })
    .returning('id'),
);

const updateOrder = defineStatement<OrderContent & { id: number }>((a) =>
  qb.updateTable('orders').set(orderContent(a)).where('id', '=', a('id')),
);

const deleteLines = defineStatement<{ order_id: number }>((a) =>
  qb.deleteFrom('order_lines').where('order_id', '=', a('order_id')),
);

interface LineArgs {
  order_id: number;
  line_id: string;
  sku: string;
  remote_listing_id: string | null;
  remote_variant_id: string | null;
  title: string;
  quantity: number;
  unit_price_minor: number;
  currency: string;
}

// The product link is looked up inside the INSERT (one indexed probe), not by a second round trip.
const insertLine = defineStatement<LineArgs>((a) =>
  qb.insertInto('order_lines').values((eb) => ({
    order_id: a('order_id'),
    line_id: a('line_id'),
    sku: a('sku'),
    product_id: eb.selectFrom('products').select('id').where('sku', '=', a('sku')),
    remote_listing_id: a('remote_listing_id'),
    remote_variant_id: a('remote_variant_id'),
    title: a('title'),
    quantity: a('quantity'),
    unit_price_minor: a('unit_price_minor'),
    currency: a('currency'),
  })),
);

export interface UpsertOrdersResult {
  inserted: number;
  updated: number;
  /** Orders whose stored data was newer than the incoming data, left as they were. */
  skippedOlder: number;
}

function insertLines(w: Writer, orderId: number, order: NormalizedOrder): void {
  const seen = new Set<string>();
  for (const line of order.lines) {
    if (seen.has(line.lineId)) {
      throw new InvalidStoreInput(
        `Order ${order.remoteId} lists line ${JSON.stringify(line.lineId)} twice`,
      );
    }
    seen.add(line.lineId);
    w.exec(insertLine, lineArgs(orderId, order.remoteId, line));
  }
}

function lineArgs(orderId: number, remoteId: string, line: NormalizedOrderLine): LineArgs {
  return {
    order_id: orderId,
    line_id: line.lineId,
    sku: line.sku,
    remote_listing_id: line.remoteListingId,
    remote_variant_id: line.remoteVariantId,
    title: line.title,
    quantity: line.quantity,
    unit_price_minor: line.unitPrice.amountMinor,
    currency: requireCurrency(
      line.unitPrice.currency,
      `order ${remoteId} line ${line.lineId} currency`,
    ),
  };
}

/**
 * Upserts one page of orders of an account by (account, remote id). Never replaces stored data
 * with older data (by `updatedAt`); an applied order's lines are replaced by the incoming ones.
 */
export function upsertOrders(
  w: Writer,
  accountId: AccountId,
  orders: NormalizedOrder[],
): UpsertOrdersResult {
  const account = requireAccount(w, accountId);
  const result: UpsertOrdersResult = { inserted: 0, updated: 0, skippedOlder: 0 };
  const now = w.now();
  for (const order of orders) {
    const label = `order ${order.remoteId}`;
    const updatedAt = toUtcIso(order.updatedAt, `${label} updatedAt`);
    const args: OrderArgs = {
      account_id: accountId,
      marketplace: account.marketplace,
      remote_id: order.remoteId,
      raw_status: order.rawStatus,
      status: order.status,
      placed_at: toUtcIso(order.placedAt, `${label} placedAt`),
      updated_at: updatedAt,
      ship_by: toUtcIsoOrNull(order.shipBy, `${label} shipBy`),
      buyer_country: order.buyerCountry,
      total_minor: order.total.amountMinor,
      currency: requireCurrency(order.total.currency, `${label} total currency`),
      raw: jsonOrNull(order.raw),
      ingested_at: now,
    };
    const existing = w.row(findOrder, { account_id: accountId, remote_id: order.remoteId });
    if (!existing) {
      const inserted = w.row(insertOrder, args)!;
      insertLines(w, inserted.id, order);
      result.inserted++;
      continue;
    }
    if (updatedAt < existing.updated_at) {
      result.skippedOlder++;
      continue;
    }
    w.expectOne(w.exec(updateOrder, { ...args, id: existing.id }), `order ${existing.id}`);
    w.exec(deleteLines, { order_id: existing.id });
    insertLines(w, existing.id, order);
    result.updated++;
  }
  return result;
}
