/**
 * The fake eBay seller account's data and the only ways to change it. Amounts are integer minor
 * units of the site currency; the API layer writes eBay's decimal strings. Times are epoch ms.
 *
 * Inventory API model (contract sell_inventory_v1): an inventory item per SKU (account-wide, with a
 * ship-to-home quantity), offers per SKU and marketplace (price, an optional available quantity,
 * status UNPUBLISHED/PUBLISHED; a published offer has a listing), inventory item groups joining
 * variant SKUs into one multi-variation listing (their offers share its listingId).
 *
 * Promises the helpers keep:
 * - stock follows orders: an order takes its quantities from the offer (when it sets its own
 *   quantity) and from the item, and a cancellation puts them back;
 * - every change to an order stamps its lastModifiedDate with the current time, and only ever
 *   forward, as eBay's lastmodifieddate filter relies on;
 * - scheduled order changes apply only to an order still in the state they were planned from.
 */
import { pacificDay } from './calendar.js';

export type OfferStatus = 'PUBLISHED' | 'UNPUBLISHED';
export type ListingStatus = 'ACTIVE' | 'OUT_OF_STOCK' | 'INACTIVE' | 'ENDED';
export type FulfillmentStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'FULFILLED';
export type PaymentStatus = 'PENDING' | 'PAID' | 'FAILED' | 'FULLY_REFUNDED';
export type CancelState = 'NONE_REQUESTED' | 'IN_PROGRESS' | 'CANCELED';

/** "Each listing can be revised up to 250 times in one calendar day." (Inventory API notes) */
export const REVISIONS_PER_DAY = 250;

export interface FakeProduct {
  title: string;
  description: string;
  aspects: Record<string, string[]>;
  imageUrls: string[];
  brand: string | null;
  mpn: string | null;
}

export interface FakeItem {
  sku: string;
  /** As eBay returns it: `en_US`. */
  locale: string;
  condition: string;
  product: FakeProduct;
  /** shipToLocationAvailability.quantity */
  quantity: number;
  weightGrams: number | null;
  groupKeys: string[];
}

export interface FakeListing {
  listingId: string;
  listingStatus: ListingStatus;
  soldQuantity: number;
  onHold: boolean;
}

export interface FakePolicies {
  fulfillmentPolicyId: string;
  paymentPolicyId: string;
  returnPolicyId: string;
}

export interface FakeOffer {
  offerId: string;
  sku: string;
  marketplaceId: string;
  format: 'FIXED_PRICE';
  /** null: the offer sells from the item's ship-to-home quantity. */
  availableQuantity: number | null;
  priceMinor: number | null;
  currency: string;
  categoryId: string | null;
  listingDescription: string | null;
  merchantLocationKey: string | null;
  policies: FakePolicies | null;
  status: OfferStatus;
  listing: FakeListing | null;
  /** The variation's id inside a multi-variation listing (orders' legacyVariationId). */
  variationId: string | null;
}

export interface FakeGroup {
  key: string;
  title: string;
  description: string;
  aspects: Record<string, string[]>;
  variesBy: { name: string; values: string[] }[];
  variantSkus: string[];
}

export interface FakeLine {
  lineItemId: string;
  sku: string;
  offerId: string;
  legacyItemId: string;
  legacyVariationId: string | null;
  title: string;
  quantity: number;
  unitMinor: number;
  deliveryMinor: number;
  /** Units already in a shipping fulfillment. */
  shippedQuantity: number;
}

export interface FakeFulfillment {
  fulfillmentId: string;
  lines: { lineItemId: string; quantity: number }[];
  shippedMs: number;
  carrier: string;
  tracking: string;
}

export interface FakeBuyer {
  username: string;
  fullName: string;
  addressLine1: string;
  city: string;
  postalCode: string;
  countryCode: string;
}

export interface FakeOrder {
  orderId: string;
  marketplaceId: string;
  currency: string;
  creationMs: number;
  lastModifiedMs: number;
  paymentStatus: PaymentStatus;
  paidMs: number | null;
  cancelState: CancelState;
  cancelledMs: number | null;
  lines: FakeLine[];
  buyer: FakeBuyer;
  shipByMs: number;
  fulfillments: FakeFulfillment[];
  salesRecordReference: string;
  buyerCheckoutNotes: string | null;
}

export type ScheduledKind = 'pay' | 'ship' | 'cancel';
export interface ScheduledChange {
  at: number;
  orderId: string;
  kind: ScheduledKind;
}

export type WriteField =
  | 'price'
  | 'quantity'
  | 'item_quantity'
  | 'title'
  | 'description'
  | 'item'
  | 'offer'
  | 'publish'
  | 'withdraw'
  | 'fulfillment';

/** One change applied through the write API (not by buyers or by the seller's own hand). */
export interface WriteRecord {
  at: number;
  operation: string;
  sku: string;
  offerId: string | null;
  field: WriteField;
  value: string | number | null;
}

