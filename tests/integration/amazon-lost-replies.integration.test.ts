/**
 * A write whose reply is lost after Amazon applied it (the body cut in the middle) is never sent
 * again blindly: it lands once, and the caller gets a retryable failure to reconcile on the next
 * pull. Every reply on the write's path is cut here, so any blind repeat would show as a second
 * write in the fake's log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../src/connectors/http/errors.js';
import {
  authorize,
  pullAllListings,
  startAmazonHarness,
  type AmazonHarness,
} from './amazon-harness.js';

let harness: AmazonHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function ready(feedThreshold = 10): Promise<AmazonHarness> {
  harness = await startAmazonHarness({
    listings: 6,
    orders: 0,
    seed: 31,
    startTime: Date.UTC(2026, 6, 1, 9),
    timeScale: 200,
    feedThreshold,
    feedPollMs: 30_000,
  });
  await authorize(harness);
  // Reading first tells the connector each SKU's product type, so the writes need no lookup.
  await pullAllListings(harness.connector);
  return harness;
}

const LISTINGS_PATH = '/listings/2021-08-01/items/';

describe('Amazon writes after a lost reply', () => {
  it('applies a price patch once and answers a retryable failure', async () => {
    const { sandbox, connector } = await ready();
    const listing = sandbox.groundTruth().listings[0]!;
    const price = listing.priceMinor + 123;
    sandbox.faults.set({ truncateRate: 1, onlyPaths: [LISTINGS_PATH] });
    const [result] = await connector.updatePrices([
      {
        remoteId: listing.sku,
        remoteVariantId: '',
        price: { amountMinor: price, currency: sandbox.currency },
      },
    ]);
    sandbox.faults.clear();
    const writes = sandbox
      .writes()
      .filter((write) => write.sku === listing.sku && write.field === 'price');
    expect(writes).toHaveLength(1);
    expect(result).toMatchObject({ remoteId: listing.sku, ok: false, kind: 'retryable' });
    expect(sandbox.groundTruth().listings[0]!.priceMinor).toBe(price);
  });

  it('applies a title change once and throws the lost reply as maybe applied', async () => {
    const { sandbox, connector } = await ready();
    const listing = sandbox.groundTruth().listings[1]!;
    sandbox.faults.set({ truncateRate: 1, onlyPaths: [LISTINGS_PATH] });
    const outcome = await connector.updateListing(listing.sku, { title: 'Lost reply title' }).then(
      () => null,
      (error: unknown) => error,
    );
    sandbox.faults.clear();
    expect(outcome).toBeInstanceOf(ConnectorError);
    expect(outcome).toMatchObject({ kind: 'retryable', maybeApplied: true });
    const writes = sandbox
      .writes()
      .filter((write) => write.sku === listing.sku && write.field === 'title');
    expect(writes).toHaveLength(1);
  });

  it('submits a listings feed once when the createFeed reply is lost', async () => {
    const { sandbox, connector } = await ready(0);
    const listing = sandbox.groundTruth().listings[2]!;
    sandbox.faults.set({ truncateRate: 1, onlyPaths: ['/feeds/2021-06-30/feeds'] });
    const [result] = await connector.updatePrices([
      {
        remoteId: listing.sku,
        remoteVariantId: '',
        price: { amountMinor: listing.priceMinor + 7, currency: sandbox.currency },
      },
    ]);
    sandbox.faults.clear();
    expect(result).toMatchObject({ remoteId: listing.sku, ok: false, kind: 'retryable' });
    expect(sandbox.stats().requests.createFeed).toBe(1);
    // Give the fake time to process whatever was submitted.
    sandbox.advance(60 * 60_000);
    await harness!.clock.sleep(1_000);
    const writes = sandbox
      .writes()
      .filter((write) => write.sku === listing.sku && write.field === 'price');
    expect(writes.length).toBeLessThanOrEqual(1);
  });

  it('confirms a shipment once, and a repeat (after a lost reply) is taken as confirmed', async () => {
    const { sandbox, connector } = await ready();
    const orderId = sandbox.control.placeOrder();
    const confirmation = {
      remoteOrderId: orderId,
      trackingNumber: '1ZLOST0001',
      carrier: 'UPS',
      packageId: null,
    };
    sandbox.faults.set({ truncateRate: 1, onlyPaths: ['/orders/v0/'] });
    const first = await connector.confirmShipment(confirmation).then(
      () => null,
      (error: unknown) => error,
    );
    sandbox.faults.clear();
    // confirmShipment answers 204 without a body, which may come back whole: both are fine.
    if (first !== null) expect(first).toMatchObject({ kind: 'retryable', maybeApplied: true });
    const order = () => sandbox.groundTruth().orders.find((entry) => entry.orderId === orderId)!;
    expect(order().trackingNumbers).toEqual(['1ZLOST0001']);
    // The engine sends it again later: the package already there is the answer.
    await expect(connector.confirmShipment(confirmation)).resolves.toMatchObject({
      remoteOrderId: orderId,
      state: 'confirmed',
    });
    expect(order().trackingNumbers).toEqual(['1ZLOST0001']);
  });
});
