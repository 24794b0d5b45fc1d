import { afterEach, describe, expect, it } from 'vitest';
import {
  authorize,
  pullAllListings,
  pullAllOrders,
  startHarness,
  type Harness,
} from './shopee-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('Shopee connector against the fake (smoke)', () => {
  it('authorises, pulls listings and orders', async () => {
    harness = await startHarness({ items: 120, orders: 150, rateLimit: null });
    await authorize(harness);
    const status = await harness.connector.authStatus();
    expect(status.state).toBe('connected');
    const listings = await pullAllListings(harness.connector);
    expect(listings.problems).toEqual([]);
    const truth = harness.sandbox.groundTruth();
    const expectedUnits = truth.items.reduce(
      (sum, item) => sum + Math.max(1, item.models.length),
      0,
    );
    expect(listings.items).toHaveLength(expectedUnits);
    const now = new Date(harness.sandbox.now()).toISOString();
    const from = new Date(harness.sandbox.now() - 91 * 86_400_000).toISOString();
    const orders = await pullAllOrders(harness.connector, { from, to: now });
    expect(orders.problems).toEqual([]);
    expect(orders.items).toHaveLength(150);
  });
});
