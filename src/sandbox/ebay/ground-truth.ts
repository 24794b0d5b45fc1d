/**
 * The fake eBay account as it stands, for tests to compare with what our side stored: a deep copy
 * (a test may keep one and compare it with a later one). Listings are the offers on the fake's
 * own site, one per SKU and offer, with what the API shows: the offer's quantity when it sets one,
 * else the item's.
 */
import {
  applyDueChanges,
  fulfillmentStatusOf,
  orderTotals,
  pendingChanges,
  type CancelState,
  type FulfillmentStatus,
  type ListingStatus,
  type OfferStatus,
  type PaymentStatus,
  type ShopState,
} from './state.js';

export interface EbayGroundTruthListing {
  sku: string;
  offerId: string;
  listingId: string | null;
  title: string;
  description: string;
  priceMinor: number | null;
  quantity: number;
  offerStatus: OfferStatus;
  listingStatus: ListingStatus | null;
  onHold: boolean;
  groupKey: string | null;
}

export interface EbayGroundTruthOrder {
  orderId: string;
  creationMs: number;
  lastModifiedMs: number;
  fulfillmentStatus: FulfillmentStatus;
  paymentStatus: PaymentStatus;
  cancelState: CancelState;
  totalMinor: number;
  lines: {
    lineItemId: string;
    sku: string;
    legacyItemId: string;
    quantity: number;
    unitMinor: number;
    shippedQuantity: number;
  }[];
  trackingNumbers: string[];
}

export interface EbayGroundTruth {
  nowMs: number;
  marketplaceId: string;
  currency: string;
  listings: EbayGroundTruthListing[];
  orders: EbayGroundTruthOrder[];
  /** SKUs with no offer on this site (not listings here). */
  itemsWithoutSiteOffer: string[];
  pendingChanges: number;
}

export function groundTruthOf(state: ShopState, nowMs: number): EbayGroundTruth {
  applyDueChanges(state, nowMs);
  const listings: EbayGroundTruthListing[] = [];
  const without: string[] = [];
  for (const item of state.items) {
    const offers = (state.offersBySku.get(item.sku) ?? []).filter(
      (offer) => offer.marketplaceId === state.marketplaceId,
    );
    if (offers.length === 0) without.push(item.sku);
    for (const offer of offers) {
      listings.push({
        sku: item.sku,
        offerId: offer.offerId,
        listingId: offer.status === 'PUBLISHED' ? (offer.listing?.listingId ?? null) : null,
        title: item.product.title,
        description: offer.listingDescription ?? item.product.description,
        priceMinor: offer.priceMinor,
        quantity: offer.availableQuantity ?? item.quantity,
        offerStatus: offer.status,
        listingStatus: offer.status === 'PUBLISHED' ? (offer.listing?.listingStatus ?? null) : null,
        onHold: offer.listing?.onHold ?? false,
        groupKey: item.groupKeys[0] ?? null,
      });
    }
  }
  return {
    nowMs,
    marketplaceId: state.marketplaceId,
    currency: state.currency,
    listings,
    orders: state.orders.map((order) => ({
      orderId: order.orderId,
      creationMs: order.creationMs,
      lastModifiedMs: order.lastModifiedMs,
      fulfillmentStatus: fulfillmentStatusOf(order),
      paymentStatus: order.paymentStatus,
      cancelState: order.cancelState,
      totalMinor: orderTotals(order).total,
      lines: order.lines.map((line) => ({
        lineItemId: line.lineItemId,
        sku: line.sku,
        legacyItemId: line.legacyItemId,
        quantity: line.quantity,
        unitMinor: line.unitMinor,
        shippedQuantity: line.shippedQuantity,
      })),
      trackingNumbers: order.fulfillments.map((entry) => entry.tracking),
    })),
    itemsWithoutSiteOffer: without,
    pendingChanges: pendingChanges(state),
  };
}
