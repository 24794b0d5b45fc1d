/**
 * The store against a marketplace's ground truth, field by field, for any marketplace (the truth
 * comes through its MarketShop adapter): every unit once with its SKU, title, price, quantity and
 * status; every order once with its status, the marketplace's own status, total and lines.
 * Returns readable differences; empty = equal.
 */
import { qb } from '../../src/engine/store/compiler.js';
import type { Reader, Store } from '../../src/engine/store/connection.js';
import type { AccountId } from '../../src/shared/ids.js';
import type { MarketShop } from './sync-markets/index.js';

const json = (value: unknown) => JSON.stringify(value);

function listingDifferences(r: Reader, accountId: AccountId, market: MarketShop): string[] {
  const out: string[] = [];
  const rows = r.all(
    qb
      .selectFrom('listings')
      .select([
        'remote_id',
        'remote_variant_id',
        'sku',
        'title',
        'price_minor',
        'quantity',
        'status',
      ])
      .where('account_id', '=', accountId),
  );
  const stored = new Map(rows.map((row) => [`${row.remote_id}/${row.remote_variant_id}`, row]));
  const truth = market.listings();
  for (const unit of truth) {
    const key = `${unit.remoteId}/${unit.remoteVariantId}`;
    const row = stored.get(key);
    if (!row) {
      out.push(`${market.label}: missing listing ${key}`);
      continue;
    }
    const got = {
      sku: row.sku,
      title: row.title,
      price: row.price_minor,
      quantity: row.quantity,
      status: row.status,
    };
    const want = {
      sku: unit.sku,
      title: unit.title,
      price: unit.price,
      quantity: unit.quantity,
      status: unit.status,
    };
    if (json(got) !== json(want))
      out.push(`${market.label}: listing ${key} is ${json(got)}, truth ${json(want)}`);
  }
  if (rows.length !== truth.length)
    out.push(`${market.label}: ${rows.length} listings stored, ${truth.length} in truth`);
  return out;
}

function orderDifferences(r: Reader, accountId: AccountId, market: MarketShop): string[] {
  const out: string[] = [];
  const orders = r.all(
    qb
      .selectFrom('orders')
      .select(['remote_id', 'status', 'raw_status', 'total_minor'])
      .where('account_id', '=', accountId),
  );
  const lines = r.all(
    qb
      .selectFrom('order_lines as l')
      .innerJoin('orders as o', 'o.id', 'l.order_id')
      .select(['o.remote_id', 'l.remote_listing_id', 'l.sku', 'l.quantity', 'l.unit_price_minor'])
      .where('o.account_id', '=', accountId),
  );
  const linesOf = new Map<string, string[]>();
  for (const line of lines) {
    const list = linesOf.get(line.remote_id) ?? [];
    list.push(`${line.remote_listing_id}|${line.sku}x${line.quantity}@${line.unit_price_minor}`);
    linesOf.set(line.remote_id, list);
  }
  const stored = new Map(orders.map((order) => [order.remote_id, order]));
  const truth = market.orders();
  for (const order of truth) {
    const row = stored.get(order.remoteId);
    if (!row) {
      out.push(`${market.label}: missing order ${order.remoteId}`);
      continue;
    }
    const got = {
      status: row.status,
      raw: order.rawStatus === null ? null : row.raw_status,
      total: row.total_minor,
      lines: (linesOf.get(order.remoteId) ?? []).sort(),
    };
    const want = {
      status: order.status,
      raw: order.rawStatus,
      total: order.total,
      lines: order.lines
        .map((line) => `${line.remoteListingId}|${line.sku}x${line.quantity}@${line.unitPrice}`)
        .sort(),
    };
    if (json(got) !== json(want))
      out.push(`${market.label}: order ${order.remoteId} is ${json(got)}, truth ${json(want)}`);
  }
  if (orders.length !== truth.length)
    out.push(`${market.label}: ${orders.length} orders stored, ${truth.length} in truth`);
  return out;
}

/** One shop's ground truth against the store's rows of its account. */
export function marketDifferences(
  store: Store,
  accountId: AccountId,
  market: MarketShop,
): string[] {
  return store.read((r) => [
    ...listingDifferences(r, accountId, market),
    ...orderDifferences(r, accountId, market),
  ]);
}
