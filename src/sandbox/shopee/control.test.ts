import { afterEach, describe, expect, it } from 'vitest';
import {
  ShopeeControlError,
  startShopeeSandbox,
  type ShopeeGroundTruth,
  type ShopeeSandbox,
  type ShopeeSandboxOptions,
} from './index.js';
import { connect, walkItemList, walkOrderList } from './test-client.js';

const START = Date.UTC(2026, 0, 15, 12, 0, 0);
const HOUR = 3_600_000;
const opened: ShopeeSandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((box) => box.close()));
});

async function start(options: ShopeeSandboxOptions): Promise<ShopeeSandbox> {
  // A clock this slow stands still for the test's lifetime: times are exact, `advance` moves them.
  const box = await startShopeeSandbox({
    startTime: START,
    timeScale: 1e-6,
    rateLimit: null,
    ...options,
  });
  opened.push(box);
  return box;
}

/** Stock of every sellable unit by "item/model" (model 0 = an item without models). */
function stockByUnit(truth: ShopeeGroundTruth): Map<string, number> {
  const stock = new Map<string, number>();
  for (const item of truth.items) {
    if (item.models.length === 0) stock.set(`${item.item_id}/0`, item.stock);
    for (const model of item.models) stock.set(`${item.item_id}/${model.model_id}`, model.stock);
  }
  return stock;
}

/** A listed unit with at least `minimum` in stock. */
function unitWithStock(truth: ShopeeGroundTruth, minimum: number) {
  for (const item of truth.items) {
    if (item.item_status !== 'NORMAL') continue;
    if (item.models.length === 0 && item.stock >= minimum) {
      return { itemId: item.item_id, modelId: 0, stock: item.stock };
    }
    const model = item.models.find((m) => m.model_status === 'MODEL_NORMAL' && m.stock >= minimum);
    if (model) return { itemId: item.item_id, modelId: model.model_id, stock: model.stock };
  }
  throw new Error('no unit with enough stock');
}

