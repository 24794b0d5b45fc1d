/**
 * The Amazon connector end to end against the fake Amazon, small: authorisation through the
 * consent code, listings and orders pulled and matching the fake's ground truth, price and stock
 * patches, a title change, a listing created, a shipment confirmed, FBA stock read, Amazon's
 * refusals surfaced per SKU; and every exchange conformant to the official models.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  AMAZON_SPECS,
  authorize,
  conformanceProblems,
  pullAllListings,
  pullAllOrders,
  spApiExchanges,
  startAmazonHarness,
  type AmazonHarness,
} from './amazon-harness.js';

let harness: AmazonHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});
const DAY = 86_400_000;

describe('Amazon connector against the fake (small account)', () => {
  it('authorises, pulls, writes, ships and reads FBA stock, conformant throughout', async () => {
    harness = await startAmazonHarness({
      listings: 120,
      orders: 150,
      orderDays: 20,
      seed: 3,
      startTime: Date.UTC(2026, 4, 4, 8),
      timeScale: 50,
    });
    const { sandbox, connector } = harness;
    await authorize(harness);
    expect((await connector.authStatus()).state).toBe('connected');
    const listings = await pullAllListings(connector);
    const truth = sandbox.groundTruth();
    expect(listings.problems).toEqual([]);
    expect(listings.items.map((listing) => listing.sku).sort()).toEqual(
      truth.listings.map((listing) => listing.sku).sort(),
    );
    for (const listing of listings.items) {
      const expected = truth.listings.find((entry) => entry.sku === listing.sku)!;
      expect({
        title: listing.title,
        price: listing.price.amountMinor,
        quantity: listing.quantity,
      }).toEqual({
        title: expected.title,
        price: expected.priceMinor,
        quantity: expected.quantity ?? 0,
      });
      if (expected.issues.length > 0)
        expect(listing.attributes['amazon.issues']).toContain(expected.issues[0]!.message);
    }
    const window = {
      from: new Date(sandbox.now() - 21 * DAY).toISOString(),
      to: new Date(sandbox.now()).toISOString(),
    };
    const orders = await pullAllOrders(connector, window);
    expect(orders.problems).toEqual([]);
    expect(orders.items.map((order) => order.remoteId).sort()).toEqual(
      truth.orders.map((order) => order.orderId).sort(),
    );

    const target = truth.listings.find(
      (listing) => listing.quantity !== null && listing.minimumPriceMinor === null,
    )!;
    const guarded = truth.listings.find((listing) => listing.minimumPriceMinor !== null);
    const prices = await connector.updatePrices([
      { remoteId: target.sku, remoteVariantId: '', price: { amountMinor: 2345, currency: 'USD' } },
      {
        remoteId: 'NO-SUCH-SKU',
        remoteVariantId: '',
        price: { amountMinor: 100, currency: 'USD' },
      },
      { remoteId: target.sku, remoteVariantId: '', price: { amountMinor: 100, currency: 'EUR' } },
      ...(guarded
        ? [
            {
              remoteId: guarded.sku,
              remoteVariantId: '',
              price: { amountMinor: 1, currency: 'USD' },
            },
          ]
        : []),
    ]);
    expect(prices[0]).toEqual({ remoteId: target.sku, remoteVariantId: '', ok: true });
    expect(prices[1]).toMatchObject({ ok: false, kind: 'permanent', code: 'not_found' });
    expect(prices[2]).toMatchObject({ ok: false, kind: 'permanent' });
    if (guarded) {
      expect(prices[3]).toMatchObject({ ok: false, code: '18155' });
      expect((prices[3] as { message?: string }).message).toContain("'minimum price' is greater");
    }
    expect(
      await connector.updateStock([{ remoteId: target.sku, remoteVariantId: '', quantity: 9 }]),
    ).toEqual([{ remoteId: target.sku, remoteVariantId: '', ok: true }]);
    await connector.updateListing(target.sku, { title: 'Renamed by the connector' });
    expect(
      sandbox.groundTruth().listings.find((listing) => listing.sku === target.sku),
    ).toMatchObject({ priceMinor: 2345, quantity: 9, title: 'Renamed by the connector' });

    const created = await connector.createListing({
      sku: 'NEW-SKU-1',
      title: 'Linen Tea Towel',
      description: 'A new listing',
      price: { amountMinor: 1299, currency: 'USD' },
      quantity: 4,
      status: 'active',
      weightGrams: null,
      marketplaceFields: { productType: 'KITCHEN' },
    });
    expect(created.items[0]).toMatchObject({
      sku: 'NEW-SKU-1',
      title: 'Linen Tea Towel',
      quantity: 4,
      price: { amountMinor: 1299, currency: 'USD' },
    });

    const orderId = sandbox.control.placeOrder();
    expect(
      await connector.confirmShipment({
        remoteOrderId: orderId,
        trackingNumber: '1ZTRACK1',
        carrier: 'UPS',
        packageId: null,
      }),
    ).toMatchObject({ state: 'confirmed' });
    expect(sandbox.groundTruth().orders.find((order) => order.orderId === orderId)).toMatchObject({
      status: 'SHIPPED',
      trackingNumbers: ['1ZTRACK1'],
    });
    const fetched = await connector.getOrders([orderId, '999-0000000-0000000']);
    expect(fetched.items[0]).toMatchObject({ remoteId: orderId, status: 'shipped' });
    expect(fetched.problems).toMatchObject([{ kind: 'missing', remoteId: '999-0000000-0000000' }]);

    const fba = await connector.fbaInventory();
    expect(fba.map((entry) => [entry.sku, entry.fulfillable]).sort()).toEqual(
      sandbox
        .groundTruth()
        .listings.filter((listing) => listing.fbaFulfillable !== null)
        .map((listing) => [listing.sku, listing.fbaFulfillable])
        .sort(),
    );
    const operations = new Set(
      spApiExchanges(sandbox).map(
        (exchange) =>
          AMAZON_SPECS.map((spec) => spec.match(exchange.method, exchange.path)).find(Boolean)
            ?.operationId,
      ),
    );
    expect([...operations].sort()).toEqual([
      'confirmShipment',
      'getInventorySummaries',
      'getListingsItem',
      'getOrder',
      'patchListingsItem',
      'putListingsItem',
      'searchListingsItems',
      'searchOrders',
    ]);
    expect(conformanceProblems(sandbox)).toEqual([]);
  }, 60_000);
});
