/**
 * The fake seller account's data and the only ways to change it. Amounts are integer minor units
 * of the marketplace currency; times are epoch milliseconds rounded to the second (Amazon speaks
 * ISO 8601 to the second). Every change goes through the helpers here so that:
 * - `version` moves, which invalidates the sorted views the search operations page through;
 * - a listing's and an order's `updatedAt` move with every change, as lastUpdatedDate /
 *   lastUpdatedTime do on Amazon;
 * - stock follows orders: a merchant-fulfilled order takes its quantities from the DEFAULT
 *   channel when placed; a cancellation puts them back.
 */
import type { AmazonSite } from './sites.js';

export type FulfillmentStatus =
  | 'PENDING_AVAILABILITY'
  | 'PENDING'
  | 'UNSHIPPED'
  | 'PARTIALLY_SHIPPED'
  | 'SHIPPED'
  | 'CANCELLED'
  | 'UNFULFILLABLE';

export interface FakeIssue {
  code: string;
  message: string;
  severity: 'ERROR' | 'WARNING' | 'INFO';
  attributeNames?: string[];
  categories: string[];
}

export interface FbaStock {
  fnSku: string;
  fulfillable: number;
  inboundWorking: number;
  inboundShipped: number;
  reserved: number;
  unfulfillable: number;
  updatedAt: number;
}

export interface FakeListing {
  sku: string;
  asin: string;
  productType: string;
  title: string;
  description: string;
  bullets: string[];
  keywords: string;
  brand: string;
  priceMinor: number;
  /** The seller's minimum allowed price (purchasable_offer.minimum_seller_allowed_price). */
  minimumPriceMinor: number | null;
  /** DEFAULT (merchant) channel quantity; null for an Amazon-fulfilled listing. */
  quantity: number | null;
  fba: FbaStock | null;
  buyable: boolean;
  discoverable: boolean;
  issues: FakeIssue[];
  /** Attributes set through the API that the fake does not interpret, kept as sent. */
  extraAttributes: Record<string, unknown[]>;
  /**
   * Title and description in the site's other listing languages, by language tag (Amazon.ca's
   * fr_CA); `title` and `description` are the site's own language. Absent: none.
   */
  otherLanguages?: Record<string, { title?: string; description?: string }>;
  createdAt: number;
  updatedAt: number;
}

export interface FakeOrderItem {
  orderItemId: string;
  sku: string;
  asin: string;
  title: string;
  quantity: number;
  quantityShipped: number;
  unitPriceMinor: number;
}

export interface FakePackage {
  packageReferenceId: string;
  carrierCode: string;
  carrierName: string | null;
  shippingMethod: string | null;
  trackingNumber: string;
  shipTime: number;
  items: { orderItemId: string; quantity: number }[];
}

export interface FakeOrder {
  orderId: string;
  createdAt: number;
  updatedAt: number;
  status: FulfillmentStatus;
  fulfilledBy: 'MERCHANT' | 'AMAZON';
  serviceLevel: string;
  shipByEarliest: number;
  shipByLatest: number;
  shippingMinor: number;
  items: FakeOrderItem[];
  packages: FakePackage[];
  buyerCountry: string;
  cancelReason: string | null;
}

export type WriteVia = 'patch' | 'put' | 'feed' | 'delete';

export interface WriteRecord {
  at: number;
  sku: string;
  via: WriteVia;
  field: 'price' | 'quantity' | 'title' | 'description' | 'listing' | 'deleted';
  value: string | number | null;
}

export interface AccountState {
  site: AmazonSite;
  sellerId: string;
  listings: FakeListing[];
  listingBySku: Map<string, FakeListing>;
  orders: FakeOrder[];
  orderById: Map<string, FakeOrder>;
  writes: WriteRecord[];
  version: number;
  nextOrderItemId: number;
  /** Sorted views of the listings and orders, valid while `version` is unchanged. */
  sorted: Map<string, { version: number; list: unknown[] }>;
}

/**
 * The language tags a site's listings carry text in (marketplace-notes §1.3 and Amazon's store
 * languages: Amazon.ca lists in English and French, Amazon.com.be in French and Dutch, Amazon.ae
 * in English and Arabic); every other site only in its own. The first is the site's own.
 */
const LISTING_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  CA: ['en_CA', 'fr_CA'],
  BE: ['fr_BE', 'nl_BE'],
  AE: ['en_AE', 'ar_AE'],
};

export function listingLanguages(site: AmazonSite): readonly string[] {
  return LISTING_LANGUAGES[site.code] ?? [site.languageTag];
}

