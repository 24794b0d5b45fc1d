/**
 * The fake AliExpress store's data and the only ways to change it. Amounts are integer cents of the
 * store currency (the API writes decimal strings); times are UTC milliseconds on whole seconds (the
 * API writes US Pacific wall-clock text, see pacific.ts).
 *
 * Invariants kept by the helpers below:
 * - every change of a product stamps its gmt_modified, every change of an order its gmt_modified;
 * - stock follows orders: an order takes its quantities when placed, a cancellation gives them back;
 * - a scheduled change (an order "moves on later") applies only to an order still in the status it
 *   was planned from.
 */

export const PRODUCT_STATUSES = ['onSelling', 'offline', 'auditing', 'editingRequired'] as const;
export type FakeProductStatus = (typeof PRODUCT_STATUSES)[number];

export const ORDER_STATUSES = [
  'PLACE_ORDER_SUCCESS',
  'IN_CANCEL',
  'WAIT_SELLER_SEND_GOODS',
  'SELLER_PART_SEND_GOODS',
  'WAIT_BUYER_ACCEPT_GOODS',
  'FUND_PROCESSING',
  'FINISH',
  'IN_ISSUE',
  'IN_FROZEN',
  'WAIT_SELLER_EXAMINE_MONEY',
  'RISK_CONTROL',
] as const;
export type FakeOrderStatus = (typeof ORDER_STATUSES)[number];

export interface FakeSku {
  /** AliExpress's own SKU id: property pairs like `14:193;5:100014064`, or `<none>` for one SKU. */
  id: string;
  sku_code: string;
  /** Text of the variation, e.g. `Colour:Red;Size:M` ('' for a product with one SKU). */
  attributes: string;
  price_cents: number;
  stock: number;
}

export interface FakeProduct {
  product_id: number;
  subject: string;
  detail: string;
  category_id: number;
  status: FakeProductStatus;
  gmt_create: number;
  gmt_modified: number;
  gross_weight: string;
  skus: FakeSku[];
}

export interface FakeOrderLine {
  child_id: number;
  product_id: number;
  sku_code: string;
  sku_attributes: string;
  product_name: string;
  count: number;
  unit_cents: number;
}

export interface FakeOrder {
  order_id: number;
  status: FakeOrderStatus;
  gmt_create: number;
  gmt_modified: number;
  gmt_pay: number | null;
  buyer_login_id: string;
  buyer_country: string;
  buyer_name: string;
  lines: FakeOrderLine[];
  logistics_cents: number;
  total_cents: number;
  /** Set when shipped: the service name and tracking number given to order.fulfill. */
  shipment: { service_name: string; logistics_no: string; send_type: 'all' | 'part' } | null;
  /** Days the seller has to ship after payment. */
  prepare_days: number;
  /** Why a FINISHed order ended: `buyer_confirm_goods`, `cancel_order_close_trade`… ('' while open). */
  end_reason: string;
  /** The order's quantities went back into stock (it was cancelled). */
  stock_returned: boolean;
}

export interface ScheduledChange {
  at: number;
  order_id: number;
  from: FakeOrderStatus;
  to: FakeOrderStatus;
}

export type WriteField = 'price' | 'stock' | 'subject' | 'detail' | 'status';

/** One field of one product or SKU changed through the API (not by the seller or by orders). */
export interface WriteRecord {
  /** Simulated epoch milliseconds. */
  at: number;
  method: string;
  productId: number;
  /** '' for a product-level field. */
  skuCode: string;
  field: WriteField;
  value: number | string;
}

export interface StoreState {
  currency: string;
  products: FakeProduct[];
  productById: Map<number, FakeProduct>;
  orders: FakeOrder[];
  orderById: Map<number, FakeOrder>;
  scheduled: ScheduledChange[];
  scheduledNext: number;
  nextProductId: number;
  nextOrderId: number;
  writes: WriteRecord[];
}

export function createStoreState(currency: string, firstProductId: number): StoreState {
  return {
    currency,
    products: [],
    productById: new Map(),
    orders: [],
    orderById: new Map(),
    scheduled: [],
    scheduledNext: 0,
    nextProductId: firstProductId,
    nextOrderId: firstProductId * 3 + 1,
    writes: [],
  };
}

export function addProduct(state: StoreState, product: FakeProduct): void {
  if (state.productById.has(product.product_id)) {
    throw new Error(`Duplicate product_id ${product.product_id}`);
  }
  state.products.push(product);
  state.productById.set(product.product_id, product);
}

/** Whole seconds: the API's text has no milliseconds, so the store keeps none either. */
export const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

export function changeProduct(
  product: FakeProduct,
  now: number,
  change: (product: FakeProduct) => void,
): void {
  change(product);
  product.gmt_modified = Math.max(product.gmt_modified, toSecond(now));
}

function skuOf(state: StoreState, line: FakeOrderLine): FakeSku | undefined {
  return state.productById.get(line.product_id)?.skus.find((sku) => sku.sku_code === line.sku_code);
}

function moveStock(state: StoreState, order: FakeOrder, direction: -1 | 1): void {
  for (const line of order.lines) {
    const sku = skuOf(state, line);
    if (sku) sku.stock = Math.max(0, sku.stock + direction * line.count);
  }
}

export const CANCEL_END_REASON = 'cancel_order_close_trade';

/** Adds an order; it takes its quantities out of stock unless it was already cancelled. */
export function addOrder(state: StoreState, order: FakeOrder): void {
  if (state.orderById.has(order.order_id)) throw new Error(`Duplicate order ${order.order_id}`);
  if (!order.stock_returned) moveStock(state, order, -1);
  state.orders.push(order);
  state.orderById.set(order.order_id, order);
}

/**
 * Moves an order on. A cancellation request (IN_CANCEL) gives the stock back at once (the fake
 * grants every request); the order later ends as FINISH with the cancel end reason.
 */
export function setOrderStatus(
  state: StoreState,
  order: FakeOrder,
  to: FakeOrderStatus,
  at: number,
  extra: Partial<Pick<FakeOrder, 'shipment' | 'gmt_pay' | 'end_reason'>> = {},
): void {
  if (to === 'IN_CANCEL' && !order.stock_returned) {
    moveStock(state, order, 1);
    order.stock_returned = true;
  }
  if (to === 'FINISH' && extra.end_reason === undefined) {
    order.end_reason = order.stock_returned ? CANCEL_END_REASON : 'buyer_confirm_goods';
  }
  order.status = to;
  order.gmt_modified = Math.max(order.gmt_modified, toSecond(at));
  Object.assign(order, extra);
}

export function pendingChanges(state: StoreState): number {
  return state.scheduled.length - state.scheduledNext;
}

/** Applies every scheduled change whose time has come. */
export function applyDueChanges(state: StoreState, now: number): number {
  let applied = 0;
  while (state.scheduledNext < state.scheduled.length) {
    const change = state.scheduled[state.scheduledNext]!;
    if (change.at > now) break;
    state.scheduledNext += 1;
    const order = state.orderById.get(change.order_id);
    if (!order || order.status !== change.from) continue;
    const extra: Parameters<typeof setOrderStatus>[4] = {};
    if (change.to === 'WAIT_SELLER_SEND_GOODS' && order.gmt_pay === null) {
      extra.gmt_pay = toSecond(change.at);
    }
    setOrderStatus(state, order, change.to, change.at, extra);
    applied += 1;
  }
  return applied;
}

export function sellableSkus(product: FakeProduct): FakeSku[] {
  return product.status === 'onSelling' ? product.skus.filter((sku) => sku.stock > 0) : [];
}
