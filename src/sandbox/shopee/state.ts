/**
 * The fake Shopee shop's data, built deterministically from a seed: items (some with models and a
 * tier variation), orders spread over the past days, and status changes scheduled in the future
 * (an order "changes later" when the simulated clock passes its time). Amounts are integer cents
 * of the shop currency; the API layer turns them into the decimal JSON numbers Shopee sends.
 */
import { createRandom, type Random } from '../kit/random.js';

export const ORDER_STATUSES = [
  'UNPAID',
  'READY_TO_SHIP',
  'PROCESSED',
  'SHIPPED',
  'COMPLETED',
  'IN_CANCEL',
  'CANCELLED',
  'INVOICE_PENDING',
] as const;
export type FakeOrderStatus = (typeof ORDER_STATUSES)[number];

export const ITEM_STATUSES = [
  'NORMAL',
  'BANNED',
  'UNLIST',
  'REVIEWING',
  'SELLER_DELETE',
  'SHOPEE_DELETE',
] as const;
export type FakeItemStatus = (typeof ITEM_STATUSES)[number];

export interface FakeModel {
  model_id: number;
  model_sku: string;
  tier_index: number[];
  price_cents: number;
  stock: number;
  model_status: 'MODEL_NORMAL' | 'MODEL_UNAVAILABLE';
}

export interface FakeItem {
  item_id: number;
  item_sku: string;
  item_name: string;
  description: string;
  category_id: number;
  item_status: FakeItemStatus;
  create_time: number;
  update_time: number;
  weight: string;
  /** Price and stock of an item without models (ignored when it has models). */
  price_cents: number;
  stock: number;
  attributes: { attribute_id: number; name: string; value: string }[];
  tier_variation: { name: string; options: string[] }[];
  models: FakeModel[];
}

export interface FakeChannel {
  logistics_channel_id: number;
  name: string;
  integrated: boolean;
}

export interface FakeOrderLine {
  item_id: number;
  item_name: string;
  item_sku: string;
  model_id: number;
  model_name: string;
  model_sku: string;
  quantity: number;
  original_cents: number;
  discounted_cents: number;
  order_item_id: number;
}

export interface FakeOrder {
  order_sn: string;
  order_status: FakeOrderStatus;
  create_time: number;
  update_time: number;
  pay_time: number | null;
  ship_by_date: number;
  days_to_ship: number;
  cod: boolean;
  lines: FakeOrderLine[];
  shipping_fee_cents: number;
  total_cents: number;
  channel: FakeChannel;
  package_number: string;
  tracking_number: string | null;
  buyer_user_id: number;
  buyer_username: string;
  recipient_name: string;
  recipient_phone: string;
  recipient_city: string;
  recipient_zipcode: string;
  message_to_seller: string;
  cancel_reason: string;
}

export interface ScheduledChange {
  at: number;
  order_sn: string;
  to: FakeOrderStatus;
}

export interface ShopState {
  region: string;
  currency: string;
  items: FakeItem[];
  itemById: Map<number, FakeItem>;
  orders: FakeOrder[];
  orderBySn: Map<string, FakeOrder>;
  /** Sorted by `at`; consumed as the clock passes them. */
  scheduled: ScheduledChange[];
  nextItemId: number;
  nextModelId: number;
}

export interface ShopDataOptions {
  seed: number;
  itemCount: number;
  orderCount: number;
  /** Orders are created over this many days before `nowSeconds`. */
  orderDays: number;
  nowSeconds: number;
  region: string;
  currency: string;
}

export const CHANNELS: readonly FakeChannel[] = [
  { logistics_channel_id: 28016, name: 'Standard Delivery (sandbox)', integrated: true },
  {
    logistics_channel_id: 28099,
    name: 'Seller Own Carrier (sandbox, non-integrated)',
    integrated: false,
  },
];

const DAY = 86_400;
const NOUNS = [
  'Mug',
  'Lamp',
  'Scarf',
  'Kettle',
  'Notebook',
  'Backpack',
  'Phone Case',
  'Tea Set',
  'Brush',
  'Vase',
];
const ADJECTIVES = [
  'Bamboo',
  'Ceramic',
  'Silk',
  'Copper',
  'Linen',
  'Glass',
  'Walnut',
  'Jade',
  'Wool',
  'Paper',
];
const COLOURS = ['Red', 'Blue', 'Green', 'Black', 'White', 'Gold'];
const SIZES = ['S', 'M', 'L', 'XL'];
const CITIES = ['Singapore', 'Jurong', 'Tampines', 'Woodlands'];

