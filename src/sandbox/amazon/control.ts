/**
 * What happens to the seller account outside the API, driven by tests and the benchmark: buyers
 * place orders, Amazon authorises payment, orders are cancelled or shipped from Seller Central,
 * and the seller edits listings in Seller Central. Each action checks everything before changing
 * anything and throws AmazonControlError on bad input.
 */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import { orderIdOf, orderItemIdOf } from './generate.js';
import {
  addOrder,
  setOrderStatus,
  toSecond,
  touchListing,
  type AccountState,
  type FakeListing,
  type FakeOrder,
} from './state.js';

export class AmazonControlError extends Error {
  override name = 'AmazonControlError';
}

export interface PlaceOrderLine {
  sku: string;
  quantity: number;
}

/** A change made in Seller Central (not through the API, so not in writes()). */
export interface SellerEditChanges {
  title?: string;
  description?: string;
  priceMinor?: number;
  quantity?: number;
  buyable?: boolean;
}

const EDIT_KEYS = new Set(['title', 'description', 'priceMinor', 'quantity', 'buyable']);
const DAY = 86_400_000;

const isInteger = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

function stockOf(listing: FakeListing): number {
  return listing.quantity ?? listing.fba?.fulfillable ?? 0;
}

export class AccountControl {
  constructor(
    private readonly state: AccountState,
    private readonly clock: SimClock,
    private readonly random: Random,
  ) {}

  private order(orderId: string): FakeOrder {
    const order = this.state.orderById.get(orderId);
    if (!order) throw new AmazonControlError(`No order ${orderId}`);
    return order;
  }

  /** Places an order now (UNSHIPPED, paid); random in-stock lines when none are given. */
  placeOrder(lines?: readonly PlaceOrderLine[]): string {
    if (lines === undefined) {
      const placed = this.placeRandom(false);
      if (placed === null) throw new AmazonControlError('Nothing in the account is in stock');
      return placed;
    }
    if (lines.length === 0) throw new AmazonControlError('An order needs at least one line');
    const seen = new Set<string>();
    const chosen = lines.map((line, position) => {
      const where = `line ${position + 1}`;
      if (typeof line.sku !== 'string' || !isInteger(line.quantity, 1))
        throw new AmazonControlError(
          `${where}: sku must be a string and quantity a positive integer`,
        );
      const listing = this.state.listingBySku.get(line.sku);
      if (!listing) throw new AmazonControlError(`${where}: no listing ${line.sku}`);
      if (!listing.buyable) throw new AmazonControlError(`${where}: ${line.sku} is not buyable`);
      if (seen.has(line.sku))
        throw new AmazonControlError(`${where}: ${line.sku} is already in the order`);
      seen.add(line.sku);
      if (line.quantity > stockOf(listing))
        throw new AmazonControlError(
          `${where}: ${line.quantity} of ${line.sku} ordered but only ${stockOf(listing)} in stock`,
        );
      return { listing, quantity: line.quantity };
    });
    const channels = new Set(chosen.map(({ listing }) => listing.quantity === null));
    if (channels.size > 1)
      throw new AmazonControlError(
        'Amazon-fulfilled and merchant-fulfilled SKUs go in separate orders',
      );
    return this.add(chosen, 'UNSHIPPED');
  }

  private placeRandom(maybePending: boolean): string | null {
    const inStock = this.state.listings.filter(
      (listing) => listing.buyable && listing.quantity !== null && listing.quantity > 0,
    );
    if (inStock.length === 0) return null;
    const chosen: { listing: FakeListing; quantity: number }[] = [];
    for (let count = this.random.int(1, 3); count > 0; count--) {
      const listing = this.random.pick(inStock);
      if (chosen.some((entry) => entry.listing === listing)) continue;
      chosen.push({
        listing,
        quantity: Math.min(stockOf(listing), this.random.chance(0.8) ? 1 : 2),
      });
    }
    return this.add(chosen, maybePending && this.random.chance(0.15) ? 'PENDING' : 'UNSHIPPED');
  }

  private add(
    chosen: { listing: FakeListing; quantity: number }[],
    status: 'PENDING' | 'UNSHIPPED',
  ): string {
    const now = toSecond(this.clock.now());
    let orderId = orderIdOf(this.random);
    while (this.state.orderById.has(orderId)) orderId = orderIdOf(this.random);
    const fba = chosen[0]?.listing.quantity === null;
    addOrder(this.state, {
      orderId,
      createdAt: now,
      updatedAt: now,
      status,
      fulfilledBy: fba ? 'AMAZON' : 'MERCHANT',
      serviceLevel: 'STANDARD',
      shipByEarliest: now,
      shipByLatest: now + 2 * DAY,
      shippingMinor: 0,
      items: chosen.map(({ listing, quantity }) => ({
        orderItemId: orderItemIdOf(this.state),
        sku: listing.sku,
        asin: listing.asin,
        title: listing.title,
        quantity,
        quantityShipped: 0,
        unitPriceMinor: listing.priceMinor,
      })),
      packages: [],
      buyerCountry: this.state.site.code === 'UK' ? 'GB' : this.state.site.code,
      cancelReason: null,
    });
    return orderId;
  }

