import { afterEach, describe, expect, it } from 'vitest';
import { errorId, startTestClient, type TestClient } from './test-client.js';

let client: TestClient | undefined;
afterEach(async () => {
  await client?.sandbox.close();
  client = undefined;
});

const INV = '/sell/inventory/v1';
const FUL = '/sell/fulfillment/v1';
const enc = (filter: string) => encodeURIComponent(filter);
const iso = (ms: number) => new Date(ms).toISOString();

describe('fake eBay Inventory API', () => {
  it('pages inventory items by page number, limit 1-200', async () => {
    client = await startTestClient({ items: 45 });
    const page = await client.call('GET', `${INV}/inventory_item?limit=20&offset=2`);
    expect(page.json).toMatchObject({ total: 45, size: 3, limit: 20 });
    const items = (page.json as { inventoryItems: { sku: string }[] }).inventoryItems;
    expect(items).toHaveLength(5);
    const all = (await client.call('GET', `${INV}/inventory_item?limit=200`)).json as {
      inventoryItems: { sku: string }[];
    };
    expect(items.map((item) => item.sku)).toEqual(
      all.inventoryItems.slice(40).map((item) => item.sku),
    );
    for (const bad of ['limit=0', 'limit=201', 'limit=ten', 'offset=-1']) {
      expect(errorId(await client.call('GET', `${INV}/inventory_item?${bad}`))).toBe(25706);
    }
  });

  it('lists offers per SKU, refuses a missing SKU and answers 25713 when there are none', async () => {
    client = await startTestClient({ items: 60 });
    const truth = client.sandbox.groundTruth();
    const sku = truth.listings[0]!.sku;
    const offers = await client.call('GET', `${INV}/offer?sku=${encodeURIComponent(sku)}`);
    expect(offers.json).toMatchObject({
      total: 1,
      offers: [{ sku, offerId: truth.listings[0]!.offerId }],
    });
    expect(errorId(await client.call('GET', `${INV}/offer`))).toBe(25709);
    const none = await client.call('GET', `${INV}/offer?sku=NO-SUCH-SKU`);
    expect([none.status, errorId(none)]).toEqual([404, 25713]);
  });

  it('replaces an inventory item completely and wants Content-Language', async () => {
    client = await startTestClient({ items: 10 });
    const body = {
      product: { title: 'Tea bowl', description: 'Bowl', imageUrls: ['https://i.example/1.jpg'] },
      availability: { shipToLocationAvailability: { quantity: 5 } },
    };
    expect(errorId(await client.call('PUT', `${INV}/inventory_item/NEW-1`, { body }))).toBe(25709);
    const created = await client.call('PUT', `${INV}/inventory_item/NEW-1`, {
      body,
      headers: { 'content-language': 'en-US' },
    });
    expect(created.status).toBe(201);
    const replaced = await client.call('PUT', `${INV}/inventory_item/NEW-1`, {
      body: { product: { title: 'Tea bowl 2' } },
      headers: { 'content-language': 'en-US' },
    });
    expect(replaced.status).toBe(204);
    // What the replacement left out is gone: no quantity, no description.
    expect((await client.call('GET', `${INV}/inventory_item/NEW-1`)).json).toMatchObject({
      product: { title: 'Tea bowl 2', description: '' },
      availability: { shipToLocationAvailability: { quantity: 0 } },
    });
  });

  it('updates up to 25 offers per call with a result each, 207 when one fails', async () => {
    client = await startTestClient({ items: 60 });
    const listings = client.sandbox.groundTruth().listings;
    const offers = listings
      .slice(0, 26)
      .map((entry) => ({ offerId: entry.offerId, availableQuantity: 1 }));
    expect(
      errorId(
        await client.call('POST', `${INV}/bulk_update_price_quantity`, {
          body: { requests: [{ offers }] },
        }),
      ),
    ).toBe(25709);
    const mixed = await client.call('POST', `${INV}/bulk_update_price_quantity`, {
      body: {
        requests: [
          {
            offers: [{ offerId: listings[0]!.offerId, price: { value: '9.99', currency: 'USD' } }],
          },
          {
            offers: [{ offerId: listings[1]!.offerId, price: { value: '9.999', currency: 'USD' } }],
          },
          { offers: [{ offerId: '1', availableQuantity: 1 }] },
        ],
      },
    });
    expect(mixed.status).toBe(207);
    const responses = (
      mixed.json as { responses: { statusCode: number; errors?: { errorId: number }[] }[] }
    ).responses;
    expect(responses.map((entry) => [entry.statusCode, entry.errors?.[0]?.errorId])).toEqual([
      [200, undefined],
      [400, 25709],
      [404, 25713],
    ]);
    expect(client.sandbox.groundTruth().listings[0]!.priceMinor).toBe(999);
  });
});