describe('fake Shopee: stock follows orders', () => {
  it('starts with the generated history already taken out of stock', async () => {
    // Items come first from the shop seed, so a shop without orders shows the stock before history.
    const before = stockByUnit((await start({ seed: 5, items: 40, orders: 0 })).groundTruth());
    const truth = (await start({ seed: 5, items: 40, orders: 400 })).groundTruth();
    const sold = new Map<string, number>();
    for (const order of truth.orders) {
      if (order.order_status === 'CANCELLED') continue;
      for (const line of order.lines) {
        const key = `${line.item_id}/${line.model_id}`;
        sold.set(key, (sold.get(key) ?? 0) + line.quantity);
      }
    }
    expect(truth.orders.length).toBeGreaterThan(300);
    expect([...sold.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (const [key, stock] of stockByUnit(truth)) {
      expect(stock, key).toBeGreaterThanOrEqual(0);
      expect(stock, key).toBe(before.get(key)! - (sold.get(key) ?? 0));
    }
  });

  it('places an order now, lowers stock, and gives it back when the order is cancelled', async () => {
    const box = await start({ seed: 3, items: 30, orders: 20 });
    const unit = unitWithStock(box.groundTruth(), 3);
    const orderSn = box.control.placeOrder([
      { itemId: unit.itemId, modelId: unit.modelId, quantity: 2 },
    ]);
    const now = Math.floor(box.now() / 1000);
    const placed = box.groundTruth();
    expect(stockByUnit(placed).get(`${unit.itemId}/${unit.modelId}`)).toBe(unit.stock - 2);
    expect(placed.orders.find((order) => order.order_sn === orderSn)).toMatchObject({
      order_status: 'READY_TO_SHIP',
      create_time: now,
      update_time: now,
      lines: [{ item_id: unit.itemId, model_id: unit.modelId, quantity: 2 }],
    });
    const client = await connect(box);
    const window = {
      time_range_field: 'create_time',
      time_from: String(now - 60),
      time_to: String(now + 60),
    };
    expect(await walkOrderList(client, window)).toEqual([orderSn]);

    box.advance(HOUR);
    box.control.cancelOrder(orderSn);
    const cancelled = box.groundTruth();
    expect(stockByUnit(cancelled).get(`${unit.itemId}/${unit.modelId}`)).toBe(unit.stock);
    expect(cancelled.orders.find((order) => order.order_sn === orderSn)).toMatchObject({
      order_status: 'CANCELLED',
      update_time: now + 3600,
    });
    expect(() => box.control.cancelOrder(orderSn)).toThrow(/CANCELLED; it cannot be cancelled/);
  });

  it('ships an order with the given tracking number and refuses to ship it twice', async () => {
    const box = await start({ seed: 3, items: 30, orders: 0 });
    const orderSn = box.control.placeOrder([
      { ...unitWithStock(box.groundTruth(), 1), quantity: 1 },
    ]);
    box.advance(HOUR);
    box.control.shipOrder(orderSn, 'TRACK-1');
    const order = box.groundTruth().orders.find((candidate) => candidate.order_sn === orderSn);
    expect(order).toMatchObject({ order_status: 'SHIPPED', tracking_number: 'TRACK-1' });
    expect(order!.update_time).toBe(order!.create_time + 3600);
    expect(() => box.control.shipOrder(orderSn)).toThrow(ShopeeControlError);
    expect(() => box.control.cancelOrder(orderSn)).toThrow(/SHIPPED/);
    expect(() => box.control.shipOrder('NO-SUCH-ORDER')).toThrow(/No order NO-SUCH-ORDER/);
  });

  it('refuses bad lines with a specific error and changes nothing', async () => {
    const box = await start({ seed: 4, items: 30, orders: 10 });
    const truth = box.groundTruth();
    const good = unitWithStock(truth, 1);
    const withModels = truth.items.find((item) => item.models.length > 0)!;
    const withoutModels = truth.items.find((item) => item.models.length === 0)!;
    const attempts: [Parameters<ShopeeSandbox['control']['placeOrder']>[0], RegExp][] = [
      [[{ itemId: 1, modelId: 0, quantity: 1 }], /no item 1/],
      [[{ itemId: withModels.item_id, modelId: 5, quantity: 1 }], /has no model 5/],
      [
        [{ itemId: withoutModels.item_id, modelId: 9, quantity: 1 }],
        /has no models; use modelId 0/,
      ],
      [[{ ...good, quantity: good.stock + 1 }], /only \d+ in stock/],
      [[{ ...good, quantity: 0 }], /positive integers/],
      [
        [
          { ...good, quantity: 1 },
          { ...good, quantity: 1 },
        ],
        /already in the order/,
      ],
      // A valid first line must not be applied when a later one fails.
      [
        [
          { ...good, quantity: 1 },
          { itemId: 1, modelId: 0, quantity: 1 },
        ],
        /line 2: no item 1/,
      ],
      [[], /at least one line/],
    ];
    for (const [lines, message] of attempts) {
      expect(() => box.control.placeOrder(lines)).toThrow(message);
    }
    expect(box.groundTruth()).toEqual(truth);
  });

  it('places random orders from in-stock units, deterministically for a seed', async () => {
    const first = await start({ seed: 8, items: 60, orders: 50 });
    const twin = await start({ seed: 8, items: 60, orders: 50 });
    const before = first.groundTruth();
    const placed = first.control.placeRandomOrders(200);
    expect(twin.control.placeRandomOrders(200)).toEqual(placed);
    expect(new Set(placed).size).toBe(200);
    const after = first.groundTruth();
    const orders = after.orders.filter((order) => placed.includes(order.order_sn));
    expect(new Set(orders.map((order) => order.order_status))).toEqual(
      new Set(['READY_TO_SHIP', 'UNPAID']),
    );
    const units = orders.flatMap((order) => order.lines.map((line) => line.quantity));
    const total = (truth: ShopeeGroundTruth) =>
      [...stockByUnit(truth).values()].reduce((sum, stock) => sum + stock, 0);
    expect(total(before) - total(after)).toBe(units.reduce((sum, quantity) => sum + quantity, 0));
    expect([...stockByUnit(after).values()].every((stock) => stock >= 0)).toBe(true);
  });

  it('stops placing random orders when the shop is sold out', async () => {
    const box = await start({ seed: 2, items: 2, orders: 0 });
    const placed = box.control.placeRandomOrders(5_000);
    expect(placed.length).toBeLessThan(5_000);
    const truth = box.groundTruth();
    const sellable = truth.items.filter((item) => item.item_status === 'NORMAL');
    for (const item of sellable) {
      if (item.models.length === 0) expect(item.stock).toBe(0);
      for (const model of item.models) {
        if (model.model_status === 'MODEL_NORMAL') expect(model.stock).toBe(0);
      }
    }
    expect(() => box.control.placeOrder()).toThrow(/Nothing in the shop is in stock/);
    expect(() => box.control.placeRandomOrders(-1)).toThrow(/non-negative integer/);
  });

  it('returns stock when a scheduled cancellation falls due, and only once', async () => {
    const box = await start({ seed: 11, items: 40, orders: 600, orderDays: 7 });
    const before = box.groundTruth();
    box.advance(73 * HOUR);
    const after = box.groundTruth();
    const returned = new Map<string, number>();
    const cancelledNow = after.orders.filter(
      (order, index) =>
        order.order_status === 'CANCELLED' && before.orders[index]!.order_status !== 'CANCELLED',
    );
    expect(cancelledNow.length).toBeGreaterThan(0);
    for (const order of cancelledNow) {
      for (const line of order.lines) {
        const key = `${line.item_id}/${line.model_id}`;
        returned.set(key, (returned.get(key) ?? 0) + line.quantity);
      }
    }
    const stockBefore = stockByUnit(before);
    for (const [key, stock] of stockByUnit(after)) {
      expect(stock, key).toBe(stockBefore.get(key)! + (returned.get(key) ?? 0));
    }
  });

  it('drops a scheduled change for an order that has moved on (no second restock)', async () => {
    const box = await start({ seed: 11, items: 40, orders: 600, orderDays: 7 });
    const inCancel = box
      .groundTruth()
      .orders.filter((order) => order.order_status === 'IN_CANCEL')
      .map((order) => order.order_sn);
    expect(inCancel.length).toBeGreaterThan(0);
    for (const orderSn of inCancel) box.control.cancelOrder(orderSn);
    const cancelled = box.groundTruth();
    box.advance(73 * HOUR);
    const later = box.groundTruth();
    expect(stockByUnit(later)).toEqual(stockByUnit(cancelled));
    for (const orderSn of inCancel) {
      const order = later.orders.find((candidate) => candidate.order_sn === orderSn)!;
      expect(order.update_time).toBe(cancelled.nowSeconds);
    }
  });
});

describe('fake Shopee: seller edits in Seller Centre', () => {
  it('changes the item, bumps its update_time so an incremental list finds it, and is not an API write', async () => {
    const box = await start({ seed: 6, items: 50, orders: 0 });
    const truth = box.groundTruth();
    const plain = truth.items.find(
      (item) => item.item_status === 'NORMAL' && item.models.length === 0,
    )!;
    const variant = truth.items.find(
      (item) => item.item_status === 'NORMAL' && item.models.length > 1,
    )!;
    const client = await connect(box);
    box.advance(HOUR);
    const now = Math.floor(box.now() / 1000);
    box.control.sellerEdit(plain.item_id, {
      item_name: 'Renamed by the seller',
      price_cents: 1234,
      stock: 7,
    });
    const model = variant.models[1]!;
    box.control.sellerEdit(variant.item_id, {
      modelId: model.model_id,
      stock: 3,
      item_status: 'UNLIST',
    });

    const after = box.groundTruth();
    const editedPlain = after.items.find((item) => item.item_id === plain.item_id)!;
    expect(editedPlain).toMatchObject({
      item_name: 'Renamed by the seller',
      price_cents: 1234,
      stock: 7,
      update_time: now,
    });
    const editedVariant = after.items.find((item) => item.item_id === variant.item_id)!;
    expect(editedVariant.item_status).toBe('UNLIST');
    expect(editedVariant.models[1]!.stock).toBe(3);
    expect(editedVariant.models[0]).toEqual(variant.models[0]);

    const changed = await walkItemList(client, {
      item_status: ['NORMAL', 'UNLIST'],
      update_time_from: String(now),
    });
    expect(changed).toEqual([plain.item_id, variant.item_id].sort((a, b) => a - b));
    expect(box.writes()).toEqual([]);
  });

  it('refuses edits it cannot apply, with a specific error, and changes nothing', async () => {
    const box = await start({ seed: 6, items: 80, orders: 0 });
    const truth = box.groundTruth();
    const plain = truth.items.find(
      (item) => item.item_status === 'NORMAL' && item.models.length === 0,
    )!;
    const variant = truth.items.find(
      (item) => item.item_status === 'NORMAL' && item.models.length > 0,
    )!;
    const banned = truth.items.find((item) => item.item_status === 'BANNED')!;
    const edit = (itemId: number, changes: Parameters<ShopeeSandbox['control']['sellerEdit']>[1]) =>
      box.control.sellerEdit(itemId, changes);
    expect(() => edit(1, { stock: 1 })).toThrow(/No item 1/);
    expect(() => edit(banned.item_id, { stock: 1 })).toThrow(/BANNED; it cannot be edited/);
    expect(() => edit(plain.item_id, {})).toThrow(/at least one change/);
    expect(() => edit(plain.item_id, { stock: -1 })).toThrow(/non-negative integer/);
    expect(() => edit(plain.item_id, { price_cents: 12.5 })).toThrow(/positive integer/);
    expect(() => edit(plain.item_id, { item_name: '' })).toThrow(/item_name must be/);
    expect(() => edit(plain.item_id, { modelId: 3, stock: 1 })).toThrow(/has no models/);
    expect(() => edit(variant.item_id, { stock: 1 })).toThrow(/give one of their ids as modelId/);
    expect(() => edit(variant.item_id, { modelId: variant.item_id, stock: 1 })).toThrow(/modelId/);
    expect(() => edit(variant.item_id, { modelId: variant.models[0]!.model_id })).toThrow(
      /goes with price_cents or stock/,
    );
    const typo = { item_nmae: 'x' } as unknown as Parameters<typeof edit>[1];
    expect(() => edit(plain.item_id, typo)).toThrow(/Unknown changes: item_nmae/);
    expect(() => edit(plain.item_id, { item_status: 'BANNED' as unknown as 'NORMAL' })).toThrow(
      /NORMAL or UNLIST/,
    );
    expect(box.groundTruth()).toEqual(truth);
  });
});
