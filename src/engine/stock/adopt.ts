/**
 * Onboarding for shops pulled before any master catalogue exists: each SKU the shops' unlinked
 * listings carry becomes a master product, so stock can be kept in step from day one.
 *
 * Per SKU (of the given account's unlinked listings, or of every account's):
 * - the product with that SKU, or a new one titled and localised like the SKU's first listing;
 * - a new product gets one stock row, warehouse 'default', sized so that, once its orders'
 *   effects are applied, available = the smallest quantity any of its live listings shows (the
 *   most conservative channel): on_hand starts at that quantity plus what its open orders reserve
 *   plus what its shipped orders consume (the marketplaces' quantities already exclude both);
 * - every unlinked listing with the SKU, on any account, is linked (as a product import links
 *   them), and so is every unlinked order line with the SKU, whose orders' stock effects are then
 *   applied;
 * - the quantity updates this causes are queued.
 * A product that already existed keeps its stock rows as they are; only its newly linked orders'
 * effects move them, as they would have had the lines been linked when they arrived.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { defineRawStatement, defineStatement, qb } from '../store/compiler.js';
import type { Writer } from '../store/connection.js';
import { RecordNotFound } from '../store/errors.js';
import { indexProducts, type ProductSearchText } from '../store/fts.js';
import { applyOrderStockEffects } from './effects.js';
import { queueStockPushes, type StockPushOptions } from './push-queue.js';
import { parseInput, RowId } from './validation.js';

export interface AdoptOptions extends StockPushOptions {
  /** Only the SKUs of this account's unlinked listings (default: every account's). */
  accountId?: number;
}

export interface AdoptResult {
  /** Products created. */
  created: number;
  /** Listings linked to a product. */
  linked: number;
  /** Orders with at least one line newly linked to a product. */
  ordersRelinked: number;
}

export const DEFAULT_WAREHOUSE = 'default';

const Options = z.object({ accountId: RowId.optional() });

const accountExists = defineStatement<{ id: number }, { id: number }>((a) =>
  qb.selectFrom('accounts').select('id').where('id', '=', a('id')),
);

// Driven by the partial index listings_unlinked, which covers sku and account_id.
const unlinkedSkus = defineRawStatement<{ account_id: number }, { sku: string }>(
  (a) => sql`SELECT DISTINCT sku FROM listings
    WHERE product_id IS NULL AND trim(sku) <> ''
      AND (${a('account_id')} = 0 OR account_id = ${a('account_id')})
    ORDER BY sku`,
);

const productBySku = defineStatement<{ sku: string }, { id: number }>((a) =>
  qb.selectFrom('products').select('id').where('sku', '=', a('sku')),
);

const skuListings = defineStatement<
  { sku: string },
  { title: string; locale: string; quantity: number; status: string }
>((a) =>
  qb
    .selectFrom('listings')
    .select(['title', 'locale', 'quantity', 'status'])
    .where('sku', '=', a('sku'))
    .where('product_id', 'is', null)
    .orderBy('id'),
);

// Units the SKU's unlinked order lines will take off on_hand or reserve once linked.
const skuOrderUnits = defineStatement<{ sku: string }, { units: number }>((a) =>
  qb
    .selectFrom('order_lines as ol')
    .innerJoin('orders as o', 'o.id', 'ol.order_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('ol.quantity'), sql.lit(0)).as('units'))
    .where('ol.sku', '=', a('sku'))
    .where('ol.product_id', 'is', null)
    .where('o.status', '<>', 'cancelled'),
);

const insertProduct = defineStatement<
  { sku: string; title: string; source_locale: string; now: string },
  { id: number }
>((a) =>
  qb
    .insertInto('products')
    .values({
      sku: a('sku'),
      parent_id: null,
      title: a('title'),
      source_locale: a('source_locale'),
      weight_grams: null,
      length_mm: null,
      width_mm: null,
      height_mm: null,
      cost_minor: null,
      cost_currency: null,
      hs_code: null,
      declared_value_minor: null,
      declared_value_currency: null,
      country_of_origin: null,
      created_at: a('now'),
      updated_at: a('now'),
    })
    .returning('id'),
);

const insertStock = defineStatement<{ product_id: number; on_hand: number; now: string }>((a) =>
  qb.insertInto('stock').values({
    product_id: a('product_id'),
    warehouse: DEFAULT_WAREHOUSE,
    on_hand: a('on_hand'),
    reserved: 0,
    updated_at: a('now'),
  }),
);

const linkListings = defineStatement<{ product_id: number; sku: string }>((a) =>
  qb
    .updateTable('listings')
    .set({ product_id: a('product_id') })
    .where('sku', '=', a('sku'))
    .where('product_id', 'is', null),
);

const linkOrderLines = defineStatement<{ product_id: number; sku: string }, { order_id: number }>(
  (a) =>
    qb
      .updateTable('order_lines')
      .set({ product_id: a('product_id') })
      .where('sku', '=', a('sku'))
      .where('product_id', 'is', null)
      .returning('order_id'),
);

/** Creates the SKU's product and its 'default' stock row; returns the product id. */
function createProduct(w: Writer, sku: string, fresh: ProductSearchText[]): number {
  const listings = w.rows(skuListings, { sku });
  const live = listings.filter((listing) => listing.status !== 'deleted');
  const model = live[0] ?? listings[0]!;
  const smallest = live.length === 0 ? 0 : Math.min(...live.map((listing) => listing.quantity));
  const units = w.row(skuOrderUnits, { sku })!.units;
  const now = w.now();
  const { id } = w.row(insertProduct, {
    sku,
    title: model.title,
    source_locale: model.locale,
    now,
  })!;
  w.exec(insertStock, { product_id: id, on_hand: smallest + units, now });
  fresh.push({ id, sku, title: model.title });
  return id;
}

/**
 * Links unlinked listings and order lines to master products by SKU, creating the products that
 * do not exist yet (see the module comment), in the caller's transaction.
 */
export function adoptUnlinkedListings(w: Writer, options: AdoptOptions): AdoptResult {
  const { accountId } = parseInput(Options, { accountId: options.accountId }, 'adopt options');
  if (accountId !== undefined && !w.row(accountExists, { id: accountId })) {
    throw new RecordNotFound(`Account ${accountId} does not exist`);
  }
  const result: AdoptResult = { created: 0, linked: 0, ordersRelinked: 0 };
  const fresh: ProductSearchText[] = [];
  const productIds: number[] = [];
  const orderIds = new Set<number>();
  for (const { sku } of w.rows(unlinkedSkus, { account_id: accountId ?? 0 })) {
    let productId = w.row(productBySku, { sku })?.id;
    if (productId === undefined) {
      productId = createProduct(w, sku, fresh);
      result.created++;
    }
    result.linked += w.exec(linkListings, { product_id: productId, sku }).changes;
    for (const line of w.rows(linkOrderLines, { product_id: productId, sku })) {
      orderIds.add(line.order_id);
    }
    productIds.push(productId);
  }
  indexProducts(w, fresh);
  result.ordersRelinked = orderIds.size;
  applyOrderStockEffects(w, [...orderIds]);
  queueStockPushes(w, productIds, options);
  return result;
}
