/**
 * Wish objects onto our normalised ones. A product becomes one NormalizedListing per variation
 * (every Wish product has at least one); an order holds exactly one variation, so it becomes an
 * order with one line. Money arrives as `{amount: 12.3, currency_code}` with a JSON number, read
 * exactly through its decimal text; times are re-written as ISO-8601 UTC. Unknown states are not
 * guessed: they map to a safe value and are reported as problems with the raw payload kept.
 */
import type { ListingStatus, OrderStatus } from '../../shared/domain.js';
import type { NormalizedListing, NormalizedOrder } from '../../shared/marketplace.js';
import { minorToDecimalString, parseDecimalToMinor, type Money } from '../../shared/money.js';
import type { PayloadProblem } from '../connector.js';
import { issueLines, Order, Product, ProductVariation, type WishMoney } from './schemas.js';

const ORDER_STATUS: Readonly<Record<string, OrderStatus>> = {
  APPROVED: 'to_ship',
  SHIPPED: 'shipped',
  // Refunded before or after shipping: the sale is undone either way.
  REFUNDED: 'cancelled',
  // Under Wish's review, no merchant action: not shippable yet, stock stays reserved.
  REQUIRE_REVIEW: 'unpaid',
  // The buyer's payment failed.
  DECLINED: 'cancelled',
};

const PRODUCT_STATUS: Readonly<Record<string, ListingStatus>> = {
  ACTIVE: 'active',
  WISH_INACTIVE: 'inactive',
  MERCHANT_INACTIVE: 'inactive',
  REMOVED_BY_WISH: 'error',
  REMOVED_BY_MERCHANT: 'deleted',
};

export function orderStatusOf(raw: string): { status: OrderStatus; known: boolean } {
  const status = ORDER_STATUS[raw];
  return status ? { status, known: true } : { status: 'unknown', known: false };
}

/** A variation's own status narrows the product's. */
export function listingStatusOf(
  productState: string,
  variationStatus: string,
): { status: ListingStatus; known: boolean } {
  const base = PRODUCT_STATUS[productState];
  if (!base) return { status: 'inactive', known: false };
  if (variationStatus === 'ENABLED') return { status: base, known: true };
  if (variationStatus === 'DISABLED')
    return { status: base === 'active' ? 'inactive' : base, known: true };
  if (variationStatus === 'REMOVED_BY_WISH') return { status: 'error', known: true };
  return { status: 'inactive', known: false };
}

/** A Wish money object as Money; throws RangeError when it cannot be exact. */
export function moneyFromWish(value: WishMoney): Money {
  const text = String(value.amount);
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new RangeError(`${text} is not a plain decimal amount`);
  const trimmed = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return {
    amountMinor: parseDecimalToMinor(trimmed, value.currency_code),
    currency: value.currency_code,
  };
}

/** Money as Wish's money object (the amount as the JSON number of its exact decimal text). */
export function wishMoneyOf(money: Money): { amount: number; currency_code: string } {
  return {
    amount: Number(minorToDecimalString(money.amountMinor, money.currency)),
    currency_code: money.currency,
  };
}

export function isoTime(text: string): string {
  const value = Date.parse(text);
  if (Number.isNaN(value)) throw new RangeError(`"${text}" is not a date-time`);
  return new Date(value).toISOString();
}

export function problem(
  kind: PayloadProblem['kind'],
  operation: string,
  remoteId: string | null,
  message: string,
  raw: unknown,
  issues: string[] = [],
): PayloadProblem {
  return { kind, operation, remoteId, message, issues, requestId: null, raw };
}

type Normalized<T> = { items: T[]; problems: PayloadProblem[] };

/**
 * One listing per variation. `warehouseId` picks the warehouse whose inventory is the quantity;
 * without it the quantity is the sum over warehouses.
 */
