/**
 * The fake store as it stands, for tests to compare with what our side read: a deep copy. Times are
 * given both as the true instant (UTC ms) and as the Pacific text the API shows for it, because in
 * November's repeated hour one text stands for two instants and no client can tell them apart.
 */
import { formatPacific } from './pacific.js';
import {
  applyDueChanges,
  pendingChanges,
  type FakeOrderStatus,
  type FakeProductStatus,
  type StoreState,
} from './state.js';

export interface AliExpressGroundTruthSku {
  id: string;
  sku_code: string;
  attributes: string;
  price_cents: number;
  stock: number;
}

export interface AliExpressGroundTruthProduct {
  product_id: number;
  subject: string;
  detail: string;
  status: FakeProductStatus;
  gmt_modified: number;
  gmt_modified_text: string;
  skus: AliExpressGroundTruthSku[];
}

export interface AliExpressGroundTruthOrder {
  order_id: string;
  status: FakeOrderStatus;
  end_reason: string;
  gmt_create: number;
  gmt_modified: number;
  gmt_modified_text: string;
  buyer_country: string;
  total_cents: number;
  tracking_number: string | null;
  lines: { product_id: number; sku_code: string; count: number; unit_cents: number }[];
}

export interface AliExpressGroundTruth {
  now: number;
  sellerId: number;
  currency: string;
  products: AliExpressGroundTruthProduct[];
  orders: AliExpressGroundTruthOrder[];
  pendingChanges: number;
}

export function groundTruthOf(
  state: StoreState,
  now: number,
  sellerId: number,
): AliExpressGroundTruth {
  applyDueChanges(state, now);
  return {
    now,
    sellerId,
    currency: state.currency,
    products: state.products.map((product) => ({
      product_id: product.product_id,
      subject: product.subject,
      detail: product.detail,
      status: product.status,
      gmt_modified: product.gmt_modified,
      gmt_modified_text: formatPacific(product.gmt_modified),
      skus: product.skus.map((sku) => ({ ...sku })),
    })),
    orders: state.orders.map((order) => ({
      order_id: String(order.order_id),
      status: order.status,
      end_reason: order.end_reason,
      gmt_create: order.gmt_create,
      gmt_modified: order.gmt_modified,
      gmt_modified_text: formatPacific(order.gmt_modified),
      buyer_country: order.buyer_country,
      total_cents: order.total_cents,
      tracking_number: order.shipment?.logistics_no ?? null,
      lines: order.lines.map((line) => ({
        product_id: line.product_id,
        sku_code: line.sku_code,
        count: line.count,
        unit_cents: line.unit_cents,
      })),
    })),
    pendingChanges: pendingChanges(state),
  };
}
