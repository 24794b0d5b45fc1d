/**
 * The Fulfillment API of the fake (contract sell_fulfillment_v1):
 * - getOrders: `filter` (filter.ts), `limit` 1-200 (default 50), `offset` = number of orders to
 *   skip, `orderIds` (at most 50; then the filter is ignored), `fieldGroups` TAX_BREAKDOWN only;
 *   orders up to two years old. How eBay sorts the result set is not documented (UNCONFIRMED):
 *   the fake sorts as configured, and the set really moves when orders change between pages;
 * - getOrder (cancel requests filled in, as only getOrder does);
 * - createShippingFulfillment: one package of line items with carrier and tracking number; 201
 *   with the new fulfillment's URI in Location; getShippingFulfillments / getShippingFulfillment.
 */
import type { SandboxResponse } from '../kit/server.js';
import {
  isObject,
  jsonBody,
  queryInteger,
  type FakeAccount,
  type HandlerInput,
} from './context.js';
import { fulfillmentError } from './errors.js';
import { parseOrderFilter, rawFilter, type OrderFilter } from './filter.js';
import { ebaySite } from './sites.js';
import {
  changeOrder,
  fulfillmentStatusOf,
  nextFulfillmentId,
  recordWrite,
  type FakeFulfillment,
  type FakeOrder,
} from './state.js';
import { fulfillmentView, orderView } from './views.js';

const BASE = '/sell/fulfillment/v1';
const TWO_YEARS_MS = 2 * 365 * 86_400_000;
const ORDER_ID = /^\d{2}-\d{5}-\d{5}$/;
/** Carrier codes the fake knows (a small part of eBay's ShippingCarrierCodeType list). */
export const CARRIERS = new Set([
  'USPS',
  'UPS',
  'FEDEX',
  'DHL',
  'ROYAL_MAIL',
  'PARCELFORCE',
  'HERMES',
  'YODEL',
  'DPD',
  'GLS',
  'DEUTSCHE_POST',
  'CANADA_POST',
  'AUSTRALIA_POST',
  'LA_POSTE',
  'CHINA_POST',
  'YANWEN',
  '4PX',
  'OTHER',
]);
const TRACKING = /^[A-Za-z0-9-]{4,40}$/;
const MAX_FULFILLMENTS = 10;

const view = (account: FakeAccount, order: FakeOrder, detailed: boolean) =>
  orderView(order, {
    sellerId: account.username,
    baseUrl: account.baseUrl(),
    sellerCountry: ebaySite(account.state.marketplaceId).country,
    detailed,
  });

function matches(order: FakeOrder, filter: OrderFilter, now: number): boolean {
  if (order.creationMs < now - TWO_YEARS_MS) return false;
  const time = filter.field === 'lastModified' ? order.lastModifiedMs : order.creationMs;
  if (time < filter.from || (filter.to !== null && time > filter.to)) return false;
  return filter.statuses === null || filter.statuses.includes(fulfillmentStatusOf(order));
}

const tieBreak = (a: FakeOrder, b: FakeOrder) =>
  a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0;
const SORTS = {
  lastmodified_asc: (a: FakeOrder, b: FakeOrder) =>
    a.lastModifiedMs - b.lastModifiedMs || tieBreak(a, b),
  lastmodified_desc: (a: FakeOrder, b: FakeOrder) =>
    b.lastModifiedMs - a.lastModifiedMs || tieBreak(a, b),
  creation_desc: (a: FakeOrder, b: FakeOrder) => b.creationMs - a.creationMs || tieBreak(a, b),
};

export function getOrders({ account, request, nowMs }: HandlerInput): SandboxResponse {
  const { state } = account;
  const fieldGroups = request.query.get('fieldGroups');
  if (fieldGroups !== null && fieldGroups !== 'TAX_BREAKDOWN')
    throw fulfillmentError(32800, `Invalid field group: ${fieldGroups}`, {
      fieldGroup: fieldGroups,
    });
  const idsText = request.query.get('orderIds');
  if (idsText !== null) {
    const ids = idsText.split(',').filter(Boolean);
    if (ids.length > 50)
      throw fulfillmentError(
        30900,
        'Exceeded maximum number of order IDs (the current limit is 50)',
      );
    const orders = ids
      .map((id) => state.orderById.get(id))
      .filter(
        (order): order is FakeOrder =>
          order !== undefined && order.creationMs >= nowMs - TWO_YEARS_MS,
      );
    return {
      status: 200,
      json: {
        href: `${account.baseUrl()}${BASE}/order?orderIds=${ids.join(',')}`,
        total: orders.length,
        limit: ids.length,
        offset: 0,
        orders: orders.map((order) => view(account, order, false)),
      },
    };
  }
  const limit = queryInteger(request, 'limit', { min: 1, max: 200, fallback: 50 }, (name) =>
    fulfillmentError(31100, `Invalid limit: ${request.query.get(name) ?? ''}`, {
      limitvalue: request.query.get(name) ?? '',
    }),
  );
  const offset = queryInteger(request, 'offset', { min: 0, fallback: 0 }, (name) =>
    fulfillmentError(31000, `Invalid offset: ${request.query.get(name) ?? ''}`, {
      offsetvalue: request.query.get(name) ?? '',
    }),
  );
  const filter = parseOrderFilter(request.query.get('filter'), rawFilter(request.search), nowMs);
  const set = state.orders
    .filter((order) => matches(order, filter, nowMs))
    .sort(SORTS[account.orderSort()]);
  const page = set.slice(offset, offset + limit);
  const link = (at: number) => {
    const query = new URLSearchParams({ limit: String(limit), offset: String(at) });
    const filterText = request.query.get('filter');
    if (filterText) query.set('filter', filterText);
    return `${account.baseUrl()}${BASE}/order?${query.toString()}`;
  };
  const body: Record<string, unknown> = {
    href: link(offset),
    total: set.length,
    limit,
    offset,
    orders: page.map((order) => view(account, order, false)),
  };
  if (offset + limit < set.length) body.next = link(offset + limit);
  if (offset > 0) body.prev = link(Math.max(0, offset - limit));
  return { status: 200, json: body };
}

