/**
 * The fake Wish merchant's data and the only ways to change it. Amounts are integer cents of the
 * merchant currency (the API layer writes the decimal JSON numbers Wish sends); times are epoch
 * milliseconds (Wish accepts and returns millisecond precision for `updated_at`).
 *
 * Promises kept by the helpers below, which the APIs and the tests rely on:
 * - every change to a product or an order stamps its `updated_at` with the time of the change;
 * - stock follows orders: an order takes its quantity out of the variation's inventory when it is
 *   released, and a refund before shipping puts it back;
 * - scheduled state changes apply only to an order still in the state they were planned from.
 */

export const PRODUCT_STATES = [
  'ACTIVE',
  'WISH_INACTIVE',
  'MERCHANT_INACTIVE',
  'REMOVED_BY_WISH',
  'REMOVED_BY_MERCHANT',
] as const;
export type ProductState = (typeof PRODUCT_STATES)[number];

export const ORDER_STATES = [
  'APPROVED',
  'SHIPPED',
  'REFUNDED',
  'REQUIRE_REVIEW',
  'DECLINED',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** Products in these states cannot be updated ("Removed products cannot be updated"). */
export const REMOVED_STATES: readonly ProductState[] = ['REMOVED_BY_WISH', 'REMOVED_BY_MERCHANT'];

export interface FakeVariation {
  id: string;
  sku: string;
  status: 'ENABLED' | 'DISABLED' | 'REMOVED_BY_WISH';
  price_cents: number;
  inventory: number;
  options: { name: string; value: string }[];
}

export interface FakeProduct {
  id: string;
  parent_sku: string;
  name: string;
  description: string;
  tags: string[];
  category_id: number;
  state: ProductState;
  /** Whole seconds (Wish filters created_at at second precision). */
  created_at: number;
  updated_at: number;
  variations: FakeVariation[];
}

export interface FakeTracking {
  shipping_provider: string;
  tracking_number: string;
  origin_country: string;
  ship_note: string | null;
  at: number;
}

export interface FakeOrder {
  id: string;
  state: OrderState;
  released_at: number;
  updated_at: number;
  product_id: string;
  variation_id: string;
  sku: string;
  product_name: string;
  quantity: number;
  price_cents: number;
  shipping_cents: number;
  country_code: string;
  expected_ship_time: number;
  tracking: FakeTracking | null;
  refund_reason: string | null;
}

export interface ScheduledChange {
  at: number;
  orderId: string;
  from: OrderState;
  to: OrderState;
}

export type WriteField = 'price' | 'inventory' | 'name' | 'description' | 'status' | 'tracking';

/** One field changed through the API (not by the seller in the merchant dashboard, not by orders). */
export interface WishWrite {
  at: number;
  path: string;
  productId: string;
  /** '' for a product-level field. */
  variationId: string;
  field: WriteField;
  value: number | string;
}

export interface BulkJobItemOutcome {
  productId: string;
  ok: boolean;
  message: string | null;
}

export interface FakeBulkJob {
  id: string;
  created_at: number;
  /** When the job has run (its changes are applied lazily once the clock passes this time). */
  ready_at: number;
  applied: boolean;
  status: 'PENDING' | 'READY' | 'EXCEPTION';
  body: unknown[];
  outcomes: BulkJobItemOutcome[];
}

export interface WishState {
  merchantId: string;
  currency: string;
  warehouseId: string;
  products: FakeProduct[];
  productById: Map<string, FakeProduct>;
  orders: FakeOrder[];
  orderById: Map<string, FakeOrder>;
  scheduled: ScheduledChange[];
  scheduledNext: number;
  jobs: Map<string, FakeBulkJob>;
  writes: WishWrite[];
  /** Object ids are 24 hex digits; this counter keeps them unique within the merchant. */
  nextObject: number;
  objectTag: string;
}

export function createWishState(merchantId: string, objectTag: string): WishState {
  return {
    merchantId,
    currency: 'USD',
    warehouseId: '',
    products: [],
    productById: new Map(),
    orders: [],
    orderById: new Map(),
    scheduled: [],
    scheduledNext: 0,
    jobs: new Map(),
    writes: [],
    nextObject: 1,
    objectTag,
  };
}

/** A BSON-style object id: 8 hex digits of seconds, 10 of the merchant, 6 of a counter. */
export function newObjectId(state: WishState, atMs: number): string {
  const seconds = Math.floor(atMs / 1000) >>> 0;
  const counter = state.nextObject++;
  if (counter >= 0x1000000) throw new Error('object id counter exhausted');
  return (
    seconds.toString(16).padStart(8, '0') + state.objectTag + counter.toString(16).padStart(6, '0')
  );
}

export function addProduct(state: WishState, product: FakeProduct): void {
  if (state.productById.has(product.id)) throw new Error(`Duplicate product ${product.id}`);
  state.products.push(product);
  state.productById.set(product.id, product);
}

/** Changes a product and stamps its updated_at, as every edit on Wish does. */
export function changeProduct(
  product: FakeProduct,
  nowMs: number,
  change: (product: FakeProduct) => void,
): void {
  try {
    change(product);
  } finally {
    product.updated_at = Math.max(product.updated_at, nowMs);
  }
}

export function recordWrite(state: WishState, write: WishWrite): void {
  state.writes.push(write);
}

function variationOf(state: WishState, order: FakeOrder): FakeVariation | undefined {
  return state.productById
    .get(order.product_id)
    ?.variations.find((variation) => variation.id === order.variation_id);
}

/** Adds an order and takes its quantity out of stock (a refunded or declined one gave it back). */
export function addOrder(state: WishState, order: FakeOrder): void {
  if (state.orderById.has(order.id)) throw new Error(`Duplicate order ${order.id}`);
  const variation = variationOf(state, order);
  if (variation && holdsStock(order.state)) {
    variation.inventory = Math.max(0, variation.inventory - order.quantity);
  }
  state.orders.push(order);
  state.orderById.set(order.id, order);
}

function holdsStock(orderState: OrderState): boolean {
  return orderState !== 'REFUNDED' && orderState !== 'DECLINED';
}

/** Moves an order to another state at `at`; leaving stock-holding states returns the quantity. */
export function setOrderState(
  state: WishState,
  order: FakeOrder,
  to: OrderState,
  at: number,
  extra: Partial<Pick<FakeOrder, 'tracking' | 'refund_reason'>> = {},
): void {
  const variation = variationOf(state, order);
  if (variation && holdsStock(order.state) && !holdsStock(to) && order.state !== 'SHIPPED') {
    variation.inventory += order.quantity;
  }
  order.state = to;
  order.updated_at = Math.max(order.updated_at, at);
  Object.assign(order, extra);
}

export function pendingChanges(state: WishState): number {
  return state.scheduled.length - state.scheduledNext;
}

/** Applies every scheduled state change whose time has come. */
export function applyDueChanges(state: WishState, nowMs: number): void {
  while (state.scheduledNext < state.scheduled.length) {
    const change = state.scheduled[state.scheduledNext]!;
    if (change.at > nowMs) break;
    state.scheduledNext += 1;
    const order = state.orderById.get(change.orderId);
    if (!order || order.state !== change.from) continue;
    setOrderState(state, order, change.to, change.at, {
      refund_reason:
        change.to === 'REFUNDED' ? 'ITEM_DID_NOT_MEET_EXPECTATIONS' : order.refund_reason,
    });
  }
}
