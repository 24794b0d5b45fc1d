/**
 * The fake AliExpress enforces the gateway's rules on raw requests (signed here with the fake's own
 * reading of the documented algorithm, checked first against the official worked example).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAliExpressSandbox, type AliExpressSandbox } from './index.js';
import { formatPacific } from './pacific.js';
import { expectedSignature } from './protocol.js';

let sandbox: AliExpressSandbox;
let token = '';
const START = Date.UTC(2026, 10, 20, 12);

beforeAll(async () => {
  sandbox = await startAliExpressSandbox({
    items: 30,
    orders: 200,
    orderDays: 30,
    startTime: START,
    rateLimit: null,
  });
  const code = sandbox.control.issueAuthorizationCode();
  const reply = await call('/rest/auth/token/create', { code });
  token = String(reply.access_token);
});
afterAll(() => sandbox.close());

type Body = Record<string, unknown>;

function signed(
  apiName: string,
  params: Record<string, string>,
  overrides: Record<string, string> = {},
) {
  const all = new Map(
    Object.entries({
      app_key: sandbox.appKey,
      timestamp: String(sandbox.now()),
      sign_method: 'sha256',
      ...params,
      ...overrides,
    }),
  );
  if (!overrides.sign)
    all.set('sign', expectedSignature(sandbox.appSecret, apiName, all, 'sha256'));
  return all;
}

async function call(
  path: string,
  params: Record<string, string>,
  overrides: Record<string, string> = {},
): Promise<Body> {
  const apiName = path === '/sync' ? params.method! : path.slice('/rest'.length);
  const all = signed(apiName, params, overrides);
  const response = await fetch(`${sandbox.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([...all]).toString(),
  });
  return (await response.json()) as Body;
}

const business = (
  method: string,
  params: Record<string, string>,
  overrides: Record<string, string> = {},
) => call('/sync', { method, access_token: token, ...params }, overrides);

const errorCode = (body: Body) =>
  (body.error_response as { code?: string; sub_code?: string } | undefined)?.code;

describe('fake AliExpress gateway', () => {
  it('signs the official worked example as documented', () => {
    const params = new Map(
      Object.entries({
        app_key: '123456',
        access_token: 'test',
        timestamp: '1517820392000',
        sign_method: 'sha256',
        order_id: '1234',
      }),
    );
    expect(expectedSignature('helloworld', '/order/get', params, 'sha256')).toBe(
      '4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A',
    );
  });

  it('refuses a wrong signature, an old timestamp, a missing token', async () => {
    const product = sandbox.groundTruth().products[0]!;
    const method = 'aliexpress.solution.product.info.get';
    expect(
      errorCode(
        await business(method, { product_id: String(product.product_id) }, { sign: 'ABC' }),
      ),
    ).toBe('IncompleteSignature');
    expect(
      errorCode(
        await business(
          method,
          { product_id: String(product.product_id) },
          { timestamp: String(sandbox.now() - 7_300_000) },
        ),
      ),
    ).toBe('InvalidTimestamp');
    expect(errorCode(await call('/sync', { method, product_id: String(product.product_id) }))).toBe(
      'IllegalAccessToken',
    );
    const ok = await business(method, { product_id: String(product.product_id) });
    expect(ok.aliexpress_solution_product_info_get_response).toBeDefined();
    expect(sandbox.stats().auth).toMatchObject({ rejectedSignatures: 1, rejectedTimestamps: 1 });
  });

  it('filters orders by Pacific modified time, bounds included, and refuses big pages', async () => {
    const truth = sandbox.groundTruth();
    const order = truth.orders[100]!;
    const text = formatPacific(order.gmt_modified);
    const reply = await business('aliexpress.solution.order.get', {
      param0: JSON.stringify({
        modified_date_start: text,
        modified_date_end: text,
        page_size: 50,
        current_page: 1,
      }),
    });
    const result = (
      reply.aliexpress_solution_order_get_response as {
        result: {
          total_count: number;
          target_list: { order_dto: { order_id: number; gmt_update: string }[] };
        };
      }
    ).result;
    const expected = truth.orders.filter(
      (candidate) => candidate.gmt_modified === order.gmt_modified,
    );
    expect(result.total_count).toBe(expected.length);
    expect(result.target_list.order_dto.map((entry) => String(entry.order_id))).toContain(
      order.order_id,
    );
    expect(result.target_list.order_dto[0]!.gmt_update).toBe(text);
    const big = await business('aliexpress.solution.order.get', {
      param0: JSON.stringify({ page_size: 51, current_page: 1 }),
    });
    expect(errorCode(big)).toBe('InvalidParameter');
  });

  it('refuses more than 20 products in a batch and answers per product', async () => {
    const products = sandbox.groundTruth().products;
    const list = (count: number) =>
      JSON.stringify(
        products.slice(0, count).map((product) => ({
          product_id: product.product_id,
          multiple_sku_update_list: [{ sku_code: product.skus[0]!.sku_code, inventory: 5 }],
        })),
      );
    const method = 'aliexpress.solution.batch.product.inventory.update';
    expect(errorCode(await business(method, { mutiple_product_update_list: list(21) }))).toBe(
      'InvalidParameter',
    );
    const reply = (await business(method, { mutiple_product_update_list: list(20) }))[
      `${method.replaceAll('.', '_')}_response`
    ] as Body;
    const succeeded =
      (reply.update_successful_list as { synchronize_product_response_dto: unknown[] } | undefined)
        ?.synchronize_product_response_dto ?? [];
    const failed =
      (reply.update_failed_list as { synchronize_update_error_dto: unknown[] } | undefined)
        ?.synchronize_update_error_dto ?? [];
    expect(succeeded.length + failed.length).toBe(20);
  });

  it('bans the app key for the rest of the Beijing day once the daily quota is used', async () => {
    sandbox.control.setDailyQuota(sandbox.stats().dailyQuota.used + 1);
    const method = 'aliexpress.logistics.redefining.listlogisticsservice';
    expect(errorCode(await business(method, {}))).toBeUndefined();
    const banned = await business(method, {});
    expect(banned.error_response).toMatchObject({
      code: 'ApiCallLimit',
      sub_code: 'isp.appkey-daily-quota-exceeded',
    });
    expect(new Date(sandbox.stats().dailyQuota.bannedUntil!).toISOString()).toBe(
      '2026-11-20T16:00:00.000Z',
    );
    sandbox.control.setDailyQuota(null);
    expect(errorCode(await business(method, {}))).toBeUndefined();
  });
});
