/**
 * The fake Amazon on its own, driven with plain fetch calls written from the models (not from our
 * connector): auth, listings, orders with their window rules, shipment confirmation, feeds, FBA
 * stock, usage plans; and every SP-API exchange it answered checked against the official models.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectConformant as expectAll, loadSpec } from '../../../tests/conformance/openapi.js';
import { startAmazonSandbox, type AmazonSandbox, type AmazonSandboxOptions } from './index.js';

const SPECS = [
  'amazon/listingsItems_2021-08-01.json',
  'amazon/orders_2026-01-01.json',
  'amazon/ordersV0.json',
  'amazon/feeds_2021-06-30.json',
  'amazon/fbaInventory.json',
].map((file) => loadSpec(file));
const START = Date.UTC(2026, 2, 10, 9, 0, 0);
const MINUTE = 60_000;

let sandbox: AmazonSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(options: AmazonSandboxOptions = {}): Promise<AmazonSandbox> {
  sandbox = await startAmazonSandbox({
    listings: 60,
    orders: 80,
    startTime: START,
    recordExchanges: true,
    ...options,
  });
  return sandbox;
}

async function form(url: string, fields: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function authorize(fake: AmazonSandbox): Promise<{ access: string; refresh: string }> {
  const reply = await form(fake.lwaTokenUrl, {
    grant_type: 'authorization_code',
    code: fake.control.issueAuthorizationCode(),
    client_id: fake.clientId,
    client_secret: fake.clientSecret,
  });
  expect(reply.status).toBe(200);
  return { access: String(reply.json.access_token), refresh: String(reply.json.refresh_token) };
}

interface Reply {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

async function call(
  fake: AmazonSandbox,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply> {
  const response = await fetch(`${fake.baseUrl}${path}`, {
    method,
    headers: {
      'x-amz-access-token': token,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

function spApiExchanges(fake: AmazonSandbox) {
  return fake.exchanges().filter((exchange) => !/^\/(auth|apps|sandbox-s3)\//.test(exchange.path));
}

/**
 * Every reply against the models; requests too, except those a test sent wrong on purpose (the
 * fake refused them with a 4xx, whose reply is still checked).
 */
