/**
 * Builds a fake Wish merchant deterministically. The catalogue seed gives what is sold (parent SKUs,
 * names, variations and their SKUs, in the same `SR-<seed>-<n>` shape as the other fakes, so one
 * seller's shops on several marketplaces can sell the same SKUs); the shop seed gives how this
 * merchant sells it: ids, prices, inventory, states and the order history.
 *
 * Two deliberate clusters make the fake produce what window paging must survive: `tiedProducts`
 * products share one `updated_at` (a bulk job touched them at once) and `tiedOrders` orders share
 * one `updated_at` (a batch state change). With the defaults for 5,000 products and 2,000 orders
 * both clusters are larger than the largest page (1,000 and 500).
 */
import { createRandom, type Random } from '../kit/random.js';
import {
  addOrder,
  addProduct,
  createWishState,
  newObjectId,
  type FakeOrder,
  type FakeProduct,
  type FakeVariation,
  type OrderState,
  type ProductState,
  type ScheduledChange,
  type WishState,
} from './state.js';

export interface WishDataOptions {
  seed: number;
  catalogSeed: number;
  merchantId: string;
  products: number;
  orders: number;
  orderDays: number;
  nowMs: number;
  tiedProducts: number;
  tiedOrders: number;
}

export interface GeneratedWish {
  state: WishState;
  /** The shared updated_at of the tied clusters (epoch ms), null when the cluster is empty. */
  tiedProductsAt: number | null;
  tiedOrdersAt: number | null;
}

const DAY = 86_400_000;
const NOUNS = ['Mug', 'Lamp', 'Scarf', 'Kettle', 'Notebook', 'Backpack', 'Phone Case', 'Vase'];
const ADJECTIVES = ['Bamboo', 'Ceramic', 'Silk', 'Copper', 'Linen', 'Glass', 'Walnut', 'Jade'];
const COLOURS = ['Red', 'Blue', 'Green', 'Black', 'White'];
const SIZES = ['S', 'M', 'L', 'XL'];
const COUNTRIES = ['US', 'US', 'US', 'GB', 'DE', 'FR', 'CA', 'MX', 'BR'];

interface CatalogEntry {
  parentSku: string;
  name: string;
  tags: string[];
  categoryId: number;
  variations: { sku: string; options: { name: string; value: string }[] }[];
}

function catalogEntry(random: Random, prefix: string, index: number): CatalogEntry {
  const name = `${random.pick(ADJECTIVES)} ${random.pick(NOUNS)} ${index + 1}`;
  const parentSku = `${prefix}-${String(index + 1).padStart(5, '0')}`;
  const entry: CatalogEntry = {
    parentSku,
    name,
    tags: [random.pick(ADJECTIVES).toLowerCase(), 'sandbox'],
    categoryId: 1000 + random.int(1, 60),
    variations: [],
  };
  if (random.chance(0.5)) {
    const colours = COLOURS.slice(0, random.int(2, 3));
    const sizes = random.chance(0.5) ? SIZES.slice(0, random.int(2, 3)) : [];
    for (const colour of colours) {
      if (sizes.length === 0) {
        entry.variations.push({
          sku: `${parentSku}-${colour.toUpperCase()}`,
          options: [{ name: 'Color', value: colour }],
        });
        continue;
      }
      for (const size of sizes) {
        entry.variations.push({
          sku: `${parentSku}-${colour.toUpperCase()}-${size}`,
          options: [
            { name: 'Color', value: colour },
            { name: 'Size', value: size },
          ],
        });
      }
    }
  } else {
    // Every Wish product has at least one variation; a simple product has exactly one.
    entry.variations.push({ sku: parentSku, options: [] });
  }
  return entry;
}

function priceCents(random: Random): number {
  const dollars = random.int(1, 120);
  const cents = random.chance(0.35) ? random.pick([0, 10, 50, 90]) : random.int(0, 99);
  return dollars * 100 + cents;
}

function productState(random: Random): ProductState {
  if (random.chance(0.85)) return 'ACTIVE';
  return random.pick([
    'WISH_INACTIVE',
    'MERCHANT_INACTIVE',
    'REMOVED_BY_WISH',
    'REMOVED_BY_MERCHANT',
  ]);
}

function makeProduct(
  random: Random,
  state: WishState,
  entry: CatalogEntry,
  now: number,
): FakeProduct {
  const createdAt = Math.floor((now - random.int(30, 400) * DAY) / 1000) * 1000;
  const id = newObjectId(state, createdAt);
  const base = priceCents(random);
  const variations: FakeVariation[] = entry.variations.map((variation) => ({
    id: newObjectId(state, createdAt),
    sku: variation.sku,
    status: random.chance(0.95) ? 'ENABLED' : 'DISABLED',
    price_cents: base + random.int(0, 4) * 100,
    inventory: random.int(0, 300),
    options: variation.options.map((option) => ({ ...option })),
  }));
  return {
    id,
    parent_sku: entry.parentSku,
    name: entry.name,
    description: `${entry.name}. Handmade sandbox product for trying Silkroute.`,
    tags: entry.tags,
    category_id: entry.categoryId,
    state: productState(random),
    created_at: createdAt,
    updated_at: createdAt + random.int(0, now - 2 * DAY - createdAt),
    variations,
  };
}

