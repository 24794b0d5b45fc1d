import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startShopeeSandbox, type ShopeeSandbox } from './index.js';

// These tests speak to the fake with plain fetch and a signature computed here from the guide's rule,
// so they check the fake against the docs, not against our connector.
const START = Date.UTC(2026, 0, 15, 12, 0, 0);
let sandbox: ShopeeSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

function signed(
  box: ShopeeSandbox,
  path: string,
  extra: Record<string, string>,
  token?: string,
  timestamp?: number,
) {
  const ts = timestamp ?? Math.floor(box.now() / 1000);
  const base = `${box.partnerId}${path}${ts}${token !== undefined ? `${token}${box.shopId}` : ''}`;
  const sign = createHmac('sha256', box.partnerKey).update(base).digest('hex');
  const query = new URLSearchParams({
    partner_id: String(box.partnerId),
    timestamp: String(ts),
    sign,
  });
  if (token !== undefined) {
    query.set('access_token', token);
    query.set('shop_id', String(box.shopId));
  }
  for (const [key, value] of Object.entries(extra)) query.append(key, value);
  return `${box.baseUrl}${path}?${query.toString()}`;
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

async function tokens(box: ShopeeSandbox) {
  const code = box.control.issueAuthorizationCode();
  const response = await fetch(signed(box, '/api/v2/auth/token/get', {}), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, partner_id: box.partnerId, shop_id: box.shopId }),
  });
  const body = await json(response);
  return { access: String(body.access_token), refresh: String(body.refresh_token), body };
}

async function refresh(box: ShopeeSandbox, refreshToken: string) {
  const response = await fetch(signed(box, '/api/v2/auth/access_token/get', {}), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      refresh_token: refreshToken,
      partner_id: box.partnerId,
      shop_id: box.shopId,
    }),
  });
  return json(response);
}

