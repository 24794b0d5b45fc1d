/**
 * eBay's OpenAPI 3 contracts as the conformance checks use them: the errata are needed (and only
 * where the contract contradicts itself), a mismatch in a request or a reply is caught, and every
 * reply of the fake — successes and eBay's error answers alike — fits the contract. (Every request
 * the connector sends in the integration tests, with the fake's reply, is checked when each test's
 * harness closes: ebay-harness.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startEbaySandbox, type EbaySandbox } from '../../src/sandbox/ebay/index.js';
import { ebayConformanceProblems, ebaySpecs, toCheck } from '../conformance/ebay-contracts.js';
import { loadSpec } from '../conformance/openapi.js';

let sandbox: EbaySandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const PUT_ITEM = {
  method: 'PUT',
  path: '/sell/inventory/v1/inventory_item/SKU-1',
  headers: { 'content-type': 'application/json', 'content-language': 'en-US' },
  body: {
    product: { title: 'Mug', aspects: { Colour: ['Red'] } },
    availability: { shipToLocationAvailability: { quantity: 2 } },
  },
};

describe('eBay contract errata', () => {
  it('are needed: the raw contract types aspects as a string, the patched one as eBay sends them', () => {
    const raw = loadSpec('ebay/sell_inventory_v1_oas3.json').checkRequest(PUT_ITEM);
    expect(raw.join('\n')).toMatch(/aspects must be string/);
    const inventory = ebaySpecs()[0]!;
    expect(inventory.checkRequest(PUT_ITEM)).toEqual([]);
    expect(
      inventory.checkRequest({ ...PUT_ITEM, body: { product: { aspects: { Colour: 'Red' } } } }),
    ).not.toEqual([]);
  });

  it("give every operation eBay's gateway statuses and validate error bodies", () => {
    const fulfillment = ebaySpecs()[1]!;
    const error = {
      errors: [
        { errorId: 2001, domain: 'ACCESS', category: 'REQUEST', message: 'Too many requests.' },
      ],
    };
    expect(fulfillment.checkResponse('GET', '/sell/fulfillment/v1/order', 429, error)).toEqual([]);
    expect(
      fulfillment.checkResponse('GET', '/sell/fulfillment/v1/order', 400, {
        errors: [{ errorId: '30800' }],
      }),
    ).not.toEqual([]);
    expect(fulfillment.checkResponse('GET', '/sell/fulfillment/v1/order', 418, error)).not.toEqual(
      [],
    );
  });
});

describe('the checks catch a mismatch', () => {
  it('in a request: a wrong type, an unknown parameter, a missing required header', () => {
    const inventory = ebaySpecs()[0]!;
    const bulk = {
      method: 'POST',
      path: '/sell/inventory/v1/bulk_update_price_quantity',
      headers: { 'content-type': 'application/json' },
      body: { requests: [{ offers: [{ offerId: '1', price: { value: 9.99, currency: 'USD' } }] }] },
    };
    expect(inventory.checkRequest(bulk).join('\n')).toMatch(/price\/value must be string/);
    expect(
      inventory
        .checkRequest({
          method: 'GET',
          path: '/sell/inventory/v1/offer',
          query: { sku: 'A', page: '2' },
        })
        .join('\n'),
    ).toMatch(/query page: not a parameter/);
    expect(
      inventory
        .checkRequest({ ...PUT_ITEM, headers: { 'content-type': 'application/json' } })
        .join('\n'),
    ).toMatch(/header Content-Language: required but missing/);
  });

  it('in a reply: a field of the wrong type', () => {
    const fulfillment = ebaySpecs()[1]!;
    const problems = fulfillment.checkResponse('GET', '/sell/fulfillment/v1/order', 200, {
      total: '3',
      orders: [{ orderId: 1 }],
    });
    expect(problems.join('\n')).toMatch(/total must be integer/);
    expect(problems.join('\n')).toMatch(/orderId must be string/);
  });
});

describe('every reply of the fake fits the contracts', () => {
  it('successes and error answers of the Inventory, Fulfillment, Identity and Analytics APIs', async () => {
    sandbox = await startEbaySandbox({
      items: 30,
      orders: 30,
      orderDays: 10,
      rateLimit: null,
      recordExchanges: true,
      dailyQuotas: { identity: 1 },
    });
    const basic = Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64');
    const token = async (form: Record<string, string>) => {
      const response = await fetch(sandbox!.tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(form).toString(),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    };
    const user = await token({
      grant_type: 'authorization_code',
      code: sandbox.control.issueAuthorizationCode(),
      redirect_uri: sandbox.ruName,
    });
    const app = await token({
      grant_type: 'client_credentials',
      scope: 'https://api.ebay.com/oauth/api_scope',
    });
    const truth = sandbox.groundTruth();
    const order = truth.orders[0]!;
    const listing = truth.listings[0]!;
    const get = (path: string, bearer = user) =>
      fetch(`${sandbox!.baseUrl}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
    const requests = [
      get('/sell/inventory/v1/inventory_item?limit=5&offset=1'),
      get(`/sell/inventory/v1/inventory_item/${listing.sku}`),
      get('/sell/inventory/v1/inventory_item/NO-SUCH'),
      get(`/sell/inventory/v1/offer?sku=${listing.sku}`),
      get('/sell/inventory/v1/offer?sku=NO-SUCH'),
      get(`/sell/inventory/v1/offer/${listing.offerId}`),
      get(
        `/sell/fulfillment/v1/order?limit=10&filter=${encodeURIComponent(`lastmodifieddate:[${new Date(truth.nowMs - 86_400_000).toISOString()}..]`)}`,
      ),
      get(`/sell/fulfillment/v1/order?orderIds=${order.orderId}`),
      get(`/sell/fulfillment/v1/order/${order.orderId}`),
      get(`/sell/fulfillment/v1/order/${order.orderId}/shipping_fulfillment`),
      get('/sell/fulfillment/v1/order/01-00000-00009'),
      get('/sell/fulfillment/v1/order?limit=500'),
      get('/commerce/identity/v1/user/'),
      get('/commerce/identity/v1/user/'),
      get('/developer/analytics/v1_beta/rate_limit/', app),
      get('/developer/analytics/v1_beta/user_rate_limit/?api_context=sell'),
      get('/sell/inventory/v1/inventory_item', 'expired-or-unknown'),
      fetch(`${sandbox.baseUrl}/sell/inventory/v1/bulk_update_price_quantity`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          requests: [
            {
              offers: [
                { offerId: listing.offerId, availableQuantity: 3 },
                { offerId: '42', availableQuantity: 1 },
              ],
            },
          ],
        }),
      }),
    ];
    const statuses = [];
    for (const request of requests) statuses.push((await request).status);
    expect(statuses).toEqual([
      200, 200, 404, 200, 404, 200, 200, 200, 200, 200, 404, 400, 200, 429, 200, 200, 401, 207,
    ]);
    const exchanges = sandbox.exchanges().filter((exchange) => toCheck(exchange) !== null);
    const specs = ebaySpecs();
    const problems = exchanges.flatMap((exchange) => {
      const spec = specs.find((candidate) => candidate.match(exchange.method, exchange.path));
      return spec
        ? spec.checkResponse(exchange.method, exchange.path, exchange.status, exchange.response)
        : [`${exchange.path}: no contract`];
    });
    expect(problems).toEqual([]);
    // The requests above were written by hand for the test; the ones that are eBay-correct pass too.
    expect(ebayConformanceProblems(exchanges.filter((exchange) => exchange.status < 300))).toEqual(
      [],
    );
  });
});
