/**
 * Shopee order details to NormalizedOrder. Money is read exactly (money.ts); the only buyer detail
 * kept outside `raw` is the country (recipient region, else the order's region). An unknown status
 * maps to `unknown` and is reported; an order that cannot be read is reported with its raw payload.
 */
import type { NormalizedOrder, NormalizedOrderLine } from '../../shared/marketplace.js';
import { isCurrencyCode } from '../../shared/money.js';
import type { PayloadProblem } from '../connector.js';
import { problem, type Normalized } from './item-normalize.js';
import { moneyFromShopee } from './money.js';
import { OrderDetail, issueLines } from './schemas.js';
import { orderStatusOf } from './status.js';

const OPERATION = 'order.get_order_detail';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function linesOf(order: OrderDetail): NormalizedOrderLine[] {
  const seen = new Map<string, number>();
  return order.item_list.map((line) => {
    const modelId = line.model_id && line.model_id !== '0' ? line.model_id : '';
    const base = `${line.order_item_id ?? line.item_id}-${modelId || '0'}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    // A bundle deal may list 0 as the discounted price; the original is then the honest unit price.
    const discounted = line.model_discounted_price;
    const unit =
      discounted !== null && discounted !== undefined && Number(discounted) > 0
        ? discounted
        : line.model_original_price;
    return {
      lineId: count === 1 ? base : `${base}#${count}`,
      sku: line.model_sku || line.item_sku || '',
      remoteListingId: line.item_id,
      remoteVariantId: modelId,
      title: line.model_name
        ? `${line.item_name ?? ''} (${line.model_name})`
        : (line.item_name ?? ''),
      quantity: line.model_quantity_purchased,
      unitPrice: moneyFromShopee(unit, order.currency),
    };
  });
}

export function ordersOfDetails(
  rawOrders: unknown[],
  requestId: string | null,
): Normalized<NormalizedOrder> {
  const items: NormalizedOrder[] = [];
  const problems: PayloadProblem[] = [];
  for (const raw of rawOrders) {
    const parsed = OrderDetail.safeParse(raw);
    const rawSn = (raw as { order_sn?: unknown } | null)?.order_sn;
    const id = typeof rawSn === 'string' ? rawSn : null;
    if (!parsed.success) {
      problems.push(
        problem(
          'invalid_payload',
          OPERATION,
          id,
          `Shopee order ${id ?? '?'} could not be read`,
          raw,
          requestId,
          issueLines(parsed.error),
        ),
      );
      continue;
    }
    const order = parsed.data;
    if (!isCurrencyCode(order.currency)) {
      problems.push(
        problem(
          'invalid_payload',
          OPERATION,
          order.order_sn,
          `Shopee order ${order.order_sn} has unknown currency "${order.currency}"`,
          raw,
          requestId,
        ),
      );
      continue;
    }
    const status = orderStatusOf(order.order_status);
    if (!status.known) {
      problems.push(
        problem(
          'unknown_value',
          OPERATION,
          order.order_sn,
          `Unknown Shopee order status "${order.order_status}"; kept as unknown`,
          raw,
          requestId,
        ),
      );
    }
    try {
      const country = order.recipient_address?.region || order.region || null;
      items.push({
        remoteId: order.order_sn,
        rawStatus: order.order_status,
        status: status.status,
        placedAt: iso(order.create_time),
        updatedAt: iso(order.update_time),
        shipBy: order.ship_by_date ? iso(order.ship_by_date) : null,
        buyerCountry: country && /^[A-Z]{2}$/.test(country) ? country : null,
        total: moneyFromShopee(order.total_amount, order.currency),
        lines: linesOf(order),
        raw,
      });
    } catch (error) {
      const message = `Shopee order ${order.order_sn}: ${error instanceof Error ? error.message : String(error)}`;
      problems.push(problem('invalid_payload', OPERATION, order.order_sn, message, raw, requestId));
    }
  }
  return { items, problems };
}
