/**
 * What happens to a Wish merchant outside the API, driven by tests and the benchmark: buyers place
 * orders (one variation each, as every Wish order is), orders are refunded or shipped, and the
 * merchant edits products in the merchant dashboard. Each action first lets due scheduled changes
 * happen, checks everything before changing anything, and throws WishControlError on bad input.
 */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import { buildOrder, trackingFor } from './generate.js';
import { applyDueJobs, MAX_INVENTORY } from './products.js';
import {
  REMOVED_STATES,
  addOrder,
  applyDueChanges,
  changeProduct,
  newObjectId,
  setOrderState,
  type FakeOrder,
  type WishState,
} from './state.js';

export class WishControlError extends Error {
  override name = 'WishControlError';
}

/** A Wish order holds exactly one variation; `placeOrder` takes a list of one for symmetry. */
export interface PlaceOrderLine {
  productId: string;
  variationId: string;
  quantity: number;
}

/** A change made by the merchant in the dashboard; price and inventory go to `variationId`. */
export interface SellerEditChanges {
  name?: string;
  description?: string;
  enabled?: boolean;
  price_cents?: number;
  inventory?: number;
  variationId?: string;
}

const EDIT_KEYS = new Set([
  'name',
  'description',
  'enabled',
  'price_cents',
  'inventory',
  'variationId',
]);
const DAY = 86_400_000;

const isInteger = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

function text(value: unknown, name: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    throw new WishControlError(`${name} must be a non-empty string of at most ${max} characters`);
  }
  return value;
}

export class WishControl {
  constructor(
    private readonly state: WishState,
    private readonly clock: SimClock,
    /** Its own stream, so what a test places does not depend on how many requests were served. */
    private readonly random: Random,
  ) {}

  private now(): number {
    const now = this.clock.now();
    applyDueChanges(this.state, now);
    applyDueJobs(this.state, now, '/api/v3/products/bulk_update');
    return now;
  }

  placeOrder(lines?: readonly PlaceOrderLine[]): string {
    const now = this.now();
    if (lines === undefined) {
      const order = buildOrder(this.random, this.state, {
        releasedAt: now,
        orderState: 'APPROVED',
      });
      if (!order) throw new WishControlError('Nothing in the shop is in stock');
      addOrder(this.state, order);
      return order.id;
    }
    if (lines.length !== 1) throw new WishControlError('A Wish order holds exactly one variation');
    const line = lines[0]!;
    if (!isInteger(line.quantity, 1))
      throw new WishControlError('quantity must be a positive integer');
    const product = this.state.productById.get(line.productId);
    if (!product) throw new WishControlError(`No product ${line.productId}`);
    const variation = product.variations.find((candidate) => candidate.id === line.variationId);
    if (!variation)
      throw new WishControlError(`Product ${product.id} has no variation ${line.variationId}`);
    if (product.state !== 'ACTIVE' || variation.status !== 'ENABLED') {
      throw new WishControlError(
        `${product.id}/${variation.id} cannot be bought (${product.state}, ${variation.status})`,
      );
    }
    if (line.quantity > variation.inventory) {
      throw new WishControlError(
        `${line.quantity} ordered but only ${variation.inventory} in stock`,
      );
    }
    const order: FakeOrder = {
      id: newObjectId(this.state, now),
      state: 'APPROVED',
      released_at: now,
      updated_at: now,
      product_id: product.id,
      variation_id: variation.id,
      sku: variation.sku,
      product_name: product.name,
      quantity: line.quantity,
      price_cents: variation.price_cents,
      shipping_cents: 299,
      country_code: 'US',
      expected_ship_time: now + 5 * DAY,
      tracking: null,
      refund_reason: null,
    };
    addOrder(this.state, order);
    return order.id;
  }

  placeRandomOrders(count: number): string[] {
    if (!isInteger(count, 0)) throw new WishControlError('count must be a non-negative integer');
    const now = this.now();
    const placed: string[] = [];
    for (let i = 0; i < count; i++) {
      const order = buildOrder(this.random, this.state, {
        releasedAt: now,
        orderState: 'APPROVED',
      });
      if (!order) break;
      addOrder(this.state, order);
      placed.push(order.id);
    }
    return placed;
  }

