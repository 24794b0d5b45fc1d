import { afterEach, describe, expect, it } from 'vitest';
import { EbayControlError } from './control.js';
import { startEbaySandbox } from './index.js';
import { errorId, startTestClient, TEST_START, type TestClient } from './test-client.js';

let client: TestClient | undefined;
afterEach(async () => {
  await client?.sandbox.close();
  client = undefined;
});

const ROOT = 'https://api.ebay.com/oauth/api_scope';

describe('fake eBay OAuth', () => {
  it('consents at once and redirects to the accept URL with the code encoded, the state and expires_in', async () => {
    client = await startTestClient();
    const { sandbox } = client;
    sandbox.control.setAcceptUrl('http://127.0.0.1:9/accepted');
    const query = new URLSearchParams({
      client_id: sandbox.clientId,
      redirect_uri: sandbox.ruName,
      response_type: 'code',
      scope: `${ROOT} ${ROOT}/sell.inventory`,
      state: 'xyz',
    });
    const response = await fetch(`${sandbox.authBaseUrl}/oauth2/authorize?${query.toString()}`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^http:\/\/127\.0\.0\.1:9\/accepted\?/);
    expect(location).toMatch(/code=v%5E1\.1%23/);
    const target = new URL(location);
    expect(target.searchParams.get('state')).toBe('xyz');
    expect(target.searchParams.get('expires_in')).toBe('299');
    query.set('redirect_uri', 'https://not-a-runame.example/cb');
    expect(
      (
        await fetch(`${sandbox.authBaseUrl}/oauth2/authorize?${query.toString()}`, {
          redirect: 'manual',
        })
      ).status,
    ).toBe(400);
  });

  it('exchanges a code once, only with Basic client auth and the RuName', async () => {
    client = await startTestClient();
    const { sandbox } = client;
    const code = sandbox.control.issueAuthorizationCode();
    const wrongAuth = await client.tokenRequest(
      { grant_type: 'authorization_code', code, redirect_uri: sandbox.ruName },
      'Basic bm9wZTpub3Bl',
    );
    expect(wrongAuth).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
    const wrongRuName = await client.tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'other',
    });
    expect(wrongRuName).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    const ok = await client.tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: sandbox.ruName,
    });
    expect(ok.json).toMatchObject({
      expires_in: 7200,
      refresh_token_expires_in: 47_304_000,
      token_type: 'User Access Token',
    });
    const again = await client.tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: sandbox.ruName,
    });
    expect(again).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    // A code sent still URL-encoded (decoded zero times) is not the code.
    const fresh = sandbox.control.issueAuthorizationCode();
    const raw = await client.tokenRequest({
      grant_type: 'authorization_code',
      code: encodeURIComponent(fresh),
      redirect_uri: sandbox.ruName,
    });
    expect(raw.status).toBe(400);
  });

  it('refreshes with scopes the consent covered, keeping the refresh token; revocation ends it', async () => {
    client = await startTestClient();
    const refresh = (scope: string) =>
      client!.tokenRequest({
        grant_type: 'refresh_token',
        refresh_token: client!.refreshToken,
        scope,
      });
    const ok = await refresh(`${ROOT}/sell.inventory ${ROOT}/sell.fulfillment`);
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.json as object).sort()).toEqual([
      'access_token',
      'expires_in',
      'token_type',
    ]);
    expect((await refresh(`${ROOT}/sell.finances`)).json).toMatchObject({ error: 'invalid_scope' });
    expect((await refresh('')).json).toMatchObject({ error: 'invalid_scope' });
    client.sandbox.control.revokeAuthorization();
    expect((await refresh(ROOT)).json).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers a missing token 1002, an expired one 401/1001 (Inventory) or 403/1100 (Fulfillment)', async () => {
    client = await startTestClient();
    expect(
      errorId(await client.call('GET', '/sell/inventory/v1/inventory_item', { token: null })),
    ).toBe(1002);
    client.sandbox.control.expireAccessTokens();
    const inventory = await client.call('GET', '/sell/inventory/v1/inventory_item');
    expect([inventory.status, errorId(inventory)]).toEqual([401, 1001]);
    const orders = await client.call('GET', '/sell/fulfillment/v1/order');
    expect([orders.status, errorId(orders)]).toEqual([403, 1100]);
  });

  it('gives application tokens for the root scope only, and Analytics needs one', async () => {
    client = await startTestClient();
    expect(
      (
        await client.tokenRequest({
          grant_type: 'client_credentials',
          scope: `${ROOT}/sell.inventory`,
        })
      ).status,
    ).toBe(400);
    const app = (await client.tokenRequest({ grant_type: 'client_credentials', scope: ROOT }))
      .json as { access_token: string };
    expect((await client.call('GET', '/developer/analytics/v1_beta/rate_limit/')).status).toBe(403);
    const report = await client.call(
      'GET',
      '/developer/analytics/v1_beta/rate_limit/?api_context=sell&api_name=fulfillment',
      { token: app.access_token },
    );
    expect(report.json).toMatchObject({
      rateLimits: [
        {
          apiContext: 'sell',
          apiName: 'fulfillment',
          resources: [{ rates: [{ limit: 100_000, timeWindow: 86_400 }] }],
        },
      ],
    });
  });
});

