/**
 * What happens to the fake AliExpress store outside the API, driven by tests and the benchmark:
 * buyers place orders, orders are cancelled or shipped, the seller edits products in the seller
 * centre. Each action first lets due scheduled changes happen, checks everything before changing
 * anything, and throws AliExpressControlError on bad input.
 */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import { buildOrder, pickLines, type OrderPlan } from './generate.js';
import {
  PRODUCT_STATUSES,
  addOrder,
  applyDueChanges,
  changeProduct,
  setOrderStatus,
  type FakeOrder,
  type FakeOrderStatus,
  type FakeProductStatus,
  type StoreState,
} from './state.js';

export class AliExpressControlError extends Error {
  override name = 'AliExpressControlError';
}

export interface PlaceOrderLine {
  productId: number;
  skuCode: string;
  quantity: number;
}

/** A change the seller makes in the seller centre; price and stock go to `skuCode`. */
export interface SellerEditChanges {
  subject?: string;
  detail?: string;
  status?: FakeProductStatus;
  price_cents?: number;
  stock?: number;
  skuCode?: string;
}

const EDIT_KEYS = new Set(['subject', 'detail', 'status', 'price_cents', 'stock', 'skuCode']);
const CANCELLABLE: readonly FakeOrderStatus[] = [
  'PLACE_ORDER_SUCCESS',
  'WAIT_SELLER_SEND_GOODS',
  'RISK_CONTROL',
];
const UNPAID_SHARE = 0.15;

const isInteger = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

function text(value: unknown, name: string, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength) {
    throw new AliExpressControlError(`${name} must be a non-empty string of at most ${maxLength}`);
  }
  return value;
}

export class StoreControl {
  constructor(
    private readonly state: StoreState,
    private readonly clock: SimClock,
    private readonly random: Random,
  ) {}

  private now(): number {
    const now = this.clock.now();
    applyDueChanges(this.state, now);
    return now;
  }

  private add(now: number, status: FakeOrderStatus, lines: OrderPlan['lines']): string {
    const order = buildOrder(this.random, this.state, {
      created: now,
      modified: now,
      status,
      lines,
    });
    addOrder(this.state, order);
    return String(order.order_id);
  }

  /** Places a paid order (random in-stock lines when none are given); returns its order id. */
  placeOrder(lines?: readonly PlaceOrderLine[]): string {
    const now = this.now();
    if (lines === undefined) {
      const placed = this.placeRandom(now);
      if (placed === null) throw new AliExpressControlError('Nothing in the store is in stock');
      return placed;
    }
    if (lines.length === 0) throw new AliExpressControlError('An order needs at least one line');
    const seen = new Set<string>();
    const planned = lines.map((line, index) => {
      const where = `line ${index + 1}`;
      if (!isInteger(line.productId, 1) || !isInteger(line.quantity, 1)) {
        throw new AliExpressControlError(
          `${where}: productId and quantity must be positive integers`,
        );
      }
      const product = this.state.productById.get(line.productId);
      if (!product) throw new AliExpressControlError(`${where}: no product ${line.productId}`);
      const sku = product.skus.find((candidate) => candidate.sku_code === line.skuCode);
      if (!sku)
        throw new AliExpressControlError(
          `${where}: product ${line.productId} has no SKU ${line.skuCode}`,
        );
      if (product.status !== 'onSelling') {
        throw new AliExpressControlError(
          `${where}: product ${line.productId} is ${product.status}`,
        );
      }
      if (seen.has(sku.sku_code))
        throw new AliExpressControlError(`${where}: ${sku.sku_code} twice`);
      seen.add(sku.sku_code);
      if (line.quantity > sku.stock) {
        throw new AliExpressControlError(
          `${where}: ${line.quantity} ordered, ${sku.stock} in stock`,
        );
      }
      return { product, sku, count: line.quantity };
    });
    return this.add(now, 'WAIT_SELLER_SEND_GOODS', planned);
  }

  private placeRandom(now: number): string | null {
    const lines = pickLines(this.random, this.state, this.random.int(1, 3));
    if (lines.length === 0) return null;
    const unpaid = this.random.chance(UNPAID_SHARE);
    return this.add(now, unpaid ? 'PLACE_ORDER_SUCCESS' : 'WAIT_SELLER_SEND_GOODS', lines);
  }