function priceCents(random: Random): number {
  // A third of prices end in 0 cents or 10 cents, so "12.3"-style JSON numbers are common.
  const dollars = random.int(1, 400);
  const cents = random.chance(0.33) ? random.pick([0, 10, 30, 50, 90]) : random.int(0, 99);
  return dollars * 100 + cents;
}

function makeItem(
  random: Random,
  index: number,
  itemId: number,
  state: { nextModelId: number },
  now: number,
): FakeItem {
  const name = `${random.pick(ADJECTIVES)} ${random.pick(NOUNS)} ${index + 1}`;
  const createTime = now - random.int(30 * DAY, 400 * DAY);
  const item: FakeItem = {
    item_id: itemId,
    item_sku: `SR-${String(index + 1).padStart(5, '0')}`,
    item_name: name,
    description: `${name}. Handmade sandbox product for trying Silkroute.`,
    category_id: 100000 + random.int(1, 40),
    item_status: random.chance(0.85)
      ? 'NORMAL'
      : random.pick(['UNLIST', 'BANNED', 'REVIEWING', 'SELLER_DELETE'] as const),
    create_time: createTime,
    update_time: createTime + random.int(0, now - createTime),
    weight: (random.int(1, 50) / 10).toFixed(1),
    price_cents: priceCents(random),
    stock: random.int(0, 500),
    attributes: [{ attribute_id: 100001, name: 'Material', value: random.pick(ADJECTIVES) }],
    tier_variation: [],
    models: [],
  };
  if (random.chance(0.4)) {
    const colours = COLOURS.slice(0, random.int(2, 3));
    const sizes = random.chance(0.5) ? SIZES.slice(0, random.int(2, 3)) : [];
    item.tier_variation = [{ name: 'Colour', options: colours }];
    if (sizes.length > 0) item.tier_variation.push({ name: 'Size', options: sizes });
    const base = priceCents(random);
    colours.forEach((colour, c) => {
      const sizeIndexes = sizes.length > 0 ? sizes.map((_, s) => s) : [null];
      for (const s of sizeIndexes) {
        item.models.push({
          model_id: state.nextModelId++,
          model_sku: `${item.item_sku}-${colour.toUpperCase()}${s === null ? '' : `-${sizes[s]}`}`,
          tier_index: s === null ? [c] : [c, s],
          price_cents: base + random.int(0, 5) * 100,
          stock: random.int(0, 200),
          model_status: random.chance(0.95) ? 'MODEL_NORMAL' : 'MODEL_UNAVAILABLE',
        });
      }
    });
  }
  return item;
}

function modelName(item: FakeItem, model: FakeModel): string {
  return model.tier_index
    .map((option, tier) => item.tier_variation[tier]?.options[option] ?? '')
    .join(',');
}

