import { afterEach, describe, expect, it } from 'vitest';
import { startShopeeSandbox, type ShopeeGroundTruthItem, type ShopeeSandbox } from './index.js';
import { connect, walkItemList, type TestClient } from './test-client.js';

const START = Date.UTC(2026, 0, 15, 12, 0, 0);
const HOUR = 3_600_000;
let box: ShopeeSandbox;
let client: TestClient;
let plain: ShopeeGroundTruthItem;
let variant: ShopeeGroundTruthItem;

afterEach(async () => {
  await box.close();
});

async function open(): Promise<void> {
  // A clock this slow stands still for the test's lifetime: times are exact, `advance` moves them.
  box = await startShopeeSandbox({
    startTime: START,
    timeScale: 1e-6,
    seed: 21,
    items: 60,
    orders: 0,
    rateLimit: null,
  });
  client = await connect(box);
  const items = box.groundTruth().items.filter((item) => item.item_status === 'NORMAL');
  plain = items.find((item) => item.models.length === 0)!;
  variant = items.find((item) => item.models.length >= 2)!;
  box.advance(HOUR);
}

const nowSeconds = () => Math.floor(box.now() / 1000);
const item = (id: number) => box.groundTruth().items.find((candidate) => candidate.item_id === id)!;

describe('fake Shopee: the write log', () => {
  it('logs one entry per model and field applied by update_price and update_stock, and bumps update_time', async () => {
    await open();
    const [first, second] = variant.models;
    const price = await client.post('/api/v2/product/update_price', {
      item_id: variant.item_id,
      price_list: [
        { model_id: first!.model_id, original_price: 12.5 },
        { model_id: 42, original_price: 3 },
        { model_id: second!.model_id, original_price: 7 },
      ],
    });
    expect(price.error).toBe('');
    const stock = await client.post('/api/v2/product/update_stock', {
      item_id: plain.item_id,
      stock_list: [{ model_id: 0, seller_stock: [{ stock: 9 }] }],
    });
    expect(stock.error).toBe('');
    const at = box.now();
    expect(box.writes()).toEqual([
      {
        at,
        path: '/api/v2/product/update_price',
        itemId: variant.item_id,
        modelId: first!.model_id,
        field: 'price',
        value: 1250,
      },
      {
        at,
        path: '/api/v2/product/update_price',
        itemId: variant.item_id,
        modelId: second!.model_id,
        field: 'price',
        value: 700,
      },
      {
        at,
        path: '/api/v2/product/update_stock',
        itemId: plain.item_id,
        modelId: 0,
        field: 'stock',
        value: 9,
      },
    ]);
    expect(item(variant.item_id).update_time).toBe(nowSeconds());
    expect(item(plain.item_id)).toMatchObject({ stock: 9, update_time: nowSeconds() });
    const changed = await walkItemList(client, {
      item_status: 'NORMAL',
      update_time_from: String(nowSeconds()),
    });
    expect(changed).toEqual([plain.item_id, variant.item_id].sort((a, b) => a - b));
  });

  it('logs the same edit twice when it is applied twice, and nothing for a refused call', async () => {
    await open();
    const body = { item_id: plain.item_id, item_name: 'Twice', description: 'Same text' };
    expect((await client.post('/api/v2/product/update_item', body)).error).toBe('');
    box.advance(1000);
    expect((await client.post('/api/v2/product/update_item', body)).error).toBe('');
    const refused = await client.post('/api/v2/product/update_price', {
      item_id: variant.item_id,
      price_list: [{ model_id: 0, original_price: 5 }],
    });
    expect(refused.error).toBe('error_edit_item_price_for_item_has_model');
    const allFailed = await client.post('/api/v2/product/update_stock', {
      item_id: variant.item_id,
      stock_list: [{ model_id: 1, seller_stock: [{ stock: 1 }] }],
    });
    expect(allFailed.error).toBe('error_busi_update_stock_failed');
    const writes = box.writes();
    expect(writes.map((write) => [write.field, write.value, write.at - writes[0]!.at])).toEqual([
      ['item_name', 'Twice', 0],
      ['description', 'Same text', 0],
      ['item_name', 'Twice', 1000],
      ['description', 'Same text', 1000],
    ]);
    expect(item(variant.item_id).update_time).toBe(variant.update_time);
  });

  it('unlists and relists through unlist_item, item by item', async () => {
    await open();
    const banned = box.groundTruth().items.find((candidate) => candidate.item_status === 'BANNED')!;
    const answer = await client.post('/api/v2/product/unlist_item', {
      item_list: [
        { item_id: plain.item_id, unlist: true },
        { item_id: banned.item_id, unlist: true },
        { item_id: 5, unlist: false },
      ],
    });
    expect(answer.error).toBe('');
    expect(answer.response).toEqual({
      success_list: [{ item_id: plain.item_id, unlist: true }],
      failure_list: [
        {
          item_id: banned.item_id,
          failed_reason: 'Banned and Reviewing Products cannot be delisted',
        },
        { item_id: 5, failed_reason: 'Product not found' },
      ],
    });
    expect(item(plain.item_id)).toMatchObject({
      item_status: 'UNLIST',
      update_time: nowSeconds(),
    });
    const relist = await client.post('/api/v2/product/unlist_item', {
      item_list: [{ item_id: plain.item_id, unlist: false }],
    });
    expect(relist.error).toBe('');
    expect(item(plain.item_id).item_status).toBe('NORMAL');
    const none = await client.post('/api/v2/product/unlist_item', {
      item_list: [{ item_id: banned.item_id, unlist: true }],
    });
    expect(none.error).toBe('error_unlist_item_all_failed');
    const malformed = await client.post('/api/v2/product/unlist_item', {
      item_list: [{ item_id: plain.item_id }],
    });
    expect(malformed.error).toBe('error_param');
    expect(box.writes().map((write) => [write.path, write.itemId, write.value])).toEqual([
      ['/api/v2/product/unlist_item', plain.item_id, 'UNLIST'],
      ['/api/v2/product/unlist_item', plain.item_id, 'NORMAL'],
    ]);
  });

  it('logs every field of a new item from add_item', async () => {
    await open();
    const answer = await client.post('/api/v2/product/add_item', {
      original_price: 19.9,
      description: 'A new product',
      weight: 0.5,
      item_name: 'New Lamp',
      category_id: 100001,
      image: { image_id_list: ['sbx-1'] },
      logistic_info: [{ logistic_id: 28016, enabled: true }],
      seller_stock: [{ stock: 12 }],
    });
    expect(answer.error).toBe('');
    const itemId = (answer.response as { item_id: number }).item_id;
    expect(
      box.writes().map((write) => [write.itemId, write.modelId, write.field, write.value]),
    ).toEqual([
      [itemId, 0, 'item_name', 'New Lamp'],
      [itemId, 0, 'description', 'A new product'],
      [itemId, 0, 'item_status', 'NORMAL'],
      [itemId, 0, 'price', 1990],
      [itemId, 0, 'stock', 12],
    ]);
    expect(item(itemId)).toMatchObject({ update_time: nowSeconds(), stock: 12, price_cents: 1990 });
    const listed = await walkItemList(client, { item_status: 'NORMAL' });
    expect(listed[listed.length - 1]).toBe(itemId);
  });
});
