/**
 * Orders API 2026-01-01 searchOrders / getOrder (orders_2026-01-01.json) and the v0
 * confirmShipment (ordersV0.json), as the models describe them:
 * - exactly one of createdAfter / lastUpdatedAfter; created and updated filters never mix;
 * - a Before value must be at or after its After value and at least two minutes before now (the
 *   fake also refuses an After value later than that, as nothing could match it);
 * - timestamps must be UTC with a trailing `Z` (the rule; offsets are refused);
 * - maxResultsPerPage 1-100 (default 100); `paginationToken` carries on with the same other
 *   parameters (maxResultsPerPage and includedData may change), expires after 24 hours, and
 *   anything else is InvalidInput;
 * - orders carry `orderItems` inline; the datasets in `includedData` add fulfillment, proceeds,
 *   packages, buyer and recipient details. The reply's lastUpdatedBefore / createdBefore say the
 *   upper bound applied (now − 2 minutes when none was given), fixed for the whole paging.
 */
import type { SandboxResponse } from '../kit/server.js';
import type { FakeContext, OperationCall } from './context.js';
import { checkMarketplaces } from './context.js';
import { decodeToken, encodeToken, invalidInput, notFound } from './protocol.js';
import { formatAmount, isoSeconds } from './sites.js';
import { sortedOrders, type FakeOrder, type FulfillmentStatus } from './state.js';

const TWO_MINUTES = 120_000;
const TOKEN_LIFETIME_MS = 24 * 3_600_000;
const DATASETS = [
  'BUYER',
  'RECIPIENT',
  'PROCEEDS',
  'EXPENSE',
  'PROMOTION',
  'CANCELLATION',
  'FULFILLMENT',
  'PACKAGES',
  'TAX',
  'PAYMENT',
  'FULFILLMENT_ORDERS',
] as const;
const STATUSES: readonly FulfillmentStatus[] = [
  'PENDING_AVAILABILITY',
  'PENDING',
  'UNSHIPPED',
  'PARTIALLY_SHIPPED',
  'SHIPPED',
  'CANCELLED',
  'UNFULFILLABLE',
];

function money(context: FakeContext, minor: number) {
  const { site } = context.state;
  return { amount: formatAmount(minor, site.currencyDigits), currencyCode: site.currency };
}

export function orderTotal(order: FakeOrder): number {
  return (
    order.items.reduce((sum, item) => sum + item.unitPriceMinor * item.quantity, 0) +
    order.shippingMinor
  );
}

export function renderOrder(context: FakeContext, order: FakeOrder, included: readonly string[]) {
  const { site } = context.state;
  const out: Record<string, unknown> = {
    orderId: order.orderId,
    createdTime: isoSeconds(order.createdAt),
    lastUpdatedTime: isoSeconds(order.updatedAt),
    salesChannel: {
      channelName: 'AMAZON',
      marketplaceId: site.marketplaceId,
      marketplaceName: `Amazon.${site.domain.replace(/^amazon\./, '')}`,
    },
    orderItems: order.items.map((item) => ({
      orderItemId: item.orderItemId,
      quantityOrdered: item.quantity,
      product: {
        asin: item.asin,
        title: item.title,
        sellerSku: item.sku,
        condition: { conditionType: 'NEW', conditionSubtype: 'NEW' },
        price: { unitPrice: money(context, item.unitPriceMinor) },
      },
      ...(included.includes('PROCEEDS')
        ? {
            proceeds: {
              proceedsTotal: money(context, item.unitPriceMinor * item.quantity),
              breakdowns: [
                { type: 'ITEM', subtotal: money(context, item.unitPriceMinor * item.quantity) },
              ],
            },
          }
        : {}),
      ...(included.includes('FULFILLMENT')
        ? {
            fulfillment: {
              quantityFulfilled: item.quantityShipped,
              quantityUnfulfilled:
                order.status === 'CANCELLED' ? 0 : item.quantity - item.quantityShipped,
            },
          }
        : {}),
      ...(included.includes('CANCELLATION') && order.cancelReason
        ? {
            cancellation: {
              cancellationExecution: { cancelledBy: 'BUYER', cancelReason: order.cancelReason },
            },
          }
        : {}),
    })),
  };
  if (included.includes('FULFILLMENT'))
    out.fulfillment = {
      fulfillmentStatus: order.status,
      fulfilledBy: order.fulfilledBy,
      fulfillmentServiceLevel: order.serviceLevel,
      shipByWindow: {
        earliestDateTime: isoSeconds(order.shipByEarliest),
        latestDateTime: isoSeconds(order.shipByLatest),
      },
    };
  if (included.includes('PROCEEDS')) {
    const items = orderTotal(order) - order.shippingMinor;
    out.proceeds = {
      grandTotal: money(context, orderTotal(order)),
      breakdowns: [
        { type: 'ITEM', subtotal: money(context, items) },
        { type: 'SHIPPING', subtotal: money(context, order.shippingMinor) },
      ],
    };
  }
  if (included.includes('RECIPIENT'))
    out.recipient = {
      deliveryAddress: { countryCode: order.buyerCountry, addressType: 'RESIDENTIAL' },
    };
  if (included.includes('PACKAGES') && order.fulfilledBy === 'MERCHANT')
    out.packages = order.packages.map((entry) => ({
      packageReferenceId: entry.packageReferenceId,
      createdTime: isoSeconds(entry.shipTime),
      packageStatus: { status: 'SHIPPED' },
      carrier: entry.carrierName ?? entry.carrierCode,
      shipTime: isoSeconds(entry.shipTime),
      ...(entry.shippingMethod ? { shippingService: entry.shippingMethod } : {}),
      trackingNumber: entry.trackingNumber,
      packageItems: entry.items,
    }));
  return out;
}

