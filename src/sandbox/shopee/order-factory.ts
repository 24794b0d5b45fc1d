/**
 * Builds orders for the fake shop, both the generated history and the orders a test places
 * through control: order numbers in Shopee's YYMMDD + 8 characters shape, buyer and package
 * details, and lines chosen among what is in stock (a buyer cannot buy what is not there).
 */
import type { Random } from '../kit/random.js';
import type {
  FakeChannel,
  FakeItem,
  FakeModel,
  FakeOrder,
  FakeOrderLine,
  FakeOrderStatus,
  ShopState,
} from './state.js';

export const CHANNELS: readonly FakeChannel[] = [
  { logistics_channel_id: 28016, name: 'Standard Delivery (sandbox)', integrated: true },
  {
    logistics_channel_id: 28099,
    name: 'Seller Own Carrier (sandbox, non-integrated)',
    integrated: false,
  },
];

const DAY = 86_400;
const CITIES = ['Singapore', 'Jurong', 'Tampines', 'Woodlands'];
const SN_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** One sellable unit: an item without models, or one model of an item. */
export interface StockUnit {
  item: FakeItem;
  model: FakeModel | null;
}

export interface LineRequest extends StockUnit {
  quantity: number;
}

export function unitStock(unit: StockUnit): number {
  return unit.model ? unit.model.stock : unit.item.stock;
}

/** A buyer can order a listed item's available models only. */
export function isSellable(unit: StockUnit): boolean {
  return (
    unit.item.item_status === 'NORMAL' &&
    (unit.model === null
      ? unit.item.models.length === 0
      : unit.model.model_status === 'MODEL_NORMAL')
  );
}

function randomUnit(random: Random, state: ShopState): StockUnit {
  const item = state.items[random.int(0, state.items.length - 1)]!;
  return { item, model: item.models.length > 0 ? random.pick(item.models) : null };
}

const unitKey = (unit: StockUnit) => `${unit.item.item_id}/${unit.model?.model_id ?? 0}`;

/**
 * Up to `count` distinct in-stock units with quantities that stock can cover. Random probes come
 * first (cheap at any size); a shop that is nearly sold out falls back to one scan.
 */
export function pickLines(random: Random, state: ShopState, count: number): LineRequest[] {
  const lines: LineRequest[] = [];
  const taken = new Set<string>();
  const accept = (unit: StockUnit): void => {
    const key = unitKey(unit);
    if (taken.has(key) || !isSellable(unit) || unitStock(unit) === 0) return;
    taken.add(key);
    lines.push({ ...unit, quantity: Math.min(random.int(1, 4), unitStock(unit)) });
  };
  for (let probe = 0; probe < count * 30 && lines.length < count; probe++) {
    if (state.items.length === 0) break;
    accept(randomUnit(random, state));
  }
  if (lines.length > 0) return lines;
  for (const item of state.items) {
    if (item.models.length === 0) accept({ item, model: null });
    for (const model of item.models) accept({ item, model });
    if (lines.length >= 1) break;
  }
  return lines;
}

export function modelName(item: FakeItem, model: FakeModel): string {
  return model.tier_index
    .map((option, tier) => item.tier_variation[tier]?.options[option] ?? '')
    .join(',');
}

function orderSn(random: Random, createTime: number, state: ShopState): string {
  const yymmdd = new Date(createTime * 1000).toISOString().slice(2, 10).replaceAll('-', '');
  for (;;) {
    let tail = '';
    for (let i = 0; i < 8; i++) tail += SN_ALPHABET[random.int(0, SN_ALPHABET.length - 1)];
    if (!state.orderBySn.has(yymmdd + tail)) return yymmdd + tail;
  }
}

function orderLine(random: Random, request: LineRequest): FakeOrderLine {
  const { item, model } = request;
  const original = model ? model.price_cents : item.price_cents;
  return {
    item_id: item.item_id,
    item_name: item.item_name,
    item_sku: item.item_sku,
    model_id: model ? model.model_id : 0,
    model_name: model ? modelName(item, model) : '',
    model_sku: model ? model.model_sku : '',
    quantity: request.quantity,
    original_cents: original,
    discounted_cents: random.chance(0.2) ? Math.round(original * 0.9) : original,
    order_item_id: item.item_id,
  };
}

export interface OrderPlan {
  createTime: number;
  updateTime: number;
  status: FakeOrderStatus;
  lines: LineRequest[];
}

/** A complete order record; the caller adds it to the shop (which takes the stock). */
export function buildOrder(random: Random, state: ShopState, plan: OrderPlan): FakeOrder {
  const { createTime, status } = plan;
  const lines = plan.lines.map((request) => orderLine(random, request));
  const shipping = random.chance(0.5) ? 0 : 299;
  const daysToShip = random.int(2, 3);
  const shipped = status === 'SHIPPED' || status === 'COMPLETED';
  return {
    order_sn: orderSn(random, createTime, state),
    order_status: status,
    create_time: createTime,
    update_time: plan.updateTime,
    pay_time:
      status === 'UNPAID' ? null : Math.min(plan.updateTime, createTime + random.int(10, 3600)),
    ship_by_date: createTime + daysToShip * DAY,
    days_to_ship: daysToShip,
    cod: random.chance(0.1),
    lines,
    shipping_fee_cents: shipping,
    total_cents: lines.reduce((sum, line) => sum + line.discounted_cents * line.quantity, shipping),
    channel: random.chance(0.7) ? CHANNELS[0]! : CHANNELS[1]!,
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
