/**
 * Bad input from the marketplace, end to end through the connector: a stub server answers with
 * missing fields, wrong types, unknown statuses and malformed envelopes. Each becomes a typed
 * error or a reported problem with its raw payload; nothing crashes the run.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connector } from '../connector.js';
import { InvalidPayloadError } from '../http/errors.js';
import { InMemoryTokenStore } from '../http/tokens.js';
import { createShopeeConnector, ShopeeSettings } from './connector.js';

let server: Server | undefined;
let connector: Connector | undefined;
afterEach(async () => {
  await connector?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = connector = undefined;
});

type Replies = Record<string, (query: URLSearchParams) => unknown>;

async function connectTo(replies: Replies): Promise<Connector> {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stub');
    const reply = replies[url.pathname];
    const body = reply
      ? reply(url.searchParams)
      : { request_id: 'x', error: 'error_not_found', message: 'no such api' };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokens = new InMemoryTokenStore();
  await tokens.save('bad', {
    accessToken: 'a',
    accessTokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    refreshToken: 'r',
    refreshTokenExpiresAt: null,
    authorizationExpiresAt: null,
  });
  connector = createShopeeConnector(
    { account: { accountKey: 'bad', site: 'SG', shopId: '77' }, tokenStore: tokens },
    ShopeeSettings.parse({
      environment: 'local',
      baseUrl,
      partnerId: 1,
      partnerKey: 'k',
      rateLimits: { shop: { requestsPerSecond: 1000, burst: 100 } },
    }),
  );
  return connector;
}

const ok = (response: unknown) => ({ request_id: 'req-ok', error: '', message: '', response });

describe('bad input from Shopee', () => {
  it('turns unreadable items and models into problems and keeps the good ones', async () => {
    const c = await connectTo({
      '/api/v2/product/get_item_list': () =>
        ok({
          item: [
            { item_id: 1, item_status: 'NORMAL' },
            { item_id: 2, item_status: 'NORMAL' },
            { item_id: 3, item_status: 'NORMAL' },
            { item_status: 'NORMAL' },
          ],
          has_next_page: false,
        }),
      '/api/v2/product/get_item_base_info': () =>
        ok({
          item_list: [
            {
              item_id: 1,
              item_name: 'Good',
              item_status: 'NORMAL',
              has_model: false,
              price_info: [{ original_price: 5 }],
              stock_info_v2: { seller_stock: [{ stock: 1 }] },
            },
            { item_id: 2, item_name: 42, item_status: 'NORMAL', has_model: false },
            { item_id: 3, item_name: 'Models', item_status: 'PAUSED', has_model: true },
          ],
        }),
      '/api/v2/product/get_model_list': () =>
        ok({
          tier_variation: [],
          model: [
            { model_id: 9, price_info: 'free' },
            {
              model_id: 10,
              price_info: [{ original_price: 2 }],
              stock_info_v2: { seller_stock: [{ stock: 4 }] },
            },
          ],
        }),
    });
    const page = await c.listListings({ cursor: null, changedSince: null });
    expect(
      page.items.map(
        (listing) => `${listing.remoteId}/${listing.remoteVariantId}:${listing.status}`,
      ),
    ).toEqual(['1/:active', '3/10:inactive']);
    expect(page.problems.map((problem) => [problem.kind, problem.remoteId])).toEqual([
      ['invalid_payload', null],
      ['invalid_payload', '2'],
      ['unknown_value', '3'],
      ['invalid_payload', '3'],
    ]);
    expect(page.problems.every((problem) => problem.raw !== undefined)).toBe(true);
  });

  it('refuses a list reply of the wrong shape with a typed error carrying the request id', async () => {
    const c = await connectTo({ '/api/v2/product/get_item_list': () => ok({ item: 'lots' }) });
    const error = await c
      .listListings({ cursor: null, changedSince: null })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error).toMatchObject({ requestId: 'req-ok', kind: 'permanent' });
    expect((error as InvalidPayloadError).issues.length).toBeGreaterThan(0);
  });

  it('reports orders with unknown statuses, wrong types and missing details; never loops on a stuck cursor', async () => {
    const c = await connectTo({
      '/api/v2/order/get_order_list': () =>
        ok({
          more: false,
          next_cursor: '',
          order_list: [{ order_sn: 'A' }, { order_sn: 'B' }, { order_sn: 'C' }, { order_sn: 7 }],
        }),
      '/api/v2/order/get_order_detail': () =>
        ok({
          order_list: [
            {
              order_sn: 'A',
              order_status: 'TELEPORTED',
              currency: 'SGD',
              create_time: 1,
              update_time: 2,
              total_amount: 3,
              item_list: [{ item_id: 1, model_quantity_purchased: 1, model_original_price: 3 }],
            },
            {
              order_sn: 'B',
              order_status: 'COMPLETED',
              currency: 'SGD',
              create_time: 'yesterday',
              update_time: 2,
              total_amount: 3,
              item_list: [],
            },
          ],
        }),
    });
    const page = await c.listOrders({
      window: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' },
      checkpoint: null,
    });
    expect(page.orders.map((order) => [order.remoteId, order.status])).toEqual([['A', 'unknown']]);
    expect(page.problems.map((problem) => [problem.kind, problem.remoteId])).toEqual([
      ['invalid_payload', null],
      ['unknown_value', 'A'],
      ['invalid_payload', 'B'],
      ['missing', 'C'],
    ]);
    expect(page.checkpoint).toBeNull();

    const stuck = await connectTo({
      '/api/v2/order/get_order_list': () => ok({ more: true, next_cursor: '', order_list: [] }),
    });
    await expect(
      stuck.listOrders({
        window: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' },
        checkpoint: null,
      }),
    ).rejects.toBeInstanceOf(InvalidPayloadError);
  });

  it('refuses bad checkpoints and windows before any request', async () => {
    const c = await connectTo({});
    const window = { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' };
    await expect(c.listOrders({ window, checkpoint: 'garbage' })).rejects.toMatchObject({
      name: 'InvalidInputError',
    });
    await expect(
      c.listOrders({ window: { from: window.to, to: window.from }, checkpoint: null }),
    ).rejects.toMatchObject({ name: 'InvalidInputError' });
    await expect(
      c.listListings({ cursor: '{"offset":"x"}', changedSince: null }),
    ).rejects.toMatchObject({ name: 'InvalidInputError' });
  });
});
