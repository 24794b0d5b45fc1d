/**
 * The shared conformance validator (tests/conformance/openapi.ts) on both spec styles: Amazon's
 * Swagger 2.0 models and eBay's OpenAPI 3 contracts as placed in ../shared/marketplace-specs,
 * plus small inline specs for the dialect corners (nullable, servers with variables, styles).
 * (Kept under tests/integration because vitest's include does not list tests/conformance.)
 */
import { readFileSync } from 'node:fs';
import axios from 'axios';
import { describe, expect, it } from 'vitest';
import {
  ConformanceSpec,
  ExchangeRecorder,
  checkExchanges,
  expectConformant,
  expectSchemaValid,
  loadJsonSchema,
  loadSpec,
  specFile,
} from '../conformance/openapi.js';

const listings = loadSpec('amazon/listingsItems_2021-08-01.json');
const orders = loadSpec('amazon/orders_2026-01-01.json');
const ordersV0 = loadSpec('amazon/ordersV0.json');
const inventory = loadSpec('ebay/sell_inventory_v1_oas3.json');
const fulfillment = loadSpec('ebay/sell_fulfillment_v1_oas3.json');

const goodOrder = {
  orderId: '113-0000000-0000001',
  createdTime: '2025-01-01T10:00:00Z',
  lastUpdatedTime: '2025-01-01T11:00:00Z',
  salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER' },
  orderItems: [],
};

describe('Swagger 2.0 (Amazon models)', () => {
  it('matches operations by template, decoding path parameters', () => {
    const found = listings.match('GET', '/listings/2021-08-01/items/A1SELLER/RED%2FSHOE%20L');
    expect(found?.operationId).toBe('getListingsItem');
    expect(found?.pathParams).toEqual({ sellerId: 'A1SELLER', sku: 'RED/SHOE L' });
    expect(listings.match('GET', '/listings/2021-08-01/items/A1SELLER')?.operationId).toBe(
      'searchListingsItems',
    );
    expect(listings.match('POST', '/listings/2021-08-01/items/A1SELLER')).toBeUndefined();
    expect(ordersV0.match('GET', '/orders/v0/orders')?.deprecated).toBe(true);
  });

  it('accepts a conformant request and reply', () => {
    expectConformant(
      [listings, orders],
      [
        {
          method: 'GET',
          path: '/orders/2026-01-01/orders',
          query: {
            lastUpdatedAfter: '2025-01-01T00:00:00Z',
            marketplaceIds: 'ATVPDKIKX0DER',
            maxResultsPerPage: '100',
            includedData: 'FULFILLMENT,PROCEEDS',
          },
          status: 200,
          response: { orders: [goodOrder], pagination: { nextToken: 'abc' } },
        },
        {
          method: 'PATCH',
          path: '/listings/2021-08-01/items/A1SELLER/SKU-1',
          query: new URLSearchParams({ marketplaceIds: 'ATVPDKIKX0DER' }),
          body: {
            productType: 'PRODUCT',
            patches: [
              {
                op: 'merge',
                path: '/attributes/fulfillment_availability',
                value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 3 }],
              },
            ],
          },
          status: 200,
          response: { sku: 'SKU-1', status: 'ACCEPTED', submissionId: 'S1', issues: [] },
        },
      ],
    );
  });

  it('names bad parameters, bodies and replies', () => {
    const problems = checkExchanges(
      [listings, orders],
      [
        {
          method: 'GET',
          path: '/orders/2026-01-01/orders',
          query: {
            lastUpdatedAfter: 'yesterday',
            includedData: ['FULFILLMENT', 'PROCEEDS'],
            fulfilledBy: 'ROBOT',
            pageSize: '5',
          },
          status: 200,
          response: { orders: [{ orderId: 7 }] },
        },
        {
          method: 'PATCH',
          path: '/listings/2021-08-01/items/A1SELLER/SKU-1',
          body: { patches: [{ op: 'upsert', path: '/attributes/x' }] },
          status: 418,
          response: {},
        },
        { method: 'DELETE', path: '/orders/2026-01-01/nowhere' },
      ],
    );
    const text = problems.join('\n');
    expect(text).toContain('query lastUpdatedAfter: (root) must match format "date-time"');
    expect(text).toContain('query includedData: given 2 times');
    expect(text).toContain('query fulfilledBy: /0 must be one of ["MERCHANT","AMAZON"]');
    expect(text).toContain('query pageSize: not a parameter of this operation');
    expect(text).toContain("/orders/0 must have required property 'createdTime'");
    expect(text).toContain('/orders/0/orderId must be string');
    expect(text).toContain('(patchListingsItem) query marketplaceIds: required but missing');
    expect(text).toContain("request body: (root) must have required property 'productType'");
    expect(text).toContain('/patches/0/op must be one of');
    expect(text).toContain('(patchListingsItem) response 418: status not declared');
    expect(text).toContain('DELETE /orders/2026-01-01/nowhere: no operation');
    expect(() => expectConformant(orders, { method: 'GET', path: '/x' })).toThrow(
      /1 conformance problem/,
    );
  });

  it('reports deprecated operations when asked', () => {
    const exchange = {
      method: 'GET',
      path: '/orders/v0/orders',
      query: { MarketplaceIds: 'ATVPDKIKX0DER', LastUpdatedAfter: '2025-01-01T00:00:00Z' },
    };
    expect(checkExchanges(ordersV0, exchange)).toEqual([]);
    expect(checkExchanges(ordersV0, exchange, { rejectDeprecated: true })).toEqual([
      'GET /orders/v0/orders (getOrders): the model marks this operation deprecated',
    ]);
  });
});

