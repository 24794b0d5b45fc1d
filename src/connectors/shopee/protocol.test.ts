import { describe, expect, it } from 'vitest';
import type { RawReply, RequestSpec } from '../http/client.js';
import {
  AuthExpiredError,
  InvalidPayloadError,
  NeedsUserError,
  PermanentError,
  RateLimitedError,
  RetryableError,
} from '../http/errors.js';
import { createShopeeProtocol, interpretShopeeReply } from './protocol.js';
import { signShopee } from './signing.js';

const spec = (operation = 'product.get_item_list', idempotent = true): RequestSpec => ({
  operation,
  bucket: 'shop',
  method: 'GET',
  path: '/api/v2/product/get_item_list',
  idempotent,
  authenticated: true,
});

function reply(status: number, body: unknown, headers: Record<string, string> = {}): RawReply {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let json: unknown;
  let parseError: string | null = null;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    parseError = String(error);
  }
  return { status, headers, text, json, parseError };
}

const envelope = (error: string, message: string) => ({ request_id: 'req-1', error, message });

describe('Shopee replies into the error taxonomy', () => {
  it('returns the body of a success', () => {
    const body = { request_id: 'r', error: '', message: '', response: { item: [] } };
    expect(interpretShopeeReply(reply(200, body), spec())).toEqual(body);
  });

  it.each([
    [envelope('error_auth', 'Invalid access_token.'), AuthExpiredError],
    [envelope('error_auth', 'No permission to current api.'), NeedsUserError],
    [envelope('error_permission', "Sorry you don't have the permission"), NeedsUserError],
    [envelope('shop_access_expired', 'Your access to shop has expired.'), NeedsUserError],
    [envelope('error_rate_limit', 'Too many requests'), RateLimitedError],
    [envelope('error_limit', 'daily limit'), RateLimitedError],
    [envelope('error_server', 'System error. Please try again later.'), RetryableError],
    [envelope('error_param', 'Invalid timestamp'), RetryableError],
    [envelope('error_param', 'There is no sign in query.'), PermanentError],
    [envelope('error_sign', 'Wrong sign.'), PermanentError],
    [
      envelope(
        'order.order_list_invalid_time',
        'Start time must be earlier than end time and diff in 15days.',
      ),
      PermanentError,
    ],
    [envelope('something_new', 'never seen'), PermanentError],
  ])('maps HTTP 200 %j', (body, type) => {
    let caught: unknown;
    try {
      interpretShopeeReply(reply(200, body), spec());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(type);
    expect(caught).toMatchObject({
      requestId: 'req-1',
      marketplaceCode: body.error,
      marketplaceMessage: body.message,
      httpStatus: 200,
    });
  });

  it('treats error_auth on the auth endpoints as a refused authorization', () => {
    expect(() =>
      interpretShopeeReply(
        reply(200, envelope('error_auth', 'Invalid refresh_token.')),
        spec('auth.access_token_get'),
      ),
    ).toThrow(NeedsUserError);
  });

  it('maps 429 and 5xx by status, keeping the body code and Retry-After', () => {
    const throttled = (() => {
      try {
        interpretShopeeReply(
          reply(429, envelope('error_rate_limit', 'slow'), { 'retry-after': '3' }),
          spec(),
        );
      } catch (error) {
        return error;
      }
    })();
    expect(throttled).toBeInstanceOf(RateLimitedError);
    expect(throttled).toMatchObject({ retryAfterMs: 3000, marketplaceCode: 'error_rate_limit' });
    expect(() => interpretShopeeReply(reply(503, '<html>Bad gateway</html>'), spec())).toThrow(
      RetryableError,
    );
    expect(() => interpretShopeeReply(reply(500, envelope('', '')), spec())).toThrow(
      RetryableError,
    );
  });

  it('treats a cut body as retryable and possibly applied', () => {
    const cut = JSON.stringify({ request_id: 'r', error: '', response: { item: [1, 2, 3] } }).slice(
      0,
      30,
    );
    try {
      interpretShopeeReply(reply(200, cut), spec('product.update_price', true));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RetryableError);
      expect(error).toMatchObject({ maybeApplied: true });
    }
  });

  it('refuses a reply that is not a Shopee envelope', () => {
    expect(() => interpretShopeeReply(reply(200, [1, 2]), spec())).toThrow(InvalidPayloadError);
  });

  it('never lets a token into an error message', () => {
    expect.assertions(2);
    const body = envelope('error_auth', 'Invalid access_token=abc123secret for shop');
    try {
      interpretShopeeReply(reply(200, body), spec());
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('abc123secret');
      expect(JSON.stringify(error)).not.toContain('abc123secret');
    }
  });
});

describe('Shopee request preparation', () => {
  it('adds partner_id, timestamp, access_token, shop_id and the shop signature', () => {
    const protocol = createShopeeProtocol(() => ({ partnerId: 7, partnerKey: 'key', shopId: 42 }));
    const prepared = protocol.prepare(spec(), { now: 1_700_000_000_999, accessToken: 'tok' });
    expect(Object.fromEntries(prepared.query)).toEqual({
      partner_id: '7',
      timestamp: '1700000000',
      access_token: 'tok',
      shop_id: '42',
      sign: signShopee({
        partnerId: 7,
        partnerKey: 'key',
        apiPath: '/api/v2/product/get_item_list',
        timestamp: 1_700_000_000,
        accessToken: 'tok',
        shopId: 42,
      }),
    });
  });

  it('signs public calls without token or shop', () => {
    const protocol = createShopeeProtocol(() => ({
      partnerId: 7,
      partnerKey: 'key',
      shopId: null,
    }));
    const prepared = protocol.prepare(
      { ...spec('auth.token_get'), path: '/api/v2/auth/token/get', authenticated: false },
      { now: 1_000_000, accessToken: null },
    );
    expect([...prepared.query.keys()]).toEqual(['partner_id', 'timestamp', 'sign']);
  });
});
