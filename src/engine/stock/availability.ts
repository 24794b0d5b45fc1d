/**
 * Reading what a product has and what each channel may show of it. A product's `available` is
 * Σ on_hand − Σ reserved over its own stock rows (a master's variants hold their own stock and are
 * products of their own). A product without stock rows is unmanaged: the stock engine leaves its
 * listings' quantities to the seller.
 *
 * The rule a channel applies to a product is, in order: the account's rule for that product, the
 * account's rule for the product's master (so one rule covers every variant, as the SKU view shows
 * it), the account's default rule (product_id NULL), else none.
 */
import { sql } from 'kysely';
import { defineRawStatement, defineStatement, qb } from '../store/compiler.js';
import type { Reader } from '../store/connection.js';
import { shownQuantity, type ChannelRuleValues } from './rules.js';

export interface ProductStock {
  productId: number;
  parentId: number | null;
  /** Number of stock rows (warehouses); 0 = unmanaged. */
  warehouses: number;
  onHand: number;
  reserved: number;
  /** onHand − reserved; negative when oversold. */
  available: number;
}

const productStockStatement = defineStatement<
  { product_id: number },
  { parent_id: number | null; warehouses: number; on_hand: number; reserved: number }
>((a) =>
  qb
    .selectFrom('products as p')
    .leftJoin('stock as s', 's.product_id', 'p.id')
    .select((eb) => [
      'p.parent_id',
      eb.fn.count<number>('s.product_id').as('warehouses'),
      eb.fn.coalesce(eb.fn.sum<number>('s.on_hand'), sql.lit(0)).as('on_hand'),
      eb.fn.coalesce(eb.fn.sum<number>('s.reserved'), sql.lit(0)).as('reserved'),
    ])
    .where('p.id', '=', a('product_id'))
    .groupBy('p.id'),
);

/** The product's stock totals, or undefined when the product does not exist. */
export function readProductStock(r: Reader, productId: number): ProductStock | undefined {
  const row = r.row(productStockStatement, { product_id: productId });
  if (!row) return undefined;
  return {
    productId,
    parentId: row.parent_id,
    warehouses: row.warehouses,
    onHand: row.on_hand,
    reserved: row.reserved,
    available: row.on_hand - row.reserved,
  };
}

// Three index probes, most specific first: the product's and its master's rules through
// channel_rules_product, the default through the scope index channel_rules_scope. danger.ts
// chooses the rule the same way.
const ruleStatement = defineRawStatement<
  { account_id: number; product_id: number; parent_id: number | null },
  { buffer: number; max_quantity: number | null; allocation_percent: number }
>(
  (a) => sql`SELECT buffer, max_quantity, allocation_percent FROM channel_rules
    WHERE id = coalesce(
      (SELECT id FROM channel_rules
        WHERE product_id = ${a('product_id')} AND account_id = ${a('account_id')}),
      (SELECT id FROM channel_rules
        WHERE product_id = ${a('parent_id')} AND account_id = ${a('account_id')}),
      (SELECT id FROM channel_rules
        WHERE account_id = ${a('account_id')} AND ifnull(product_id, 0) = 0))`,
);

/** The rule `accountId` applies to the product (see the module comment), or null. */
export function effectiveRule(
  r: Reader,
  accountId: number,
  product: Pick<ProductStock, 'productId' | 'parentId'>,
): ChannelRuleValues | null {
  const row = r.row(ruleStatement, {
    account_id: accountId,
    product_id: product.productId,
    parent_id: product.parentId,
  });
  if (!row) return null;
  return {
    buffer: row.buffer,
    maxQuantity: row.max_quantity,
    allocationPercent: row.allocation_percent,
  };
}

/**
 * True when the marketplace itself holds and ships the listing's stock (Amazon FBA): its quantity
 * is the marketplace's to count, and writing ours would switch it to merchant fulfilment.
 */
export const FULFILLED_BY_MARKETPLACE = sql<boolean>`coalesce(json_extract(attributes, '$."amazon.fulfillmentChannel"'), '') LIKE 'AMAZON%'`;

const listingLink = defineStatement<
  { id: number },
  { account_id: number; product_id: number | null; status: string; by_marketplace: number }
>((a) =>
  qb
    .selectFrom('listings')
    .select(['account_id', 'product_id', 'status', FULFILLED_BY_MARKETPLACE.as('by_marketplace')])
    .where('id', '=', a('id')),
);

/**
 * The quantity a listing's channel may show now, or null when the listing is not managed (gone,
 * deleted, a draft, blocked or stocked by the marketplace, not linked, or its product has no
 * stock rows). The push step calls this right before sending a stock job, so the value sent is
 * never older than the last committed stock change.
 */
export function targetQuantity(r: Reader, listingId: number): number | null {
  const listing = r.row(listingLink, { id: listingId });
  if (
    !listing ||
    listing.product_id === null ||
    listing.status === 'deleted' ||
    listing.status === 'error' ||
    listing.status === 'draft' ||
    listing.by_marketplace === 1
  )
    return null;
  const stock = readProductStock(r, listing.product_id);
  if (!stock || stock.warehouses === 0) return null;
  return shownQuantity(stock.available, effectiveRule(r, listing.account_id, stock));
}