  placeRandomOrders(count: number): string[] {
    if (!isInteger(count, 0))
      throw new AliExpressControlError('count must be a non-negative integer');
    const now = this.now();
    const placed: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = this.placeRandom(now);
      if (id === null) break;
      placed.push(id);
    }
    return placed;
  }

  private order(orderId: string): FakeOrder {
    const order = /^\d+$/.test(orderId) ? this.state.orderById.get(Number(orderId)) : undefined;
    if (!order) throw new AliExpressControlError(`No order ${orderId}`);
    return order;
  }

  /** The buyer cancels an order not yet shipped: IN_CANCEL, stock back. */
  cancelOrder(orderId: string): void {
    const now = this.now();
    const order = this.order(orderId);
    if (!CANCELLABLE.includes(order.status)) {
      throw new AliExpressControlError(
        `Order ${orderId} is ${order.status}; it cannot be cancelled`,
      );
    }
    setOrderStatus(this.state, order, 'IN_CANCEL', now);
  }

  /** The seller ships from the seller centre (not through the API). */
  shipOrder(orderId: string, trackingNumber?: string): void {
    const now = this.now();
    const order = this.order(orderId);
    if (trackingNumber !== undefined) text(trackingNumber, 'trackingNumber', 64);
    if (order.status !== 'WAIT_SELLER_SEND_GOODS' && order.status !== 'SELLER_PART_SEND_GOODS') {
      throw new AliExpressControlError(`Order ${orderId} is ${order.status}; it cannot ship`);
    }
    setOrderStatus(this.state, order, 'WAIT_BUYER_ACCEPT_GOODS', now, {
      shipment: {
        service_name: 'CAINIAO_STANDARD',
        logistics_no: trackingNumber ?? `LP${this.random.int(10_000_000, 99_999_999)}`,
        send_type: 'all',
      },
    });
  }

  sellerEdit(productId: number, changes: SellerEditChanges): void {
    const now = this.now();
    const product = this.state.productById.get(productId);
    if (!product) throw new AliExpressControlError(`No product ${productId}`);
    const unknown = Object.keys(changes).filter((key) => !EDIT_KEYS.has(key));
    if (unknown.length > 0)
      throw new AliExpressControlError(`Unknown changes: ${unknown.join(', ')}`);
    const subject =
      changes.subject === undefined ? undefined : text(changes.subject, 'subject', 218);
    const detail =
      changes.detail === undefined ? undefined : text(changes.detail, 'detail', 60_000);
    if (changes.status !== undefined && !PRODUCT_STATUSES.includes(changes.status)) {
      throw new AliExpressControlError(`status must be one of ${PRODUCT_STATUSES.join(', ')}`);
    }
    if (changes.price_cents !== undefined && !isInteger(changes.price_cents, 1)) {
      throw new AliExpressControlError('price_cents must be a positive integer');
    }
    if (changes.stock !== undefined && !isInteger(changes.stock, 0)) {
      throw new AliExpressControlError('stock must be a non-negative integer');
    }
    const unitChange = changes.price_cents !== undefined || changes.stock !== undefined;
    const sku = unitChange
      ? product.skus.find((candidate) => candidate.sku_code === changes.skuCode)
      : undefined;
    if (unitChange && !sku) {
      throw new AliExpressControlError(`Give one of product ${productId}'s SKU codes as skuCode`);
    }
    if (!unitChange && changes.skuCode !== undefined) {
      throw new AliExpressControlError('skuCode goes with price_cents or stock');
    }
    if (
      subject === undefined &&
      detail === undefined &&
      changes.status === undefined &&
      !unitChange
    ) {
      throw new AliExpressControlError('sellerEdit needs at least one change');
    }
    changeProduct(product, now, () => {
      if (subject !== undefined) product.subject = subject;
      if (detail !== undefined) product.detail = detail;
      if (changes.status !== undefined) product.status = changes.status;
      if (sku && changes.price_cents !== undefined) sku.price_cents = changes.price_cents;
      if (sku && changes.stock !== undefined) sku.stock = changes.stock;
    });
  }
}
