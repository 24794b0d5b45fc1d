/**
 * Orders against the fake Amazon, the awkward cases: a page served again (asked once more, then
 * refused instead of looping), a window ending within Amazon's last two minutes (clamped, the
 * newest orders come with the next window), an access token reaching its hour mid-pull (refreshed
 * ahead of time: one refresh, no refused call), a checkpoint resumed after Amazon's 24-hour token
 * life (the window starts again), and bad input refused before anything is sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  authorize,
  conformanceProblems,
  orderDifferences,
  pullAllOrders,
  startAmazonHarness,
  type AmazonHarness,
} from './amazon-harness.js';

let harness: AmazonHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const DAY = 86_400_000;
const START = Date.UTC(2026, 7, 3, 10);

async function small(options: { orders?: number } = {}): Promise<AmazonHarness> {
  harness = await startAmazonHarness({
    listings: 40,
    orders: options.orders ?? 450,
    orderDays: 10,
    seed: 21,
    startTime: START,
    timeScale: 100,
    rateLimit: null,
  });
  await authorize(harness);
  return harness;
}

function windowOf(h: AmazonHarness) {
  return {
    from: new Date(h.sandbox.now() - 11 * DAY).toISOString(),
    to: new Date(h.sandbox.now()).toISOString(),
  };
}

describe('Amazon orders', () => {
  it('asks a repeated page once more and carries on when the retry is right', async () => {
    const h = await small();
    const first = await h.connector.listOrders({ window: windowOf(h), checkpoint: null });
    h.sandbox.control.repeatOrderPages(1);
    const second = await h.connector.listOrders({
      window: windowOf(h),
      checkpoint: first.checkpoint,
    });
    expect(second.orders.map((order) => order.remoteId)).not.toEqual(
      first.orders.map((order) => order.remoteId),
    );
    expect(h.sandbox.stats().requests.searchOrders).toBe(3);
  });

  it('refuses a page served again after the retry instead of looping', async () => {
    const h = await small();
    const first = await h.connector.listOrders({ window: windowOf(h), checkpoint: null });
    h.sandbox.control.repeatOrderPages(5);
    await expect(
      h.connector.listOrders({ window: windowOf(h), checkpoint: first.checkpoint }),
    ).rejects.toMatchObject({ kind: 'retryable', marketplaceCode: 'repeated_page' });
  });

  it('clamps the window end before the last two minutes; the newest order comes next window', async () => {
    const h = await small({ orders: 20 });
    const orderId = h.sandbox.control.placeOrder();
    const now = h.sandbox.now();
    const first = await pullAllOrders(h.connector, {
      from: new Date(now - 11 * DAY).toISOString(),
      to: new Date(now).toISOString(),
    });
    expect(first.items.map((order) => order.remoteId)).not.toContain(orderId);
    h.sandbox.advance(5 * 60_000);
    const later = h.sandbox.now();
    const next = await pullAllOrders(h.connector, {
      from: new Date(now - 10 * 60_000).toISOString(),
      to: new Date(later).toISOString(),
    });
    expect(next.items.find((order) => order.remoteId === orderId)).toMatchObject({
      status: 'to_ship',
    });
    const recent = await h.connector.listOrders({
      window: { from: new Date(later - 30_000).toISOString(), to: new Date(later).toISOString() },
      checkpoint: null,
    });
    expect(recent).toEqual({ orders: [], problems: [], checkpoint: null });
    expect(conformanceProblems(h.sandbox)).toEqual([]);
  });

  it('refreshes the access token ahead of its hour: one refresh, nothing refused, nothing lost', async () => {
    const h = await small({ orders: 900 });
    h.sandbox.advance(57 * 60_000);
    const result = await pullAllOrders(h.connector, windowOf(h));
    expect(orderDifferences(h.sandbox.groundTruth(), result.items)).toEqual([]);
    expect(h.sandbox.stats().auth).toMatchObject({ refreshes: 1, rejectedTokens: 0 });
  });

  it('starts the window again when a checkpoint outlived the 24-hour pagination token', async () => {
    const h = await small();
    const window = windowOf(h);
    const first = await h.connector.listOrders({ window, checkpoint: null });
    h.sandbox.advance(25 * 3_600_000);
    const resumed = await h.connector.listOrders({ window, checkpoint: first.checkpoint });
    expect(resumed.orders.map((order) => order.remoteId)).toEqual(
      first.orders.map((order) => order.remoteId),
    );
  });

  it('refuses a malformed window or checkpoint before sending anything', async () => {
    const h = await small({ orders: 5 });
    await expect(
      h.connector.listOrders({
        window: { from: 'yesterday', to: new Date().toISOString() },
        checkpoint: null,
      }),
    ).rejects.toMatchObject({ kind: 'permanent' });
    await expect(
      h.connector.listOrders({ window: windowOf(h), checkpoint: 'not-ours' }),
    ).rejects.toMatchObject({ kind: 'permanent' });
    expect(h.sandbox.stats().requests.searchOrders ?? 0).toBe(0);
  });
});
