import { afterEach, describe, expect, it } from 'vitest';
import {
  SHOPEE_SANDBOX_CREDENTIALS,
  startShopeeSandbox,
  type ShopeeGroundTruth,
  type ShopeeSandbox,
  type ShopeeSandboxOptions,
} from './index.js';
import { connect, walkItemList, walkOrderList } from './test-client.js';

const START = Date.UTC(2026, 0, 15, 12, 0, 0);
const opened: ShopeeSandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((box) => box.close()));
});

async function start(options: ShopeeSandboxOptions): Promise<ShopeeSandbox> {
  const box = await startShopeeSandbox({
    startTime: START,
    timeScale: 1e-6,
    rateLimit: null,
    ...options,
  });
  opened.push(box);
  return box;
}

const catalogue = (truth: ShopeeGroundTruth) =>
  truth.items.map((item) => ({
    sku: item.item_sku,
    name: item.item_name,
    models: item.models.map((model) => model.model_sku),
  }));
const itemIds = (truth: ShopeeGroundTruth) => truth.items.map((item) => item.item_id);
const modelIds = (truth: ShopeeGroundTruth) =>
  truth.items.flatMap((item) => item.models.map((model) => model.model_id));
const disjoint = (a: number[], b: number[]) => {
  const set = new Set(a);
  return b.every((value) => !set.has(value));
};

describe('fake Shopee: several shops', () => {
  it('sells one catalogue on two shops with their own ids, prices, stock and orders', async () => {
    const first = (await start({ seed: 1, catalogSeed: 77, items: 120, orders: 50 })).groundTruth();
    const second = (
      await start({ seed: 2, catalogSeed: 77, items: 120, orders: 50, shopId: 555 })
    ).groundTruth();
    expect(catalogue(second)).toEqual(catalogue(first));
    expect(first.items.some((item) => item.models.length > 0)).toBe(true);
    expect(disjoint(itemIds(first), itemIds(second))).toBe(true);
    expect(disjoint(modelIds(first), modelIds(second))).toBe(true);
    const prices = (truth: ShopeeGroundTruth) => truth.items.map((item) => item.price_cents);
    expect(prices(second)).not.toEqual(prices(first));
    expect(second.orders.map((order) => order.order_sn)).not.toEqual(
      first.orders.map((order) => order.order_sn),
    );
    expect([first.shopId, second.shopId]).toEqual([SHOPEE_SANDBOX_CREDENTIALS.shopId, 555]);
  });

  it('gives shops on different catalogue seeds no SKU in common, and a smaller catalogue is a prefix', async () => {
    const a = (await start({ seed: 1, items: 80, orders: 0 })).groundTruth();
    const b = (await start({ seed: 2, items: 80, orders: 0 })).groundTruth();
    const skus = new Set(a.items.map((item) => item.item_sku));
    expect(b.items.some((item) => skus.has(item.item_sku))).toBe(false);
    const small = (await start({ seed: 3, catalogSeed: 1, items: 30, orders: 0 })).groundTruth();
    expect(catalogue(small)).toEqual(catalogue(a).slice(0, 30));
  });

  it('keeps item ids apart for shops on one seed with different shop ids, and serves the given shop id', async () => {
    const box = await start({ seed: 4, items: 50, orders: 5, shopId: 123_456 });
    const other = await start({ seed: 4, items: 50, orders: 5 });
    expect(disjoint(itemIds(box.groundTruth()), itemIds(other.groundTruth()))).toBe(true);
    expect(box.shopId).toBe(123_456);
    expect(box.account.shopId).toBe('123456');
    expect(box.account.displayName).toBe('Sandbox shop 123456 (Shopee, simulated)');
    expect(other.account.displayName).toBe('Sandbox shop (Shopee, simulated)');
    expect(box.account.connection.shopId).toBe(123_456);
    const client = await connect(box);
    const info = await client.get('/api/v2/shop/get_shop_info', {});
    expect(info.error).toBe('');
    expect(await walkItemList(client, { item_status: 'NORMAL' })).toHaveLength(
      box.groundTruth().items.filter((item) => item.item_status === 'NORMAL').length,
    );
  });

  it('rejects options that cannot make a shop', async () => {
    await expect(startShopeeSandbox({ seed: 1.5 })).rejects.toThrow(/seed must be an integer/);
    await expect(startShopeeSandbox({ shopId: 0 })).rejects.toThrow(/shopId must be an integer/);
    await expect(startShopeeSandbox({ items: -1 })).rejects.toThrow(/items must be an integer/);
  });
});

describe('fake Shopee: listing pages answer from the indexes exactly as a full scan would', () => {
  it('walks items by status and update_time range and sees changes made between walks', async () => {
    const box = await start({ seed: 12, items: 700, orders: 0 });
    const client = await connect(box);
    const truth = box.groundTruth();
    const times = truth.items.map((item) => item.update_time).sort((a, b) => a - b);
    const from = times[200]!;
    const to = times[500]!;
    const expected = truth.items
      .filter(
        (item) =>
          ['NORMAL', 'BANNED'].includes(item.item_status) &&
          item.update_time >= from &&
          item.update_time <= to,
      )
      .map((item) => item.item_id);
    const query = {
      item_status: ['NORMAL', 'BANNED'],
      update_time_from: String(from),
      update_time_to: String(to),
    };
    expect(await walkItemList(client, query, 37)).toEqual(expected);
    const all = await walkItemList(client, { item_status: 'NORMAL' }, 100);
    expect(all).toEqual(
      truth.items.filter((item) => item.item_status === 'NORMAL').map((item) => item.item_id),
    );
    box.control.sellerEdit(all[3]!, { item_status: 'UNLIST' });
    expect(await walkItemList(client, { item_status: 'NORMAL' }, 100)).toEqual(
      all.filter((id) => id !== all[3]),
    );
  });

  it('walks orders by create_time and update_time windows, with and without a status', async () => {
    const box = await start({ seed: 13, items: 100, orders: 1500, orderDays: 30 });
    box.advance(36 * 3_600_000);
    box.control.placeRandomOrders(40);
    const client = await connect(box);
    const truth = box.groundTruth();
    const to = truth.nowSeconds;
    const from = to - 15 * 86_400;
    for (const field of ['create_time', 'update_time'] as const) {
      for (const status of [undefined, 'COMPLETED', 'READY_TO_SHIP'] as const) {
        const expected = truth.orders
          .filter(
            (order) =>
              order[field] >= from &&
              order[field] <= to &&
              (status === undefined || order.order_status === status),
          )
          .sort((a, b) => a[field] - b[field] || (a.order_sn < b.order_sn ? -1 : 1))
          .map((order) => order.order_sn);
        expect(expected.length, `${field} ${status}`).toBeGreaterThan(0);
        const query = {
          time_range_field: field,
          time_from: String(from),
          time_to: String(to),
          ...(status === undefined ? {} : { order_status: status }),
        };
        expect(await walkOrderList(client, query, 45), `${field} ${status}`).toEqual(expected);
      }
    }
  });
});
