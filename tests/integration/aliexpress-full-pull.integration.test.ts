/**
 * Acceptance: against the fake AliExpress with 5,000 products and 2,000 orders over 270 days (both
 * 2026 daylight-saving changes inside, with clusters of orders modified around each), a full pull
 * returns exactly the ground truth — first clean and within the fake's rate limit, then with faults
 * (5xx, throttle bans, truncated bodies, dropped connections) and an access token expiring
 * mid-run. Then orders walked in one-hour windows across both changes: none missed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  MARCH_CHANGE,
  NOVEMBER_CHANGE,
  authorizeAliExpress,
  listingDifferences,
  orderDifferences,
  pullAllListings,
  pullAllOrders,
  startAliExpressHarness,
  type AliExpressHarness,
} from './aliexpress-harness.js';

let harness: AliExpressHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SIZE = { items: 5000, orders: 2000, orderDays: 270, seed: 5 };

function fullWindow(h: AliExpressHarness) {
  return {
    from: new Date(h.sandbox.now() - 271 * DAY).toISOString(),
    to: new Date(h.sandbox.now()).toISOString(),
  };
}

async function pullEverything(h: AliExpressHarness) {
  const [listings, orders] = await Promise.all([
    pullAllListings(h.connector),
    pullAllOrders(h.connector, fullWindow(h)),
  ]);
  return { listings, orders };
}

function modifiedNear(h: AliExpressHarness, change: number) {
  return h.sandbox
    .groundTruth()
    .orders.filter((order) => Math.abs(order.gmt_modified - change) <= 90 * 60_000);
}

describe('AliExpress full pull (5,000 products, 2,000 orders over 270 days)', () => {
  it('returns exactly the ground truth and stays within the rate limit', async () => {
    harness = await startAliExpressHarness({
      ...SIZE,
      timeScale: 10,
      rateLimit: { requestsPerSecond: 40, burst: 60 },
      clientLimit: { requestsPerSecond: 40, burst: 5 },
    });
    expect(await authorizeAliExpress(harness)).toBe(String(harness.sandbox.sellerId));
    // Both changes have orders modified on both sides, and November's in both passes of 01:xx.
    for (const change of [MARCH_CHANGE, NOVEMBER_CHANGE]) {
      const near = modifiedNear(harness, change);
      expect(near.some((order) => order.gmt_modified < change)).toBe(true);
      expect(near.some((order) => order.gmt_modified >= change)).toBe(true);
    }
    const secondPass = modifiedNear(harness, NOVEMBER_CHANGE).filter(
      (order) =>
        order.gmt_modified >= NOVEMBER_CHANGE && order.gmt_modified < NOVEMBER_CHANGE + HOUR,
    );
    expect(secondPass.length).toBeGreaterThan(0);

    const { listings, orders } = await pullEverything(harness);
    const truth = harness.sandbox.groundTruth();
    expect(listings.problems).toEqual([]);
    expect(orders.problems).toEqual([]);
    expect(listingDifferences(truth, listings.items)).toEqual([]);
    expect(orderDifferences(truth, orders.items)).toEqual([]);
    const stats = harness.sandbox.stats();
    expect(stats.throttled).toBe(0);
    expect(stats.auth).toMatchObject({
      rejectedSignatures: 0,
      rejectedTimestamps: 0,
      rejectedTokens: 0,
    });
    expect(stats.requests['aliexpress.solution.order.get']).toBe(40);
  }, 180_000);

  it('still returns exactly the ground truth with faults and a token expiring mid-run', async () => {
    harness = await startAliExpressHarness({
      ...SIZE,
      timeScale: 100,
      rateLimit: null,
      clientLimit: { requestsPerSecond: 200, burst: 20 },
    });
    await authorizeAliExpress(harness);
    const sandbox = harness.sandbox;
    // The token endpoints are spared: a refresh whose reply is cut after the gateway retired the
    // old refresh token cannot be recovered by any client (see http/tokens.ts).
    sandbox.faults.set({
      serverErrorRate: 0.15,
      rateLimitRate: 0.04,
      truncateRate: 0.04,
      dropRate: 0.02,
      exceptPaths: ['/rest/auth/'],
    });
    let expired = false;
    const watcher = setInterval(() => {
      const total = Object.values(sandbox.stats().requests).reduce((sum, count) => sum + count, 0);
      if (!expired && total > 1500) {
        expired = true;
        sandbox.control.expireAccessTokens();
      }
    }, 5);
    try {
      const { listings, orders } = await pullEverything(harness);
      sandbox.faults.clear();
      const truth = sandbox.groundTruth();
      expect(listings.problems).toEqual([]);
      expect(orders.problems).toEqual([]);
      expect(listingDifferences(truth, listings.items)).toEqual([]);
      expect(orderDifferences(truth, orders.items)).toEqual([]);
    } finally {
      clearInterval(watcher);
    }
    const stats = sandbox.stats();
    expect(expired).toBe(true);
    expect(stats.faults.server_error).toBeGreaterThan(100);
    expect(stats.faults.truncate).toBeGreaterThan(10);
    expect(stats.faults.rate_limit).toBeGreaterThan(10);
    expect(stats.auth.rejectedTokens).toBeGreaterThan(0);
    expect(stats.auth.refreshes).toBeGreaterThanOrEqual(1);
    expect(stats.auth.refreshTokenReuse).toBe(0);
  }, 240_000);

  it('walking orders in one-hour windows across both changes misses none', async () => {
    harness = await startAliExpressHarness({
      ...SIZE,
      items: 300,
      timeScale: 100,
      rateLimit: null,
      clientLimit: { requestsPerSecond: 200, burst: 20 },
    });
    await authorizeAliExpress(harness);
    harness.sandbox.faults.set({
      serverErrorRate: 0.1,
      truncateRate: 0.03,
      exceptPaths: ['/rest/auth/'],
    });
    for (const change of [MARCH_CHANGE, NOVEMBER_CHANGE]) {
      const truth = harness.sandbox.groundTruth();
      for (let from = change - 3 * HOUR; from < change + 3 * HOUR; from += HOUR) {
        // Windows touch (the next starts 1 ms after this one ends), as the engine walks them.
        const window = { from, to: from + HOUR - 1 };
        const pulled = await pullAllOrders(harness.connector, {
          from: new Date(window.from).toISOString(),
          to: new Date(window.to).toISOString(),
        });
        expect(pulled.problems).toEqual([]);
        expect(orderDifferences(truth, pulled.items, window)).toEqual([]);
      }
    }
  }, 120_000);
});
