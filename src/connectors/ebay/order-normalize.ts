/**
 * eBay orders to NormalizedOrder. Line items come with the order (no second call). Each line's
 * `remoteListingId` is its SKU, matching the listings' `remoteId` (listing-normalize.ts); eBay's
 * own listing id (legacyItemId) stays in the raw payload. The unit price is the line cost (after
 * a promotion's discount when there is one) divided by the quantity; eBay states line costs as
 * unit price × quantity, so the division is exact, and a line where it is not is a problem.
 * The buyer's country is the only buyer detail kept outside `raw`.
 */
import type { NormalizedOrder, NormalizedOrderLine } from '../../shared/marketplace.js';
import type { PayloadProblem } from '../connector.js';
import { problem, type Normalized } from './listing-normalize.js';
import { moneyOf } from './money.js';
import { Order, issueLines } from './schemas.js';
import { orderStatusOf, rawOrderStatus } from './status.js';

function isoUtc(text: string, field: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RangeError(`${field} "${text}" is not a time`);
  return new Date(ms).toISOString();
}

function orderOf(order: Order, raw: unknown): NormalizedOrder {
  const statuses = {
    fulfillment: order.orderFulfillmentStatus,
    payment: order.orderPaymentStatus,
    cancelState: order.cancelStatus?.cancelState ?? 'NONE_REQUESTED',
  };
  const status = orderStatusOf(statuses);
  if (!status.known) throw new RangeError(`unknown status ${rawOrderStatus(statuses)}`);
  const total = moneyOf(order.pricingSummary.total);
  const lines: NormalizedOrderLine[] = order.lineItems.map((line) => {
    const cost = moneyOf(line.discountedLineItemCost ?? line.lineItemCost);
    if (cost.currency !== total.currency)
      throw new RangeError(
        `line ${line.lineItemId} is in ${cost.currency}, the order in ${total.currency}`,
      );
    if (cost.amountMinor % line.quantity !== 0)
      throw new RangeError(
        `line ${line.lineItemId}: ${line.lineItemCost.value} is not ${line.quantity} equal units`,
      );
    return {
      lineId: line.lineItemId,
      sku: line.sku ?? '',
      remoteListingId: line.sku ?? null,
      remoteVariantId: null,
      title: line.title ?? '',
      quantity: line.quantity,
      unitPrice: { amountMinor: cost.amountMinor / line.quantity, currency: cost.currency },
    };
  });
  const shipBy = order.lineItems
    .map((line) => line.lineItemFulfillmentInstructions?.shipByDate)
    .filter((value): value is string => typeof value === 'string')
    .map((value) => isoUtc(value, 'shipByDate'))
    .sort()[0];
  const country =
    order.fulfillmentStartInstructions?.[0]?.shippingStep?.shipTo?.contactAddress?.countryCode;
  return {
    remoteId: order.orderId,
    rawStatus: rawOrderStatus(statuses),
    status: status.status,
    placedAt: isoUtc(order.creationDate, 'creationDate'),
    updatedAt: isoUtc(order.lastModifiedDate, 'lastModifiedDate'),
    shipBy: shipBy ?? null,
    buyerCountry: country && /^[A-Z]{2}$/.test(country) ? country : null,
    total,
    lines,
    raw,
  };
}

/** The orders of a page; an order that cannot be read exactly is a problem, never a guess. */
export function ordersOf(
  raws: unknown[],
  operation: string,
  requestId: string | null,
): Normalized<NormalizedOrder> {
  const out: Normalized<NormalizedOrder> = { items: [], problems: [] };
  for (const raw of raws) {
    const parsed = Order.safeParse(raw);
    const id = (raw as { orderId?: unknown } | null)?.orderId;
    const remoteId = typeof id === 'string' ? id : null;
    if (!parsed.success) {
      out.problems.push(
        problem(
          'invalid_payload',
          operation,
          remoteId,
          'An eBay order could not be read',
          raw,
          requestId,
          issueLines(parsed.error),
        ),
      );
      continue;
    }
    try {
      out.items.push(orderOf(parsed.data, raw));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const kind: PayloadProblem['kind'] = message.startsWith('unknown status')
        ? 'unknown_value'
        : 'invalid_payload';
      out.problems.push(
        problem(
          kind,
          operation,
          remoteId,
          `eBay order ${remoteId ?? '?'}: ${message}`,
          raw,
          requestId,
        ),
      );
    }
  }
  return out;
}

/** Whether an order was sold on `site` (a seller's account spans sites; ours is one site). */
export function soldOn(raw: unknown, site: string): boolean {
  const lines = (raw as { lineItems?: { listingMarketplaceId?: unknown }[] } | null)?.lineItems;
  if (!Array.isArray(lines) || lines.length === 0) return true;
  return lines.some(
    (line) => line.listingMarketplaceId === undefined || line.listingMarketplaceId === site,
  );
}