export interface ShopState {
  marketplaceId: string;
  currency: string;
  /** Items in creation order (getInventoryItems pages through them in this order). */
  items: FakeItem[];
  itemBySku: Map<string, FakeItem>;
  offers: Map<string, FakeOffer>;
  offersBySku: Map<string, FakeOffer[]>;
  groups: Map<string, FakeGroup>;
  orders: FakeOrder[];
  orderById: Map<string, FakeOrder>;
  scheduled: ScheduledChange[];
  scheduledNext: number;
  writes: WriteRecord[];
  /** Revisions per listing in its current Pacific day. */
  revisions: Map<string, { day: string; count: number }>;
  sequence: {
    offer: number;
    listing: number;
    lineItem: number;
    order: number;
    fulfillment: number;
  };
}

export function createShopState(
  marketplaceId: string,
  currency: string,
  idBase: number,
): ShopState {
  return {
    marketplaceId,
    currency,
    items: [],
    itemBySku: new Map(),
    offers: new Map(),
    offersBySku: new Map(),
    groups: new Map(),
    orders: [],
    orderById: new Map(),
    scheduled: [],
    scheduledNext: 0,
    writes: [],
    revisions: new Map(),
    sequence: {
      offer: idBase,
      listing: idBase,
      lineItem: idBase,
      order: idBase,
      fulfillment: idBase,
    },
  };
}

export const nextOfferId = (state: ShopState) => String(5_000_000_000 + ++state.sequence.offer);
export const nextListingId = (state: ShopState) =>
  String(110_000_000_000 + ++state.sequence.listing);
export const nextLineItemId = (state: ShopState) =>
  String(10_000_000_000 + ++state.sequence.lineItem);
export const nextFulfillmentId = (state: ShopState) =>
  String(9_400_000_000_000 + ++state.sequence.fulfillment);