/** GET /orders/2026-01-01/orders */
export function searchOrders(call: OperationCall, repeatPage: () => boolean): SandboxResponse {
  const { context, query, request } = call;
  const now = context.clock.now();
  const latest = now - TWO_MINUTES;
  const createdAfter = query.date('createdAfter', true);
  const createdBefore = query.date('createdBefore', true);
  const updatedAfter = query.date('lastUpdatedAfter', true);
  const updatedBefore = query.date('lastUpdatedBefore', true);
  const byCreated = createdAfter !== undefined || createdBefore !== undefined;
  const byUpdated = updatedAfter !== undefined || updatedBefore !== undefined;
  if (byCreated && byUpdated)
    throw invalidInput('Invalid Input: created and lastUpdated filters cannot be combined.');
  const after = createdAfter ?? updatedAfter;
  if (after === undefined)
    throw invalidInput(
      'Invalid Input: exactly one of createdAfter and lastUpdatedAfter is required.',
    );
  const beforeGiven = createdBefore ?? updatedBefore;
  const label = byCreated ? 'createdBefore' : 'lastUpdatedBefore';
  if (beforeGiven !== undefined && beforeGiven > latest)
    throw invalidInput(
      `Invalid Input: ${label} must be at least two minutes before the time of the request.`,
    );
  if (beforeGiven !== undefined && beforeGiven < after)
    throw invalidInput(
      `Invalid Input: ${label} must be equal to or after ${byCreated ? 'createdAfter' : 'lastUpdatedAfter'}.`,
    );
  if (after > latest)
    throw invalidInput(
      `Invalid Input: ${byCreated ? 'createdAfter' : 'lastUpdatedAfter'} must be at least two minutes before the time of the request.`,
    );
  const statuses = query.list('fulfillmentStatuses', { allowed: STATUSES });
  checkMarketplaces(context, query.list('marketplaceIds', { max: 50 }));
  const fulfilledBy = query.list('fulfilledBy', { allowed: ['MERCHANT', 'AMAZON'] });
  const pageSize = query.int('maxResultsPerPage', 1, 100) ?? 100;
  const included = query.list('includedData', { allowed: DATASETS }) ?? [];
  const fingerprintParams = new URLSearchParams(request.query);
  for (const name of ['paginationToken', 'maxResultsPerPage', 'includedData'])
    fingerprintParams.delete(name);
  fingerprintParams.sort();
  const fingerprint = fingerprintParams.toString();
  const token = query.string('paginationToken');
  let before = beforeGiven ?? latest;
  let key: [number, string] | null = null;
  if (token !== undefined) {
    const payload = decodeToken('paginationToken', token, fingerprint, now);
    const cursor = payload.k;
    if (
      typeof payload.b !== 'number' ||
      !Array.isArray(cursor) ||
      typeof cursor[0] !== 'number' ||
      typeof cursor[1] !== 'string'
    )
      throw invalidInput('Invalid Input: paginationToken is not valid for this request.');
    before = payload.b;
    key = [cursor[0], cursor[1]];
    // A fault: the page before this token is served again (the first page when there is none).
    if (repeatPage())
      key = Array.isArray(payload.p) ? [Number(payload.p[0]), String(payload.p[1])] : null;
  }
  const time = (order: FakeOrder) => (byCreated ? order.createdAt : order.updatedAt);
  const matching = sortedOrders(context.state, byCreated ? 'created' : 'updated').filter(
    (order) =>
      time(order) >= after &&
      time(order) <= before &&
      (!statuses || statuses.includes(order.status)) &&
      (!fulfilledBy || fulfilledBy.includes(order.fulfilledBy)),
  );
  let start = 0;
  if (key) {
    const [keyTime, keyId] = key;
    start = matching.findIndex(
      (order) => time(order) > keyTime || (time(order) === keyTime && order.orderId > keyId),
    );
    if (start === -1) start = matching.length;
  }
  const page = matching.slice(start, start + pageSize);
  const last = page.at(-1);
  const body: Record<string, unknown> = {
    orders: page.map((order) => renderOrder(context, order, included)),
    [byCreated ? 'createdBefore' : 'lastUpdatedBefore']: isoSeconds(before),
  };
  if (last && start + pageSize < matching.length)
    body.pagination = {
      nextToken: encodeToken({
        f: fingerprint,
        b: before,
        k: [time(last), last.orderId],
        p: key,
        x: now + TOKEN_LIFETIME_MS,
      }),
    };
  return { status: 200, json: body };
}

/** GET /orders/2026-01-01/orders/{orderId} */
export function getOrder(call: OperationCall): SandboxResponse {
  const order = call.context.state.orderById.get(call.params.orderId ?? '');
  if (!order) throw notFound(`Order ${call.params.orderId ?? ''} was not found.`);
  const included = call.query.list('includedData', { allowed: DATASETS }) ?? [];
  return { status: 200, json: { order: renderOrder(call.context, order, included) } };
}
