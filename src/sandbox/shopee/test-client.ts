/**
 * A minimal Shopee v2 client for the fake's own tests: it signs as the developer guide says
 * (HMAC-SHA256 over partner_id + path + timestamp [+ access_token + shop_id]) with plain fetch,
 * so the tests check the fake against the docs, not against our connector.
 */
import { createHmac } from 'node:crypto';
import type { ShopeeSandbox } from './index.js';

export type Answer = Record<string, unknown> & {
  error: string;
  message: string;
  response?: Record<string, unknown>;
};

export interface TestClient {
  get(path: string, query: Record<string, string | string[]>): Promise<Answer>;
  post(path: string, body: unknown): Promise<Answer>;
}

function url(
  box: ShopeeSandbox,
  path: string,
  token: string | undefined,
  query: Record<string, string | string[]> = {},
): string {
  const timestamp = Math.floor(box.now() / 1000);
  const base = `${box.partnerId}${path}${timestamp}${token === undefined ? '' : `${token}${box.shopId}`}`;
  const search = new URLSearchParams({
    partner_id: String(box.partnerId),
    timestamp: String(timestamp),
    sign: createHmac('sha256', box.partnerKey).update(base).digest('hex'),
  });
  if (token !== undefined) {
    search.set('access_token', token);
    search.set('shop_id', String(box.shopId));
  }
  for (const [key, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, one);
  }
  return `${box.baseUrl}${path}?${search.toString()}`;
}

async function answer(response: Response): Promise<Answer> {
  return (await response.json()) as Answer;
}

/** Authorises against the fake (one-time code, token exchange) and returns a signed client. */
export async function connect(box: ShopeeSandbox): Promise<TestClient> {
  const code = box.control.issueAuthorizationCode();
  const tokens = await answer(
    await fetch(url(box, '/api/v2/auth/token/get', undefined), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, partner_id: box.partnerId, shop_id: box.shopId }),
    }),
  );
  if (tokens.error !== '') throw new Error(`token/get failed: ${tokens.error} ${tokens.message}`);
  const token = String(tokens.access_token);
  return {
    get: async (path, query) => answer(await fetch(url(box, path, token, query))),
    post: async (path, body) =>
      answer(
        await fetch(url(box, path, token), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      ),
  };
}

/** Every item_id get_item_list returns, page after page, for the given filter. */
export async function walkItemList(
  client: TestClient,
  query: Record<string, string | string[]>,
  pageSize = 100,
): Promise<number[]> {
  const ids: number[] = [];
  let offset = 0;
  for (;;) {
    const page = await client.get('/api/v2/product/get_item_list', {
      ...query,
      offset: String(offset),
      page_size: String(pageSize),
    });
    if (page.error !== '') throw new Error(`get_item_list failed: ${page.error} ${page.message}`);
    const response = page.response as {
      item?: { item_id: number }[];
      has_next_page: boolean;
      next_offset: number;
    };
    for (const item of response.item ?? []) ids.push(item.item_id);
    if (!response.has_next_page) return ids;
    offset = response.next_offset;
  }
}

/** Every order_sn get_order_list returns for one window, cursor after cursor. */
export async function walkOrderList(
  client: TestClient,
  query: Record<string, string>,
  pageSize = 100,
): Promise<string[]> {
  const sns: string[] = [];
  let cursor = '';
  for (;;) {
    const page = await client.get('/api/v2/order/get_order_list', {
      ...query,
      page_size: String(pageSize),
      cursor,
    });
    if (page.error !== '') throw new Error(`get_order_list failed: ${page.error} ${page.message}`);
    const response = page.response as {
      more: boolean;
      next_cursor: string;
      order_list: { order_sn: string }[];
    };
    for (const order of response.order_list) sns.push(order.order_sn);
    if (!response.more) return sns;
    cursor = response.next_cursor;
  }
}