/** eBay order ids look like `12-34567-89012`. */
export function nextOrderId(state: ShopState): string {
  const n = ++state.sequence.order;
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(Math.floor(n / 1e10) % 100, 2)}-${pad(Math.floor(n / 1e5) % 1e5, 5)}-${pad(n % 1e5, 5)}`;
}

export function addItem(state: ShopState, item: FakeItem): void {
  if (state.itemBySku.has(item.sku)) throw new Error(`Duplicate SKU ${item.sku}`);
  state.items.push(item);
  state.itemBySku.set(item.sku, item);
}

export function removeItem(state: ShopState, sku: string): void {
  const index = state.items.findIndex((item) => item.sku === sku);
  if (index >= 0) state.items.splice(index, 1);
  state.itemBySku.delete(sku);
  for (const offer of state.offersBySku.get(sku) ?? []) state.offers.delete(offer.offerId);
  state.offersBySku.delete(sku);
}

export function addOffer(state: ShopState, offer: FakeOffer): void {
  state.offers.set(offer.offerId, offer);
  const list = state.offersBySku.get(offer.sku) ?? [];
  list.push(offer);
  state.offersBySku.set(offer.sku, list);
}

/** What a buyer can take from an offer now. */
export function sellableQuantity(state: ShopState, offer: FakeOffer): number {
  const item = state.itemBySku.get(offer.sku);
  if (!item) return 0;
  return offer.availableQuantity === null
    ? item.quantity
    : Math.min(offer.availableQuantity, item.quantity);
}

export function isBuyable(state: ShopState, offer: FakeOffer): boolean {
  return (
    offer.status === 'PUBLISHED' &&
    offer.listing !== null &&
    !offer.listing.onHold &&
    (offer.listing.listingStatus === 'ACTIVE' || offer.listing.listingStatus === 'OUT_OF_STOCK') &&
    offer.priceMinor !== null &&
    sellableQuantity(state, offer) > 0
  );
}

/** Keeps ACTIVE / OUT_OF_STOCK in step with what is left to sell (eBay's out-of-stock control). */
export function refreshListingStatus(state: ShopState, offer: FakeOffer): void {
  const listing = offer.listing;
  if (!listing || (listing.listingStatus !== 'ACTIVE' && listing.listingStatus !== 'OUT_OF_STOCK'))
    return;
  listing.listingStatus = sellableQuantity(state, offer) > 0 ? 'ACTIVE' : 'OUT_OF_STOCK';
}

function moveStock(state: ShopState, order: FakeOrder, direction: -1 | 1): void {
  for (const line of order.lines) {
    const offer = state.offers.get(line.offerId);
    const item = state.itemBySku.get(line.sku);
    const delta = direction * line.quantity;
    if (item) item.quantity = Math.max(0, item.quantity + delta);
    if (offer) {
      if (offer.availableQuantity !== null)
        offer.availableQuantity = Math.max(0, offer.availableQuantity + delta);
      if (offer.listing)
        offer.listing.soldQuantity = Math.max(0, offer.listing.soldQuantity - delta);
    }
    for (const sibling of state.offersBySku.get(line.sku) ?? [])
      refreshListingStatus(state, sibling);
  }
}

/** Adds an order; unless it is already cancelled, its quantities leave stock. */
export function addOrder(state: ShopState, order: FakeOrder): void {
  if (state.orderById.has(order.orderId)) throw new Error(`Duplicate order ${order.orderId}`);
  if (order.cancelState !== 'CANCELED') moveStock(state, order, -1);
  state.orders.push(order);
  state.orderById.set(order.orderId, order);
}

/** Changes an order and stamps lastModifiedDate (never backwards). */
export function changeOrder(
  state: ShopState,
  order: FakeOrder,
  nowMs: number,
  change: (order: FakeOrder) => void,
): void {
  const wasCancelled = order.cancelState === 'CANCELED';
  change(order);
  if (!wasCancelled && order.cancelState === 'CANCELED') moveStock(state, order, 1);
  order.lastModifiedMs = Math.max(order.lastModifiedMs + 1, nowMs);
}

export function fulfillmentStatusOf(order: FakeOrder): FulfillmentStatus {
  const shipped = order.lines.filter((line) => line.shippedQuantity >= line.quantity).length;
  if (shipped === order.lines.length) return 'FULFILLED';
  return order.lines.some((line) => line.shippedQuantity > 0) ? 'IN_PROGRESS' : 'NOT_STARTED';
}

/** Ships every unshipped unit of the order in one package. */
export function shipWholeOrder(
  state: ShopState,
  order: FakeOrder,
  nowMs: number,
  carrier: string,
  tracking: string,
): FakeFulfillment {
  const lines = order.lines
    .filter((line) => line.shippedQuantity < line.quantity)
    .map((line) => ({
      lineItemId: line.lineItemId,
      quantity: line.quantity - line.shippedQuantity,
    }));
  const fulfillment: FakeFulfillment = {
    fulfillmentId: nextFulfillmentId(state),
    lines,
    shippedMs: nowMs,
    carrier,
    tracking,
  };
  changeOrder(state, order, nowMs, () => {
    for (const line of order.lines) line.shippedQuantity = line.quantity;
    order.fulfillments.push(fulfillment);
  });
  return fulfillment;
}

/** Applies every scheduled change whose time has come; returns how many were applied. */
export function applyDueChanges(state: ShopState, nowMs: number): number {
  let applied = 0;
  while (state.scheduledNext < state.scheduled.length) {
    const change = state.scheduled[state.scheduledNext]!;
    if (change.at > nowMs) break;
    state.scheduledNext += 1;
    const order = state.orderById.get(change.orderId);
    if (!order || order.cancelState === 'CANCELED') continue;
    if (change.kind === 'pay' && order.paymentStatus === 'PENDING') {
      changeOrder(state, order, change.at, () => {
        order.paymentStatus = 'PAID';
        order.paidMs = change.at;
      });
    } else if (
      change.kind === 'ship' &&
      order.paymentStatus === 'PAID' &&
      fulfillmentStatusOf(order) !== 'FULFILLED'
    ) {
      shipWholeOrder(state, order, change.at, 'USPS', `9400${change.at}`);
    } else if (change.kind === 'cancel' && fulfillmentStatusOf(order) === 'NOT_STARTED') {
      changeOrder(state, order, change.at, () => cancel(order, change.at));
    } else {
      continue;
    }
    applied += 1;
  }
  return applied;
}

/** Cancels in place (call inside changeOrder, which returns the stock). */
export function cancel(order: FakeOrder, nowMs: number): void {
  order.cancelState = 'CANCELED';
  order.cancelledMs = nowMs;
  if (order.paymentStatus === 'PAID') order.paymentStatus = 'FULLY_REFUNDED';
}

export function pendingChanges(state: ShopState): number {
  return state.scheduled.length - state.scheduledNext;
}

/** Whether the offer's listing may be revised once more today. */
export function revisionAllowed(state: ShopState, offer: FakeOffer, nowMs: number): boolean {
  if (!offer.listing) return true;
  const entry = state.revisions.get(offer.listing.listingId);
  return !(entry && entry.day === pacificDay(nowMs) && entry.count >= REVISIONS_PER_DAY);
}

/**
 * Counts one revision of a published offer's listing in today's (Pacific) count; returns false
 * without counting when the listing has had its 250 today.
 */
export function takeRevision(state: ShopState, offer: FakeOffer, nowMs: number): boolean {
  if (!offer.listing) return true;
  const day = pacificDay(nowMs);
  const key = offer.listing.listingId;
  const entry = state.revisions.get(key);
  const count = entry && entry.day === day ? entry.count : 0;
  if (count >= REVISIONS_PER_DAY) return false;
  state.revisions.set(key, { day, count: count + 1 });
  return true;
}

export function recordWrite(state: ShopState, record: WriteRecord): void {
  state.writes.push(record);
}

export function orderTotals(order: FakeOrder): {
  subtotal: number;
  delivery: number;
  total: number;
} {
  let subtotal = 0;
  let delivery = 0;
  for (const line of order.lines) {
    subtotal += line.unitMinor * line.quantity;
    delivery += line.deliveryMinor;
  }
  return { subtotal, delivery, total: subtotal + delivery };
}
