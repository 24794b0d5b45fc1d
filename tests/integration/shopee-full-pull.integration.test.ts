/**
 * Acceptance: against the fake Shopee with 5,000 items and 2,000 orders over 90 days, a full pull
 * returns every order exactly once and every item with its models — first clean, then with faults
 * (20 % 5xx, throttle answers, truncated bodies, an access token that expires mid-run) — and the
 * client stays under the fake's rate limit. Simulated time runs faster so this takes seconds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  authorize,
  pullAllListings,
  pullAllOrders,
  startHarness,
  type Harness,
} from './shopee-harness.js';
import { listingDifferences, orderDifferences } from './shopee-truth.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const DAY = 86_400_000;
const SIZE = { items: 5000, orders: 2000, orderDays: 90, seed: 3 };

function fullWindow(h: Harness) {
  return {
    from: new Date(h.sandbox.now() - 91 * DAY).toISOString(),
    to: new Date(h.sandbox.now()).toISOString(),
  };
}

async function pullEverything(h: Harness) {
  const [listings, orders] = await Promise.all([
    pullAllListings(h.connector),
    pullAllOrders(h.connector, fullWindow(h)),
  ]);
  return { listings, orders };
}

describe('Shopee full pull (5,000 items, 2,000 orders over 90 days)', () => {
  it('returns exactly the ground truth and never trips the rate limit', async () => {
    harness = await startHarness({
      ...SIZE,
      timeScale: 10,
      // The fake's larger burst absorbs event-loop jitter on a busy machine; a client running
      // faster than 40/s would still overrun it within seconds of this minute-long pull.
      rateLimit: { requestsPerSecond: 40, burst: 60 },
      clientLimit: { requestsPerSecond: 40, burst: 5 },
    });
    await authorize(harness);
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
      refreshTokenReuse: 0,
    });
    expect(stats.requests['/api/v2/order/get_order_list']).toBeGreaterThanOrEqual(7);
  }, 120_000);

  it('still returns exactly the ground truth with faults and a token expiring mid-run', async () => {
    harness = await startHarness({
      ...SIZE,
      timeScale: 100,
      rateLimit: null,
      clientLimit: { requestsPerSecond: 200, burst: 20 },
    });
    await authorize(harness);
    const sandbox = harness.sandbox;
    // The auth endpoints are spared: a refresh whose reply is cut after Shopee consumed the
    // single-use token cannot be recovered by any client (see http/tokens.ts); tested apart.
    sandbox.faults.set({
      serverErrorRate: 0.2,
      rateLimitRate: 0.04,
      truncateRate: 0.04,
      dropRate: 0.02,
      exceptPaths: ['/api/v2/auth/'],
    });
    let expired = false;
    const watcher = setInterval(() => {
      const total = Object.values(sandbox.stats().requests).reduce((sum, count) => sum + count, 0);
      if (!expired && total > 800) {
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
  }, 180_000);
});
