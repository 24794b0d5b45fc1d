/**
 * What happens to a Shopee shop outside the API, driven by tests and the benchmark: buyers place
 * orders, orders are cancelled or handed to the carrier, and the seller edits listings in Seller
 * Centre. Each action first lets due scheduled changes happen (the shop lives on its clock), checks
 * everything before changing anything, and throws ShopeeControlError on bad input.
 */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import {
  buildOrder,
  isSellable,
  pickLines,
  unitStock,
  type LineRequest,
  type StockUnit,
} from './order-factory.js';
import {
  UNEDITABLE_STATUSES,
  addOrder,
  applyDueChanges,
  changeItem,
  findModel,
  setOrderStatus,
  type FakeOrder,
  type FakeOrderStatus,
  type ShopState,
} from './state.js';

export class ShopeeControlError extends Error {
  override name = 'ShopeeControlError';
}

export interface PlaceOrderLine {
  itemId: number;
  /** 0 for an item without models. */
  modelId: number;
  quantity: number;
}

/** A change made by the seller in Seller Centre; price and stock go to `modelId` when given. */
export interface SellerEditChanges {
  item_name?: string;
  description?: string;
  item_status?: 'NORMAL' | 'UNLIST';
  price_cents?: number;
  stock?: number;
  modelId?: number;
}

const SELLER_EDIT_KEYS = new Set([
  'item_name',
  'description',
  'item_status',
  'price_cents',
  'stock',
  'modelId',
]);
const CANCELLABLE: readonly FakeOrderStatus[] = [
  'UNPAID',
  'READY_TO_SHIP',
  'PROCESSED',
  'IN_CANCEL',
  'INVOICE_PENDING',
];
/** Share of randomly placed orders that the buyer has not paid yet. */
const UNPAID_SHARE = 0.15;

const isInteger = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

function text(value: unknown, name: string, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength) {
    throw new ShopeeControlError(`${name} must be a non-empty string of at most ${maxLength}`);
  }
  return value;
}

export class ShopControl {
  constructor(
    private readonly state: ShopState,
    private readonly clock: SimClock,
    /** Its own stream, so what a test places does not depend on how many requests were served. */
    private readonly random: Random,
  ) {}

  private now(): number {
    const now = this.clock.nowSeconds();
    applyDueChanges(this.state, now);
    return now;
  }

  private unit(line: PlaceOrderLine, position: number): StockUnit {
    const where = `line ${position + 1}`;
    if (!isInteger(line.itemId, 1) || !isInteger(line.modelId, 0) || !isInteger(line.quantity, 1)) {
      throw new ShopeeControlError(
        `${where}: itemId and quantity must be positive integers, modelId a non-negative integer`,
      );
    }
    const item = this.state.itemById.get(line.itemId);
    if (!item) throw new ShopeeControlError(`${where}: no item ${line.itemId}`);
    let unit: StockUnit;
    if (item.models.length === 0) {
      if (line.modelId !== 0) {
        throw new ShopeeControlError(`${where}: item ${item.item_id} has no models; use modelId 0`);
      }
      unit = { item, model: null };
    } else {
      const model = findModel(item, line.modelId);
      if (!model) {
        throw new ShopeeControlError(`${where}: item ${item.item_id} has no model ${line.modelId}`);
      }
      unit = { item, model };
    }
    if (!isSellable(unit)) {
      throw new ShopeeControlError(
        `${where}: item ${item.item_id} model ${line.modelId} cannot be bought (item ${item.item_status}${unit.model ? `, ${unit.model.model_status}` : ''})`,
      );
    }
    return unit;
  }

  /** Places an order (READY_TO_SHIP, or sometimes UNPAID when lines are random); returns order_sn. */
  placeOrder(lines?: readonly PlaceOrderLine[]): string {
    const now = this.now();
    if (lines === undefined) {
      const placed = this.placeRandom(now);
      if (placed === null) throw new ShopeeControlError('Nothing in the shop is in stock');
      return placed;
    }
    if (lines.length === 0) {
      throw new ShopeeControlError('An order needs at least one line');
    }
    const seen = new Set<string>();
    const requests = lines.map((line, position) => {
      const unit = this.unit(line, position);
      const key = `${line.itemId}/${line.modelId}`;
      if (seen.has(key)) {
        throw new ShopeeControlError(`line ${position + 1}: ${key} is already in the order`);
      }
      seen.add(key);
      if (line.quantity > unitStock(unit)) {
        throw new ShopeeControlError(
          `line ${position + 1}: ${line.quantity} of ${key} ordered but only ${unitStock(unit)} in stock`,
        );
      }
      return { ...unit, quantity: line.quantity };
    });
    return this.add(now, 'READY_TO_SHIP', requests);
  }

  /** A random order of 1-3 in-stock lines, or null when nothing is in stock. */
  private placeRandom(now: number): string | null {
    const requests = pickLines(this.random, this.state, this.random.int(1, 3));
    if (requests.length === 0) return null;
    return this.add(now, this.random.chance(UNPAID_SHARE) ? 'UNPAID' : 'READY_TO_SHIP', requests);
  }