describe('fake eBay Fulfillment API', () => {
  it('filters by lastmodifieddate (percent-encoded only), creationdate winning when both are sent', async () => {
    client = await startTestClient({ orders: 80, orderDays: 30 });
    const now = client.sandbox.now();
    const truth = client.sandbox.groundTruth().orders;
    const since = now - 5 * 86_400_000;
    const modified = await client.call(
      'GET',
      `${FUL}/order?limit=200&filter=${enc(`lastmodifieddate:[${iso(since)}..]`)}`,
    );
    expect((modified.json as { total: number }).total).toBe(
      truth.filter((order) => order.lastModifiedMs >= since).length,
    );
    const both = await client.call(
      'GET',
      `${FUL}/order?limit=200&filter=${enc(`creationdate:[${iso(now - 29 * 86_400_000)}..],lastmodifieddate:[${iso(since)}..]`)}`,
    );
    expect((both.json as { total: number }).total).toBe(
      truth.filter((order) => order.creationMs >= now - 29 * 86_400_000).length,
    );
    const raw = await client.call('GET', `${FUL}/order?filter=lastmodifieddate:[${iso(since)}..]`);
    expect(errorId(raw)).toBe(30800);
  });

  it("answers eBay's filter, paging and id errors", async () => {
    client = await startTestClient({ orders: 10 });
    const now = client.sandbox.now();
    const cases: [string, number][] = [
      [`filter=${enc(`lastmodifieddate:[${iso(now + 86_400_000)}..]`)}`, 30850],
      [`filter=${enc('lastmodifieddate:[..]')}`, 30820],
      [`filter=${enc('lastmodifieddate:[yesterday..]')}`, 30810],
      [`filter=${enc(`lastmodifieddate:[${iso(now - 1000)}..${iso(now - 5000)}]`)}`, 30840],
      [`filter=${enc(`creationdate:[${iso(now - 3 * 365 * 86_400_000)}..]`)}`, 30830],
      [`filter=${enc('shipdate:[x..]')}`, 30700],
      ['limit=201', 31100],
      ['offset=-3', 31000],
      [`orderIds=${new Array(51).fill('01-00000-00001').join(',')}`, 30900],
      ['fieldGroups=EVERYTHING', 32800],
    ];
    for (const [query, id] of cases)
      expect([query, errorId(await client.call('GET', `${FUL}/order?${query}`))]).toEqual([
        query,
        id,
      ]);
  });

  it('ships line items with carrier and tracking, then refuses the same lines again', async () => {
    client = await startTestClient({ orders: 60 });
    const open = client.sandbox
      .groundTruth()
      .orders.find(
        (order) =>
          order.fulfillmentStatus === 'NOT_STARTED' &&
          order.cancelState === 'NONE_REQUESTED' &&
          order.paymentStatus === 'PAID',
      )!;
    const path = `${FUL}/order/${open.orderId}/shipping_fulfillment`;
    const lineItems = open.lines.map((line) => ({
      lineItemId: line.lineItemId,
      quantity: line.quantity,
    }));
    expect(
      errorId(
        await client.call('POST', path, {
          body: { lineItems, shippingCarrierCode: 'PIGEON', trackingNumber: '1Z0001' },
        }),
      ),
    ).toBe(32300);
    expect(
      errorId(
        await client.call('POST', path, {
          body: {
            lineItems: [{ lineItemId: '1' }],
            shippingCarrierCode: 'UPS',
            trackingNumber: '1Z0001',
          },
        }),
      ),
    ).toBe(32200);
    expect(
      errorId(
        await client.call('POST', path, {
          body: {
            lineItems: [lineItems[0], lineItems[0]],
            shippingCarrierCode: 'UPS',
            trackingNumber: '1Z0001',
          },
        }),
      ),
    ).toBe(32210);
    const created = await client.call('POST', path, {
      body: { lineItems, shippingCarrierCode: 'UPS', trackingNumber: '1Z0001' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(new RegExp(`${path}/\\d+$`));
    expect(
      errorId(
        await client.call('POST', path, {
          body: { lineItems, shippingCarrierCode: 'UPS', trackingNumber: '1Z0002' },
        }),
      ),
    ).toBe(34500);
    const listed = await client.call('GET', path);
    expect(listed.json).toMatchObject({
      total: 1,
      fulfillments: [{ shipmentTrackingNumber: '1Z0001', shippingCarrierCode: 'UPS' }],
    });
    const order = await client.call('GET', `${FUL}/order/${open.orderId}`);
    expect(order.json).toMatchObject({ orderFulfillmentStatus: 'FULFILLED' });
  });
});
