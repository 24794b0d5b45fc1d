/**
 * Writes and incremental reads against the fake Shopee: price and stock updates with a result per
 * model, listing creation and edits, shipment with tracking, and "changed since" pulls after the
 * simulated clock moved on and orders changed status.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/connectors/http/errors.js';
import {
  authorize,
  pullAllListings,
  pullAllOrders,
  startHarness,
  type Harness,
} from './shopee-harness.js';
import { orderDifferences } from './shopee-truth.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const HOUR = 3_600_000;
const sgd = (amountMinor: number) => ({ amountMinor, currency: 'SGD' });

async function ready(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness({
    items: 40,
    orders: 120,
    seed: 5,
    rateLimit: null,
    timeScale: 50,
    sharedClock: true,
    ...options,
  });
  await authorize(h);
  return h;
}

describe('Shopee writes', () => {
  it('updates prices and stock with one result per model, refusing bad entries without a request', async () => {
    harness = await ready();
    const truth = harness.sandbox.groundTruth();
    const withModels = truth.items.find(
      (item) => item.models.length >= 2 && item.item_status === 'NORMAL',
    )!;
    const single = truth.items.find(
      (item) => item.models.length === 0 && item.item_status === 'NORMAL',
    )!;
    const [m1, m2] = withModels.models;
    const prices = await harness.connector.updatePrices([
      {
        remoteId: String(withModels.item_id),
        remoteVariantId: String(m1!.model_id),
        price: sgd(1230),
      },
      { remoteId: String(single.item_id), remoteVariantId: '', price: sgd(999) },
      {
        remoteId: String(withModels.item_id),
        remoteVariantId: String(m2!.model_id),
        price: sgd(4550),
      },
      { remoteId: String(withModels.item_id), remoteVariantId: '123', price: sgd(100) },
      {
        remoteId: String(single.item_id),
        remoteVariantId: '',
        price: { amountMinor: 100, currency: 'USD' },
      },
    ]);
    expect(prices.map((result) => result.ok)).toEqual([true, true, true, false, false]);
    expect(prices[3]).toMatchObject({
      kind: 'permanent',
      code: 'failure_list',
      message: 'Wrong model_id.',
    });
    expect(prices[4]).toMatchObject({ kind: 'permanent', code: 'invalid_input' });
    const stock = await harness.connector.updateStock([
      { remoteId: String(single.item_id), remoteVariantId: '', quantity: 7 },
      { remoteId: String(withModels.item_id), remoteVariantId: String(m1!.model_id), quantity: 0 },
      { remoteId: String(withModels.item_id), remoteVariantId: String(m2!.model_id), quantity: -1 },
    ]);
    expect(stock.map((result) => result.ok)).toEqual([true, true, false]);
    const after = harness.sandbox.groundTruth();
    const afterModels = after.items.find((item) => item.item_id === withModels.item_id)!.models;
    const afterSingle = after.items.find((item) => item.item_id === single.item_id)!;
    expect(afterModels.find((model) => model.model_id === m1!.model_id)).toMatchObject({
      price_cents: 1230,
      stock: 0,
    });
    expect(afterModels.find((model) => model.model_id === m2!.model_id)).toMatchObject({
      price_cents: 4550,
      stock: m2!.stock,
    });
    expect(afterSingle).toMatchObject({ price_cents: 999, stock: 7 });
    expect((await harness.connector.getListing(String(single.item_id))).items[0]).toMatchObject({
      price: sgd(999),
      quantity: 7,
    });
  });

  it('creates a listing, edits it and reads it back', async () => {
    harness = await ready();
    const created = await harness.connector.createListing({
      sku: 'NEW-1',
      title: 'Walnut Tray',
      description: 'Made in the sandbox',
      price: sgd(2590),
      quantity: 12,
      status: 'active',
      weightGrams: 450,
      marketplaceFields: {
        categoryId: 100010,
        imageIds: ['img-1'],
        logistics: [{ logisticId: 28016, enabled: true }],
      },
    });
    expect(created.items).toEqual([
      expect.objectContaining({
        sku: 'NEW-1',
        title: 'Walnut Tray',
        price: sgd(2590),
        quantity: 12,
        status: 'active',
      }),
    ]);
    const id = created.items[0]!.remoteId;
    await harness.connector.updateListing(id, { title: 'Walnut Serving Tray', status: 'inactive' });
    expect((await harness.connector.getListing(id)).items[0]).toMatchObject({
      title: 'Walnut Serving Tray',
      status: 'inactive',
    });
    await expect(
      harness.connector.createListing({
        sku: 'X',
        title: 'X',
        description: 'X',
        price: sgd(100),
        quantity: 1,
        status: 'active',
        weightGrams: null,
        marketplaceFields: {},
      }),
    ).rejects.toMatchObject({ name: 'InvalidInputError' });
  });

  it('confirms shipment with tracking for the seller’s own carrier, once', async () => {
    harness = await ready();
    const truth = harness.sandbox.groundTruth();
    const details = await harness.connector.getOrders(
      truth.orders
        .filter((order) => order.order_status === 'READY_TO_SHIP')
        .map((order) => order.order_sn),
    );
    const carrierOf = (sn: string) =>
      (
        (details.items.find((order) => order.remoteId === sn)?.raw ?? {}) as {
          shipping_carrier?: string;
        }
      ).shipping_carrier ?? '';
    const own = details.items.find((order) =>
      carrierOf(order.remoteId).includes('non-integrated'),
    )!;
    const integrated = details.items.find(
      (order) => !carrierOf(order.remoteId).includes('non-integrated'),
    )!;
    expect((await harness.connector.getShippingOptions(own.remoteId)).methods).toEqual([
      'tracking_only',
    ]);
    const result = await harness.connector.confirmShipment({
      remoteOrderId: own.remoteId,
      trackingNumber: 'TRACK-123',
      carrier: null,
      packageId: null,
    });
    expect(result).toMatchObject({ state: 'confirmed', trackingNumber: 'TRACK-123' });
    expect(
      harness.sandbox.groundTruth().orders.find((order) => order.order_sn === own.remoteId),
    ).toMatchObject({ order_status: 'PROCESSED', tracking_number: 'TRACK-123' });
    await expect(
      harness.connector.confirmShipment({
        remoteOrderId: own.remoteId,
        trackingNumber: 'TRACK-123',
        carrier: null,
        packageId: null,
      }),
    ).rejects.toMatchObject({
      marketplaceCode: 'logistics.package_already_shipped',
    });
    const refused = await harness.connector
      .confirmShipment({
        remoteOrderId: integrated.remoteId,
        trackingNumber: 'T',
        carrier: null,
        packageId: null,
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PermanentError);
    expect(refused).toMatchObject({ marketplaceCode: 'integrated_channel' });
  });
});

describe('Shopee incremental pulls', () => {
  it('returns exactly the orders that changed after the clock moved on, with their new status', async () => {
    harness = await ready({ orders: 400 });
    const start = harness.sandbox.now();
    const first = await pullAllOrders(harness.connector, {
      from: new Date(start - 91 * 24 * HOUR).toISOString(),
      to: new Date(start).toISOString(),
    });
    expect(first.items).toHaveLength(400);
    const pending = harness.sandbox.groundTruth().pendingChanges;
    expect(pending).toBeGreaterThan(0);
    harness.sandbox.advance(73 * HOUR);
    const later = harness.sandbox.now();
    const startSeconds = Math.floor(start / 1000);
    const second = await pullAllOrders(harness.connector, {
      from: new Date(start).toISOString(),
      to: new Date(later).toISOString(),
    });
    const truth = harness.sandbox.groundTruth();
    expect(second.items).toHaveLength(pending);
    expect(
      orderDifferences(truth, second.items, (updateTime) => updateTime >= startSeconds),
    ).toEqual([]);
  });

  it('pulls only listings changed since a time', async () => {
    harness = await ready();
    const since = new Date(harness.sandbox.now()).toISOString();
    harness.sandbox.advance(60_000);
    const item = harness.sandbox
      .groundTruth()
      .items.find((entry) => entry.models.length === 0 && entry.item_status === 'NORMAL')!;
    await harness.connector.updateStock([
      { remoteId: String(item.item_id), remoteVariantId: '', quantity: 3 },
    ]);
    const changed = await pullAllListings(harness.connector, since);
    expect(changed.items.map((listing) => [listing.remoteId, listing.quantity])).toEqual([
      [String(item.item_id), 3],
    ]);
  });
});
