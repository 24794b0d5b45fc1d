/**
 * Compares what the connector pulled with the fake Shopee's ground truth, field by field, and
 * returns readable differences (empty = identical).
 */
import type { NormalizedListing, NormalizedOrder } from '../../src/shared/marketplace.js';
import type { ShopeeGroundTruth } from '../../src/sandbox/shopee/index.js';

/** The expected unified status of each Shopee status (test oracle, written from Shopee's docs). */
export const LISTING_STATUS: Record<string, string> = {
  NORMAL: 'active',
  UNLIST: 'inactive',
  REVIEWING: 'inactive',
  BANNED: 'error',
  SELLER_DELETE: 'deleted',
  SHOPEE_DELETE: 'deleted',
};

export const ORDER_STATUS: Record<string, string> = {
  UNPAID: 'unpaid',
  READY_TO_SHIP: 'to_ship',
  PROCESSED: 'to_ship',
  INVOICE_PENDING: 'to_ship',
  IN_CANCEL: 'to_ship',
  SHIPPED: 'shipped',
  COMPLETED: 'delivered',
  CANCELLED: 'cancelled',
};

/** The listings one ground-truth item stands for: one per model, or the item itself without models. */
export function unitsOf(item: ShopeeGroundTruth['items'][number]) {
  return item.models.length > 0
    ? item.models.map((model) => ({
        key: `${item.item_id}/${model.model_id}`,
        sku: model.model_sku,
        price: model.price_cents,
        stock: model.stock,
        status:
          model.model_status === 'MODEL_UNAVAILABLE' && item.item_status === 'NORMAL'
            ? 'inactive'
            : LISTING_STATUS[item.item_status],
      }))
    : [
        {
          key: `${item.item_id}/`,
          sku: item.item_sku,
          price: item.price_cents,
          stock: item.stock,
          status: LISTING_STATUS[item.item_status],
        },
      ];
}

function duplicates(keys: string[]): string[] {
  const seen = new Set<string>();
  return keys.filter((key) => (seen.has(key) ? true : (seen.add(key), false)));
}

export function listingDifferences(
  truth: ShopeeGroundTruth,
  listings: NormalizedListing[],
): string[] {
  const out: string[] = [];
  const byKey = new Map(
    listings.map((listing) => [`${listing.remoteId}/${listing.remoteVariantId}`, listing]),
  );
  for (const key of duplicates(
    listings.map((listing) => `${listing.remoteId}/${listing.remoteVariantId}`),
  ))
    out.push(`duplicate listing ${key}`);
  let expected = 0;
  for (const item of truth.items) {
    const units = unitsOf(item);
    for (const unit of units) {
      expected += 1;
      const listing = byKey.get(unit.key);
      if (!listing) {
        out.push(`missing listing ${unit.key}`);
        continue;
      }
      const got = {
        sku: listing.sku,
        price: listing.price.amountMinor,
        currency: listing.price.currency,
        stock: listing.quantity,
        status: listing.status,
        title: listing.title,
      };
      const want = {
        sku: unit.sku,
        price: unit.price,
        currency: truth.currency,
        stock: unit.stock,
        status: unit.status,
        title: item.item_name,
      };
      if (JSON.stringify(got) !== JSON.stringify(want))
        out.push(`listing ${unit.key}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
  }
  if (listings.length !== expected)
    out.push(`${listings.length} listings pulled, ${expected} expected`);
  return out;
}

export function orderDifferences(
  truth: ShopeeGroundTruth,
  orders: NormalizedOrder[],
  inWindow: (updateTime: number) => boolean = () => true,
): string[] {
  const out: string[] = [];
  for (const sn of duplicates(orders.map((order) => order.remoteId)))
    out.push(`duplicate order ${sn}`);
  const bySn = new Map(orders.map((order) => [order.remoteId, order]));
  const expected = truth.orders.filter((order) => inWindow(order.update_time));
  for (const order of expected) {
    const got = bySn.get(order.order_sn);
    if (!got) {
      out.push(`missing order ${order.order_sn}`);
      continue;
    }
    const mine = {
      status: got.status,
      rawStatus: got.rawStatus,
      total: got.total.amountMinor,
      updatedAt: got.updatedAt,
      lines: got.lines.map((line) => [
        line.remoteListingId,
        line.remoteVariantId,
        line.quantity,
        line.unitPrice.amountMinor,
        line.sku,
      ]),
    };
    const theirs = {
      status: ORDER_STATUS[order.order_status],
      rawStatus: order.order_status,
      total: order.total_cents,
      updatedAt: new Date(order.update_time * 1000).toISOString(),
      lines: order.lines.map((line) => [
        String(line.item_id),
        line.model_id === 0 ? '' : String(line.model_id),
        line.quantity,
        line.discounted_cents,
        line.sku,
      ]),
    };
    if (JSON.stringify(mine) !== JSON.stringify(theirs))
      out.push(
        `order ${order.order_sn}: got ${JSON.stringify(mine)}, want ${JSON.stringify(theirs)}`,
      );
  }
  if (orders.length !== expected.length)
    out.push(`${orders.length} orders pulled, ${expected.length} expected`);
  return out;
}
