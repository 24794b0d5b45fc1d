/**
 * Acceptance (issue 4): a full pull of 3,000 orders (with their items) and 10,000 listings from the
 * fake Amazon, at the models' usage plans, returns the ground truth exactly — with faults on (5xx,
 * injected throttles, cut bodies, dropped connections) and every access token expiring mid-run
 * (one refresh, no lost page). Speed against the rate-limit floor is measured by
 * bench/amazon-pull.bench.ts, not asserted here. Simulated time runs fast so this takes seconds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  authorize,
  conformanceProblems,
  listingDifferences,
  orderDifferences,
  pullAllListings,
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

const SIZE = {
  listings: 10_000,
  orders: 3_000,
  orderDays: 60,
  seed: 4,
  startTime: Date.UTC(2026, 5, 1, 6, 0, 0),
  // The models' usage plans, except larger bursts on the fake's side: at 400× a millisecond of
  // event-loop jitter is 0.4 s of simulated time (2 listing searches), and a first request slower
  // than the later ones (connection, token) starts the fake's buckets seconds late. A client
  // faster than the plans would still empty these within its first pages.
  rateLimit: {
    searchListingsItems: { requestsPerSecond: 5, burst: 40 },
    searchOrders: { requestsPerSecond: 0.0056, burst: 22 },
  },
};

/** Expires every access token once the fake has served `after` requests. */
function expireTokensAfter(h: AmazonHarness, after: number) {
  const state = { expired: false };
  const watcher = setInterval(() => {
    const total = Object.values(h.sandbox.stats().requests).reduce((sum, count) => sum + count, 0);
    if (!state.expired && total > after) {
      state.expired = true;
      h.sandbox.control.expireAccessTokens();
    }
  }, 5);
  return { state, stop: () => clearInterval(watcher) };
}

async function pullEverything(h: AmazonHarness) {
  const window = {
    from: new Date(h.sandbox.now() - 61 * DAY).toISOString(),
    to: new Date(h.sandbox.now()).toISOString(),
  };
  const [listings, orders] = await Promise.all([
    pullAllListings(h.connector),
    pullAllOrders(h.connector, window),
  ]);
  return { listings, orders };
}

describe('Amazon full pull (10,000 listings, 3,000 orders)', () => {
  it('returns exactly the ground truth with faults on', async () => {
    harness = await startAmazonHarness({ ...SIZE, timeScale: 400 });
    const { sandbox } = harness;
    await authorize(harness);
    // The token endpoint is spared: its failures are tested apart.
    sandbox.faults.set({
      serverErrorRate: 0.1,
      rateLimitRate: 0.03,
      truncateRate: 0.03,
      dropRate: 0.02,
      exceptPaths: ['/auth/'],
    });
    const expiry = expireTokensAfter(harness, 250);
    try {
      const { listings, orders } = await pullEverything(harness);
      sandbox.faults.clear();
      const truth = sandbox.groundTruth();
      expect(listings.problems).toEqual([]);
      expect(orders.problems).toEqual([]);
      expect(listingDifferences(truth, listings.items)).toEqual([]);
      expect(orderDifferences(truth, orders.items)).toEqual([]);
      expect(orders.pages).toBe(30);
    } finally {
      expiry.stop();
    }
    const stats = sandbox.stats();
    expect(expiry.state.expired).toBe(true);
    expect(stats.auth.expiredTokens).toBeGreaterThan(0);
    // One refresh for the expired tokens, more only if the faults stretched the run past an hour.
    expect(stats.auth.refreshes).toBeGreaterThanOrEqual(1);
    expect(stats.faults.server_error).toBeGreaterThan(20);
    expect(stats.faults.rate_limit).toBeGreaterThan(3);
    expect(stats.faults.truncate).toBeGreaterThan(3);
    expect(stats.throttled).toBe(0);
    expect(conformanceProblems(sandbox)).toEqual([]);
  }, 180_000);

  it('refreshes once when every access token expires mid-run, and loses no page', async () => {
    harness = await startAmazonHarness({ ...SIZE, timeScale: 400 });
    const { sandbox } = harness;
    await authorize(harness);
    const expiry = expireTokensAfter(harness, 300);
    try {
      const { listings, orders } = await pullEverything(harness);
      const truth = sandbox.groundTruth();
      expect(listingDifferences(truth, listings.items)).toEqual([]);
      expect(orderDifferences(truth, orders.items)).toEqual([]);
    } finally {
      expiry.stop();
    }
    const stats = sandbox.stats();
    expect(expiry.state.expired).toBe(true);
    expect(stats.auth.expiredTokens).toBeGreaterThan(0);
    expect(stats.auth.refreshes).toBe(1);
    expect(stats.throttled).toBe(0);
  }, 180_000);
});
