/**
 * Where the seller may sell what they do not have, worst first:
 * - a managed listing whose channel shows more than its rule allows it now (listings.quantity >
 *   target): a push is due or failed, or the quantity was changed on the marketplace;
 * - a product oversold as a whole (reserved > on hand): open orders need more than is there.
 * "Worst" is the number of units at risk: shown − allowed for a listing, reserved − on hand for a
 * product.
 *
 * One statement, about 0.13 s over 100k listings (98k managed, 31k products with stock, 2k
 * rules). Stock totals (with each product's SKU and master) are grouped once per product; the
 * listings are scanned on listings_account, which covers every listing column used, so no listing
 * row is read (SQLite would otherwise walk listings_product and read each fat row: twice as slow);
 * each listing's rule takes up to three index probes: the product's and its master's rules through
 * channel_rules_product, the default through channel_rules_scope. (Comparing `ifnull(product_id,
 * 0)` with a column instead walks all of the account's rules per listing: 2 s.) A listing showing
 * 0 is never in danger and is skipped on the index entry. (INDEXED BY: a migration that drops
 * that index fails this statement's tests instead of silently making it slow.)
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { Marketplace } from '../../shared/domain.js';
import type { AccountId, ListingId, ProductId } from '../../shared/ids.js';
import { defineRawStatement } from '../store/compiler.js';
import type { Reader } from '../store/connection.js';
import { parseInput } from './validation.js';

export interface OversellRow {
  /** null for a product oversold as a whole. */
  listingId: ListingId | null;
  accountId: AccountId | null;
  marketplace: Marketplace | null;
  productId: ProductId;
  sku: string;
  /** What the channel shows; null for a product row. */
  shown: number | null;
  /** What it may show now (0 for a product row). */
  allowed: number;
  /** The product's on hand − reserved (negative when oversold). */
  available: number;
}

interface DangerRow {
  listing_id: number | null;
  account_id: number | null;
  marketplace: Marketplace | null;
  product_id: number;
  sku: string;
  shown: number | null;
  allowed: number;
  available: number;
}

const dangerStatement = defineRawStatement<{ limit: number }, DangerRow>(
  (a) => sql`
WITH totals AS MATERIALIZED (
  SELECT s.product_id, p.sku, p.parent_id,
         sum(s.on_hand) AS on_hand, sum(s.reserved) AS reserved
  FROM stock AS s JOIN products AS p ON p.id = s.product_id
  GROUP BY s.product_id
),
channels AS (
  SELECT l.id AS listing_id, l.account_id, l.marketplace, t.product_id, t.sku,
         l.quantity AS shown, t.on_hand - t.reserved AS available,
         coalesce(
           (SELECT r.id FROM channel_rules AS r
             WHERE r.product_id = t.product_id AND r.account_id = l.account_id),
           (SELECT r.id FROM channel_rules AS r
             WHERE r.product_id = t.parent_id AND r.account_id = l.account_id),
           (SELECT r.id FROM channel_rules AS r
             WHERE r.account_id = l.account_id AND ifnull(r.product_id, 0) = 0)
         ) AS rule_id
  FROM listings AS l INDEXED BY listings_account
  JOIN totals AS t ON t.product_id = l.product_id
  WHERE l.status NOT IN ('deleted', 'error', 'draft') AND l.quantity > 0
),
allowed AS (
  SELECT c.*, CASE
      WHEN r.id IS NULL THEN max(0, c.available)
      WHEN r.max_quantity IS NULL
        THEN max(0, max(0, c.available) - r.buffer) * r.allocation_percent / 100
      ELSE min(r.max_quantity, max(0, max(0, c.available) - r.buffer) * r.allocation_percent / 100)
    END AS allowed
  FROM channels AS c LEFT JOIN channel_rules AS r ON r.id = c.rule_id
)
SELECT listing_id, account_id, marketplace, product_id, sku, shown, allowed, available,
       shown - allowed AS excess
FROM allowed WHERE shown > allowed
UNION ALL
SELECT NULL, NULL, NULL, t.product_id, t.sku, NULL, 0, t.on_hand - t.reserved,
       t.reserved - t.on_hand
FROM totals AS t
WHERE t.reserved > t.on_hand
ORDER BY excess DESC, product_id, listing_id NULLS FIRST
LIMIT ${a('limit')}`,
);

const DangerOptions = z.object({
  limit: z.number().int().min(1).max(10_000),
});

/** The `limit` worst oversell risks (see the module comment), worst first. */
export function oversellDanger(r: Reader, options: { limit: number }): OversellRow[] {
  const { limit } = parseInput(DangerOptions, options, 'oversell query');
  return r.rows(dangerStatement, { limit }).map((row) => ({
    listingId: row.listing_id as ListingId | null,
    accountId: row.account_id as AccountId | null,
    marketplace: row.marketplace,
    productId: row.product_id as ProductId,
    sku: row.sku,
    shown: row.shown,
    allowed: row.allowed,
    available: row.available,
  }));
}
