/**
 * Amazon replies into the error taxonomy: throttles, expired tokens, missing roles, bad input,
 * server failures, cut bodies, LWA's OAuth errors, the presigned storage's XML errors; and the
 * limiter margins taken from x-amzn-RateLimit-Limit.
 */
import { describe, expect, it } from 'vitest';
import type { RawReply, RequestSpec } from '../http/client.js';
import { RateLimiter } from '../http/limiter.js';
import { ManualClock } from '../http/manual-clock.js';
import { amazonLimit, RATE_MARGIN } from './limits.js';
import { createAmazonProtocol, interpretAmazonReply } from './protocol.js';

const spec = (operation = 'searchOrders', method: RequestSpec['method'] = 'GET'): RequestSpec => ({
  operation,
  bucket: 'orders.searchOrders',
  method,
  path: '/orders/2026-01-01/orders',
  idempotent: true,
  authenticated: true,
});

function reply(status: number, body: unknown, headers: Record<string, string> = {}): RawReply {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  let json: unknown;
  let parseError: string | null = null;
  try {
    json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!text) parseError = 'empty body';
  } catch (error) {
    parseError = String(error);
  }
  return { status, headers: { 'x-amzn-requestid': 'req-1', ...headers }, text, json, parseError };
}

const errors = (code: string, message: string, details?: string) => ({
  errors: [{ code, message, ...(details ? { details } : {}) }],
});

function kindOf(run: () => unknown): unknown {
  try {
    run();
    return 'no error';
  } catch (error) {
    const found = error as {
      kind?: string;
      reason?: string;
      marketplaceCode?: string;
      requestId?: string;
      maybeApplied?: boolean;
    };
    return {
      kind: found.kind,
      reason: found.reason,
      code: found.marketplaceCode,
      requestId: found.requestId,
      maybeApplied: found.maybeApplied,
    };
  }
}

describe('interpretAmazonReply', () => {
  it('classifies SP-API replies by status and body', () => {
    expect(
      kindOf(() =>
        interpretAmazonReply(
          reply(
            429,
            errors('QuotaExceeded', 'You exceeded your quota for the requested resource.'),
          ),
          spec(),
        ),
      ),
    ).toMatchObject({ kind: 'rate_limited', code: 'QuotaExceeded', requestId: 'req-1' });
    expect(
      kindOf(() =>
        interpretAmazonReply(
          reply(
            403,
            errors(
              'Unauthorized',
              'Access to requested resource is denied.',
              'The access token you provided has expired.',
            ),
          ),
          spec(),
        ),
      ),
    ).toMatchObject({ kind: 'auth_expired' });
    expect(
      kindOf(() =>
        interpretAmazonReply(
          reply(403, errors('Unauthorized', 'Access to requested resource is denied.')),
          spec(),
        ),
      ),
    ).toMatchObject({ kind: 'needs_user', reason: 'permission' });
    expect(
      kindOf(() =>
        interpretAmazonReply(reply(400, errors('InvalidInput', 'Invalid Input')), spec()),
      ),
    ).toMatchObject({ kind: 'permanent', code: 'InvalidInput' });
    expect(
      kindOf(() =>
        interpretAmazonReply(reply(503, errors('ServiceUnavailable', 'Try later')), spec()),
      ),
    ).toMatchObject({ kind: 'retryable' });
    expect(
      kindOf(() => interpretAmazonReply(reply(200, '{"orders":[{"orderId"'), spec())),
    ).toMatchObject({ kind: 'retryable', maybeApplied: false });
    expect(
      kindOf(() =>
        interpretAmazonReply(reply(200, '{"sku":"A"'), spec('patchListingsItem', 'PATCH')),
      ),
    ).toMatchObject({ kind: 'retryable', maybeApplied: true });
  });

  it('passes successes through, and 204 as null', () => {
    expect(interpretAmazonReply(reply(200, { orders: [] }), spec())).toEqual({ orders: [] });
    expect(interpretAmazonReply(reply(204, undefined), spec('confirmShipment', 'POST'))).toBeNull();
  });

  it('reads Login with Amazon errors: invalid_grant and invalid_client ask the seller', () => {
    const lwa = spec('auth.token', 'POST');
    expect(
      kindOf(() =>
        interpretAmazonReply(
          reply(400, {
            error: 'invalid_grant',
            error_description: 'The request has an invalid grant parameter : refresh_token',
          }),
          lwa,
        ),
      ),
    ).toMatchObject({ kind: 'needs_user', reason: 'reauthorize', code: 'invalid_grant' });
    expect(
      kindOf(() =>
        interpretAmazonReply(
          reply(401, {
            error: 'invalid_client',
            error_description: 'Client authentication failed',
          }),
          lwa,
        ),
      ),
    ).toMatchObject({ kind: 'needs_user', reason: 'reauthorize' });
    expect(
      kindOf(() => interpretAmazonReply(reply(400, { error: 'invalid_request' }), lwa)),
    ).toMatchObject({ kind: 'permanent' });
  });

  it('reads the presigned storage by status (S3 speaks XML)', () => {
    const upload = spec('feeds.uploadDocument', 'PUT');
    expect(interpretAmazonReply(reply(200, undefined), upload)).toBe('');
    expect(
      kindOf(() =>
        interpretAmazonReply(reply(403, '<Error><Code>AccessDenied</Code></Error>'), upload),
      ),
    ).toMatchObject({ kind: 'permanent', code: 'AccessDenied' });
    expect(kindOf(() => interpretAmazonReply(reply(500, '<Error/>'), upload))).toMatchObject({
      kind: 'retryable',
    });
  });
});

describe('usage plans in the limiter', () => {
  it('keeps 2 % under the rate a reply names and sends the access token on SP-API calls only', () => {
    const protocol = createAmazonProtocol();
    expect(protocol.rateSignals?.(reply(200, {}, { 'x-amzn-ratelimit-limit': '0.0056' }))).toEqual({
      limitPerSecond: 0.0056 * RATE_MARGIN,
    });
    expect(
      protocol.prepare(spec(), { now: 0, accessToken: 'Atza|t' }).headers['x-amz-access-token'],
    ).toBe('Atza|t');
    expect(
      protocol.prepare(
        { ...spec('feeds.uploadDocument', 'PUT'), authenticated: false },
        { now: 0, accessToken: null },
      ).headers['x-amz-access-token'],
    ).toBeUndefined();
  });

  it('pauses after a throttle without lowering a published rate', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, (bucket) => amazonLimit(bucket));
    for (let i = 0; i < 20; i++) await limiter.acquire('orders.searchOrders');
    limiter.report('orders.searchOrders', { throttled: true, limitPerSecond: 0.0056 });
    expect(limiter.snapshot('orders.searchOrders').currentPerSecond).toBe(0.0056);
    const before = clock.now();
    await limiter.acquire('orders.searchOrders');
    // one token at the published rate after the pause, not a slowed-down rate
    expect(Math.round((clock.now() - before) / 1000)).toBe(Math.round(1 + 1 / 0.0056));
  });
});
