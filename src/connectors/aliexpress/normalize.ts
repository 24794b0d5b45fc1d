/**
 * AliExpress products and orders to the normalised objects (shared/marketplace.ts).
 *
 * Listings: one per SKU. `remoteId` = product_id, `remoteVariantId` = the SKU's `sku_code`, the
 * seller's code the batch price/stock APIs address SKUs by (every AliExpress product has at least
 * one SKU, so even a product without variations has one: its variant id is its sku_code, not '').
 * A SKU without a sku_code cannot be updated through the batch APIs; it is still listed, under
 * `#<AliExpress sku id>`, and updates to it are refused without a call.
 *
 * Money is read exactly from decimal strings; times from US Pacific text (pacific.ts). Anything
 * that cannot be read exactly becomes a PayloadProblem with the raw payload, never a guess.
 */
import type { OrderStatus, ListingStatus } from '../../shared/domain.js';
import type { NormalizedListing, NormalizedOrder } from '../../shared/marketplace.js';
import { isCurrencyCode, parseDecimalToMinor, type Money } from '../../shared/money.js';
import type { PayloadProblem } from '../connector.js';
import { pacificTextToIso } from './pacific.js';
import { OrderDetail, ProductInfo, Sku, issueLines, type Amount } from './schemas.js';

export interface Normalized<T> {
  items: T[];
  problems: PayloadProblem[];
}

export function problem(
  kind: PayloadProblem['kind'],
  operation: string,
  remoteId: string | null,
  message: string,
  raw: unknown,
  requestId: string | null,
  issues: string[] = [],
): PayloadProblem {
  return { kind, operation, remoteId, message, issues, requestId, raw };
}

/** A decimal amount (text, or a JSON number written in plain decimals) in a currency. */
export function moneyOf(amount: string | number, currency: string): Money {
  if (!isCurrencyCode(currency)) throw new RangeError(`unknown currency "${currency}"`);
  const text = String(amount).trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new RangeError(`"${text}" is not a decimal amount`);
  // "12.300" is 12.30: zero decimals beyond the currency's are not extra precision.
  const trimmed = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return { amountMinor: parseDecimalToMinor(trimmed, currency), currency };
}

export function moneyOfAmount(value: Amount): Money {
  return moneyOf(value.amount ?? value.amount_str ?? '', value.currency_code);
}

const LISTING_STATUS: Readonly<Record<string, ListingStatus>> = {
  onSelling: 'active',
  offline: 'inactive',
  // Submitted and under review: not on sale yet.
  auditing: 'draft',
  // Refused in review; the seller must change it.
  editingRequired: 'error',
};

const ORDER_STATUS: Readonly<Record<string, OrderStatus>> = {
  PLACE_ORDER_SUCCESS: 'unpaid',
  // Payment under the 24-hour risk check or awaiting the seller's check: not to be shipped yet.
  RISK_CONTROL: 'unpaid',
  WAIT_SELLER_EXAMINE_MONEY: 'unpaid',
  IN_FROZEN: 'unpaid',
  WAIT_SELLER_SEND_GOODS: 'to_ship',
  SELLER_PART_SEND_GOODS: 'to_ship',
  WAIT_BUYER_ACCEPT_GOODS: 'shipped',
  // A dispute is opened on goods already sent.
  IN_ISSUE: 'shipped',
  FUND_PROCESSING: 'delivered',
  IN_CANCEL: 'cancelled',
  FINISH: 'delivered',
};

/** FINISH ends both completed and closed orders; the end reason tells which. */
const CLOSED_END_REASON = /cancel|close|not_?pay|send_goods_timeout|risk_reject/i;

export function orderStatusOf(
  status: string,
  endReason: string | undefined,
): { status: OrderStatus; known: boolean } {
  const mapped = ORDER_STATUS[status];
  if (!mapped) return { status: 'unknown', known: false };
  if (status === 'FINISH' && endReason && CLOSED_END_REASON.test(endReason)) {
    return { status: 'cancelled', known: true };
  }
  return { status: mapped, known: true };
}

function localeOf(product: ProductInfo): string {
  const locale = product.multi_language_subject_list.find(
    (entry) => entry.subject === product.subject,
  )?.locale;
  return locale ? locale.replace('_', '-') : 'en-US';
}

function skuAttributes(sku: Sku): Record<string, string> {
  const out: Record<string, string> = {};
  for (const property of sku.aeop_s_k_u_property_list) {
    const name = property.sku_property_name ?? `property_${property.sku_property_id ?? '?'}`;
    const value =
      property.property_value_definition_name ?? String(property.property_value_id ?? '');
    if (value) out[name] = value;
  }
  return out;
}

const OPERATION_INFO = 'aliexpress.solution.product.info.get';

