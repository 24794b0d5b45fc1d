/**
 * The eBay connector against the fake, end to end on a small account: consent and code exchange,
 * a full pull of listings and orders equal to the ground truth, one price change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  authorize,
  latestOrders,
  listingDifferences,
  orderDifferences,
  pullAllListings,
  pullAllOrders,
  startHarness,
  type Harness,
} from './ebay-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('eBay connector against the fake (smoke)', () => {
  it('authorises, pulls listings and orders equal to the ground truth', async () => {
    harness = await startHarness({ items: 60, orders: 50, orderDays: 30, rateLimit: null });
    const shopId = await authorize(harness);
    expect(shopId).toBe(harness.sandbox.sellerId);
    const listings = await pullAllListings(harness.connector);
    const truth = harness.sandbox.groundTruth();
    expect(listings.problems).toEqual([]);
    expect(listingDifferences(listings.items, truth)).toEqual([]);
    const now = new Date(harness.sandbox.now()).toISOString();
    harness.sandbox.advance(60_000);
    const orders = await pullAllOrders(harness.connector, {
      from: new Date(harness.sandbox.now() - 40 * 86_400_000).toISOString(),
      to: now,
    });
    expect(orders.problems).toEqual([]);
    expect(orderDifferences(latestOrders(orders.items), harness.sandbox.groundTruth())).toEqual([]);
  });
});
