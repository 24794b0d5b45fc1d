/**
 * The fake Wish, exercised over raw HTTP as the docs describe the API (no connector involved):
 * OAuth code flow and bearer checks, the envelope, inclusive window bounds with more objects at
 * one updated_at than a page holds, the async bulk job, the 429 with its reset header, control.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startWishSandbox, WishControlError, type WishSandbox } from './index.js';

let sandbox: WishSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const START = Date.UTC(2026, 2, 1, 12, 0, 0);

interface Envelope {
  code: number;
  message: string;
  data: unknown;
}

async function call(
  box: WishSandbox,
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<{ status: number; headers: Headers; json: Envelope }> {
  const response = await fetch(`${box.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Envelope,
  };
}

async function token(box: WishSandbox): Promise<string> {
  const code = box.control.issueAuthorizationCode();
  const query = new URLSearchParams({
    client_id: box.clientId,
    client_secret: box.clientSecret,
    code,
    grant_type: 'authorization_code',
    redirect_uri: box.redirectUri,
  });
  const reply = await call(box, `/api/v3/oauth/access_token?${query.toString()}`);
  expect(reply.json.code).toBe(0);
  return (reply.json.data as { access_token: string }).access_token;
}

describe('fake Wish', () => {
  it('exchanges a code once, refuses calls without a valid bearer token, refreshes once', async () => {
    sandbox = await startWishSandbox({ startTime: START, items: 5, orders: 5 });
    const box = sandbox;
    const code = box.control.issueAuthorizationCode();
    const query = new URLSearchParams({
      client_id: box.clientId,
      client_secret: box.clientSecret,
      code,
      grant_type: 'authorization_code',
    });
    const first = await call(box, `/api/v3/oauth/access_token?${query.toString()}`);
    const data = first.json.data as {
      access_token: string;
      refresh_token: string;
      expiry_time: number;
      merchant_id: string;
    };
    expect(data.merchant_id).toBe(box.merchantId);
    expect(data.expiry_time * 1000 - START).toBeGreaterThanOrEqual(30 * 86_400_000 - 1000);
    expect((await call(box, `/api/v3/oauth/access_token?${query.toString()}`)).json.code).toBe(
      10002,
    );

    expect((await call(box, '/api/v3/products')).json.code).toBe(1006);
    expect((await call(box, '/api/v3/products', { token: 'nope' })).status).toBe(401);
    expect((await call(box, '/api/v3/products', { token: data.access_token })).json.code).toBe(0);
    box.control.expireAccessTokens();
    expect((await call(box, '/api/v3/products', { token: data.access_token })).json.code).toBe(
      1007,
    );

    const refresh = new URLSearchParams({
      client_id: box.clientId,
      client_secret: box.clientSecret,
      refresh_token: data.refresh_token,
      grant_type: 'refresh_token',
    });
    const renewed = await call(box, `/api/v3/oauth/refresh_token?${refresh.toString()}`);
    expect(renewed.json.code).toBe(0);
    expect((await call(box, `/api/v3/oauth/refresh_token?${refresh.toString()}`)).json.code).toBe(
      1008,
    );
    expect(box.stats().auth.refreshTokenReuse).toBe(1);
    box.control.revokeAuthorization();
    const fresh = (renewed.json.data as { access_token: string }).access_token;
    expect((await call(box, '/api/v3/products', { token: fresh })).json.code).toBe(1008);
  });

  it('keeps both window bounds inclusive and sorts ties arbitrarily', async () => {
    sandbox = await startWishSandbox({
      startTime: START,
      items: 1500,
      orders: 1200,
      tiedItems: 1100,
      tiedOrders: 600,
      rateLimit: null,
    });
    const box = sandbox;
    const bearer = await token(box);
    const truth = box.groundTruth();
    const at = new Date(truth.tiedOrdersAt!).toISOString();
    const tied = truth.orders.filter((order) => order.updated_at === truth.tiedOrdersAt).length;
    expect(tied).toBe(600);
    const exact = await call(
      box,
      `/api/v3/orders?limit=500&updated_at_min=${at}&updated_at_max=${at}&sort_by=updated_at.asc`,
      { token: bearer },
    );
    const page = exact.json.data as { id: string; updated_at: string; released_at: string }[];
    expect(page).toHaveLength(500);
    expect(new Set(page.map((order) => order.updated_at))).toEqual(new Set([at]));
    // Sorted by released_at both ways, the same exact window reaches the whole tie.
    const byRelease = await call(
      box,
      `/api/v3/orders?limit=500&updated_at_min=${at}&updated_at_max=${at}&sort_by=released_at.desc`,
      { token: bearer },
    );
    const reversed = byRelease.json.data as { id: string }[];
    const ascending = (
      await call(
        box,
        `/api/v3/orders?limit=500&updated_at_min=${at}&updated_at_max=${at}&sort_by=released_at.asc`,
        { token: bearer },
      )
    ).json.data as { id: string }[];
    const union = new Set([...ascending, ...reversed].map((order) => order.id));
    expect(union.size).toBe(600);

    const productAt = new Date(truth.tiedProductsAt!).toISOString();
    const products = await call(
      box,
      `/api/v3/products?limit=1000&updated_at_min=${productAt}&updated_at_max=${productAt}`,
      { token: bearer },
    );
    const shallow = products.json.data as Record<string, unknown>[];
    expect(shallow).toHaveLength(1000);
    expect(shallow[0]).not.toHaveProperty('variations');
    expect((await call(box, '/api/v3/products?limit=1001', { token: bearer })).json.code).toBe(
      90001,
    );
    expect((await call(box, '/api/v3/orders?limit=501', { token: bearer })).json.code).toBe(90001);
    const one = await call(box, `/api/v3/products/${shallow[0]!.id as string}`, { token: bearer });
    expect((one.json.data as { variations: unknown[] }).variations.length).toBeGreaterThan(0);
  });

  it('runs bulk updates as an async job and applies them when the job is ready', async () => {
    sandbox = await startWishSandbox({ startTime: START, items: 20, orders: 0 });
    const box = sandbox;
    const bearer = await token(box);
    const product = box.groundTruth().products.find((entry) => entry.state === 'ACTIVE')!;
    const variation = product.variations[0]!;
    const warehouse = box.groundTruth().warehouseId;
    const started = await call(box, '/api/v3/products/bulk_update', {
      method: 'POST',
      token: bearer,
      body: [
        {
          id: product.id,
          variations: [
            {
              id: variation.id,
              price: { amount: 12.3, currency_code: 'USD' },
              inventories: [{ warehouse_id: warehouse, inventory: 77 }],
            },
          ],
        },
      ],
    });
    const job = started.json.data as { id: string; status: string };
    expect(job.status).toBe('PENDING');
    box.advance(60_000);
    const done = await call(box, `/api/v3/products/bulk_update/${job.id}`, { token: bearer });
    expect((done.json.data as { status: string }).status).toBe('READY');
    const after = box.groundTruth().products.find((entry) => entry.id === product.id)!;
    expect(after.variations[0]).toMatchObject({ price_cents: 1230, inventory: 77 });
    expect(
      box
        .writes()
        .map((write) => write.field)
        .sort(),
    ).toEqual(['inventory', 'price']);
  });

  it('answers 429 with Wish-Rate-Limit-Reset once the window is used up', async () => {
    sandbox = await startWishSandbox({
      startTime: START,
      items: 3,
      orders: 0,
      rateLimit: { requestsPerSecond: 1, burst: 3 },
    });
    const box = sandbox;
    const bearer = await token(box);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await call(box, '/api/v3/products', { token: bearer });
      remaining.push(reply.headers.get('wish-rate-limit-remaining') ?? '');
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await call(box, '/api/v3/products', { token: bearer });
    expect(refused.status).toBe(429);
    const reset = Number(refused.headers.get('wish-rate-limit-reset'));
    expect(reset * 1000).toBeGreaterThan(box.now());
    box.advance(3000);
    expect((await call(box, '/api/v3/products', { token: bearer })).status).toBe(200);
  });

  it('control: one-variation orders, refunds return stock, bad input changes nothing', async () => {
    sandbox = await startWishSandbox({ startTime: START, items: 30, orders: 0 });
    const box = sandbox;
    const product = box
      .groundTruth()
      .products.find(
        (entry) =>
          entry.state === 'ACTIVE' &&
          entry.variations.some((v) => v.status === 'ENABLED' && v.inventory > 2),
      )!;
    const variation = product.variations.find((v) => v.status === 'ENABLED' && v.inventory > 2)!;
    const id = box.control.placeOrder([
      { productId: product.id, variationId: variation.id, quantity: 2 },
    ]);
    const stockOf = () =>
      box
        .groundTruth()
        .products.find((entry) => entry.id === product.id)!
        .variations.find((v) => v.id === variation.id)!.inventory;
    expect(stockOf()).toBe(variation.inventory - 2);
    box.control.cancelOrder(id);
    expect(stockOf()).toBe(variation.inventory);
    expect(() => box.control.placeOrder([])).toThrow(WishControlError);
    expect(() => box.control.sellerEdit(product.id, { inventory: -1 })).toThrow(WishControlError);
    expect(box.groundTruth().orders).toHaveLength(1);
  });
});