describe('fake eBay call limits', () => {
  it('answers 429 / 2001 once the daily quota is spent, until Pacific midnight', async () => {
    client = await startTestClient({ dailyQuotas: { fulfillment: 3 } });
    for (let i = 0; i < 3; i++)
      expect((await client.call('GET', '/sell/fulfillment/v1/order')).status).toBe(200);
    const refused = await client.call('GET', '/sell/fulfillment/v1/order');
    expect([refused.status, errorId(refused)]).toEqual([429, 2001]);
    expect(refused.json).toMatchObject({
      errors: [{ domain: 'ACCESS', category: 'REQUEST', message: 'Too many requests.' }],
    });
    expect((await client.call('GET', '/sell/inventory/v1/inventory_item')).status).toBe(200);
    // TEST_START is 11:00 PDT: 13 hours to midnight.
    client.sandbox.advance(13 * 3_600_000 + 1000);
    const refreshed = await client.tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: client.refreshToken,
      scope: `${ROOT}/sell.fulfillment ${ROOT}/sell.inventory`,
    });
    client.token = (refreshed.json as { access_token: string }).access_token;
    expect((await client.call('GET', '/sell/fulfillment/v1/order')).status).toBe(200);
  });

  it('throttles above the short-term limit with the same answer', async () => {
    client = await startTestClient({ rateLimit: { requestsPerSecond: 0.001, burst: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await client.call('GET', '/sell/inventory/v1/inventory_item')).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('fake eBay set-up and control', () => {
  it('builds the same account from the same seeds, and refuses bad options and bad control input', async () => {
    const a = await startEbaySandbox({ seed: 3, startTime: TEST_START, items: 30, orders: 30 });
    const b = await startEbaySandbox({ seed: 3, startTime: TEST_START, items: 30, orders: 30 });
    try {
      expect({ ...b.groundTruth(), nowMs: 0 }).toEqual({ ...a.groundTruth(), nowMs: 0 });
      expect(() => a.control.placeOrder([])).toThrow(EbayControlError);
      expect(() => a.control.placeOrder([{ sku: 'NOPE', quantity: 1 }])).toThrow(/No offer/);
      expect(() => a.control.sellerEdit('NOPE', { title: 'x' })).toThrow(EbayControlError);
      expect(() =>
        a.control.sellerEdit(a.groundTruth().listings[0]!.sku, { priceMinor: -1 }),
      ).toThrow(/priceMinor/);
      expect(() => a.control.modifyRandomOrders(-1)).toThrow(EbayControlError);
    } finally {
      await a.close();
      await b.close();
    }
    await expect(startEbaySandbox({ items: -1 })).rejects.toThrow(RangeError);
    await expect(startEbaySandbox({ marketplaceId: 'EBAY_MARS' })).rejects.toThrow(
      /Unknown eBay marketplace/,
    );
  });

  it('takes stock with each order and gives it back on cancellation; modified orders move forward in time', async () => {
    client = await startTestClient();
    const { sandbox } = client;
    const listing = sandbox
      .groundTruth()
      .listings.find((entry) => entry.listingStatus === 'ACTIVE' && entry.quantity >= 3)!;
    const orderId = sandbox.control.placeOrder([{ sku: listing.sku, quantity: 2 }]);
    const after = sandbox.groundTruth();
    expect(after.listings.find((entry) => entry.offerId === listing.offerId)!.quantity).toBe(
      listing.quantity - 2,
    );
    sandbox.advance(1000);
    sandbox.control.cancelOrder(orderId);
    const cancelled = sandbox.groundTruth();
    expect(cancelled.listings.find((entry) => entry.offerId === listing.offerId)!.quantity).toBe(
      listing.quantity,
    );
    const order = cancelled.orders.find((entry) => entry.orderId === orderId)!;
    expect(order.cancelState).toBe('CANCELED');
    expect(order.lastModifiedMs).toBeGreaterThan(order.creationMs);
    const before = new Map(
      sandbox.groundTruth().orders.map((entry) => [entry.orderId, entry.lastModifiedMs]),
    );
    sandbox.advance(5000);
    const moved = sandbox.control.modifyRandomOrders(5);
    const now = sandbox.groundTruth();
    for (const id of moved)
      expect(now.orders.find((entry) => entry.orderId === id)!.lastModifiedMs).toBeGreaterThan(
        before.get(id)!,
      );
  });
});