  private add(now: number, status: FakeOrderStatus, lines: LineRequest[]): string {
    const order = buildOrder(this.random, this.state, {
      createTime: now,
      updateTime: now,
      status,
      lines,
    });
    addOrder(this.state, order);
    return order.order_sn;
  }

  /** Places up to `count` random orders; fewer only if the shop sells out. Returns the order_sns. */
  placeRandomOrders(count: number): string[] {
    if (!isInteger(count, 0)) throw new ShopeeControlError('count must be a non-negative integer');
    const now = this.now();
    const placed: string[] = [];
    for (let i = 0; i < count; i++) {
      const orderSn = this.placeRandom(now);
      if (orderSn === null) break;
      placed.push(orderSn);
    }
    return placed;
  }

  private order(orderSn: string): FakeOrder {
    const order = this.state.orderBySn.get(orderSn);
    if (!order) throw new ShopeeControlError(`No order ${orderSn}`);
    return order;
  }

  /** Cancels an order not yet shipped; its quantities go back into stock. */
  cancelOrder(orderSn: string): void {
    const now = this.now();
    const order = this.order(orderSn);
    if (!CANCELLABLE.includes(order.order_status)) {
      throw new ShopeeControlError(
        `Order ${orderSn} is ${order.order_status}; it cannot be cancelled`,
      );
    }
    setOrderStatus(this.state, order, 'CANCELLED', now, {
      cancel_reason: 'Sandbox: cancelled by the test',
    });
  }

  /** Hands a paid order to the carrier: it becomes SHIPPED with a tracking number. */
  shipOrder(orderSn: string, trackingNumber?: string): void {
    const now = this.now();
    const order = this.order(orderSn);
    if (trackingNumber !== undefined) text(trackingNumber, 'trackingNumber', 64);
    if (order.order_status !== 'READY_TO_SHIP' && order.order_status !== 'PROCESSED') {
      throw new ShopeeControlError(`Order ${orderSn} is ${order.order_status}; it cannot ship`);
    }
    setOrderStatus(this.state, order, 'SHIPPED', now, {
      tracking_number:
        trackingNumber ?? order.tracking_number ?? `SBX${now}${this.random.int(100, 999)}`,
    });
  }

  /** A change the seller makes in Seller Centre (not through the API, so not in writes()). */
  sellerEdit(itemId: number, changes: SellerEditChanges): void {
    const now = this.now();
    const item = this.state.itemById.get(itemId);
    if (!item) throw new ShopeeControlError(`No item ${itemId}`);
    if (UNEDITABLE_STATUSES.includes(item.item_status)) {
      throw new ShopeeControlError(`Item ${itemId} is ${item.item_status}; it cannot be edited`);
    }
    const unknown = Object.keys(changes).filter((key) => !SELLER_EDIT_KEYS.has(key));
    if (unknown.length > 0) throw new ShopeeControlError(`Unknown changes: ${unknown.join(', ')}`);
    const { modelId } = changes;
    const name =
      changes.item_name === undefined ? undefined : text(changes.item_name, 'item_name', 255);
    const description =
      changes.description === undefined
        ? undefined
        : text(changes.description, 'description', 5000);
    const status = changes.item_status;
    if (status !== undefined && status !== 'NORMAL' && status !== 'UNLIST') {
      throw new ShopeeControlError('item_status must be NORMAL or UNLIST');
    }
    const price = changes.price_cents;
    if (price !== undefined && !isInteger(price, 1)) {
      throw new ShopeeControlError('price_cents must be a positive integer');
    }
    const stock = changes.stock;
    if (stock !== undefined && !isInteger(stock, 0)) {
      throw new ShopeeControlError('stock must be a non-negative integer');
    }
    const unitChange = price !== undefined || stock !== undefined;
    if (modelId !== undefined && !unitChange) {
      throw new ShopeeControlError('modelId goes with price_cents or stock');
    }
    if (name === undefined && description === undefined && status === undefined && !unitChange) {
      throw new ShopeeControlError('sellerEdit needs at least one change');
    }
    let model = null;
    if (unitChange && item.models.length > 0) {
      model = modelId === undefined ? undefined : findModel(item, modelId);
      if (!model) {
        throw new ShopeeControlError(`Item ${itemId} has models; give one of their ids as modelId`);
      }
    } else if (unitChange && modelId !== undefined && modelId !== 0) {
      throw new ShopeeControlError(`Item ${itemId} has no models; leave modelId out`);
    }
    const target = model ?? item;
    changeItem(this.state, item, now, () => {
      if (name !== undefined) item.item_name = name;
      if (description !== undefined) item.description = description;
      if (status !== undefined) item.item_status = status;
      if (price !== undefined) target.price_cents = price;
      if (stock !== undefined) target.stock = stock;
    });
  }
}