  private order(id: string): FakeOrder {
    const order = this.state.orderById.get(id);
    if (!order) throw new WishControlError(`No order ${id}`);
    return order;
  }

  /** The buyer cancels before shipping: Wish refunds the order and the quantity returns to stock. */
  cancelOrder(id: string): void {
    const now = this.now();
    const order = this.order(id);
    if (order.state !== 'APPROVED' && order.state !== 'REQUIRE_REVIEW') {
      throw new WishControlError(`Order ${id} is ${order.state}; it cannot be cancelled`);
    }
    setOrderState(this.state, order, 'REFUNDED', now, { refund_reason: 'UNABLE_TO_SHIP' });
  }

  /** The merchant ships outside the API (e.g. in the dashboard). */
  shipOrder(id: string, trackingNumber?: string): void {
    const now = this.now();
    const order = this.order(id);
    if (trackingNumber !== undefined && !/^[A-Za-z0-9]{1,64}$/.test(trackingNumber)) {
      throw new WishControlError('trackingNumber must be 1-64 letters and digits');
    }
    if (order.state !== 'APPROVED')
      throw new WishControlError(`Order ${id} is ${order.state}; it cannot ship`);
    const tracking = trackingFor(this.random, now)!;
    if (trackingNumber !== undefined) tracking.tracking_number = trackingNumber;
    setOrderState(this.state, order, 'SHIPPED', now, { tracking });
  }

  /** A change the merchant makes in the dashboard (not through the API, so not in writes()). */
  sellerEdit(productId: string, changes: SellerEditChanges): void {
    const now = this.now();
    const product = this.state.productById.get(productId);
    if (!product) throw new WishControlError(`No product ${productId}`);
    if (REMOVED_STATES.includes(product.state)) {
      throw new WishControlError(`Product ${productId} is ${product.state}; it cannot be edited`);
    }
    const unknown = Object.keys(changes).filter((key) => !EDIT_KEYS.has(key));
    if (unknown.length > 0) throw new WishControlError(`Unknown changes: ${unknown.join(', ')}`);
    const name = changes.name === undefined ? undefined : text(changes.name, 'name', 255);
    const description =
      changes.description === undefined
        ? undefined
        : text(changes.description, 'description', 4000);
    const { enabled, price_cents: price, inventory } = changes;
    if (enabled !== undefined && typeof enabled !== 'boolean')
      throw new WishControlError('enabled must be a boolean');
    if (price !== undefined && !isInteger(price, 1))
      throw new WishControlError('price_cents must be a positive integer');
    if (inventory !== undefined && !(isInteger(inventory, 0) && inventory <= MAX_INVENTORY)) {
      throw new WishControlError(`inventory must be an integer between 0 and ${MAX_INVENTORY}`);
    }
    const unitChange = price !== undefined || inventory !== undefined;
    let variation = null;
    if (unitChange) {
      variation =
        product.variations.length === 1 && changes.variationId === undefined
          ? product.variations[0]!
          : product.variations.find((candidate) => candidate.id === changes.variationId);
      if (!variation)
        throw new WishControlError(`Product ${productId} needs a variationId among its variations`);
    } else if (changes.variationId !== undefined) {
      throw new WishControlError('variationId goes with price_cents or inventory');
    }
    if (name === undefined && description === undefined && enabled === undefined && !unitChange) {
      throw new WishControlError('sellerEdit needs at least one change');
    }
    changeProduct(product, now, () => {
      if (name !== undefined) product.name = name;
      if (description !== undefined) product.description = description;
      if (enabled !== undefined) product.state = enabled ? 'ACTIVE' : 'MERCHANT_INACTIVE';
      if (variation && price !== undefined) variation.price_cents = price;
      if (variation && inventory !== undefined) variation.inventory = inventory;
    });
  }
}
