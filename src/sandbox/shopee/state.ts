/**
 * The fake Shopee shop's data and the only ways to change it. Amounts are integer cents of the
 * shop currency; the API layer turns them into the decimal JSON numbers Shopee sends.
 *
 * Every change goes through the helpers below, because they keep three promises the APIs and the
 * tests rely on:
 * - the indexes (by id, by update_time, by create_time) stay in step, so a request never scans or
 *   re-sorts the whole shop;
 * - stock follows orders as on Shopee: an order takes its quantities out of stock when it is
 *   placed, and a cancellation puts them back;
 * - scheduled status changes (an order "changes later" when the simulated clock passes its time)
 *   apply only to an order still in the status they were planned from.
 */
import { SortedIndex } from './sorted-index.js';

export const ORDER_STATUSES = [
  'UNPAID',
  'READY_TO_SHIP',
  'PROCESSED',
  'SHIPPED',
  'COMPLETED',
  'IN_CANCEL',
  'CANCELLED',
  'INVOICE_PENDING',
] as const;
export type FakeOrderStatus = (typeof ORDER_STATUSES)[number];

export const ITEM_STATUSES = [
  'NORMAL',
  'BANNED',
  'UNLIST',
  'REVIEWING',
  'SELLER_DELETE',
  'SHOPEE_DELETE',
] as const;
export type FakeItemStatus = (typeof ITEM_STATUSES)[number];

/** Statuses in which neither the API nor the seller may edit an item. */
export const UNEDITABLE_STATUSES: readonly FakeItemStatus[] = [
  'BANNED',
  'SELLER_DELETE',
  'SHOPEE_DELETE',
];

export interface FakeModel {
  model_id: number;
  model_sku: string;
  tier_index: number[];
  price_cents: number;
  stock: number;
  model_status: 'MODEL_NORMAL' | 'MODEL_UNAVAILABLE';
}

export interface FakeItem {
  item_id: number;
  item_sku: string;
  item_name: string;
  description: string;
  category_id: number;
  item_status: FakeItemStatus;
  create_time: number;
  update_time: number;
  weight: string;
  /** Price and stock of an item without models (ignored when it has models). */
  price_cents: number;
  stock: number;
  attributes: { attribute_id: number; name: string; value: string }[];
  tier_variation: { name: string; options: string[] }[];
  models: FakeModel[];
}

export interface FakeChannel {
  logistics_channel_id: number;
  name: string;
  integrated: boolean;
}

export interface FakeOrderLine {
  item_id: number;
  item_name: string;
  item_sku: string;
  model_id: number;
  model_name: string;
  model_sku: string;
  quantity: number;
  original_cents: number;
  discounted_cents: number;
  order_item_id: number;
}

export interface FakeOrder {
  order_sn: string;
  order_status: FakeOrderStatus;
  create_time: number;
  update_time: number;
  pay_time: number | null;
  ship_by_date: number;
  days_to_ship: number;
  cod: boolean;
  lines: FakeOrderLine[];
  shipping_fee_cents: number;
  total_cents: number;
  channel: FakeChannel;
  package_number: string;
  tracking_number: string | null;
  buyer_user_id: number;
  buyer_username: string;
  recipient_name: string;
  recipient_phone: string;
  recipient_city: string;
  recipient_zipcode: string;
  message_to_seller: string;
  cancel_reason: string;
}

export interface ScheduledChange {
  at: number;
  order_sn: string;
  /** The status the change was planned from; it is dropped if the order has moved on since. */
  from: FakeOrderStatus;
  to: FakeOrderStatus;
}

export type WriteField = 'price' | 'stock' | 'item_name' | 'description' | 'item_status';

/** One field of one item or model changed through the write API (not by the seller or by orders). */
export interface WriteRecord {
  /** Simulated epoch milliseconds. */
  at: number;
  path: string;
  itemId: number;
  /** 0 for the item itself (an item without models, or an item-level field). */
  modelId: number;
  field: WriteField;
  value: number | string;
}

export interface ShopState {
  region: string;
  currency: string;
  /** Sorted by item_id: ids are handed out in increasing order. */
  items: FakeItem[];
  itemById: Map<number, FakeItem>;
  itemsByUpdate: SortedIndex<FakeItem>;
  /** Bumped whenever an item's status or update_time changes or an item is added (list caches). */
  itemsVersion: number;
  orders: FakeOrder[];
  orderBySn: Map<string, FakeOrder>;
  ordersByCreate: SortedIndex<FakeOrder>;
  ordersByUpdate: SortedIndex<FakeOrder>;
  /** Sorted by `at`; entries before `scheduledNext` have been consumed. */
  scheduled: ScheduledChange[];
  scheduledNext: number;
  nextItemId: number;
  nextModelId: number;
  writes: WriteRecord[];
}

const byUpdateThenId = (a: FakeItem, b: FakeItem) =>
  a.update_time - b.update_time || a.item_id - b.item_id;
const orderKey =
  (field: 'create_time' | 'update_time') =>
  (a: FakeOrder, b: FakeOrder): number =>
    a[field] - b[field] || (a.order_sn < b.order_sn ? -1 : a.order_sn > b.order_sn ? 1 : 0);
export const compareOrdersByCreate = orderKey('create_time');
export const compareOrdersByUpdate = orderKey('update_time');

