/**
 * What happens to the fake eBay account outside the API, driven by tests, the benchmark and the
 * sandbox shop: buyers place orders and pay, orders are cancelled or shipped, the seller edits
 * listings in Seller Hub, and orders keep changing while a pull runs (modifyRandomOrders). Every
 * action first lets due scheduled changes happen, checks everything before changing anything, and
 * throws EbayControlError on bad input.
 */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import { buildOrder, pickLines } from './generate.js';
import {
  addOrder,
  applyDueChanges,
  cancel,
  changeOrder,
  fulfillmentStatusOf,
  isBuyable,
  refreshListingStatus,
  sellableQuantity,
  shipWholeOrder,
  type FakeOffer,
  type FakeOrder,
  type ShopState,
} from './state.js';

export class EbayControlError extends Error {
  override name = 'EbayControlError';
}

export interface PlaceOrderLine {
  sku: string;
  quantity: number;
}

/** A change the seller makes in Seller Hub, to the SKU's offer on the fake's site. */
export interface SellerEditChanges {
  title?: string;
  description?: string;
  priceMinor?: number;
  quantity?: number;
  /** ENDED ends the listing; ACTIVE relists an ended one. */
  listingStatus?: 'ACTIVE' | 'ENDED';
}

const EDIT_KEYS = new Set(['title', 'description', 'priceMinor', 'quantity', 'listingStatus']);
const isCount = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

export class EbayControl {
  constructor(
    private readonly state: ShopState,
    private readonly clock: SimClock,
    /** Its own stream, so what a test does does not depend on how many requests were served. */
    private readonly random: Random,
  ) {}

  private now(): number {
    const now = this.clock.now();
    applyDueChanges(this.state, now);
    return now;
  }

  private siteOffer(sku: string): FakeOffer {
    const offer = (this.state.offersBySku.get(sku) ?? []).find(
      (entry) => entry.marketplaceId === this.state.marketplaceId,
    );
    if (!offer) throw new EbayControlError(`No offer of ${sku} on ${this.state.marketplaceId}`);
    return offer;
  }

  private buyable(): FakeOffer[] {
    return [...this.state.offers.values()].filter(
      (offer) => offer.marketplaceId === this.state.marketplaceId && isBuyable(this.state, offer),
    );
  }

  /** Places a paid order now (random in-stock lines when none are given); returns its orderId. */
  placeOrder(lines?: readonly PlaceOrderLine[]): string {
    const now = this.now();
    if (lines === undefined) {
      const picked = pickLines(this.state, this.random, this.buyable(), this.random.int(1, 3));
      if (picked.length === 0) throw new EbayControlError('Nothing on the site is in stock');
      return this.add(picked, now, this.random.chance(0.85));
    }
    if (lines.length === 0) throw new EbayControlError('An order needs at least one line');
    const seen = new Set<string>();
    const picked = lines.map((line, index) => {
      const where = `line ${index + 1}`;
      if (typeof line.sku !== 'string' || !isCount(line.quantity, 1))
        throw new EbayControlError(
          `${where}: sku must be a string and quantity a positive integer`,
        );
      if (seen.has(line.sku))
        throw new EbayControlError(`${where}: ${line.sku} is already in the order`);
      seen.add(line.sku);
      const offer = this.siteOffer(line.sku);
      if (!isBuyable(this.state, offer))
        throw new EbayControlError(`${where}: ${line.sku} cannot be bought now`);
      const left = sellableQuantity(this.state, offer);
      if (line.quantity > left)
        throw new EbayControlError(
          `${where}: ${line.quantity} of ${line.sku} ordered but only ${left} available`,
        );
      return { offer, quantity: line.quantity };
    });
    return this.add(picked, now, true);
  }

  private add(lines: { offer: FakeOffer; quantity: number }[], now: number, paid: boolean): string {
    const order = buildOrder(this.state, this.random, lines, now, paid);
    addOrder(this.state, order);
    return order.orderId;
  }

  /** Places up to `count` random orders; fewer only when the site sells out. */
  placeRandomOrders(count: number): string[] {
    if (!isCount(count, 0)) throw new EbayControlError('count must be a non-negative integer');
    const placed: string[] = [];
    for (let i = 0; i < count; i++) {
      const now = this.now();
      const picked = pickLines(this.state, this.random, this.buyable(), this.random.int(1, 3));
      if (picked.length === 0) break;
      placed.push(this.add(picked, now, this.random.chance(0.85)));
    }
    return placed;
  }

  private order(orderId: string): FakeOrder {
    const order = this.state.orderById.get(orderId);
    if (!order) throw new EbayControlError(`No order ${orderId}`);
    return order;
  }

  /** Cancels an order nothing of which has shipped; its quantities go back to stock. */
  cancelOrder(orderId: string): void {
    const now = this.now();
    const order = this.order(orderId);
    if (order.cancelState === 'CANCELED' || fulfillmentStatusOf(order) !== 'NOT_STARTED')
      throw new EbayControlError(`Order ${orderId} cannot be cancelled any more`);
    changeOrder(this.state, order, now, () => cancel(order, now));
  }

