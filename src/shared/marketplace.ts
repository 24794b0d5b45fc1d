/**
 * Normalised marketplace objects: what every connector returns and what the engine writes to the
 * store. Each keeps the marketplace's own payload in `raw` so nothing it said is lost.
 * Times are ISO-8601 UTC strings ending in `Z`.
 */
import type { ListingStatus, OrderStatus } from './domain.js';
import type { Money } from './money.js';

/** One sellable unit on a marketplace: an item, or one variation (model) of an item. */
export interface NormalizedListing {
  remoteId: string;
  /** The variation/model id under `remoteId`, or '' when the item has no variations. */
  remoteVariantId: string;
  sku: string;
  title: string;
  description: string;
  bulletPoints: string[];
  keywords: string[];
  attributes: Record<string, string>;
  price: Money;
  quantity: number;
  status: ListingStatus;
  /** BCP 47 language of the listing's text, e.g. `de-DE`, `th`, `zh-CN`. */
  locale: string;
  remoteUpdatedAt: string | null;
  raw: unknown;
}

export interface NormalizedOrderLine {
  lineId: string;
  sku: string;
  remoteListingId: string | null;
  remoteVariantId: string | null;
  title: string;
  quantity: number;
  unitPrice: Money;
}

export interface NormalizedOrder {
  remoteId: string;
  rawStatus: string;
  status: OrderStatus;
  placedAt: string;
  updatedAt: string;
  shipBy: string | null;
  /** ISO 3166-1 alpha-2; the only buyer detail kept outside `raw`. */
  buyerCountry: string | null;
  total: Money;
  lines: NormalizedOrderLine[];
  raw: unknown;
}

/**
 * Stock the marketplace holds and ships itself (Amazon FBA): shown beside the seller's own, never
 * pushed to, never counted as the seller's on hand. Quantities are units.
 */
export interface MarketplaceHeldStock {
  /** The seller's SKU on that marketplace. */
  sku: string;
  /** Ready to sell and ship now. */
  fulfillable: number;
  /** On its way to the marketplace's warehouses. */
  inbound: number;
  /** Set aside by the marketplace (customer orders, transfers, processing). */
  reserved: number;
  /** Damaged or otherwise not sellable. */
  unfulfillable: number;
  /** When the marketplace last changed it, ISO-8601 UTC, if it says. */
  updatedAt: string | null;
}
