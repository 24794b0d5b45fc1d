/**
 * FBA stock from the fake Amazon (FBA Inventory v1, written from Amazon's model) through the real
 * connector into the store: every Amazon-fulfilled SKU's sellable units arrive beside the seller's
 * own stock, exactly as the fake holds them, and nothing of the seller's own stock moves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pullMarketplaceStock } from '../../src/engine/stock/marketplace-stock.js';
import { openStore, type Store } from '../../src/engine/store/connection.js';
import { upsertAccount } from '../../src/engine/store/ingest.js';
import { accountInput } from '../../src/engine/store/test-fixtures.js';
import { authorize, startAmazonHarness, type AmazonHarness } from './amazon-harness.js';

let harness: AmazonHarness | undefined;
let store: Store | undefined;
afterEach(async () => {
  store?.close();
  await harness?.close();
  store = undefined;
  harness = undefined;
});

describe('FBA stock from the fake Amazon', () => {
  it('keeps every Amazon-fulfilled SKU with its sellable units, and only those', async () => {
    harness = await startAmazonHarness({ listings: 300, orders: 0, timeScale: 400 });
    await authorize(harness);
    store = openStore(':memory:');
    const accountId = store.write((w) =>
      upsertAccount(w, accountInput({ marketplace: 'amazon', shopId: harness!.sandbox.sellerId })),
    );

    const read = await pullMarketplaceStock({
      store,
      accountId,
      connector: harness.connector,
      remoteNow: () => harness!.sandbox.now(),
    });

    const expected = harness.sandbox
      .groundTruth()
      .listings.filter((listing) => listing.fbaFulfillable !== null)
      .map((listing) => ({ sku: listing.sku, fulfillable: listing.fbaFulfillable }))
      .sort((a, b) => a.sku.localeCompare(b.sku));
    expect(expected.length).toBeGreaterThan(0);
    expect(read).toEqual({ received: expected.length, rejected: [], full: true });
    const kept = store.raw
      .prepare('SELECT sku, fulfillable FROM marketplace_stock ORDER BY sku')
      .all() as { sku: string; fulfillable: number }[];
    expect(kept.sort((a, b) => a.sku.localeCompare(b.sku))).toEqual(expected);
  });
});