function orderStateForAge(random: Random, ageDays: number): OrderState {
  if (ageDays > 14) return random.chance(0.88) ? 'SHIPPED' : random.pick(['REFUNDED', 'DECLINED']);
  return random.pick(['APPROVED', 'APPROVED', 'APPROVED', 'SHIPPED', 'REQUIRE_REVIEW', 'REFUNDED']);
}

/** A released order for one in-stock variation, or null when nothing can be bought. */
export function buildOrder(
  random: Random,
  state: WishState,
  input: { releasedAt: number; orderState: OrderState },
): FakeOrder | null {
  for (let attempt = 0; attempt < 20; attempt++) {
    const product = state.products[random.int(0, state.products.length - 1)];
    if (!product || product.state !== 'ACTIVE') continue;
    const variation = random.pick(product.variations);
    if (variation.status !== 'ENABLED' || variation.inventory < 1) continue;
    const quantity = Math.min(variation.inventory, random.int(1, 3));
    const id = newObjectId(state, input.releasedAt);
    return {
      id,
      state: input.orderState,
      released_at: input.releasedAt,
      updated_at: input.releasedAt,
      product_id: product.id,
      variation_id: variation.id,
      sku: variation.sku,
      product_name: product.name,
      quantity,
      price_cents: variation.price_cents,
      shipping_cents: random.pick([0, 199, 299, 499]),
      country_code: random.pick(COUNTRIES),
      expected_ship_time: input.releasedAt + 5 * DAY,
      tracking: null,
      refund_reason: null,
    };
  }
  return null;
}

export function trackingFor(random: Random, at: number): FakeOrder['tracking'] {
  return {
    shipping_provider: random.pick(['USPS', 'YunExpress', 'ChinaPost']),
    tracking_number: `SBX${random.hex(12).toUpperCase()}`,
    origin_country: 'CN',
    ship_note: null,
    at,
  };
}

export function generateWishState(options: WishDataOptions): GeneratedWish {
  const random = createRandom(options.seed);
  const catalog = createRandom((options.catalogSeed ^ 0x3f1a2b7c) >>> 0);
  const prefix = `SR-${(options.catalogSeed >>> 0).toString(36).toUpperCase()}`;
  const objectTag = (options.seed >>> 0).toString(16).padStart(10, '0').slice(-10);
  const state = createWishState(options.merchantId, objectTag);
  const now = options.nowMs;
  state.warehouseId = newObjectId(state, now - 500 * DAY);
  for (let index = 0; index < options.products; index++) {
    addProduct(state, makeProduct(random, state, catalogEntry(catalog, prefix, index), now));
  }
  let tiedProductsAt: number | null = null;
  const tiedProducts = Math.min(options.tiedProducts, state.products.length);
  if (tiedProducts > 0) {
    // A bulk update job five days ago touched these products in the same millisecond.
    tiedProductsAt = now - 5 * DAY + 137;
    for (const product of state.products.slice(0, tiedProducts)) {
      if (product.created_at < tiedProductsAt) product.updated_at = tiedProductsAt;
    }
  }

  const releases: number[] = [];
  for (let i = 0; i < options.orders; i++) {
    releases.push(now - random.int(60_000, options.orderDays * DAY));
  }
  releases.sort((a, b) => a - b);
  const scheduled: ScheduledChange[] = [];
  for (const releasedAt of releases) {
    const orderState = orderStateForAge(random, (now - releasedAt) / DAY);
    const order = buildOrder(random, state, { releasedAt, orderState });
    if (!order) continue;
    order.updated_at = Math.min(now - 1000, releasedAt + random.int(0, 6 * DAY));
    if (orderState === 'SHIPPED') order.tracking = trackingFor(random, order.updated_at);
    if (orderState === 'REFUNDED') order.refund_reason = 'UNABLE_TO_SHIP';
    addOrder(state, order);
    if (orderState === 'REQUIRE_REVIEW' && random.chance(0.5)) {
      scheduled.push({
        at: now + random.int(1, 48) * 3_600_000,
        orderId: order.id,
        from: orderState,
        to: 'APPROVED',
      });
    } else if (orderState === 'APPROVED' && random.chance(0.1)) {
      scheduled.push({
        at: now + random.int(1, 72) * 3_600_000,
        orderId: order.id,
        from: orderState,
        to: 'REFUNDED',
      });
    }
  }
  let tiedOrdersAt: number | null = null;
  const tiedOrders = Math.min(options.tiedOrders, state.orders.length);
  if (tiedOrders > 0) {
    // A batch state change three days ago (Wish confirming fulfilments) stamped these orders at once.
    tiedOrdersAt = now - 3 * DAY + 421;
    const eligible = state.orders.filter((order) => order.released_at < tiedOrdersAt!);
    for (const order of eligible.slice(-tiedOrders)) order.updated_at = tiedOrdersAt;
  }
  scheduled.sort((a, b) => a.at - b.at);
  state.scheduled = scheduled;
  return { state, tiedProductsAt, tiedOrdersAt };
}