describe('OpenAPI 3 (eBay contracts)', () => {
  it('strips the servers[].url path and validates bodies through components', () => {
    expect(inventory.match('GET', '/sell/inventory/v1/inventory_item/SKU-1')?.pathParams).toEqual({
      sku: 'SKU-1',
    });
    expect(inventory.match('GET', '/inventory_item/SKU-1')).toBeUndefined();
    const good = {
      method: 'POST',
      path: '/sell/inventory/v1/bulk_update_price_quantity',
      headers: { 'content-type': 'application/json' },
      body: { requests: [{ sku: 'SKU-1', shipToLocationAvailability: { quantity: 4 } }] },
      status: 200,
      response: { responses: [{ sku: 'SKU-1', statusCode: 200 }] },
    };
    expectConformant(inventory, good);
    const problems = checkExchanges(inventory, [
      { ...good, headers: {}, body: { requests: [{ sku: 5 }] }, response: { responses: 'no' } },
      {
        method: 'GET',
        path: '/sell/inventory/v1/inventory_item',
        status: 200,
        response: { total: 'x' },
      },
    ]).join('\n');
    expect(problems).toContain('header Content-Type: required but missing');
    expect(problems).toContain('request body: /requests/0/sku must be string');
    expect(problems).toContain('response 200 body: /responses must be array');
    expect(problems).toContain('(getInventoryItems) response 200 body: /total must be integer');
  });

  it('uses path-level servers (apiz host) and default responses', () => {
    const found = fulfillment.match('GET', '/sell/fulfillment/v1/order/12-345');
    expect(found?.operationId).toBe('getOrder');
  });

  it('handles nullable, explode, pipeDelimited, integer coercion and server variables', () => {
    const spec = new ConformanceSpec('inline.json', {
      openapi: '3.0.0',
      servers: [{ url: 'https://x.test/{base}', variables: { base: { default: 'api/v2' } } }],
      paths: {
        '/things/{id}': {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          get: {
            operationId: 'getThing',
            parameters: [
              { name: 'tags', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
              {
                name: 'ids',
                in: 'query',
                style: 'pipeDelimited',
                explode: false,
                schema: { type: 'array', items: { type: 'integer', maximum: 10 } },
              },
              { name: 'flag', in: 'query', schema: { type: 'boolean' } },
            ],
            responses: {
              '2XX': {
                description: 'ok',
                content: {
                  'application/json': { schema: { $ref: '#/components/schemas/Thing' } },
                },
              },
              default: { description: 'error' },
            },
          },
        },
      },
      components: {
        schemas: {
          Thing: {
            type: 'object',
            required: ['name'],
            properties: {
              name: { type: 'string', nullable: true },
              size: { type: 'integer', format: 'int32', minimum: 0, exclusiveMinimum: true },
            },
          },
        },
      },
    });
    expectConformant(spec, {
      method: 'GET',
      path: '/api/v2/things/42',
      query: { tags: ['a', 'b'], ids: '1|2', flag: 'true' },
      status: 203,
      response: { name: null, size: 1 },
    });
    expectConformant(spec, { method: 'GET', path: '/api/v2/things/1', status: 500 });
    const problems = checkExchanges(spec, {
      method: 'GET',
      path: '/api/v2/things/abc',
      query: { ids: '1|20', flag: 'maybe' },
      status: 200,
      response: { size: 0 },
    }).join('\n');
    expect(problems).toContain('path id: (root) must be integer');
    expect(problems).toContain('query ids: /1 must be <= 10');
    expect(problems).toContain('query flag: (root) must be boolean');
    expect(problems).toContain("(root) must have required property 'name'");
    expect(problems).toContain('/size must be > 0');
  });
});

describe('JSON Schema files and the recorder', () => {
  it('validates the listings feed and processing report examples, and rejects broken ones', () => {
    const feedExample = JSON.parse(
      readFileSync(specFile('amazon/listings-feed-schema-v2.example.json'), 'utf8'),
    ) as unknown;
    const reportExample = JSON.parse(
      readFileSync(
        specFile('amazon/listings-feed-processing-report-schema-v2.example.json'),
        'utf8',
      ),
    ) as unknown;
    expectSchemaValid('amazon/listings-feed-schema-v2.json', feedExample);
    expectSchemaValid('amazon/listings-feed-processing-report-schema-v2.json', reportExample);
    const problems = loadJsonSchema('amazon/listings-feed-schema-v2.json').check({
      header: { sellerId: 'A1' },
      messages: [{ messageId: 1, sku: 'S', operationType: 'SHRED' }],
    });
    expect(problems.join('\n')).toContain("/header must have required property 'version'");
    expect(problems.join('\n')).toContain('/messages/0/operationType must be one of');
  });

  it('records what an axios instance sends and receives', async () => {
    const instance = axios.create({
      baseURL: 'https://sellingpartnerapi-na.amazon.com',
      adapter: (config) =>
        Promise.resolve({
          data: JSON.stringify({ orders: [goodOrder] }),
          status: 200,
          statusText: 'OK',
          headers: {},
          config,
        }),
    });
    const recorder = new ExchangeRecorder();
    recorder.attachAxios(instance);
    await instance.get('/orders/2026-01-01/orders?marketplaceIds=ATVPDKIKX0DER', {
      params: { lastUpdatedAfter: '2025-01-01T00:00:00Z' },
      headers: { 'x-amz-access-token': 'Atza|fake' },
    });
    expect(recorder.exchanges).toHaveLength(1);
    const [exchange] = recorder.exchanges;
    expect(exchange?.path).toBe('/orders/2026-01-01/orders');
    expect(exchange?.headers?.['x-amz-access-token']).toBe('Atza|fake');
    expectConformant(orders, recorder.exchanges);
    recorder.clear();
    expect(recorder.exchanges).toHaveLength(0);
  });
});
