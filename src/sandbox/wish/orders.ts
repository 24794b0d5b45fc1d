/**
 * The fake Wish order APIs:
 * - GET /api/v3/orders: full orders (one product variation each), `limit` 1–500 (default 50),
 *   inclusive `updated_at_min/max` and `released_at_min/max` (ms), `states` (1–5 of APPROVED,
 *   SHIPPED, REFUNDED, REQUIRE_REVIEW, DECLINED; repeated or comma-separated), `sort_by`
 *   updated_at|released_at .asc|.desc (default updated_at.desc). No cursor: windows move.
 * - GET /api/v3/orders/{id}.
 * - PUT /api/v3/orders/{id}/tracking: ship (APPROVED) or update tracking (SHIPPED); body
 *   {tracking_number, origin_country, shipping_provider, ship_note?}.
 * - GET /api/v3/orders/{id}/refund_reasons; GET /api/v3/orders/shipping_carriers.
 */
import type { SandboxRequest, SandboxResponse } from '../kit/server.js';
import type { ProductContext } from './products.js';
import {
  formatTime,
  intParam,
  invalid,
  money,
  parseTime,
  sortParam,
  success,
  tieRank,
} from './protocol.js';
import {
  ORDER_STATES,
  recordWrite,
  setOrderState,
  type FakeOrder,
  type OrderState,
  type WishState,
} from './state.js';

export const MAX_ORDER_LIMIT = 500;
export const CARRIERS = ['USPS', 'UPS', 'FedEx', 'DHL', 'ChinaPost', 'YunExpress', 'WishPost'];
export const REFUND_REASONS = [
  'UNABLE_TO_SHIP',
  'MERCHANT_OUT_OF_STOCK',
  'INCOMPLETE_ORDER',
  'MERCHANT_SENT_TO_WRONG_ADDRESS',
  'MERCHANT_REPORTED_BUYER_FRAUD',
];

export function orderView(state: WishState, order: FakeOrder): Record<string, unknown> {
  const { currency } = state;
  const unit = order.price_cents;
  return {
    id: order.id,
    state: order.state,
    released_at: formatTime(order.released_at),
    updated_at: formatTime(order.updated_at),
    product_information: {
      id: order.product_id,
      variation_id: order.variation_id,
      sku: order.sku,
      name: order.product_name,
    },
    order_payment: {
      general_payment_details: {
        product_quantity: order.quantity,
        product_price: money(unit, currency),
        product_shipping_price: money(order.shipping_cents, currency),
        payment_total: money(order.quantity * (unit + order.shipping_cents), currency),
      },
    },
    full_address: {
      shipping_detail: {
        // Buyer details are fake; only the country matters to the seller's tools.
        name: 'Sandbox Buyer',
        shipping_address: {
          street_address1: '1 Sandbox Way',
          city: 'Simulated City',
          state: 'SB',
          zipcode: '00000',
          country_code: order.country_code,
        },
      },
    },
    fulfillment_requirements: {
      expected_ship_time: formatTime(order.expected_ship_time),
    },
    tracking_information: order.tracking
      ? [
          {
            tracking_number: order.tracking.tracking_number,
            origin_country: order.tracking.origin_country,
            shipping_provider: { name: order.tracking.shipping_provider },
            ship_note: order.tracking.ship_note ?? undefined,
          },
        ]
      : [],
    refunds: order.refund_reason ? [{ reason: order.refund_reason }] : [],
  };
}

function statesParam(query: URLSearchParams): Set<OrderState> | null {
  const values = query
    .getAll('states')
    .flatMap((value) => value.split(','))
    .filter((value) => value !== '');
  if (values.length === 0) return null;
  if (values.length > 5) throw invalid('states takes 1 to 5 values');
  for (const value of values) {
    if (!ORDER_STATES.includes(value as OrderState)) throw invalid(`Unknown state ${value}`);
  }
  return new Set(values as OrderState[]);
}

export function listOrders(context: ProductContext, request: SandboxRequest): SandboxResponse {
  const { query } = request;
  const limit = intParam(query, 'limit', 50, 1, MAX_ORDER_LIMIT);
  const time = (name: string) => {
    const value = query.get(name);
    return value ? parseTime(name, value) : null;
  };
  const updatedMin = time('updated_at_min');
  const updatedMax = time('updated_at_max');
  const releasedMin = time('released_at_min');
  const releasedMax = time('released_at_max');
  const states = statesParam(query);
  const sort = sortParam(query, ['updated_at', 'released_at'], 'updated_at.desc');
  const key = sort.field === 'released_at' ? 'released_at' : 'updated_at';
  const matches = context.state.orders.filter(
    (order) =>
      (updatedMin === null || order.updated_at >= updatedMin) &&
      (updatedMax === null || order.updated_at <= updatedMax) &&
      (releasedMin === null || order.released_at >= releasedMin) &&
      (releasedMax === null || order.released_at <= releasedMax) &&
      (states === null || states.has(order.state)),
  );
  const direction = sort.descending ? -1 : 1;
  matches.sort((a, b) => direction * (a[key] - b[key]) || tieRank(a.id) - tieRank(b.id));
  return success(matches.slice(0, limit).map((order) => orderView(context.state, order)));
}

function orderOf(state: WishState, id: string): FakeOrder {
  const order = state.orderById.get(id);
  if (!order) throw invalid(`We could not find an order for id: '${id}'`);
  return order;
}

export function getOrder(context: ProductContext, id: string): SandboxResponse {
  return success(orderView(context.state, orderOf(context.state, id)));
}

export function shipOrder(context: ProductContext, id: string, body: unknown): SandboxResponse {
  const { state, nowMs } = context;
  const order = orderOf(state, id);
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const trackingNumber = input.tracking_number;
  if (typeof trackingNumber !== 'string' || !/^[A-Za-z0-9]+$/.test(trackingNumber)) {
    throw invalid('tracking_number is required and may only contain letters and digits');
  }
  const origin = input.origin_country;
  if (typeof origin !== 'string' || !/^[A-Z]{2}$/.test(origin)) {
    throw invalid('origin_country must be an ISO 3166 alpha-2 code');
  }
  const provider = input.shipping_provider;
  if (typeof provider !== 'string' || !CARRIERS.includes(provider)) {
    throw invalid(`shipping_provider must be one of the shipping carriers: ${CARRIERS.join(', ')}`);
  }
  const note = input.ship_note;
  if (note !== undefined && (typeof note !== 'string' || note === '' || note.length > 500)) {
    throw invalid('ship_note must be a non-empty string of at most 500 characters');
  }
  if (order.state !== 'APPROVED' && order.state !== 'SHIPPED') {
    throw invalid(`Order ${id} is ${order.state}; only APPROVED or SHIPPED orders take tracking`);
  }
  setOrderState(state, order, 'SHIPPED', nowMs, {
    tracking: {
      shipping_provider: provider,
      tracking_number: trackingNumber,
      origin_country: origin,
      ship_note: typeof note === 'string' ? note : null,
      at: nowMs,
    },
  });
  recordWrite(state, {
    at: nowMs,
    path: context.path,
    productId: order.product_id,
    variationId: order.variation_id,
    field: 'tracking',
    value: trackingNumber,
  });
  return success(orderView(state, order));
}

export function refundReasons(context: ProductContext, id: string): SandboxResponse {
  orderOf(context.state, id);
  return success(REFUND_REASONS.map((reason) => ({ reason })));
}

export function shippingCarriers(): SandboxResponse {
  return success(CARRIERS.map((name) => ({ name })));
}