  /** The seller ships the whole order outside the API (a label bought in Seller Hub). */
  shipOrder(orderId: string, trackingNumber?: string): void {
    const now = this.now();
    const order = this.order(orderId);
    if (trackingNumber !== undefined && !/^[A-Za-z0-9-]{4,40}$/.test(trackingNumber))
      throw new EbayControlError('trackingNumber must be 4-40 letters, digits or dashes');
    if (
      order.cancelState === 'CANCELED' ||
      order.paymentStatus !== 'PAID' ||
      fulfillmentStatusOf(order) === 'FULFILLED'
    )
      throw new EbayControlError(`Order ${orderId} cannot ship now`);
    shipWholeOrder(
      this.state,
      order,
      now,
      'USPS',
      trackingNumber ?? `9400${now}${this.random.int(10, 99)}`,
    );
  }

  /**
   * Changes `count` random orders now, as buyers and eBay do all day: a pending payment clears, a
   * paid order ships, an unshipped one is cancelled, or the buyer leaves a note. Each change moves
   * the order's lastModifiedDate, so a pull by lastmodifieddate sees the set shift under it.
   */
  modifyRandomOrders(count: number): string[] {
    if (!isCount(count, 0)) throw new EbayControlError('count must be a non-negative integer');
    const now = this.now();
    const open = this.state.orders.filter((order) => order.cancelState !== 'CANCELED');
    const changed: string[] = [];
    for (let i = 0; i < count && open.length > 0; i++) {
      const order = open[this.random.int(0, open.length - 1)]!;
      const status = fulfillmentStatusOf(order);
      const roll = this.random.next();
      if (order.paymentStatus === 'PENDING') {
        changeOrder(this.state, order, now, () => {
          order.paymentStatus = 'PAID';
          order.paidMs = now;
        });
      } else if (status !== 'FULFILLED' && roll < 0.6) {
        shipWholeOrder(this.state, order, now, 'UPS', `1Z${this.random.hex(16).toUpperCase()}`);
      } else if (status === 'NOT_STARTED' && roll < 0.7) {
        changeOrder(this.state, order, now, () => cancel(order, now));
      } else {
        changeOrder(this.state, order, now, () => {
          order.buyerCheckoutNotes = `Note ${this.random.int(1, 9999)} from the buyer`;
        });
      }
      changed.push(order.orderId);
    }
    return changed;
  }

  /** A change the seller makes in Seller Hub (not through the API, so not in writes()). */
  sellerEdit(sku: string, changes: SellerEditChanges): void {
    this.now();
    const item = this.state.itemBySku.get(sku);
    if (!item) throw new EbayControlError(`No inventory item ${sku}`);
    const unknown = Object.keys(changes).filter((key) => !EDIT_KEYS.has(key));
    if (unknown.length > 0) throw new EbayControlError(`Unknown changes: ${unknown.join(', ')}`);
    if (Object.keys(changes).length === 0)
      throw new EbayControlError('sellerEdit needs at least one change');
    const text = (value: unknown, name: string, max: number) => {
      if (typeof value !== 'string' || value.trim() === '' || value.length > max)
        throw new EbayControlError(`${name} must be a non-empty string of at most ${max}`);
    };
    if (changes.title !== undefined) text(changes.title, 'title', 80);
    if (changes.description !== undefined) text(changes.description, 'description', 500_000);
    if (changes.priceMinor !== undefined && !isCount(changes.priceMinor, 1))
      throw new EbayControlError('priceMinor must be a positive integer');
    if (changes.quantity !== undefined && !isCount(changes.quantity, 0))
      throw new EbayControlError('quantity must be a non-negative integer');
    if (
      changes.listingStatus !== undefined &&
      changes.listingStatus !== 'ACTIVE' &&
      changes.listingStatus !== 'ENDED'
    )
      throw new EbayControlError('listingStatus must be ACTIVE or ENDED');
    const needsOffer = ['priceMinor', 'quantity', 'listingStatus'].some((key) => key in changes);
    const offer = needsOffer ? this.siteOffer(sku) : null;
    if (changes.listingStatus !== undefined && !offer?.listing)
      throw new EbayControlError(`${sku} has no listing on ${this.state.marketplaceId}`);
    if (changes.title !== undefined) item.product.title = changes.title;
    if (changes.description !== undefined) item.product.description = changes.description;
    if (offer) {
      if (changes.priceMinor !== undefined) offer.priceMinor = changes.priceMinor;
      if (changes.quantity !== undefined) {
        if (offer.availableQuantity === null) item.quantity = changes.quantity;
        else {
          offer.availableQuantity = changes.quantity;
          item.quantity = Math.max(item.quantity, changes.quantity);
        }
      }
      if (changes.listingStatus !== undefined && offer.listing) {
        offer.listing.listingStatus = changes.listingStatus;
        refreshListingStatus(this.state, offer);
      }
    }
    for (const sibling of this.state.offersBySku.get(sku) ?? [])
      refreshListingStatus(this.state, sibling);
  }
}