describe('fake Shopee: auth and signing', () => {
  it('exchanges a one-time code for a 4-hour access token and a single-use refresh token', async () => {
    sandbox = await startShopeeSandbox({ startTime: START, items: 5, orders: 5, rateLimit: null });
    const first = await tokens(sandbox);
    expect(first.body.error).toBe('');
    expect(first.body.expire_in).toBe(4 * 3600);
    const renewed = await refresh(sandbox, first.refresh);
    expect(renewed.error).toBe('');
    expect(renewed.refresh_token).not.toBe(first.refresh);
    const reused = await refresh(sandbox, first.refresh);
    expect(reused.error).toBe('error_auth');
    expect(sandbox.stats().auth.refreshTokenReuse).toBe(1);
  });

  it('rejects a wrong signature, a stale timestamp and an expired token with HTTP 200 error bodies', async () => {
    sandbox = await startShopeeSandbox({ startTime: START, items: 5, orders: 5, rateLimit: null });
    const { access } = await tokens(sandbox);
    const path = '/api/v2/product/get_item_list';
    const query = { offset: '0', page_size: '10', item_status: 'NORMAL' };
    const good = await fetch(signed(sandbox, path, query, access));
    expect(good.status).toBe(200);
    expect((await json(good)).error).toBe('');

    const badSign = signed(sandbox, path, query, access).replace(
      /sign=[0-9a-f]+/,
      `sign=${'0'.repeat(64)}`,
    );
    const wrong = await fetch(badSign);
    expect(wrong.status).toBe(200);
    const wrongBody = await json(wrong);
    expect(wrongBody).toMatchObject({ error: 'error_sign', message: 'Wrong sign.' });
    expect(typeof wrongBody.request_id).toBe('string');

    const stale = Math.floor(sandbox.now() / 1000) - 301;
    expect((await json(await fetch(signed(sandbox, path, query, access, stale)))).message).toBe(
      'Invalid timestamp',
    );

    sandbox.advance(4 * 3600 * 1000 + 1000);
    expect((await json(await fetch(signed(sandbox, path, query, access)))).error).toBe(
      'error_auth',
    );
  });

  it('auto-consents on the auth link and redirects with a code and the shop id', async () => {
    sandbox = await startShopeeSandbox({ startTime: START, items: 1, orders: 1, rateLimit: null });
    const url = signed(sandbox, '/api/v2/shop/auth_partner', {
      redirect: 'http://127.0.0.1:9/done',
    });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('shop_id')).toBe(String(sandbox.shopId));
    expect(location.searchParams.get('code')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('fake Shopee: limits and data', () => {
  it('enforces the 15-day window and the page size limits', async () => {
    sandbox = await startShopeeSandbox({ startTime: START, items: 5, orders: 50, rateLimit: null });
    const { access } = await tokens(sandbox);
    const now = Math.floor(sandbox.now() / 1000);
    const list = (from: number, to: number, size: string) =>
      fetch(
        signed(
          sandbox!,
          '/api/v2/order/get_order_list',
          {
            time_range_field: 'update_time',
            time_from: String(from),
            time_to: String(to),
            page_size: size,
          },
          access,
        ),
      ).then(json);
    expect((await list(now - 15 * 86_400, now, '100')).error).toBe('');
    expect((await list(now - 15 * 86_400 - 1, now, '100')).error).toBe(
      'order.order_list_invalid_time',
    );
    expect((await list(now - 86_400, now, '101')).error).toBe('error_param');
    const items = await fetch(
      signed(
        sandbox,
        '/api/v2/product/get_item_base_info',
        { item_id_list: Array(51).fill('1').join(',') },
        access,
      ),
    ).then(json);
    expect(items.error).toBe('error_param');
  });

  it('builds the same shop from the same seed and changes order status when the clock passes', async () => {
    sandbox = await startShopeeSandbox({
      startTime: START,
      items: 50,
      orders: 200,
      seed: 9,
      rateLimit: null,
    });
    const twin = await startShopeeSandbox({
      startTime: START,
      items: 50,
      orders: 200,
      seed: 9,
      rateLimit: null,
    });
    const truth = sandbox.groundTruth();
    expect(twin.groundTruth().orders).toEqual(truth.orders);
    await twin.close();
    expect(truth.orders).toHaveLength(200);
    expect(truth.items.some((item) => item.models.length > 0)).toBe(true);
    expect(truth.pendingChanges).toBeGreaterThan(0);
    sandbox.advance(73 * 3600 * 1000);
    const later = sandbox.groundTruth();
    expect(later.pendingChanges).toBe(0);
    const changed = later.orders.filter(
      (order, index) => order.order_status !== truth.orders[index]!.order_status,
    );
    expect(changed.length).toBe(truth.pendingChanges);
    expect(changed.every((order) => order.update_time > truth.nowSeconds)).toBe(true);
  });

  it('throttles beyond the configured rate with Shopee error bodies and Retry-After', async () => {
    sandbox = await startShopeeSandbox({
      startTime: START,
      items: 5,
      orders: 5,
      rateLimit: { requestsPerSecond: 1, burst: 2 },
    });
    const { access } = await tokens(sandbox);
    const url = () =>
      signed(
        sandbox!,
        '/api/v2/product/get_item_list',
        { offset: '0', page_size: '5', item_status: 'NORMAL' },
        access,
      );
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await fetch(url()));
    const last = answers[2]!;
    expect(last.status).toBe(429);
    expect(last.headers.get('retry-after')).toBe('1');
    expect((await json(last)).error).toBe('error_rate_limit');
  });

  it('injects truncated bodies and 5xx on request', async () => {
    sandbox = await startShopeeSandbox({ startTime: START, items: 5, orders: 5, rateLimit: null });
    const { access } = await tokens(sandbox);
    const url = signed(
      sandbox,
      '/api/v2/product/get_item_list',
      { offset: '0', page_size: '5', item_status: 'NORMAL' },
      access,
    );
    sandbox.faults.set({ truncateRate: 1 });
    const text = await (await fetch(url)).text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    sandbox.faults.set({ serverErrorRate: 1 });
    expect((await fetch(url)).status).toBeGreaterThanOrEqual(500);
    expect(sandbox.stats().faults).toMatchObject({ truncate: 1, server_error: 1 });
  });

  it('adds simulated latency and drops connections on request', async () => {
    sandbox = await startShopeeSandbox({
      startTime: START,
      items: 5,
      orders: 5,
      rateLimit: null,
      timeScale: 100,
    });
    const { access } = await tokens(sandbox);
    const url = signed(
      sandbox,
      '/api/v2/product/get_item_list',
      { offset: '0', page_size: '5', item_status: 'NORMAL' },
      access,
    );
    sandbox.faults.set({ latencyMs: { min: 60_000, max: 60_000 } });
    const before = sandbox.now();
    await fetch(url);
    expect(sandbox.now() - before).toBeGreaterThanOrEqual(60_000);
    sandbox.faults.set({ dropRate: 1 });
    await expect(
      fetch(
        signed(
          sandbox,
          '/api/v2/product/get_item_list',
          { offset: '0', page_size: '5', item_status: 'NORMAL' },
          access,
        ),
      ),
    ).rejects.toThrow();
    expect(sandbox.stats().faults.drop).toBe(1);
    expect(() => sandbox!.faults.set({ serverErrorRate: 0.7, dropRate: 0.7 })).toThrow(RangeError);
  });
});

describe('fake Shopee: the sandbox shop', () => {
  it('describes a ready-to-add account with obviously fake credentials', async () => {
    sandbox = await startShopeeSandbox({ items: 3, orders: 3 });
    expect(sandbox.account).toMatchObject({
      marketplace: 'shopee',
      sandbox: true,
      site: 'SG',
      currency: 'SGD',
      connection: {
        baseUrl: sandbox.baseUrl,
        partnerId: sandbox.partnerId,
        shopId: sandbox.shopId,
      },
    });
    expect(sandbox.account.connection.partnerKey).toMatch(/NOT-A-SECRET/);
    expect(sandbox.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
