/**
 * The fake Wish merchant as it stands, for tests to compare with what our side stored: a deep copy,
 * so a test can keep one and compare it with a later one.
 */
import { applyDueJobs } from './products.js';
import {
  applyDueChanges,
  pendingChanges,
  type OrderState,
  type ProductState,
  type WishState,
} from './state.js';

export interface WishGroundTruthVariation {
  id: string;
  sku: string;
  status: string;
  price_cents: number;
  inventory: number;
}

export interface WishGroundTruthProduct {
  id: string;
  parent_sku: string;
  name: string;
  description: string;
  state: ProductState;
  updated_at: number;
  variations: WishGroundTruthVariation[];
}

export interface WishGroundTruthOrder {
  id: string;
  state: OrderState;
  released_at: number;
  updated_at: number;
  product_id: string;
  variation_id: string;
  sku: string;
  quantity: number;
  price_cents: number;
  total_cents: number;
  country_code: string;
  tracking_number: string | null;
}

export interface WishGroundTruth {
  nowMs: number;
  merchantId: string;
  currency: string;
  warehouseId: string;
  products: WishGroundTruthProduct[];
  orders: WishGroundTruthOrder[];
  /** The shared updated_at of the generated tied clusters (epoch ms). */
  tiedProductsAt: number | null;
  tiedOrdersAt: number | null;
  pendingChanges: number;
}

export function groundTruthOf(
  state: WishState,
  nowMs: number,
  tied: { products: number | null; orders: number | null },
): WishGroundTruth {
  applyDueChanges(state, nowMs);
  applyDueJobs(state, nowMs, '/api/v3/products/bulk_update');
  return {
    nowMs,
    merchantId: state.merchantId,
    currency: state.currency,
    warehouseId: state.warehouseId,
    products: state.products.map((product) => ({
      id: product.id,
      parent_sku: product.parent_sku,
      name: product.name,
      description: product.description,
      state: product.state,
      updated_at: product.updated_at,
      variations: product.variations.map((variation) => ({
        id: variation.id,
        sku: variation.sku,
        status: variation.status,
        price_cents: variation.price_cents,
        inventory: variation.inventory,
      })),
    })),
    orders: state.orders.map((order) => ({
      id: order.id,
      state: order.state,
      released_at: order.released_at,
      updated_at: order.updated_at,
      product_id: order.product_id,
      variation_id: order.variation_id,
      sku: order.sku,
      quantity: order.quantity,
      price_cents: order.price_cents,
      total_cents: order.quantity * (order.price_cents + order.shipping_cents),
      country_code: order.country_code,
      tracking_number: order.tracking?.tracking_number ?? null,
    })),
    tiedProductsAt: tied.products,
    tiedOrdersAt: tied.orders,
    pendingChanges: pendingChanges(state),
  };
}