function expectConformant(specs: typeof SPECS, exchanges: ReturnType<typeof spApiExchanges>) {
  expectAll(
    specs,
    exchanges.filter((exchange) => exchange.status < 400),
  );
  const problems = exchanges
    .filter((exchange) => exchange.status >= 400)
    .flatMap((exchange) => {
      const spec = specs.find((candidate) => candidate.match(exchange.method, exchange.path));
      return spec
        ? spec.checkResponse(exchange.method, exchange.path, exchange.status, exchange.response)
        : [`no operation for ${exchange.method} ${exchange.path}`];
    });
  expect(problems).toEqual([]);
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('fake Amazon: Login with Amazon', () => {
  it('exchanges a code once, refreshes, issues grantless tokens and refuses bad grants', async () => {
    const fake = await start({ listings: 5, orders: 0 });
    const code = fake.control.issueAuthorizationCode();
    const client = { client_id: fake.clientId, client_secret: fake.clientSecret };
    const first = await form(fake.lwaTokenUrl, {
      grant_type: 'authorization_code',
      code,
      ...client,
    });
    expect(first.json).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(String(first.json.access_token)).toMatch(/^Atza\|/);
    expect(String(first.json.refresh_token)).toMatch(/^Atzr\|/);
    const again = await form(fake.lwaTokenUrl, {
      grant_type: 'authorization_code',
      code,
      ...client,
    });
    expect(again).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    const refreshed = await form(fake.lwaTokenUrl, {
      grant_type: 'refresh_token',
      refresh_token: String(first.json.refresh_token),
      ...client,
    });
    expect(refreshed.status).toBe(200);
    const wrongClient = await form(fake.lwaTokenUrl, {
      grant_type: 'refresh_token',
      refresh_token: String(first.json.refresh_token),
      client_id: fake.clientId,
      client_secret: 'nope',
    });
    expect(wrongClient).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
    const grantless = await form(fake.lwaTokenUrl, {
      grant_type: 'client_credentials',
      scope: 'sellingpartnerapi::notifications',
      ...client,
    });
    expect(grantless.status).toBe(200);
    const path = `/listings/2021-08-01/items/${fake.sellerId}?marketplaceIds=${fake.marketplaceId}`;
    expect((await call(fake, String(grantless.json.access_token), 'GET', path)).status).toBe(403);
    fake.control.revokeAuthorization();
    const revoked = await form(fake.lwaTokenUrl, {
      grant_type: 'refresh_token',
      refresh_token: String(first.json.refresh_token),
      ...client,
    });
    expect(revoked).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
  });

  it('answers 403 for an expired access token and redirects from the consent page', async () => {
    const fake = await start({ listings: 5, orders: 0 });
    const { access } = await authorize(fake);
    const path = `/listings/2021-08-01/items/${fake.sellerId}?marketplaceIds=${fake.marketplaceId}`;
    expect((await call(fake, access, 'GET', path)).status).toBe(200);
    fake.advance(3600_000);
    const expired = await call(fake, access, 'GET', path);
    expect(expired.status).toBe(403);
    expect(expired.json).toEqual({
      errors: [
        {
          code: 'Unauthorized',
          message: 'Access to requested resource is denied.',
          details: 'The access token you provided has expired.',
        },
      ],
    });
    const consent = await fetch(
      `${fake.consentUrl}?application_id=${fake.applicationId}&state=s1&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/cb')}`,
      { redirect: 'manual' },
    );
    const location = new URL(consent.headers.get('location') ?? '');
    expect(location.searchParams.get('state')).toBe('s1');
    expect(location.searchParams.get('selling_partner_id')).toBe(fake.sellerId);
    expect(location.searchParams.get('spapi_oauth_code')).toMatch(/^ANsbx/);
    expectConformant(SPECS, spApiExchanges(fake));
  });
});

describe('fake Amazon: listings', () => {
  it('pages every listing once with pageToken, filters by lastUpdatedAfter, refuses bad tokens', async () => {
    const fake = await start();
    const { access } = await authorize(fake);
    const base = `/listings/2021-08-01/items/${fake.sellerId}?marketplaceIds=${fake.marketplaceId}&includedData=summaries,attributes,issues,offers,fulfillmentAvailability&pageSize=20&sortBy=sku&sortOrder=ASC`;
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const reply = await call(
        fake,
        access,
        'GET',
        `${base}${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`,
      );
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-amzn-ratelimit-limit')).toBe('5');
      expect(reply.json.numberOfResults).toBe(60);
      for (const item of reply.json.items as { sku: string }[]) seen.push(item.sku);
      token = (reply.json.pagination as { nextToken?: string } | undefined)?.nextToken;
    } while (token);
    expect(seen).toEqual(
      fake
        .groundTruth()
        .listings.map((listing) => listing.sku)
        .sort(),
    );
    const cutoff = fake
      .groundTruth()
      .listings.map((listing) => listing.lastUpdated)
      .sort()[30]!;
    const changed = await call(fake, access, 'GET', `${base}&lastUpdatedAfter=${cutoff}`);
    expect(changed.json.numberOfResults).toBe(
      fake.groundTruth().listings.filter((listing) => listing.lastUpdated >= cutoff).length,
    );
    fake.advance(1000);
    const bad = await call(fake, access, 'GET', `${base}&pageToken=garbage`);
    expect(bad.status).toBe(400);
    expect((bad.json.errors as { code: string }[])[0]?.code).toBe('InvalidInput');
    expect(
      (await call(fake, access, 'GET', base.replace('pageSize=20', 'pageSize=21'))).status,
    ).toBe(400);
    expectConformant(SPECS, spApiExchanges(fake));
  });

  it('patches price and quantity, reports issues with status INVALID and changes nothing then', async () => {
    const fake = await start();
    const { access } = await authorize(fake);
    const truth = fake.groundTruth();
    const listing = truth.listings.find(
      (entry) => entry.quantity !== null && entry.minimumPriceMinor === null,
    )!;
    const path = `/listings/2021-08-01/items/${fake.sellerId}/${encodeURIComponent(listing.sku)}?marketplaceIds=${fake.marketplaceId}`;
    const ok = await call(fake, access, 'PATCH', path, {
      productType: listing.productType,
      patches: [
        {
          op: 'merge',
          path: '/attributes/purchasable_offer',
          value: [
            {
              marketplace_id: fake.marketplaceId,
              currency: 'USD',
              our_price: [{ schedule: [{ value_with_tax: 12.3 }] }],
            },
          ],
        },
        {
          op: 'merge',
          path: '/attributes/fulfillment_availability',
          value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }],
        },
      ],
    });
    expect(ok.json).toMatchObject({ sku: listing.sku, status: 'ACCEPTED', issues: [] });
    const after = fake.groundTruth().listings.find((entry) => entry.sku === listing.sku)!;
    expect(after).toMatchObject({ priceMinor: 1230, quantity: 7 });
    const invalid = await call(fake, access, 'PATCH', path, {
      productType: 'WRONG_TYPE',
      patches: [{ op: 'replace', path: '/attributes/item_name', value: [{ value: 'x' }] }],
    });
    expect(invalid.json.status).toBe('INVALID');
    expect((invalid.json.issues as { message: string }[])[0]?.message).toContain('WRONG_TYPE');
    expect(fake.groundTruth().listings.find((entry) => entry.sku === listing.sku)?.title).toBe(
      after.title,
    );
    const got = await call(
      fake,
      access,
      'GET',
      `${path}&includedData=attributes,fulfillmentAvailability`,
    );
    expect(got.json.fulfillmentAvailability).toEqual([
      { fulfillmentChannelCode: 'DEFAULT', quantity: 7 },
    ]);
    const missing = await call(
      fake,
      access,
      'GET',
      path.replace(encodeURIComponent(listing.sku), 'NO-SUCH-SKU'),
    );
    expect(missing.status).toBe(404);
    expect(fake.writes().map((write) => write.field)).toEqual(['price', 'quantity']);
    expectConformant(SPECS, spApiExchanges(fake));
  });
});