export function listingsOfProduct(
  raw: unknown,
  warehouseId: string | null,
): Normalized<NormalizedListing> {
  const operation = 'products.get';
  const parsed = Product.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    return {
      items: [],
      problems: [
        problem(
          'invalid_payload',
          operation,
          typeof id === 'string' ? id : null,
          'A Wish product could not be read',
          raw,
          issueLines(parsed.error),
        ),
      ],
    };
  }
  const product = parsed.data;
  const { variations, ...shell } = product;
  const out: Normalized<NormalizedListing> = { items: [], problems: [] };
  let updatedAt: string;
  try {
    updatedAt = isoTime(product.updated_at);
  } catch {
    out.problems.push(
      problem(
        'invalid_payload',
        operation,
        product.id,
        `updated_at "${product.updated_at}" is not a date-time`,
        raw,
      ),
    );
    return out;
  }
  const attributes: Record<string, string> = {};
  for (const attribute of product.attributes ?? [])
    attributes[attribute.name] = (attribute.value ?? []).join(', ');
  for (const rawVariation of variations) {
    const variation = ProductVariation.safeParse(rawVariation);
    if (!variation.success) {
      out.problems.push(
        problem(
          'invalid_payload',
          operation,
          product.id,
          'A Wish variation could not be read',
          { product: shell, variation: rawVariation },
          issueLines(variation.error),
        ),
      );
      continue;
    }
    const entry = variation.data;
    const status = listingStatusOf(product.state, entry.status);
    let price: Money;
    try {
      price = moneyFromWish(entry.price);
    } catch (error) {
      out.problems.push(
        problem(
          'invalid_payload',
          operation,
          product.id,
          `Variation ${entry.id}: ${(error as Error).message}`,
          { product: shell, variation: rawVariation },
        ),
      );
      continue;
    }
    if (!status.known) {
      out.problems.push(
        problem(
          'unknown_value',
          operation,
          product.id,
          `Unknown state ${product.state}/${entry.status}`,
          { product: shell, variation: rawVariation },
        ),
      );
    }
    const slots =
      warehouseId === null
        ? entry.inventories
        : entry.inventories.filter((slot) => slot.warehouse_id === warehouseId);
    const options: Record<string, string> = {};
    for (const option of entry.options ?? []) options[option.name] = option.value;
    out.items.push({
      remoteId: product.id,
      remoteVariantId: entry.id,
      sku: entry.sku,
      title: product.name,
      description: product.description ?? '',
      bulletPoints: [],
      keywords: product.tags ?? [],
      attributes: { ...attributes, ...options },
      price,
      quantity: slots.reduce((sum, slot) => sum + slot.inventory, 0),
      status: status.status,
      // Wish listings are written in English; Wish translates them for buyers.
      locale: 'en-US',
      remoteUpdatedAt: updatedAt,
      raw: { product: shell, variation: rawVariation },
    });
  }
  return out;
}

export function orderOfWish(raw: unknown): Normalized<NormalizedOrder> {
  const operation = 'orders.list';
  const parsed = Order.safeParse(raw);
  const id = (raw as { id?: unknown } | null)?.id;
  const remoteId = typeof id === 'string' ? id : null;
  if (!parsed.success) {
    return {
      items: [],
      problems: [
        problem(
          'invalid_payload',
          operation,
          remoteId,
          'A Wish order could not be read',
          raw,
          issueLines(parsed.error),
        ),
      ],
    };
  }
  const order = parsed.data;
  const payment = order.order_payment.general_payment_details;
  try {
    const status = orderStatusOf(order.state);
    const shipBy = order.fulfillment_requirements?.expected_ship_time;
    const country = order.full_address?.shipping_detail?.shipping_address?.country_code ?? null;
    const normalized: NormalizedOrder = {
      remoteId: order.id,
      rawStatus: order.state,
      status: status.status,
      placedAt: isoTime(order.released_at),
      updatedAt: isoTime(order.updated_at),
      shipBy: shipBy ? isoTime(shipBy) : null,
      buyerCountry: country && /^[A-Z]{2}$/.test(country) ? country : null,
      total: moneyFromWish(payment.payment_total),
      lines: [
        {
          lineId: order.id,
          sku: order.product_information.sku,
          remoteListingId: order.product_information.id ?? null,
          remoteVariantId: order.product_information.variation_id ?? null,
          title: order.product_information.name ?? '',
          quantity: payment.product_quantity,
          unitPrice: moneyFromWish(payment.product_price),
        },
      ],
      raw,
    };
    const problems = status.known
      ? []
      : [problem('unknown_value', operation, order.id, `Unknown order state ${order.state}`, raw)];
    return { items: [normalized], problems };
  } catch (error) {
    return {
      items: [],
      problems: [problem('invalid_payload', operation, order.id, (error as Error).message, raw)],
    };
  }
}
