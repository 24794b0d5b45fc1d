/**
 * Tokens and clocks against the fake Shopee: one refresh for many concurrent calls, single-use
 * refresh tokens never reused, recovery from expired tokens and a drifting clock, and the
 * "re-authorise" state when the seller's authorization ends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createScaledClock } from '../../src/connectors/http/clock.js';
import { NeedsUserError } from '../../src/connectors/http/errors.js';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import { createShopeeConnector, ShopeeSettings } from '../../src/connectors/shopee/connector.js';
import { authorize, startHarness, type Harness } from './shopee-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const HOUR = 3_600_000;

describe('Shopee tokens against the fake', () => {
  it('completes the consent flow, stores the tokens and knows the re-authorise date', async () => {
    harness = await startHarness({ items: 5, orders: 5, rateLimit: null, timeScale: 50 });
    await authorize(harness);
    const stored = await harness.tokens.load('shopee-test');
    expect(stored?.accessToken).toMatch(/^[0-9a-f]{32}$/);
    const status = await harness.connector.authStatus();
    expect(status.state).toBe('connected');
    // The refresh token (30 days) ends before the authorization (365 days).
    const thirtyDays = harness.sandbox.now() + 30 * 24 * HOUR;
    expect(Math.abs(Date.parse(status.reauthorizeBy!) - thirtyDays)).toBeLessThan(60_000);
  });

  it('makes one refresh for many concurrent calls that need it and never reuses a refresh token', async () => {
    harness = await startHarness({
      items: 60,
      orders: 5,
      rateLimit: null,
      timeScale: 50,
      sharedClock: true,
      clientLimit: { requestsPerSecond: 500, burst: 50 },
    });
    await authorize(harness);
    harness.sandbox.advance(4 * HOUR);
    const ids = harness.sandbox
      .groundTruth()
      .items.slice(0, 20)
      .map((item) => String(item.item_id));
    const pages = await Promise.all(ids.map((id) => harness!.connector.getListing(id)));
    expect(pages.every((page) => page.items.length > 0 && page.problems.length === 0)).toBe(true);
    harness.sandbox.advance(4 * HOUR);
    await Promise.all(ids.map((id) => harness!.connector.getListing(id)));
    const auth = harness.sandbox.stats().auth;
    expect(auth.refreshes).toBe(2);
    expect(auth.refreshTokenReuse).toBe(0);
    expect(auth.rejectedTokens).toBe(0);
  });

  it('recovers when the access token is refused mid-run (expired or revoked token)', async () => {
    harness = await startHarness({ items: 30, orders: 5, rateLimit: null, timeScale: 50 });
    await authorize(harness);
    harness.sandbox.control.expireAccessTokens();
    const page = await harness.connector.listListings({ cursor: null, changedSince: null });
    expect(page.problems).toEqual([]);
    expect(harness.sandbox.stats().auth).toMatchObject({ refreshes: 1, refreshTokenReuse: 0 });
  });

  it('refreshes through 5xx and dropped connections on the auth endpoint without reusing a token', async () => {
    harness = await startHarness({ items: 5, orders: 5, rateLimit: null, timeScale: 50, seed: 11 });
    await authorize(harness);
    harness.sandbox.faults.set({
      serverErrorRate: 0.4,
      dropRate: 0.2,
      onlyPaths: ['/api/v2/auth/'],
    });
    for (let i = 0; i < 3; i++) {
      harness.sandbox.advance(4 * HOUR);
      expect((await harness.connector.refreshAuthorization()).state).toBe('connected');
    }
    expect(harness.sandbox.stats().auth).toMatchObject({ refreshes: 3, refreshTokenReuse: 0 });
  });

  it('moves to re-authorise when the seller revokes the authorization', async () => {
    harness = await startHarness({ items: 5, orders: 5, rateLimit: null, timeScale: 50 });
    await authorize(harness);
    harness.sandbox.control.revokeAuthorization();
    await expect(
      harness.connector.listListings({ cursor: null, changedSince: null }),
    ).rejects.toBeInstanceOf(NeedsUserError);
    const status = await harness.connector.authStatus();
    expect(status.state).toBe('reauthorize');
    expect(status.reason).toMatch(/shop_access_expired/);
    await authorize(harness);
    expect((await harness.connector.authStatus()).state).toBe('connected');
  });

  it('signs with the marketplace time when our clock is an hour off', async () => {
    harness = await startHarness({ items: 5, orders: 5, rateLimit: null });
    const sandbox = harness.sandbox;
    const tokens = new InMemoryTokenStore();
    const connector = createShopeeConnector(
      {
        account: { accountKey: 'drift', site: 'SG', shopId: null },
        tokenStore: tokens,
        clock: createScaledClock({ scale: 1, origin: sandbox.now() - HOUR }),
      },
      ShopeeSettings.parse({
        environment: 'local',
        baseUrl: sandbox.baseUrl,
        partnerId: sandbox.partnerId,
        partnerKey: sandbox.partnerKey,
      }),
    );
    try {
      const code = sandbox.control.issueAuthorizationCode();
      await connector.completeAuthorization({ code, shop_id: String(sandbox.shopId) });
      const page = await connector.listListings({ cursor: null, changedSince: null });
      expect(page.items.length).toBeGreaterThan(0);
      expect(sandbox.stats().auth.rejectedTimestamps).toBe(1);
    } finally {
      await connector.close();
    }
  });
});
