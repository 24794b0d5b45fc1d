/**
 * The fake shop as it stands, for tests to compare with what our side stored: a deep copy, so a
 * test can keep one and compare it with a later one.
 */
import {
  applyDueChanges,
  pendingChanges,
  type FakeItemStatus,
  type FakeOrderStatus,
  type ShopState,
} from './state.js';

export interface ShopeeGroundTruthModel {
  model_id: number;
  model_sku: string;
  model_status: string;
  price_cents: number;
  stock: number;
}

export interface ShopeeGroundTruthItem {
  item_id: number;
  item_sku: string;
  item_name: string;
  description: string;
  item_status: FakeItemStatus;
  update_time: number;
  price_cents: number;
  /** Stock of an item without models; each model carries its own. */
  stock: number;
  models: ShopeeGroundTruthModel[];
}

export interface ShopeeGroundTruthOrder {
  order_sn: string;
  order_status: FakeOrderStatus;
  create_time: number;
  update_time: number;
  total_cents: number;
  tracking_number: string | null;
  lines: {
    item_id: number;
    model_id: number;
    quantity: number;
    discounted_cents: number;
    sku: string;
  }[];
}

export interface ShopeeGroundTruth {
  nowSeconds: number;
  shopId: number;
  region: string;
  currency: string;
  /** Decimal places of the currency: prices are cents / 10^decimals. */
  currencyDecimals: number;
  items: ShopeeGroundTruthItem[];
  orders: ShopeeGroundTruthOrder[];
  /** Status changes still scheduled in the future. */
  pendingChanges: number;
}

export function groundTruthOf(
  state: ShopState,
  nowSeconds: number,
  shopId: number,
): ShopeeGroundTruth {
  applyDueChanges(state, nowSeconds);
  // Built from fresh objects and arrays throughout (no structuredClone needed at 10k items).
  return {
    nowSeconds,
    shopId,
    region: state.region,
    currency: state.currency,
    currencyDecimals: 2,
    items: state.items.map((item) => ({
      item_id: item.item_id,
      item_sku: item.item_sku,
      item_name: item.item_name,
      description: item.description,
      item_status: item.item_status,
      update_time: item.update_time,
      price_cents: item.price_cents,
      stock: item.stock,
      models: item.models.map((model) => ({
        model_id: model.model_id,
        model_sku: model.model_sku,
        model_status: model.model_status,
        price_cents: model.price_cents,
        stock: model.stock,
      })),
    })),
    orders: state.orders.map((order) => ({
      order_sn: order.order_sn,
      order_status: order.order_status,
      create_time: order.create_time,
      update_time: order.update_time,
      total_cents: order.total_cents,
      tracking_number: order.tracking_number,
      lines: order.lines.map((line) => ({
        item_id: line.item_id,
        model_id: line.model_id,
        quantity: line.quantity,
        discounted_cents: line.discounted_cents,
        sku: line.model_sku || line.item_sku,
      })),
    })),
    pendingChanges: pendingChanges(state),
  };
}