describe('fake Amazon: orders', () => {
  it('enforces the window rules and pages with paginationToken', async () => {
    const fake = await start({ orders: 250, orderDays: 30 });
    const { access } = await authorize(fake);
    const base = '/orders/2026-01-01/orders';
    const after = iso(START - 31 * 24 * 60 * MINUTE);
    const tooLate = await call(
      fake,
      access,
      'GET',
      `${base}?lastUpdatedAfter=${after}&lastUpdatedBefore=${iso(START - MINUTE)}`,
    );
    expect(tooLate.status).toBe(400);
    expect(JSON.stringify(tooLate.json)).toContain('two minutes');
    const offset = await call(
      fake,
      access,
      'GET',
      `${base}?lastUpdatedAfter=${encodeURIComponent('2026-02-01T00:00:00+01:00')}`,
    );
    expect(offset.status).toBe(400);
    expect(JSON.stringify(offset.json)).toContain('UTC');
    const mixed = await call(
      fake,
      access,
      'GET',
      `${base}?lastUpdatedAfter=${after}&createdBefore=${iso(START - 3 * MINUTE)}`,
    );
    expect(mixed.status).toBe(400);
    const query = `${base}?lastUpdatedAfter=${after}&maxResultsPerPage=100&includedData=FULFILLMENT,PROCEEDS`;
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const reply = await call(
        fake,
        access,
        'GET',
        `${query}${token ? `&paginationToken=${encodeURIComponent(token)}` : ''}`,
      );
      expect(reply.status).toBe(200);
      for (const order of reply.json.orders as { orderId: string; orderItems: unknown[] }[]) {
        ids.push(order.orderId);
        expect(order.orderItems.length).toBeGreaterThan(0);
      }
      token = (reply.json.pagination as { nextToken?: string } | undefined)?.nextToken;
    } while (token);
    expect(ids.sort()).toEqual(
      fake
        .groundTruth()
        .orders.map((order) => order.orderId)
        .sort(),
    );
    const foreign = await call(
      fake,
      access,
      'GET',
      `${base}?lastUpdatedAfter=${iso(START - 60 * MINUTE)}&paginationToken=abc`,
    );
    expect(foreign.status).toBe(400);
    expect(fake.stats().requests.searchOrders).toBe(7);
    expectConformant(SPECS, spApiExchanges(fake));
  });

  it('confirms a shipment with carrier and tracking and refuses a second confirmation of it', async () => {
    const fake = await start({ orders: 0 });
    const { access } = await authorize(fake);
    const orderId = fake.control.placeOrder();
    const order = fake.groundTruth().orders.find((entry) => entry.orderId === orderId)!;
    const body = {
      marketplaceId: fake.marketplaceId,
      packageDetail: {
        packageReferenceId: '1',
        carrierCode: 'UPS',
        trackingNumber: '1Z999',
        shipDate: iso(fake.now()),
        orderItems: order.lines.map((line) => ({
          orderItemId: line.orderItemId,
          quantity: line.quantity,
        })),
      },
    };
    const path = `/orders/v0/orders/${orderId}/shipmentConfirmation`;
    expect((await call(fake, access, 'POST', path, body)).status).toBe(204);
    expect(fake.groundTruth().orders.find((entry) => entry.orderId === orderId)).toMatchObject({
      status: 'SHIPPED',
      trackingNumbers: ['1Z999'],
    });
    const again = await call(fake, access, 'POST', path, body);
    expect(again.status).toBe(400);
    expectConformant(SPECS, spApiExchanges(fake));
  });
});

describe('fake Amazon: usage plans', () => {
  it('answers 429 QuotaExceeded with the rate-limit header once a bucket is empty', async () => {
    const fake = await start({ orders: 10 });
    const { access } = await authorize(fake);
    const path = `/fba/inventory/v1/summaries?granularityType=Marketplace&granularityId=${fake.marketplaceId}&marketplaceIds=${fake.marketplaceId}&details=true`;
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await call(fake, access, 'GET', path));
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 429]);
    expect(replies[2]?.json).toEqual({
      errors: [
        { code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' },
      ],
    });
    expect(replies[2]?.headers.get('x-amzn-ratelimit-limit')).toBe('2');
    const summaries = (replies[0]?.json.payload as { inventorySummaries: { sellerSku: string }[] })
      .inventorySummaries;
    expect(summaries.map((entry) => entry.sellerSku).sort()).toEqual(
      fake
        .groundTruth()
        .listings.filter((listing) => listing.fbaFulfillable !== null)
        .map((listing) => listing.sku)
        .sort(),
    );
    expect(fake.stats().throttled).toBe(1);
    expectConformant(SPECS, spApiExchanges(fake));
  });
});