/** An empty shop; fill it with addItem / addOrder, or use generateShopState. */
export function createShopState(region: string, currency: string, firstItemId: number): ShopState {
  return {
    region,
    currency,
    items: [],
    itemById: new Map(),
    itemsByUpdate: new SortedIndex(byUpdateThenId),
    itemsVersion: 0,
    orders: [],
    orderBySn: new Map(),
    ordersByCreate: new SortedIndex(compareOrdersByCreate),
    ordersByUpdate: new SortedIndex(compareOrdersByUpdate),
    scheduled: [],
    scheduledNext: 0,
    nextItemId: firstItemId,
    nextModelId: firstItemId,
    writes: [],
  };
}

/**
 * Adds an item. Bulk builders pass `indexed: false` and call `reindex` once at the end: inserting
 * thousands of items one by one into the update_time index would shift the array every time.
 */
export function addItem(state: ShopState, item: FakeItem, indexed = true): void {
  const last = state.items[state.items.length - 1];
  if (last && last.item_id >= item.item_id) {
    throw new Error(`Item ids must grow: ${item.item_id} after ${last.item_id}`);
  }
  state.items.push(item);
  state.itemById.set(item.item_id, item);
  if (indexed) state.itemsByUpdate.insert(item);
  state.itemsVersion += 1;
}

/** Rebuilds the sorted indexes from the item and order lists (after a bulk build). */
export function reindex(state: ShopState): void {
  state.itemsByUpdate.reset(state.items);
  state.ordersByCreate.reset(state.orders);
  state.ordersByUpdate.reset(state.orders);
  state.itemsVersion += 1;
}

/** Changes an item and stamps its update_time, as every seller or API edit on Shopee does. */
export function changeItem(
  state: ShopState,
  item: FakeItem,
  nowSeconds: number,
  change: (item: FakeItem) => void,
): void {
  state.itemsByUpdate.remove(item);
  try {
    change(item);
  } finally {
    item.update_time = Math.max(item.update_time, nowSeconds);
    state.itemsByUpdate.insert(item);
    state.itemsVersion += 1;
  }
}

export function recordWrite(state: ShopState, record: WriteRecord): void {
  state.writes.push(record);
}

export function findModel(item: FakeItem, modelId: number): FakeModel | undefined {
  return item.models.find((model) => model.model_id === modelId);
}

/** What holds the stock of an order line: its model, or the item when it has no models. */
function stockHolder(state: ShopState, line: FakeOrderLine): FakeItem | FakeModel | undefined {
  const item = state.itemById.get(line.item_id);
  if (!item) return undefined;
  return line.model_id === 0 ? item : findModel(item, line.model_id);
}

/** Moves an order's quantities out of (-1) or back into (+1) stock. */
function moveStock(state: ShopState, order: FakeOrder, direction: -1 | 1): void {
  for (const line of order.lines) {
    const holder = stockHolder(state, line);
    if (holder) holder.stock = Math.max(0, holder.stock + direction * line.quantity);
  }
}

/**
 * Adds an order and takes its quantities out of stock; an order that is already CANCELLED took
 * them and gave them back, so its net effect is none.
 */
export function addOrder(state: ShopState, order: FakeOrder, indexed = true): void {
  if (state.orderBySn.has(order.order_sn)) throw new Error(`Duplicate order_sn ${order.order_sn}`);
  if (order.order_status !== 'CANCELLED') moveStock(state, order, -1);
  state.orders.push(order);
  state.orderBySn.set(order.order_sn, order);
  if (indexed) {
    state.ordersByCreate.insert(order);
    state.ordersByUpdate.insert(order);
  }
}

/** Moves an order to another status at `at` (Unix s); entering CANCELLED returns its stock. */
export function setOrderStatus(
  state: ShopState,
  order: FakeOrder,
  to: FakeOrderStatus,
  at: number,
  extra: Partial<Pick<FakeOrder, 'tracking_number' | 'cancel_reason' | 'pay_time'>> = {},
): void {
  state.ordersByUpdate.remove(order);
  if (to === 'CANCELLED' && order.order_status !== 'CANCELLED') moveStock(state, order, 1);
  order.order_status = to;
  order.update_time = Math.max(order.update_time, at);
  Object.assign(order, extra);
  state.ordersByUpdate.insert(order);
}

export function pendingChanges(state: ShopState): number {
  return state.scheduled.length - state.scheduledNext;
}

/** Applies every scheduled status change whose time has come; returns how many were applied. */
export function applyDueChanges(state: ShopState, nowSeconds: number): number {
  let applied = 0;
  while (state.scheduledNext < state.scheduled.length) {
    const change = state.scheduled[state.scheduledNext]!;
    if (change.at > nowSeconds) break;
    state.scheduledNext += 1;
    const order = state.orderBySn.get(change.order_sn);
    if (!order || order.order_status !== change.from) continue;
    const extra: Parameters<typeof setOrderStatus>[4] = {};
    if (change.to === 'SHIPPED' && !order.tracking_number)
      extra.tracking_number = `SBX${change.at}`;
    if (change.to === 'CANCELLED') extra.cancel_reason = 'Sandbox: buyer changed their mind';
    if (change.to === 'READY_TO_SHIP' && order.pay_time === null) extra.pay_time = change.at;
    setOrderStatus(state, order, change.to, change.at, extra);
    applied += 1;
  }
  return applied;
}
