/**
 * Builds a fake shop deterministically. Two seeds are at work:
 * - the catalogue seed gives what is sold (SKUs, names, variations, model SKUs; see catalog.ts);
 * - the shop seed gives how this shop sells it: item and model ids, prices, stock, statuses, the
 *   order history and the status changes scheduled in the future.
 * Orders are generated oldest first and only from what is in stock at that moment, and each takes
 * its quantities out of stock, so the stock at start already reflects the history.
 */
import { createRandom, type Random } from '../kit/random.js';
import { generateCatalog, type CatalogEntry } from './catalog.js';
import { buildOrder, pickLines } from './order-factory.js';
import {
  addItem,
  addOrder,
  createShopState,
  reindex,
  type FakeItem,
  type FakeOrderStatus,
  type ScheduledChange,
  type ShopState,
} from './state.js';

export interface ShopDataOptions {
  seed: number;
  /** Seed of the catalogue (what is sold); defaults to `seed`. */
  catalogSeed?: number;
  itemCount: number;
  orderCount: number;
  /** Orders are created over this many days before `nowSeconds`. */
  orderDays: number;
  nowSeconds: number;
  region: string;
  currency: string;
  /** Where this shop's id range starts (see shopIdRange). */
  firstId: number;
}

const DAY = 86_400;
/** Each shop owns a range of 2^28 ids: item ids in the lower half, model ids in the upper half. */
const ID_RANGE = 2 ** 28;
const SLOTS = 2 ** 24;
/** Items are numbered with gaps, as real ids are, so nothing comes to rely on them being dense. */
export const ITEM_ID_STEP = 7;

/**
 * The first id of a shop's range. Shops with different seeds get different ranges (for seeds that
 * differ below 2^24), so their item ids never collide; a shop id other than the default moves the
 * range too, so two shops on one seed are apart as well. The largest id stays below 2^53.
 */
export function shopIdRange(seed: number, shopId: number, defaultShopId: number): number {
  const shopMix = shopId === defaultShopId ? 0 : Math.imul(shopId >>> 0, 0x9e3779b1) >>> 8;
  const slot = ((seed >>> 0) ^ shopMix) % SLOTS;
  return (slot + 1) * ID_RANGE;
}

function priceCents(random: Random): number {
  // A third of prices end in 0 cents or 10 cents, so "12.3"-style JSON numbers are common.
  const dollars = random.int(1, 400);
  const cents = random.chance(0.33) ? random.pick([0, 10, 30, 50, 90]) : random.int(0, 99);
  return dollars * 100 + cents;
}

function makeItem(
  random: Random,
  entry: CatalogEntry,
  itemId: number,
  state: ShopState,
  now: number,
): FakeItem {
  const createTime = now - random.int(30 * DAY, 400 * DAY);
  const item: FakeItem = {
    item_id: itemId,
    item_sku: entry.item_sku,
    item_name: entry.item_name,
    description: entry.description,
    category_id: entry.category_id,
    item_status: random.chance(0.85)
      ? 'NORMAL'
      : random.pick(['UNLIST', 'BANNED', 'REVIEWING', 'SELLER_DELETE'] as const),
    create_time: createTime,
    update_time: createTime + random.int(0, now - createTime),
    weight: entry.weight,
    price_cents: priceCents(random),
    stock: random.int(0, 500),
    attributes: entry.attributes.map((attribute) => ({ ...attribute })),
    tier_variation: entry.tier_variation.map((tier) => ({ ...tier, options: [...tier.options] })),
    models: [],
  };
  if (entry.models.length > 0) {
    const base = priceCents(random);
    item.models = entry.models.map((model) => ({
      model_id: state.nextModelId++,
      model_sku: model.model_sku,
      tier_index: [...model.tier_index],
      price_cents: base + random.int(0, 5) * 100,
      stock: random.int(0, 200),
      model_status: random.chance(0.95) ? 'MODEL_NORMAL' : 'MODEL_UNAVAILABLE',
    }));
  }
  return item;
}

function statusForAge(random: Random, ageDays: number): FakeOrderStatus {
  if (ageDays > 20) return random.chance(0.9) ? 'COMPLETED' : 'CANCELLED';
  if (ageDays > 7) return random.pick(['SHIPPED', 'COMPLETED', 'COMPLETED', 'CANCELLED'] as const);
  return random.pick([
    'UNPAID',
    'READY_TO_SHIP',
    'READY_TO_SHIP',
    'PROCESSED',
    'SHIPPED',
    'IN_CANCEL',
    'INVOICE_PENDING',
  ] as const);
}

export const NEXT_STATUS: Partial<Record<FakeOrderStatus, FakeOrderStatus>> = {
  UNPAID: 'READY_TO_SHIP',
  READY_TO_SHIP: 'PROCESSED',
  PROCESSED: 'SHIPPED',
  SHIPPED: 'COMPLETED',
  IN_CANCEL: 'CANCELLED',
  INVOICE_PENDING: 'READY_TO_SHIP',
};

export function generateShopState(options: ShopDataOptions): ShopState {
  const random = createRandom(options.seed);
  const now = options.nowSeconds;
  const state = createShopState(options.region, options.currency, options.firstId + 1);
  state.nextModelId = options.firstId + ID_RANGE / 2 + 1;
  const catalog = generateCatalog(options.catalogSeed ?? options.seed, options.itemCount);
  catalog.forEach((entry, index) => {
    const itemId = options.firstId + 1 + index * ITEM_ID_STEP;
    addItem(state, makeItem(random, entry, itemId, state, now), false);
  });
  state.nextItemId = options.firstId + 1 + options.itemCount * ITEM_ID_STEP;

  const createTimes: number[] = [];
  for (let i = 0; i < options.orderCount; i++) {
    createTimes.push(now - random.int(60, options.orderDays * DAY));
  }
  createTimes.sort((a, b) => a - b);
  const scheduled: ScheduledChange[] = [];
  for (const createTime of createTimes) {
    const lines = pickLines(random, state, random.int(1, 3));
    // A shop sold out at that moment gets no order: history never oversells.
    if (lines.length === 0) continue;
    const status = statusForAge(random, (now - createTime) / DAY);
    const updateTime = Math.min(
      now,
      createTime + random.int(0, Math.min(10 * DAY, now - createTime)),
    );
    const order = buildOrder(random, state, { createTime, updateTime, status, lines });
    addOrder(state, order, false);
    const next = NEXT_STATUS[status];
    if (next && random.chance(0.25)) {
      scheduled.push({
        at: now + random.int(3600, 72 * 3600),
        order_sn: order.order_sn,
        from: status,
        to: next,
      });
    }
  }
  scheduled.sort((a, b) => a.at - b.at);
  state.scheduled = scheduled;
  reindex(state);
  return state;
}
