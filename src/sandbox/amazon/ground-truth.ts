/**
 * The fake account as it stands, for tests to compare with what our side stored: a deep copy made
 * of fresh objects, so a test can keep one and compare it with a later one. Amounts are integer
 * minor units of `currency`; times are ISO 8601 UTC.
 */
import { orderTotal } from './orders.js';
import { isoSeconds } from './sites.js';
import type { AccountState, FakeIssue, FulfillmentStatus } from './state.js';

export interface AmazonGroundTruthListing {
  sku: string;
  asin: string;
  productType: string;
  title: string;
  description: string;
  priceMinor: number;
  minimumPriceMinor: number | null;
  /** DEFAULT (merchant) quantity; null when Amazon fulfils the listing. */
  quantity: number | null;
  fbaFulfillable: number | null;
  buyable: boolean;
  discoverable: boolean;
  issues: FakeIssue[];
  lastUpdated: string;
}

export interface AmazonGroundTruthOrder {
  orderId: string;
  status: FulfillmentStatus;
  fulfilledBy: 'MERCHANT' | 'AMAZON';
  created: string;
  lastUpdated: string;
  totalMinor: number;
  shipBy: string;
  trackingNumbers: string[];
  lines: {
    orderItemId: string;
    sku: string;
    quantity: number;
    unitPriceMinor: number;
    title: string;
  }[];
}

export interface AmazonGroundTruth {
  now: string;
  sellerId: string;
  marketplaceId: string;
  currency: string;
  currencyDigits: number;
  listings: AmazonGroundTruthListing[];
  orders: AmazonGroundTruthOrder[];
}

export function groundTruthOf(state: AccountState, now: number): AmazonGroundTruth {
  return {
    now: isoSeconds(now),
    sellerId: state.sellerId,
    marketplaceId: state.site.marketplaceId,
    currency: state.site.currency,
    currencyDigits: state.site.currencyDigits,
    listings: state.listings.map((listing) => ({
      sku: listing.sku,
      asin: listing.asin,
      productType: listing.productType,
      title: listing.title,
      description: listing.description,
      priceMinor: listing.priceMinor,
      minimumPriceMinor: listing.minimumPriceMinor,
      quantity: listing.quantity,
      fbaFulfillable: listing.fba?.fulfillable ?? null,
      buyable: listing.buyable,
      discoverable: listing.discoverable,
      issues: listing.issues.map((entry) => ({ ...entry, categories: [...entry.categories] })),
      lastUpdated: isoSeconds(listing.updatedAt),
    })),
    orders: state.orders.map((order) => ({
      orderId: order.orderId,
      status: order.status,
      fulfilledBy: order.fulfilledBy,
      created: isoSeconds(order.createdAt),
      lastUpdated: isoSeconds(order.updatedAt),
      totalMinor: orderTotal(order),
      shipBy: isoSeconds(order.shipByLatest),
      trackingNumbers: order.packages.map((entry) => entry.trackingNumber),
      lines: order.items.map((item) => ({
        orderItemId: item.orderItemId,
        sku: item.sku,
        quantity: item.quantity,
        unitPriceMinor: item.unitPriceMinor,
        title: item.title,
      })),
    })),
  };
}