function orderSn(random: Random, createTime: number): string {
  const date = new Date(createTime * 1000);
  const yymmdd = date.toISOString().slice(2, 10).replaceAll('-', '');
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  let tail = '';
  for (let i = 0; i < 8; i++) tail += alphabet[random.int(0, alphabet.length - 1)];
  return yymmdd + tail;
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

const NEXT_STATUS: Partial<Record<FakeOrderStatus, FakeOrderStatus>> = {
  UNPAID: 'READY_TO_SHIP',
  READY_TO_SHIP: 'PROCESSED',
  PROCESSED: 'SHIPPED',
  SHIPPED: 'COMPLETED',
  IN_CANCEL: 'CANCELLED',
  INVOICE_PENDING: 'READY_TO_SHIP',
};

function makeOrder(
  random: Random,
  items: FakeItem[],
  now: number,
  days: number,
  taken: Set<string>,
): FakeOrder {
  const createTime = now - random.int(60, days * DAY);
  const ageDays = (now - createTime) / DAY;
  const status = statusForAge(random, ageDays);
  const lines: FakeOrderLine[] = [];
  for (let n = random.int(1, 3); lines.length < n;) {
    const item = random.pick(items);
    const model = item.models.length > 0 ? random.pick(item.models) : null;
    const original = model ? model.price_cents : item.price_cents;
    const discounted = random.chance(0.2) ? Math.round(original * 0.9) : original;
    lines.push({
      item_id: item.item_id,
      item_name: item.item_name,
      item_sku: item.item_sku,
      model_id: model ? model.model_id : 0,
      model_name: model ? modelName(item, model) : '',
      model_sku: model ? model.model_sku : '',
      quantity: random.int(1, 4),
      original_cents: original,
      discounted_cents: discounted,
      order_item_id: item.item_id,
    });
  }
  const shipping = random.chance(0.5) ? 0 : 299;
  let sn = orderSn(random, createTime);
  while (taken.has(sn)) sn = orderSn(random, createTime);
  taken.add(sn);
  const daysToShip = random.int(2, 3);
  const channel = random.chance(0.7) ? CHANNELS[0]! : CHANNELS[1]!;
  const shipped = ['SHIPPED', 'COMPLETED'].includes(status);
  return {
    order_sn: sn,
    order_status: status,
    create_time: createTime,
    update_time: Math.min(now, createTime + random.int(0, Math.min(10 * DAY, now - createTime))),
    pay_time: status === 'UNPAID' ? null : createTime + random.int(10, 3600),
    ship_by_date: createTime + daysToShip * DAY,
    days_to_ship: daysToShip,
    cod: random.chance(0.1),
    lines,
    shipping_fee_cents: shipping,
    total_cents: lines.reduce((sum, line) => sum + line.discounted_cents * line.quantity, shipping),
    channel,
    package_number: `OFG${createTime}${random.int(100000, 999999)}`,
    tracking_number: shipped ? `SBX${random.int(10_000_000, 99_999_999)}` : null,
    buyer_user_id: random.int(10_000_000, 99_999_999),
    buyer_username: `sandbox_buyer_${random.hex(6)}`,
    recipient_name: `Sandbox Buyer ${random.int(1, 9999)}`,
    recipient_phone: `6590${random.int(100000, 999999)}`,
    recipient_city: random.pick(CITIES),
    recipient_zipcode: String(random.int(100000, 829999)),
    message_to_seller: random.chance(0.1) ? 'Please wrap it as a gift (sandbox).' : '',
    cancel_reason: status === 'CANCELLED' ? 'Sandbox: buyer changed their mind' : '',
  };
}

export function generateShopState(options: ShopDataOptions): ShopState {
  const random = createRandom(options.seed);
  const now = options.nowSeconds;
  const modelCounter = { nextModelId: 200_000_000_001 };
  const items: FakeItem[] = [];
  for (let i = 0; i < options.itemCount; i++) {
    items.push(makeItem(random, i, 100_000_001 + i * 7, modelCounter, now));
  }
  const sellable = items.filter((item) => item.item_status === 'NORMAL');
  const orders: FakeOrder[] = [];
  const taken = new Set<string>();
  const scheduled: ScheduledChange[] = [];
  for (let i = 0; i < options.orderCount; i++) {
    const order = makeOrder(
      random,
      sellable.length > 0 ? sellable : items,
      now,
      options.orderDays,
      taken,
    );
    orders.push(order);
    const next = NEXT_STATUS[order.order_status];
    if (next && random.chance(0.25)) {
      scheduled.push({ at: now + random.int(3600, 72 * 3600), order_sn: order.order_sn, to: next });
    }
  }
  scheduled.sort((a, b) => a.at - b.at);
  return {
    region: options.region,
    currency: options.currency,
    items,
    itemById: new Map(items.map((item) => [item.item_id, item])),
    orders,
    orderBySn: new Map(orders.map((order) => [order.order_sn, order])),
    scheduled,
    nextItemId: 100_000_001 + options.itemCount * 7,
    nextModelId: modelCounter.nextModelId,
  };
}

/** Applies every scheduled status change whose time has come; returns how many were applied. */
export function applyDueChanges(state: ShopState, nowSeconds: number): number {
  let applied = 0;
  while (state.scheduled.length > 0 && state.scheduled[0]!.at <= nowSeconds) {
    const change = state.scheduled.shift()!;
    const order = state.orderBySn.get(change.order_sn);
    if (!order) continue;
    order.order_status = change.to;
    order.update_time = change.at;
    if (change.to === 'SHIPPED' && !order.tracking_number)
      order.tracking_number = `SBX${change.at}`;
    applied += 1;
  }
  return applied;
}
