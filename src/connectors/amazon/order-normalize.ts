/**
 * One Orders API 2026-01-01 order (items inline) as a NormalizedOrder. Status from
 * fulfillment.fulfillmentStatus (needs includedData FULFILLMENT); the total from
 * proceeds.grandTotal (PROCEEDS), else the lines' unit prices; ship-by from the shipByWindow's
 * latest time; the buyer's country from RECIPIENT's delivery address, and nothing else of the buyer.
 * Lines are SKUs: remoteListingId = seller SKU, remoteVariantId = ''.
 */
import type { OrderStatus } from '../../shared/domain.js';
import type { NormalizedOrder, NormalizedOrderLine } from '../../shared/marketplace.js';
import type { Money } from '../../shared/money.js';
import type { PayloadProblem } from '../connector.js';
import type { AmazonIdentity } from './api.js';
import { amountToMinor } from './listing-normalize.js';
import { Order, issueLines } from './schemas.js';

const STATUS: Readonly<Record<string, OrderStatus>> = {
  PENDING_AVAILABILITY: 'unpaid',
  PENDING: 'unpaid',
  UNSHIPPED: 'to_ship',
  PARTIALLY_SHIPPED: 'to_ship',
  SHIPPED: 'shipped',
  CANCELLED: 'cancelled',
  // An Amazon-fulfilled order that cannot be fulfilled: neither shipped nor cancelled by anyone.
  UNFULFILLABLE: 'unknown',
};

export function amazonOrderStatus(raw: string): OrderStatus {
  return STATUS[raw] ?? 'unknown';
}

function money(value: { amount: string; currencyCode: string } | undefined): Money | null {
  if (!value) return null;
  const minor = amountToMinor(value.amount, value.currencyCode);
  return minor === null ? null : { amountMinor: minor, currency: value.currencyCode };
}

function utc(text: string): string | null {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * The order as kept (`raw`) without the buyer's person: BUYER and RECIPIENT data (names,
 * addresses, phone, email — Amazon sends the personal fields only with a Restricted Data Token,
 * but nothing is assumed) never leave the connector; the delivery country is all that is kept,
 * for the seller's per-country figures and customs.
 */
export function withoutBuyerDetails(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const { buyer: _buyer, recipient, ...rest } = raw as Record<string, unknown>;
  const country = (recipient as { deliveryAddress?: { countryCode?: unknown } } | undefined)
    ?.deliveryAddress?.countryCode;
  return typeof country === 'string'
    ? { ...rest, recipient: { deliveryAddress: { countryCode: country } } }
    : rest;
}

export function normalizeOrder(
  raw: unknown,
  identity: AmazonIdentity,
  operation: string,
): NormalizedOrder | PayloadProblem {
  const parsed = Order.safeParse(raw);
  const id = (raw as { orderId?: unknown } | null)?.orderId;
  const problem = (message: string, issues: string[]): PayloadProblem => ({
    kind: 'invalid_payload',
    operation,
    remoteId: typeof id === 'string' ? id : null,
    message,
    issues,
    requestId: null,
    raw,
  });
  if (!parsed.success)
    return problem('Amazon sent an order we cannot read', issueLines(parsed.error));
  const order = parsed.data;
  const placedAt = utc(order.createdTime);
  const updatedAt = utc(order.lastUpdatedTime);
  if (!placedAt || !updatedAt) return problem(`Order ${order.orderId} has unreadable times`, []);
  const lines: NormalizedOrderLine[] = [];
  for (const item of order.orderItems) {
    const unit = money(item.product.price?.unitPrice);
    const fallback = money(item.proceeds?.proceedsTotal);
    const unitPrice =
      unit ??
      (fallback && item.quantityOrdered > 0 && fallback.amountMinor % item.quantityOrdered === 0
        ? { amountMinor: fallback.amountMinor / item.quantityOrdered, currency: fallback.currency }
        : { amountMinor: 0, currency: identity.currency });
    const sku = item.product.sellerSku ?? '';
    lines.push({
      lineId: item.orderItemId,
      sku,
      remoteListingId: sku === '' ? null : sku,
      remoteVariantId: sku === '' ? null : '',
      title: item.product.title ?? '',
      quantity: item.quantityOrdered,
      unitPrice,
    });
  }
  const rawStatus = order.fulfillment?.fulfillmentStatus ?? 'UNKNOWN';
  const total =
    money(order.proceeds?.grandTotal) ??
    lines.reduce<Money>(
      (sum, line) => ({
        amountMinor: sum.amountMinor + line.unitPrice.amountMinor * line.quantity,
        currency: line.unitPrice.currency,
      }),
      { amountMinor: 0, currency: identity.currency },
    );
  const shipBy = order.fulfillment?.shipByWindow?.latestDateTime;
  return {
    remoteId: order.orderId,
    rawStatus,
    status: amazonOrderStatus(rawStatus),
    placedAt,
    updatedAt,
    shipBy: shipBy ? utc(shipBy) : null,
    buyerCountry: order.recipient?.deliveryAddress?.countryCode ?? null,
    total,
    lines,
    raw: withoutBuyerDetails(raw),
  };
}
