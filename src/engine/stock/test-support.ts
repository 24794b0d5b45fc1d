/**
 * A throw-away store with the helpers the stock engine's tests share: rows written through the
 * store's own ingest path, and readers of exactly the rows the tests assert on.
 */
import type { AccountId } from '../../shared/ids.js';
import type { OrderStatus } from '../../shared/domain.js';
import { qb } from '../store/compiler.js';
import { openStore, type Store } from '../store/connection.js';
import { upsertAccount, upsertListings, upsertOrders, upsertProducts } from '../store/ingest.js';
import {
  accountInput,
  listingInput,
  orderInput,
  orderLineInput,
  productInput,
  testClock,
} from '../store/test-fixtures.js';

export interface StockWorld {
  store: Store;
  newKey: () => string;
  account(shopId: string): number;
  /** A product with the given warehouses (none = unmanaged). */
  product(sku: string, stock?: { warehouse: string; onHand: number; reserved?: number }[]): number;
  listing(accountId: number, remoteId: string, sku: string, quantity: number): number;
  /** Upserts an order (by remote id) with `lines` of [lineId, sku, quantity]; returns its id. */
  order(
    accountId: number,
    remoteId: string,
    status: OrderStatus,
    lines: [string, string, number][],
    updatedAt?: string,
  ): number;
  stock(productId: number): { warehouse: string; on_hand: number; reserved: number }[];
  effects(orderId?: number): {
    order_id: number;
    line_id: string;
    product_id: number;
    warehouse: string;
    reserved: number;
    consumed: number;
  }[];
  jobs(listingId?: number): {
    id: number;
    listing_id: number | null;
    account_id: number;
    state: string;
    source: string;
    kind: string;
    last_error: string | null;
    base_version: number | null;
    idempotency_key: string;
    batch_id: number | null;
    quantity: number | undefined;
  }[];
  close(): void;
}

export function stockWorld(): StockWorld {
  const clock = testClock();
  const store = openStore(':memory:', { now: clock.now });
  let keys = 0;
  let orderTime = Date.parse('2024-05-02T09:00:00Z');
  const write = store.write.bind(store);
  return {
    store,
    newKey: () => `stock-key-${++keys}`,
    account: (shopId) =>
      write((w) => upsertAccount(w, accountInput({ shopId, displayName: `Shop ${shopId}` }))),
    product: (sku, stock = []) =>
      write((w) =>
        upsertProducts(w, [
          productInput({
            sku,
            title: `Product ${sku}`,
            stock: stock.map((row) => ({ reserved: 0, ...row })),
          }),
        ]).get(sku)!,
      ),
    listing: (accountId, remoteId, sku, quantity) =>
      write((w) => {
        upsertListings(w, accountId as AccountId, [
          listingInput({ remoteId, sku, quantity, title: `Listing ${remoteId}` }),
        ]);
        return w.first(
          qb
            .selectFrom('listings')
            .select('id')
            .where('account_id', '=', accountId)
            .where('remote_id', '=', remoteId),
        )!.id;
      }),
    order: (accountId, remoteId, status, lines, updatedAt) =>
      write((w) => {
        orderTime += 60_000;
        upsertOrders(w, accountId as AccountId, [
          orderInput({
            remoteId,
            status,
            updatedAt: updatedAt ?? new Date(orderTime).toISOString(),
            lines: lines.map(([lineId, sku, quantity]) =>
              orderLineInput({ lineId, sku, quantity }),
            ),
          }),
        ]);
        return w.first(
          qb
            .selectFrom('orders')
            .select('id')
            .where('account_id', '=', accountId)
            .where('remote_id', '=', remoteId),
        )!.id;
      }),
    stock: (productId) =>
      store.read((r) =>
        r.all(
          qb
            .selectFrom('stock')
            .select(['warehouse', 'on_hand', 'reserved'])
            .where('product_id', '=', productId)
            .orderBy('warehouse'),
        ),
      ),
    effects: (orderId) =>
      store.read((r) => {
        let query = qb
          .selectFrom('order_stock_effects')
          .select(['order_id', 'line_id', 'product_id', 'warehouse', 'reserved', 'consumed'])
          .orderBy('order_id')
          .orderBy('line_id');
        if (orderId !== undefined) query = query.where('order_id', '=', orderId);
        return r.all(query);
      }),
    jobs: (listingId) =>
      store.read((r) => {
        let query = qb
          .selectFrom('outbox')
          .select([
            'id',
            'listing_id',
            'account_id',
            'state',
            'source',
            'kind',
            'last_error',
            'base_version',
            'idempotency_key',
            'batch_id',
            'payload',
          ])
          .orderBy('id');
        if (listingId !== undefined) query = query.where('listing_id', '=', listingId);
        return r.all(query).map(({ payload, ...job }) => ({
          ...job,
          quantity: (JSON.parse(payload) as { values?: { quantity?: number } }).values?.quantity,
        }));
      }),
    close: () => store.close(),
  };
}