  /** Up to `count` random orders (some still PENDING payment); fewer only if stock runs out. */
  placeRandomOrders(count: number): string[] {
    if (!isInteger(count, 0)) throw new AmazonControlError('count must be a non-negative integer');
    const placed: string[] = [];
    for (let i = 0; i < count; i++) {
      const orderId = this.placeRandom(true);
      if (orderId === null) break;
      placed.push(orderId);
    }
    return placed;
  }

  /** Payment authorised: a PENDING order becomes UNSHIPPED. */
  authorizePayment(orderId: string): void {
    const order = this.order(orderId);
    if (order.status !== 'PENDING')
      throw new AmazonControlError(`Order ${orderId} is ${order.status}, not PENDING`);
    setOrderStatus(this.state, order, 'UNSHIPPED', this.clock.now());
  }

  cancelOrder(orderId: string): void {
    const order = this.order(orderId);
    if (order.status !== 'PENDING' && order.status !== 'UNSHIPPED')
      throw new AmazonControlError(`Order ${orderId} is ${order.status}; it cannot be cancelled`);
    order.cancelReason = 'Sandbox: cancelled by the test';
    setOrderStatus(this.state, order, 'CANCELLED', this.clock.now());
  }

  /** The seller ships from Seller Central (or Amazon ships an FBA order). */
  shipOrder(orderId: string, trackingNumber?: string): void {
    const order = this.order(orderId);
    if (
      trackingNumber !== undefined &&
      (typeof trackingNumber !== 'string' ||
        trackingNumber.trim() === '' ||
        trackingNumber.length > 64)
    )
      throw new AmazonControlError(
        'trackingNumber must be a non-empty string of at most 64 characters',
      );
    if (order.status !== 'UNSHIPPED' && order.status !== 'PARTIALLY_SHIPPED')
      throw new AmazonControlError(`Order ${orderId} is ${order.status}; it cannot ship`);
    const now = toSecond(this.clock.now());
    const open = order.items.filter((item) => item.quantityShipped < item.quantity);
    if (order.fulfilledBy === 'MERCHANT')
      order.packages.push({
        packageReferenceId: String(order.packages.length + 1),
        carrierCode: 'UPS',
        carrierName: null,
        shippingMethod: 'Ground',
        trackingNumber: trackingNumber ?? `1Z${this.random.hex(16).toUpperCase()}`,
        shipTime: now,
        items: open.map((item) => ({
          orderItemId: item.orderItemId,
          quantity: item.quantity - item.quantityShipped,
        })),
      });
    for (const item of open) item.quantityShipped = item.quantity;
    setOrderStatus(this.state, order, 'SHIPPED', now);
  }

  sellerEdit(sku: string, changes: SellerEditChanges): void {
    const listing = this.state.listingBySku.get(sku);
    if (!listing) throw new AmazonControlError(`No listing ${sku}`);
    const unknown = Object.keys(changes).filter((key) => !EDIT_KEYS.has(key));
    if (unknown.length > 0) throw new AmazonControlError(`Unknown changes: ${unknown.join(', ')}`);
    if (Object.keys(changes).length === 0)
      throw new AmazonControlError('sellerEdit needs at least one change');
    const { title, description, priceMinor, quantity, buyable } = changes;
    for (const [name, value] of [
      ['title', title],
      ['description', description],
    ] as const)
      if (
        value !== undefined &&
        (typeof value !== 'string' || value.trim() === '' || value.length > 2000)
      )
        throw new AmazonControlError(
          `${name} must be a non-empty string of at most 2000 characters`,
        );
    if (priceMinor !== undefined && !isInteger(priceMinor, 1))
      throw new AmazonControlError('priceMinor must be a positive integer');
    if (quantity !== undefined && !isInteger(quantity, 0))
      throw new AmazonControlError('quantity must be a non-negative integer');
    if (quantity !== undefined && listing.quantity === null)
      throw new AmazonControlError(`${sku} is fulfilled by Amazon; its quantity is Amazon's`);
    if (buyable !== undefined && typeof buyable !== 'boolean')
      throw new AmazonControlError('buyable must be a boolean');
    if (title !== undefined) listing.title = title;
    if (description !== undefined) listing.description = description;
    if (priceMinor !== undefined) listing.priceMinor = priceMinor;
    if (quantity !== undefined) listing.quantity = quantity;
    if (buyable !== undefined) listing.buyable = buyable;
    touchListing(this.state, listing, this.clock.now());
  }
}