function findOrder(account: FakeAccount, orderId: string, now: number): FakeOrder {
  if (!ORDER_ID.test(orderId))
    throw fulfillmentError(32100, `Invalid order ID: ${orderId}`, { orderId });
  const order = account.state.orderById.get(orderId);
  if (!order || order.creationMs < now - TWO_YEARS_MS)
    throw fulfillmentError(32100, `Invalid order ID: ${orderId}`, { orderId }, 404);
  return order;
}

export function getOrder({ account, params, request, nowMs }: HandlerInput): SandboxResponse {
  const fieldGroups = request.query.get('fieldGroups');
  if (fieldGroups !== null && fieldGroups !== 'TAX_BREAKDOWN')
    throw fulfillmentError(32800, `Invalid field group: ${fieldGroups}`, {
      fieldGroup: fieldGroups,
    });
  return { status: 200, json: view(account, findOrder(account, params.orderId!, nowMs), true) };
}

export function getShippingFulfillments({ account, params, nowMs }: HandlerInput): SandboxResponse {
  const order = findOrder(account, params.orderId!, nowMs);
  return {
    status: 200,
    json: {
      fulfillments: order.fulfillments.map(fulfillmentView),
      total: order.fulfillments.length,
    },
  };
}

export function getShippingFulfillment({ account, params, nowMs }: HandlerInput): SandboxResponse {
  const order = findOrder(account, params.orderId!, nowMs);
  const entry = order.fulfillments.find((item) => item.fulfillmentId === params.fulfillmentId);
  if (!entry)
    throw fulfillmentError(32100, `Invalid fulfillment ID: ${params.fulfillmentId ?? ''}`, {}, 404);
  return { status: 200, json: fulfillmentView(entry) };
}

export function createShippingFulfillment(input: HandlerInput): SandboxResponse {
  const { account, params, nowMs } = input;
  const order = findOrder(account, params.orderId!, nowMs);
  const body = jsonBody(input.request);
  const invalidInput = (message: string) =>
    fulfillmentError(32600, `Invalid input data. ${message}`);
  if (!Array.isArray(body.lineItems) || body.lineItems.length === 0)
    throw invalidInput('lineItems is required.');
  const lines: FakeFulfillment['lines'] = [];
  for (const raw of body.lineItems as unknown[]) {
    const id = isObject(raw) && typeof raw.lineItemId === 'string' ? raw.lineItemId : '';
    const line = order.lines.find((entry) => entry.lineItemId === id);
    if (!line) throw fulfillmentError(32200, `Invalid line item id: ${id}`, { lineItemId: id });
    if (lines.some((entry) => entry.lineItemId === id))
      throw fulfillmentError(32210, 'Duplicate line item in the request');
    const quantity = isObject(raw) && raw.quantity !== undefined ? raw.quantity : 1;
    if (!(Number.isSafeInteger(quantity) && (quantity as number) >= 1))
      throw invalidInput('quantity must be a whole number above 0.');
    lines.push({ lineItemId: id, quantity: quantity as number });
  }
  const carrier = body.shippingCarrierCode;
  const tracking = body.trackingNumber;
  if (
    typeof carrier !== 'string' ||
    !CARRIERS.has(carrier) ||
    typeof tracking !== 'string' ||
    !TRACKING.test(tracking)
  )
    throw fulfillmentError(32300, 'Invalid shipment tracking number or carrier');
  let shippedMs = nowMs;
  if (body.shippedDate !== undefined) {
    const parsed = typeof body.shippedDate === 'string' ? Date.parse(body.shippedDate) : Number.NaN;
    if (Number.isNaN(parsed) || parsed > nowMs + 60_000 || parsed < order.creationMs)
      throw fulfillmentError(32500, 'Invalid shipped date');
    shippedMs = parsed;
  }
  if (order.cancelState === 'CANCELED') throw invalidInput('The order was cancelled.');
  if (order.fulfillments.length >= MAX_FULFILLMENTS)
    throw fulfillmentError(34100, 'Maximum tracking number for order is exceeded');
  const remaining = (id: string) => {
    const line = order.lines.find((entry) => entry.lineItemId === id)!;
    return line.quantity - line.shippedQuantity;
  };
  if (lines.every((entry) => remaining(entry.lineItemId) === 0))
    throw fulfillmentError(34500, 'Please use PUT operation for updating shipping fulfillment');
  if (lines.some((entry) => entry.quantity > remaining(entry.lineItemId)))
    throw invalidInput('More units than the line has left to ship.');
  const fulfillment: FakeFulfillment = {
    fulfillmentId: nextFulfillmentId(account.state),
    lines,
    shippedMs,
    carrier,
    tracking,
  };
  changeOrder(account.state, order, nowMs, () => {
    for (const entry of lines)
      order.lines.find((line) => line.lineItemId === entry.lineItemId)!.shippedQuantity +=
        entry.quantity;
    order.fulfillments.push(fulfillment);
  });
  recordWrite(account.state, {
    at: nowMs,
    operation: 'createShippingFulfillment',
    sku: '',
    offerId: null,
    field: 'fulfillment',
    value: `${order.orderId}:${tracking}`,
  });
  return {
    status: 201,
    headers: {
      location: `${account.baseUrl()}${BASE}/order/${order.orderId}/shipping_fulfillment/${fulfillment.fulfillmentId}`,
    },
    json: {},
  };
}
