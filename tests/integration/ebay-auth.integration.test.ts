/**
 * eBay authorisation and call limits through the connector against the fake: the consent URL with
 * the RuName, the code decoded once and form-encoded once, refresh tokens' expiry surfaced, expired
 * tokens recognised by eBay's real signals (401, and 403/1100 on the Fulfillment API) and refreshed
 * once with the scopes, revocation and missing permissions sent to the seller, and the daily quotas
 * counted, persisted across connectors and honoured (eBay's own 429/2001 too).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectorError,
  NeedsUserError,
  RateLimitedError,
} from '../../src/connectors/http/errors.js';
import { createEbayConnector, EbaySettings } from '../../src/connectors/ebay/connector.js';
import { SCOPE_ROOT } from '../../src/connectors/ebay/auth.js';
import {
  CALLBACK_URL,
  authorize,
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

const small = { items: 20, orders: 20, orderDays: 10, timeScale: 50, rateLimit: null } as const;

function lastTokenRequest(h: Harness): URLSearchParams {
  const calls = h.sandbox
    .exchanges()
    .filter((exchange) => exchange.path === '/identity/v1/oauth2/token');
  return new URLSearchParams(String(calls[calls.length - 1]!.requestBody));
}

function ordersWindow(h: Harness) {
  const now = h.sandbox.now();
  return { from: new Date(now - 5 * 86_400_000).toISOString(), to: new Date(now).toISOString() };
}

describe('eBay authorisation', () => {
  it('builds the consent URL on the auth host with the RuName as redirect_uri', async () => {
    harness = await startHarness(small);
    const url = new URL(
      await harness.connector.consentUrl({ redirectUrl: CALLBACK_URL, state: 'abc' }),
    );
    expect(url.origin + url.pathname).toBe(`${harness.sandbox.authBaseUrl}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: harness.sandbox.clientId,
      redirect_uri: harness.sandbox.ruName,
      response_type: 'code',
      scope: EbaySettings.parse(harness.sandbox.account.connection).scopes.join(' '),
      state: 'abc',
      prompt: 'login',
    });
    expect(url.search).toContain('scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope%20');
  });

  it('exchanges the URL-encoded code decoded once, saves the tokens and surfaces the refresh expiry', async () => {
    harness = await startHarness(small);
    const shopId = await authorize(harness);
    expect(shopId).toBe(harness.sandbox.sellerId);
    const sent = lastTokenRequest(harness);
    expect(sent.get('grant_type')).toBe('authorization_code');
    expect(sent.get('redirect_uri')).toBe(harness.sandbox.ruName);
    // eBay codes hold ^ and # (and base64 + / =): they arrive encoded and must reach eBay as issued.
    expect(sent.get('code')).toMatch(/^v\^1\.1#i\^1#/);
    expect(harness.sandbox.stats().auth.codeExchanges).toBe(1);
    expect(harness.tokens.saves).toBeGreaterThanOrEqual(1);
    const status = await harness.connector.authStatus();
    expect(status.state).toBe('connected');
    const eighteenMonths = harness.sandbox.now() + 47_304_000 * 1000;
    expect(Math.abs(Date.parse(status.reauthorizeBy!) - eighteenMonths)).toBeLessThan(60_000);
    expect(Date.parse(status.accessTokenExpiresAt!) - harness.sandbox.now()).toBeLessThanOrEqual(
      7_200_000,
    );
  });

  it('refuses a code used twice: the seller must consent again', async () => {
    harness = await startHarness(small);
    const code = harness.sandbox.control.issueAuthorizationCode();
    await harness.connector.completeAuthorization({ code });
    await expect(harness.connector.completeAuthorization({ code })).rejects.toBeInstanceOf(
      NeedsUserError,
    );
  });

  it('refreshes once with the scopes on 401 (Inventory) and on 403/1100 (Fulfillment)', async () => {
    harness = await startHarness(small);
    await authorize(harness);
    harness.sandbox.control.expireAccessTokens();
    harness.sandbox.advance(7_200_000);
    await pullAllListings(harness.connector);
    expect(harness.sandbox.stats().auth.refreshes).toBe(1);
    const refresh = lastTokenRequest(harness);
    expect(refresh.get('grant_type')).toBe('refresh_token');
    expect(refresh.get('scope')).toBe(
      EbaySettings.parse(harness.sandbox.account.connection).scopes.join(' '),
    );
    // Fulfillment answers an expired token with 403 / errorId 1100.
    harness.sandbox.control.expireAccessTokens();
    const orders = await pullAllOrders(harness.connector, ordersWindow(harness));
    expect(orders.problems).toEqual([]);
    const exchanges = harness.sandbox.exchanges();
    expect(
      exchanges.some(
        (exchange) => exchange.path === '/sell/fulfillment/v1/order' && exchange.status === 403,
      ),
    ).toBe(true);
    expect(harness.sandbox.stats().auth.refreshes).toBe(2);
  });

  it('sends the seller to re-authorise after a revocation, and to grant a scope that is missing', async () => {
    harness = await startHarness(small);
    await authorize(harness);
    harness.sandbox.control.revokeAuthorization();
    await expect(pullAllListings(harness.connector)).rejects.toMatchObject({
      kind: 'needs_user',
      reason: 'reauthorize',
    });
    expect((await harness.connector.authStatus()).state).toBe('reauthorize');
    await harness.close();

    // A consent without the fulfillment scope: eBay keeps refusing after a refresh.
    harness = await startHarness(small);
    const narrow = createEbayConnector(
      {
        account: { accountKey: 'narrow', site: harness.sandbox.marketplaceId, shopId: null },
        tokenStore: harness.tokens,
        clock: harness.clock,
      },
      EbaySettings.parse({
        ...harness.sandbox.account.connection,
        scopes: [
          SCOPE_ROOT,
          `${SCOPE_ROOT}/sell.inventory`,
          `${SCOPE_ROOT}/commerce.identity.readonly`,
        ],
      }),
    );
    try {
      const consent = await fetch(
        await narrow.consentUrl({ redirectUrl: CALLBACK_URL, state: 'n' }),
        { redirect: 'manual' },
      );
      await narrow.completeAuthorization({
        redirectQuery: new URL(consent.headers.get('location')!).search,
      });
      const refused = narrow.listOrders({ window: ordersWindow(harness), checkpoint: null });
      await expect(refused).rejects.toMatchObject({ kind: 'needs_user', reason: 'permission' });
    } finally {
      await narrow.close();
    }
  });
});

describe('eBay daily call quotas', () => {
  it('counts calls per API, keeps them across connectors, and stops before the quota', async () => {
    harness = await startHarness({ ...small, dailyQuotas: { fulfillment: 1_000 } });
    await authorize(harness);
    const settings = {
      ...EbaySettings.parse(harness.sandbox.account.connection),
      dailyQuotas: { fulfillment: 4 },
    };
    const make = () =>
      createEbayConnector(
        {
          account: { accountKey: 'ebay-test', site: harness!.sandbox.marketplaceId, shopId: null },
          tokenStore: harness!.tokens,
          usageStore: harness!.usage,
          clock: harness!.clock,
        },
        EbaySettings.parse(settings),
      );
    const first = make();
    const window = ordersWindow(harness);
    for (let i = 0; i < 3; i++) await first.listOrders({ window, checkpoint: null });
    expect(first.callsToday().fulfillment).toBe(3);
    await first.close();
    // A new connector (a new run) starts from the saved count: the 4th call would pass the quota
    // less its reserve, so it is refused without being sent.
    const second = make();
    const sent = harness.sandbox.stats().requests['GET /sell/fulfillment/v1/order'];
    const refusal = await second
      .listOrders({ window, checkpoint: null })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect((refusal as RateLimitedError).marketplaceCode).toBe('daily_quota');
    expect((refusal as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
    expect(harness.sandbox.stats().requests['GET /sell/fulfillment/v1/order']).toBe(sent);
    // The day turns (at the latest one day later): calls go out again.
    harness.sandbox.advance(86_400_000);
    await expect(
      second.listOrders({ window: ordersWindow(harness), checkpoint: null }),
    ).resolves.toBeDefined();
    await second.close();
  });

  it("reads eBay's own count from the Analytics API and treats eBay's 429/2001 as rate-limited", async () => {
    harness = await startHarness(small);
    await authorize(harness);
    await pullAllListings(harness.connector);
    const reports = await harness.connector.readQuotas();
    const inventory = reports.find((report) => report.bucket === 'inventory')!;
    expect(inventory.limit).toBe(2_000_000);
    expect(inventory.limit - inventory.remaining).toBe(
      harness.sandbox.stats().requests['GET /sell/inventory/v1/offer']! + 1,
    );
    expect(harness.sandbox.stats().auth.clientCredentials).toBe(1);

    harness.sandbox.control.setDailyQuota('fulfillment', 0);
    const error = await harness.connector
      .listOrders({ window: ordersWindow(harness), checkpoint: null })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).kind).toBe('rate_limited');
    expect((error as ConnectorError).marketplaceCode).toBe('2001');
  });
});