export function createAccountState(
  site: AmazonSite,
  sellerId: string,
  listings: FakeListing[],
  orders: FakeOrder[],
  nextOrderItemId: number,
): AccountState {
  return {
    site,
    sellerId,
    listings,
    listingBySku: new Map(listings.map((listing) => [listing.sku, listing])),
    orders,
    orderById: new Map(orders.map((order) => [order.orderId, order])),
    writes: [],
    version: 0,
    nextOrderItemId,
    sorted: new Map(),
  };
}

/** Seconds precision, as every Amazon timestamp has. */
export function toSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export function touchListing(state: AccountState, listing: FakeListing, now: number): void {
  listing.updatedAt = Math.max(listing.updatedAt, toSecond(now));
  state.version += 1;
}

export function touchOrder(state: AccountState, order: FakeOrder, now: number): void {
  order.updatedAt = Math.max(order.updatedAt, toSecond(now));
  state.version += 1;
}

export function addListing(state: AccountState, listing: FakeListing): void {
  state.listings.push(listing);
  state.listingBySku.set(listing.sku, listing);
  state.version += 1;
}

export function removeListing(state: AccountState, sku: string): void {
  const listing = state.listingBySku.get(sku);
  if (!listing) return;
  state.listingBySku.delete(sku);
  state.listings.splice(state.listings.indexOf(listing), 1);
  state.version += 1;
}

export function addOrder(state: AccountState, order: FakeOrder): void {
  state.orders.push(order);
  state.orderById.set(order.orderId, order);
  for (const item of order.items) takeStock(state, order, item, -1);
  state.version += 1;
}

/** Moves DEFAULT-channel stock for a merchant order line (direction -1 = sold, +1 = returned). */
function takeStock(state: AccountState, order: FakeOrder, item: FakeOrderItem, direction: 1 | -1) {
  const listing = state.listingBySku.get(item.sku);
  if (!listing) return;
  if (order.fulfilledBy === 'AMAZON') {
    if (listing.fba) {
      listing.fba.fulfillable = Math.max(0, listing.fba.fulfillable + direction * item.quantity);
      listing.fba.updatedAt = order.updatedAt;
    }
    return;
  }
  if (listing.quantity === null) return;
  listing.quantity = Math.max(0, listing.quantity + direction * item.quantity);
  touchListing(state, listing, order.updatedAt);
}

export function setOrderStatus(
  state: AccountState,
  order: FakeOrder,
  status: FulfillmentStatus,
  now: number,
): void {
  if (status === 'CANCELLED' && order.status !== 'CANCELLED') {
    for (const item of order.items) takeStock(state, order, item, 1);
  }
  order.status = status;
  touchOrder(state, order, now);
}

export function recordWrite(state: AccountState, write: WriteRecord): void {
  state.writes.push(write);
}

/** Listings in one sort order, cached until the next change (search pages through it). */
export function sortedListings(
  state: AccountState,
  sortBy: 'sku' | 'createdDate' | 'lastUpdatedDate',
): FakeListing[] {
  const key = `listings/${sortBy}`;
  const cached = state.sorted.get(key);
  if (cached && cached.version === state.version) return cached.list as FakeListing[];
  const list = [...state.listings].sort((a, b) => compareListings(a, b, sortBy));
  state.sorted.set(key, { version: state.version, list });
  return list;
}

export function listingSortValue(
  listing: FakeListing,
  sortBy: 'sku' | 'createdDate' | 'lastUpdatedDate',
): number | string {
  return sortBy === 'sku'
    ? listing.sku
    : sortBy === 'createdDate'
      ? listing.createdAt
      : listing.updatedAt;
}

export function compareListings(
  a: FakeListing,
  b: FakeListing,
  sortBy: 'sku' | 'createdDate' | 'lastUpdatedDate',
): number {
  const left = listingSortValue(a, sortBy);
  const right = listingSortValue(b, sortBy);
  if (left < right) return -1;
  if (left > right) return 1;
  return a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;
}

/** Orders by (updatedAt, orderId) or (createdAt, orderId), cached until the next change. */
export function sortedOrders(state: AccountState, by: 'updated' | 'created'): FakeOrder[] {
  const key = `orders/${by}`;
  const cached = state.sorted.get(key);
  if (cached && cached.version === state.version) return cached.list as FakeOrder[];
  const time = (order: FakeOrder) => (by === 'updated' ? order.updatedAt : order.createdAt);
  const list = [...state.orders].sort(
    (a, b) => time(a) - time(b) || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0),
  );
  state.sorted.set(key, { version: state.version, list });
  return list;
}
