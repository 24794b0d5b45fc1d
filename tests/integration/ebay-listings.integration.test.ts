/**
 * Creating and changing listings and shipping orders through the eBay connector against the fake:
 * createListing makes the item, the site's offer and publishes it; updateListing sends the item
 * and offers back whole with the change (nothing else of them is lost) and publishes/withdraws;
 * confirmShipment reports the package with carrier and tracking number, once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInputError, UnsupportedError } from '../../src/connectors/http/errors.js';
import type { CreateListingInput } from '../../src/connectors/connector.js';
import { authorize, pullAllListings, startHarness, type Harness } from './ebay-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function ready(options: Parameters<typeof startHarness>[0] = {}) {
  harness = await startHarness({
    timeScale: 50,
    rateLimit: null,
    items: 80,
    orders: 60,
    orderDays: 10,
    ...options,
  });
  await authorize(harness);
  return harness;
}

const FIELDS = {
  categoryId: '29511',
  merchantLocationKey: 'sandbox-warehouse-1',
  fulfillmentPolicyId: '6000000001',
  paymentPolicyId: '6000000002',
  returnPolicyId: '6000000003',
  imageUrls: ['https://img.example.invalid/teapot.jpg'],
  aspects: { Brand: ['Silkroute'], Colour: ['Jade'] },
};

function input(overrides: Partial<CreateListingInput> = {}): CreateListingInput {
  return {
    sku: 'NEW-TEAPOT-1',
    title: 'Jade Teapot',
    description: 'A teapot in jade green.',
    price: { amountMinor: 2499, currency: 'USD' },
    quantity: 12,
    status: 'active',
    weightGrams: 640,
    marketplaceFields: FIELDS,
    ...overrides,
  };
}

describe('eBay listings: create, change, publish', () => {
  it('creates an active listing: item, offer and publication, read back as it was given', async () => {
    const h = await ready();
    const page = await h.connector.createListing(input());
    expect(page.problems).toEqual([]);
    expect(page.items).toHaveLength(1);
    const listing = page.items[0]!;
    expect({
      sku: listing.sku,
      title: listing.title,
      price: listing.price,
      quantity: listing.quantity,
      status: listing.status,
    }).toEqual({
      sku: 'NEW-TEAPOT-1',
      title: 'Jade Teapot',
      price: { amountMinor: 2499, currency: 'USD' },
      quantity: 12,
      status: 'active',
    });
    expect(listing.attributes.Colour).toBe('Jade');
    const requests = h.sandbox.exchanges().filter((exchange) => exchange.method !== 'GET');
    const writes = requests.filter((exchange) => exchange.path.startsWith('/sell/inventory'));
    expect(
      writes.map((exchange) => `${exchange.method} ${exchange.path.replace(/\d{6,}/g, 'ID')}`),
    ).toEqual([
      'PUT /sell/inventory/v1/inventory_item/NEW-TEAPOT-1',
      'POST /sell/inventory/v1/offer',
      'POST /sell/inventory/v1/offer/ID/publish',
    ]);
    expect(writes[0]!.requestHeaders['content-language']).toBe('en-US');
    expect(writes[1]!.requestHeaders['content-language']).toBe('en-US');
    // Creating again (a retried create) replaces the offer instead of making a second one.
    await h.connector.createListing(input({ price: { amountMinor: 2599, currency: 'USD' } }));
    const offers = h.sandbox.groundTruth().listings.filter((entry) => entry.sku === 'NEW-TEAPOT-1');
    expect(offers.map((entry) => entry.priceMinor)).toEqual([2599]);
  });

  it('creates an inactive listing as an unpublished offer', async () => {
    const h = await ready();
    const page = await h.connector.createListing(input({ sku: 'NEW-DRAFT-1', status: 'inactive' }));
    expect(page.items[0]!.status).toBe('inactive');
    expect(
      h.sandbox.groundTruth().listings.find((entry) => entry.sku === 'NEW-DRAFT-1')!.offerStatus,
    ).toBe('UNPUBLISHED');
  });

  it('refuses bad input before sending anything', async () => {
    const h = await ready();
    const before = h.sandbox.exchanges().length;
    await expect(h.connector.createListing(input({ sku: 'bad sku!' }))).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(
      h.connector.createListing(input({ price: { amountMinor: 100, currency: 'EUR' } })),
    ).rejects.toThrow(/EUR/);
    await expect(
      h.connector.createListing(
        input({ marketplaceFields: { ...FIELDS, imageUrls: ['http://insecure'] } }),
      ),
    ).rejects.toThrow(/imageUrls/);
    await expect(
      h.connector.createListing(input({ marketplaceFields: { categoryId: '1' } })),
    ).rejects.toThrow(/merchantLocationKey/);
    expect(h.sandbox.exchanges().length).toBe(before);
  });

  it('changes the title and description, sending the rest of the item and offer back unchanged', async () => {
    const h = await ready();
    const listing = (await pullAllListings(h.connector)).items.find(
      (entry) => entry.status === 'active',
    )!;
    const before = h.sandbox
      .groundTruth()
      .listings.find((entry) => entry.offerId === listing.remoteVariantId)!;
    await h.connector.updateListing(listing.remoteId, {
      title: 'Renamed teapot',
      description: 'New words.',
    });
    const after = h.sandbox
      .groundTruth()
      .listings.find((entry) => entry.offerId === listing.remoteVariantId)!;
    expect({ title: after.title, description: after.description }).toEqual({
      title: 'Renamed teapot',
      description: 'New words.',
    });
    expect({
      price: after.priceMinor,
      quantity: after.quantity,
      status: after.listingStatus,
    }).toEqual({
      price: before.priceMinor,
      quantity: before.quantity,
      status: before.listingStatus,
    });
    const [reread] = (await h.connector.getListing(listing.remoteId)).items;
    expect(reread!.attributes).toEqual(listing.attributes);
    await expect(
      h.connector.updateListing(listing.remoteId, { sku: 'OTHER' }),
    ).rejects.toBeInstanceOf(UnsupportedError);
    await expect(h.connector.updateListing(listing.remoteId, {})).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });

  it('withdraws and publishes again, single listings and multi-variation groups alike', async () => {
    const h = await ready({ items: 150 });
    const listings = (await pullAllListings(h.connector)).items;
    const single = listings.find(
      (entry) => entry.status === 'active' && !entry.attributes['ebay.inventoryItemGroupKey'],
    )!;
    const variation = listings.find(
      (entry) => entry.status === 'active' && entry.attributes['ebay.inventoryItemGroupKey'],
    )!;
    for (const listing of [single, variation]) {
      await h.connector.updateListing(listing.remoteId, { status: 'inactive' });
      expect((await h.connector.getListing(listing.remoteId)).items[0]!.status).toBe('inactive');
      await h.connector.updateListing(listing.remoteId, { status: 'active' });
      expect((await h.connector.getListing(listing.remoteId)).items[0]!.status).toBe('active');
    }
    const paths = h.sandbox.exchanges().map((exchange) => exchange.path);
    expect(paths).toContain('/sell/inventory/v1/offer/withdraw_by_inventory_item_group');
    expect(paths).toContain('/sell/inventory/v1/offer/publish_by_inventory_item_group');
  });

  it('pulls every listing once when items are deleted and added between pages', async () => {
    const h = await ready({ items: 650 });
    const first = await h.connector.listListings({ cursor: null, changedSince: null });
    const token = (await h.tokens.load('ebay-test'))!.accessToken;
    const send = (method: string, sku: string, body?: unknown) =>
      fetch(`${h.sandbox.baseUrl}/sell/inventory/v1/inventory_item/${sku}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json', 'content-language': 'en-US' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    // The seller deletes five items already read (the rest move back across the page boundary)
    // and adds two (they come last).
    for (const listing of first.items.slice(0, 5))
      expect((await send('DELETE', listing.remoteId)).status).toBe(204);
    for (const sku of ['ADDED-1', 'ADDED-2'])
      expect(
        (
          await send('PUT', sku, {
            product: { title: sku },
            availability: { shipToLocationAvailability: { quantity: 1 } },
          })
        ).status,
      ).toBe(201);
    const items = [...first.items];
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const page = await h.connector.listListings({ cursor, changedSince: null });
      items.push(...page.items);
      cursor = page.nextCursor;
    }
    const keys = items.map((listing) => `${listing.remoteId}/${listing.remoteVariantId}`);
    expect(keys.length).toBe(new Set(keys).size);
    const deleted = new Set(first.items.slice(0, 5).map((listing) => listing.remoteId));
    const expected = h.sandbox
      .groundTruth()
      .listings.map((entry) => `${entry.sku}/${entry.offerId}`);
    expect(keys.filter((key) => !deleted.has(key.split('/')[0]!)).sort()).toEqual(expected.sort());
  });

  it('reports a missing SKU as a problem, not an error', async () => {
    const h = await ready();
    const page = await h.connector.getListing('NO-SUCH-SKU');
    expect(page.items).toEqual([]);
    expect(page.problems.map((entry) => entry.kind)).toEqual(['missing']);
  });
});

describe('eBay shipping', () => {
  it('ships an order with carrier and tracking number, once, even when the reply is lost', async () => {
    const h = await ready({ orders: 120 });
    const truth = h.sandbox.groundTruth();
    const open = truth.orders.filter(
      (order) =>
        order.fulfillmentStatus === 'NOT_STARTED' &&
        order.paymentStatus === 'PAID' &&
        order.cancelState === 'NONE_REQUESTED',
    );
    expect(open.length).toBeGreaterThanOrEqual(2);
    const options = await h.connector.getShippingOptions(open[0]!.orderId);
    expect(options.methods).toEqual(['tracking_only']);
    const result = await h.connector.confirmShipment({
      remoteOrderId: open[0]!.orderId,
      trackingNumber: '1ZTRACK0001',
      carrier: 'UPS',
      packageId: null,
    });
    expect(result.state).toBe('confirmed');
    // The reply of the next one is cut after eBay applied it: the connector finds the fulfillment
    // instead of sending it twice. (The fault is lifted once the POST arrived, so the check reads.)
    const key = 'POST /sell/fulfillment/v1/order/{orderId}/shipping_fulfillment';
    const posted = () => h.sandbox.stats().requests[key] ?? 0;
    const before = posted();
    h.sandbox.faults.set({
      truncateRate: 1,
      onlyPaths: [`/sell/fulfillment/v1/order/${open[1]!.orderId}/shipping_fulfillment`],
    });
    const pending = h.connector.confirmShipment({
      remoteOrderId: open[1]!.orderId,
      trackingNumber: '1ZTRACK0002',
      carrier: 'UPS',
      packageId: null,
    });
    while (posted() === before) await new Promise((resolve) => setImmediate(resolve));
    h.sandbox.faults.clear();
    const second = await pending;
    expect(second.state).toBe('confirmed');
    expect(posted()).toBe(before + 1);
    expect(h.sandbox.stats().faults.truncate).toBe(1);
    const after = new Map(h.sandbox.groundTruth().orders.map((order) => [order.orderId, order]));
    expect(after.get(open[0]!.orderId)!.trackingNumbers).toEqual(['1ZTRACK0001']);
    expect(after.get(open[1]!.orderId)!.trackingNumbers).toEqual(['1ZTRACK0002']);
    expect(after.get(open[1]!.orderId)!.fulfillmentStatus).toBe('FULFILLED');
    await expect(
      h.connector.confirmShipment({
        remoteOrderId: open[0]!.orderId,
        trackingNumber: '1ZTRACK0001',
        carrier: null,
        packageId: null,
      }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('reads orders by id (50 per call) and reports the ones eBay does not know', async () => {
    const h = await ready({ orders: 130 });
    const ids = h.sandbox
      .groundTruth()
      .orders.slice(0, 60)
      .map((order) => order.orderId);
    const page = await h.connector.getOrders([...ids, '99-99999-99999']);
    expect(page.items.map((order) => order.remoteId).sort()).toEqual([...ids].sort());
    expect(page.problems.map((entry) => `${entry.kind}:${entry.remoteId}`)).toEqual([
      'missing:99-99999-99999',
    ]);
    const calls = h.sandbox.exchanges().filter((exchange) => exchange.query.orderIds);
    expect(calls.map((call) => call.query.orderIds![0]!.split(',').length)).toEqual([50, 11]);
  });
});
