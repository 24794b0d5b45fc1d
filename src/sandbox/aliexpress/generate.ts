/**
 * Builds a fake AliExpress store deterministically from two seeds: the catalogue seed gives what is
 * sold (SKU codes, names, variations; SKU codes follow the sandbox convention `SR-<seed>-NNNNN`, so
 * one seller's sandbox shops on several marketplaces sell the same SKUs), the store seed gives how
 * this store sells it (ids, prices, stock, statuses, order history, changes scheduled later).
 *
 * Orders are generated oldest first from what is in stock at that moment. Every daylight-saving
 * change inside the order period gets a cluster of orders last modified within 90 minutes of it, on
 * both sides and in both passes of November's repeated hour, so the Pacific-time filters are
 * exercised where they are hardest.
 */
import { createRandom, type Random } from '../kit/random.js';
import { daylightBounds } from './pacific.js';
import {
  addOrder,
  addProduct,
  createStoreState,
  sellableSkus,
  toSecond,
  CANCEL_END_REASON,
  type FakeOrder,
  type FakeOrderStatus,
  type FakeProduct,
  type FakeSku,
  type ScheduledChange,
  type StoreState,
} from './state.js';

export interface StoreDataOptions {
  seed: number;
  catalogSeed?: number;
  productCount: number;
  orderCount: number;
  orderDays: number;
  /** UTC ms the store is generated around. */
  now: number;
  currency: string;
  /** First product id of this store's range (see idRange). */
  firstProductId: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Orders placed around each daylight-saving change inside the order period. */
export const DST_CLUSTER = 24;
export const PRODUCT_ID_STEP = 3;

/** AliExpress-like 16-digit product ids, distinct per (seed, seller), below 2^53. */
export function idRange(seed: number, sellerId: number, defaultSellerId: number): number {
  const mix = sellerId === defaultSellerId ? 0 : Math.imul(sellerId >>> 0, 0x9e3779b1) >>> 12;
  const slot = ((seed >>> 0) ^ mix) % 2 ** 20;
  return 1_005_000_000_000_000 + slot * 2 ** 26;
}

const NOUNS = ['Teapot', 'Lantern', 'Fan', 'Wallet', 'Umbrella', 'Bowl', 'Kite', 'Earrings'];
const ADJECTIVES = ['Lacquered', 'Porcelain', 'Bamboo', 'Brocade', 'Cloisonne', 'Rattan', 'Silk'];
const COLOURS = ['Red', 'Blue', 'Green', 'Black', 'White'];
const SIZES = ['S', 'M', 'L', 'XL'];
const COUNTRIES = ['US', 'ES', 'FR', 'DE', 'BR', 'PL', 'KR', 'IL', 'NL', 'CL'];

function priceCents(random: Random): number {
  const dollars = random.int(1, 300);
  return dollars * 100 + (random.chance(0.3) ? random.pick([0, 50, 99]) : random.int(0, 99));
}

function makeProduct(
  catalog: Random,
  random: Random,
  index: number,
  productId: number,
  prefix: string,
  now: number,
): FakeProduct {
  const name = `${catalog.pick(ADJECTIVES)} ${catalog.pick(NOUNS)} ${index + 1}`;
  const code = `${prefix}-${String(index + 1).padStart(5, '0')}`;
  const skus: FakeSku[] = [];
  const base = priceCents(random);
  if (catalog.chance(0.4)) {
    const colours = COLOURS.slice(0, catalog.int(2, 3));
    const sizes = catalog.chance(0.5) ? SIZES.slice(0, catalog.int(2, 3)) : [];
    colours.forEach((colour, c) => {
      for (const [s, size] of (sizes.length > 0 ? sizes : [null]).entries()) {
        const colourPair = `14:${193 + c}#${colour}`;
        skus.push({
          id: size === null ? colourPair : `${colourPair};5:${100014064 + s}#${size}`,
          sku_code: `${code}-${colour.toUpperCase()}${size === null ? '' : `-${size}`}`,
          attributes: size === null ? `Colour:${colour}` : `Colour:${colour};Size:${size}`,
          price_cents: base + random.int(0, 4) * 100,
          stock: random.int(0, 200),
        });
      }
    });
  } else {
    skus.push({
      id: '<none>',
      sku_code: code,
      attributes: '',
      price_cents: base,
      stock: random.int(0, 500),
    });
  }
  const created = toSecond(now - random.int(30, 400) * DAY);
  return {
    product_id: productId,
    subject: name,
    detail: `<p>${name}. Handmade sandbox product for trying Silkroute.</p>`,
    category_id: 200_000_000 + catalog.int(1, 60),
    status: random.chance(0.85)
      ? 'onSelling'
      : random.pick(['offline', 'auditing', 'editingRequired'] as const),
    gmt_create: created,
    gmt_modified: toSecond(created + random.int(0, now - created)),
    gross_weight: (catalog.int(1, 50) / 10).toFixed(3),
    skus,
  };
}

export interface OrderPlan {
  created: number;
  modified: number;
  status: FakeOrderStatus;
  lines: { product: FakeProduct; sku: FakeSku; count: number }[];
}

/** Up to `count` distinct in-stock lines; empty when nothing probed is in stock. */
export function pickLines(random: Random, state: StoreState, count: number): OrderPlan['lines'] {
  const lines: OrderPlan['lines'] = [];
  const taken = new Set<string>();
  for (let probe = 0; probe < count * 30 && lines.length < count; probe++) {
    if (state.products.length === 0) break;
    const product = state.products[random.int(0, state.products.length - 1)]!;
    const choices = sellableSkus(product);
    if (choices.length === 0) continue;
    const sku = random.pick(choices);
    if (taken.has(sku.sku_code)) continue;
    taken.add(sku.sku_code);
    lines.push({ product, sku, count: Math.min(random.int(1, 3), sku.stock) });
  }
  return lines;
}

const SHIPPED: readonly FakeOrderStatus[] = [
  'SELLER_PART_SEND_GOODS',
  'WAIT_BUYER_ACCEPT_GOODS',
  'FUND_PROCESSING',
  'FINISH',
];

/** A complete order; the caller adds it to the store (which takes its stock). */
export function buildOrder(
  random: Random,
  state: StoreState,
  plan: OrderPlan,
  cancelled = false,
): FakeOrder {
  const orderId = state.nextOrderId;
  state.nextOrderId += random.int(1, 9) * 10;
  const lines = plan.lines.map((line, index) => ({
    child_id: orderId + index + 1,
    product_id: line.product.product_id,
    sku_code: line.sku.sku_code,
    sku_attributes: line.sku.attributes,
    product_name: line.product.subject,
    count: line.count,
    unit_cents: line.sku.price_cents,
  }));
  const logistics = random.chance(0.6) ? 0 : random.int(1, 9) * 100 + 99;
  const shipped = SHIPPED.includes(plan.status) && !cancelled;
  return {
    order_id: orderId,
    status: plan.status,
    gmt_create: toSecond(plan.created),
    gmt_modified: toSecond(plan.modified),
    gmt_pay:
      plan.status === 'PLACE_ORDER_SUCCESS'
        ? null
        : toSecond(Math.min(plan.modified, plan.created + random.int(1, 60) * MINUTE)),
    buyer_login_id: `sandbox_buyer_${random.hex(6)}`,
    buyer_country: random.pick(COUNTRIES),
    buyer_name: `Sandbox Buyer ${random.int(1, 9999)}`,
    lines,
    logistics_cents: logistics,
    total_cents: lines.reduce((sum, line) => sum + line.unit_cents * line.count, logistics),
    shipment: shipped
      ? {
          service_name: 'CAINIAO_STANDARD',
          logistics_no: `LP${random.int(10_000_000, 99_999_999)}`,
          send_type: 'all',
        }
      : null,
    prepare_days: random.int(3, 7),
    end_reason:
      plan.status === 'FINISH' ? (cancelled ? CANCEL_END_REASON : 'buyer_confirm_goods') : '',
    stock_returned: cancelled || plan.status === 'IN_CANCEL',
  };
}

function statusForAge(random: Random, ageDays: number): [FakeOrderStatus, boolean] {
  if (ageDays > 20) return random.chance(0.9) ? ['FINISH', false] : ['FINISH', true];
  if (ageDays > 7) {
    return [
      random.pick(['WAIT_BUYER_ACCEPT_GOODS', 'FINISH', 'FINISH', 'IN_CANCEL'] as const),
      false,
    ];
  }
  const status = random.pick([
    'PLACE_ORDER_SUCCESS',
    'WAIT_SELLER_SEND_GOODS',
    'WAIT_SELLER_SEND_GOODS',
    'SELLER_PART_SEND_GOODS',
    'WAIT_BUYER_ACCEPT_GOODS',
    'IN_CANCEL',
    'IN_ISSUE',
    'RISK_CONTROL',
  ] as const);
  return [status, false];
}

export const NEXT_STATUS: Partial<Record<FakeOrderStatus, FakeOrderStatus>> = {
  PLACE_ORDER_SUCCESS: 'WAIT_SELLER_SEND_GOODS',
  RISK_CONTROL: 'WAIT_SELLER_SEND_GOODS',
  WAIT_BUYER_ACCEPT_GOODS: 'FINISH',
  IN_CANCEL: 'FINISH',
};

/** Daylight-saving changes (UTC ms) strictly inside (from, to). */
export function daylightChangesBetween(from: number, to: number): number[] {
  const out: number[] = [];
  for (let year = new Date(from).getUTCFullYear(); year <= new Date(to).getUTCFullYear(); year++) {
    const { start, end } = daylightBounds(year);
    for (const change of [start, end]) if (change > from && change < to) out.push(change);
  }
  return out;
}

/** When each order is created and last modified: random, plus clusters at daylight changes. */
function orderTimes(random: Random, options: StoreDataOptions): [number, number][] {
  const { now, orderDays, orderCount } = options;
  const oldest = now - orderDays * DAY;
  const times: [number, number][] = [];
  for (const change of daylightChangesBetween(oldest + 3 * DAY, now - 2 * HOUR)) {
    for (let k = 0; k < DST_CLUSTER && times.length < orderCount; k++) {
      const modified =
        change - 90 * MINUTE + Math.floor(((k + random.next()) * 180 * MINUTE) / DST_CLUSTER);
      times.push([modified - random.int(1, 3) * DAY, modified]);
    }
  }
  while (times.length < orderCount) {
    const created = now - random.int(60_000, orderDays * DAY);
    const modified = Math.min(now, created + random.int(0, Math.min(10 * DAY, now - created)));
    times.push([created, modified]);
  }
  return times.sort((a, b) => a[0] - b[0]);
}

export function generateStoreState(options: StoreDataOptions): StoreState {
  const random = createRandom(options.seed);
  const catalogSeed = options.catalogSeed ?? options.seed;
  const catalog = createRandom((catalogSeed ^ 0xa11e8e55) >>> 0);
  const prefix = `SR-${(catalogSeed >>> 0).toString(36).toUpperCase()}`;
  const state = createStoreState(options.currency, options.firstProductId);
  for (let index = 0; index < options.productCount; index++) {
    const productId = options.firstProductId + index * PRODUCT_ID_STEP;
    addProduct(state, makeProduct(catalog, random, index, productId, prefix, options.now));
  }
  state.nextProductId = options.firstProductId + options.productCount * PRODUCT_ID_STEP;
  const scheduled: ScheduledChange[] = [];
  for (const [created, modified] of orderTimes(random, options)) {
    const lines = pickLines(random, state, random.int(1, 3));
    if (lines.length === 0) continue;
    const [status, cancelled] = statusForAge(random, (options.now - created) / DAY);
    const order = buildOrder(random, state, { created, modified, status, lines }, cancelled);
    addOrder(state, order);
    const next = NEXT_STATUS[status];
    if (next && random.chance(0.25)) {
      scheduled.push({
        at: options.now + random.int(6, 72) * HOUR,
        order_id: order.order_id,
        from: status,
        to: next,
      });
    }
  }
  state.scheduled = scheduled.sort((a, b) => a.at - b.at);
  return state;
}