export function listingsOfProduct(
  raw: unknown,
  requestId: string | null,
): Normalized<NormalizedListing> {
  const parsed = ProductInfo.safeParse(raw);
  const rawId = (raw as { product_id?: unknown } | null)?.product_id;
  const id = typeof rawId === 'number' || typeof rawId === 'string' ? String(rawId) : null;
  if (!parsed.success) {
    return {
      items: [],
      problems: [
        problem(
          'invalid_payload',
          OPERATION_INFO,
          id,
          `AliExpress product ${id ?? '?'} could not be read`,
          raw,
          requestId,
          issueLines(parsed.error),
        ),
      ],
    };
  }
  const product = parsed.data;
  const items: NormalizedListing[] = [];
  const problems: PayloadProblem[] = [];
  const status = LISTING_STATUS[product.product_status_type];
  if (!status) {
    problems.push(
      problem(
        'unknown_value',
        OPERATION_INFO,
        product.product_id,
        `Unknown AliExpress product status "${product.product_status_type}"`,
        raw,
        requestId,
      ),
    );
    return { items, problems };
  }
  const updatedAt = product.gmt_modified ? pacificTextToIso(product.gmt_modified) : null;
  if (product.aeop_ae_product_s_k_us.length === 0) {
    problems.push(
      problem(
        'missing',
        OPERATION_INFO,
        product.product_id,
        `AliExpress product ${product.product_id} has no SKUs`,
        raw,
        requestId,
      ),
    );
  }
  for (const rawSku of product.aeop_ae_product_s_k_us) {
    const sku = Sku.safeParse(rawSku);
    if (!sku.success) {
      problems.push(
        problem(
          'invalid_payload',
          OPERATION_INFO,
          product.product_id,
          `A SKU of AliExpress product ${product.product_id} could not be read`,
          raw,
          requestId,
          issueLines(sku.error),
        ),
      );
      continue;
    }
    const { data } = sku;
    try {
      if (data.ipm_sku_stock === undefined) throw new RangeError('the SKU has no ipm_sku_stock');
      if (data.ipm_sku_stock < 0) throw new RangeError('negative stock');
      const code = data.sku_code ?? '';
      items.push({
        remoteId: product.product_id,
        remoteVariantId: code !== '' ? code : `#${data.id ?? '?'}`,
        sku: code,
        title: product.subject,
        description: product.detail ?? '',
        bulletPoints: [],
        keywords: [],
        attributes: skuAttributes(data),
        price: moneyOf(data.sku_price, data.currency_code ?? product.currency_code),
        quantity: data.ipm_sku_stock,
        status,
        locale: localeOf(product),
        remoteUpdatedAt: updatedAt,
        raw,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push(
        problem(
          'invalid_payload',
          OPERATION_INFO,
          product.product_id,
          `AliExpress product ${product.product_id} SKU ${data.sku_code ?? data.id ?? '?'}: ${reason}`,
          raw,
          requestId,
        ),
      );
    }
  }
  return { items, problems };
}

const OPERATION_ORDER = 'aliexpress.solution.order.info.get';

/** "Name (Colour: Red, Size: M)" from the line's attributes, JSON text `{"sku": [...]}`. */
function lineTitle(name: string, attributes: string | undefined): string {
  if (!attributes) return name;
  let values: string[] = [];
  try {
    const parsed = JSON.parse(attributes) as { sku?: unknown };
    if (Array.isArray(parsed.sku)) {
      values = parsed.sku.map(
        (entry: { pName?: unknown; selfDefineValue?: unknown; pValue?: unknown }) => {
          const value = entry.selfDefineValue || entry.pValue;
          return `${typeof entry.pName === 'string' ? entry.pName : '?'}: ${typeof value === 'string' ? value : '?'}`;
        },
      );
    }
  } catch {
    values = [attributes];
  }
  return values.length > 0 ? `${name} (${values.join(', ')})` : name;
}

function isoOrThrow(text: string, field: string): string {
  const iso = pacificTextToIso(text);
  if (iso === null) throw new RangeError(`${field} "${text}" is not a Pacific time`);
  return iso;
}

export function orderOfDetail(raw: unknown, requestId: string | null): Normalized<NormalizedOrder> {
  const parsed = OrderDetail.safeParse(raw);
  const rawId = (raw as { id?: unknown } | null)?.id;
  const id = typeof rawId === 'number' || typeof rawId === 'string' ? String(rawId) : null;
  if (!parsed.success) {
    return {
      items: [],
      problems: [
        problem(
          'invalid_payload',
          OPERATION_ORDER,
          id,
          `AliExpress order ${id ?? '?'} could not be read`,
          raw,
          requestId,
          issueLines(parsed.error),
        ),
      ],
    };
  }
  const order = parsed.data;
  const problems: PayloadProblem[] = [];
  const status = orderStatusOf(order.order_status, order.order_end_reason);
  if (!status.known) {
    problems.push(
      problem(
        'unknown_value',
        OPERATION_ORDER,
        order.id,
        `Unknown AliExpress order status "${order.order_status}"; kept as unknown`,
        raw,
        requestId,
      ),
    );
  }
  try {
    const country = order.receipt_address?.country || order.buyer_info?.country || null;
    const shipBy =
      status.status === 'to_ship' && order.over_time_left
        ? pacificTextToIso(order.over_time_left)
        : null;
    const normalized: NormalizedOrder = {
      remoteId: order.id,
      rawStatus: order.order_status,
      status: status.status,
      placedAt: isoOrThrow(order.gmt_create, 'gmt_create'),
      updatedAt: isoOrThrow(order.gmt_modified, 'gmt_modified'),
      shipBy,
      buyerCountry: country && /^[A-Z]{2}$/.test(country) ? country : null,
      total: moneyOfAmount(order.order_amount),
      lines: order.child_order_list.map((line) => ({
        lineId: line.id,
        sku: line.sku_code ?? '',
        remoteListingId: line.product_id,
        remoteVariantId: line.sku_code ? line.sku_code : null,
        title: lineTitle(line.product_name ?? '', line.product_attributes),
        quantity: line.product_count,
        unitPrice: moneyOfAmount(line.product_price),
      })),
      raw,
    };
    return { items: [normalized], problems };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push(
      problem(
        'invalid_payload',
        OPERATION_ORDER,
        order.id,
        `AliExpress order ${order.id}: ${reason}`,
        raw,
        requestId,
      ),
    );
    return { items: [], problems };
  }
}
