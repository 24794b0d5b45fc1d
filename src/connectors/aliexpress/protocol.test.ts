import { describe, expect, it } from 'vitest';
import type { RawReply, RequestSpec } from '../http/client.js';
import { ConnectorError, NeedsUserError } from '../http/errors.js';
import {
  DailyBan,
  createAliExpressProtocol,
  interpretAliExpressReply,
  nextBeijingMidnight,
} from './protocol.js';
import { signAliExpress } from './signing.js';

const spec: RequestSpec = {
  operation: 'aliexpress.solution.order.get',
  bucket: 'default',
  method: 'POST',
  path: '/sync',
  query: { method: 'aliexpress.solution.order.get' },
  rawBody: {
    contentType: 'application/x-www-form-urlencoded',
    text: 'param0=%7B%22page_size%22%3A50%7D',
  },
  idempotent: true,
  authenticated: true,
};
const DATE = 'Fri, 20 Nov 2026 12:00:00 GMT';

function reply(json: unknown, status = 200): RawReply {
  return { status, headers: { date: DATE }, text: JSON.stringify(json), json, parseError: null };
}

function failure(
  body: Record<string, unknown>,
  ban = new DailyBan(),
  target = spec,
): ConnectorError {
  try {
    interpretAliExpressReply(reply({ error_response: body }), target, ban);
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('AliExpress protocol', () => {
  it('signs exactly what is sent: system params in the query, business params in the form', () => {
    const protocol = createAliExpressProtocol(
      () => ({ appKey: '500101', appSecret: 'secret' }),
      new DailyBan(),
    );
    const prepared = protocol.prepare(spec, { now: 1_517_820_392_000, accessToken: 'tok' });
    const sent = Object.fromEntries(prepared.query);
    const { sign, ...rest } = sent;
    expect(rest).toEqual({
      app_key: '500101',
      timestamp: '1517820392000',
      sign_method: 'sha256',
      access_token: 'tok',
    });
    expect(sign).toBe(
      signAliExpress({
        appSecret: 'secret',
        apiName: 'aliexpress.solution.order.get',
        params: { ...rest, method: 'aliexpress.solution.order.get', param0: '{"page_size":50}' },
      }),
    );
  });

  it('reads a short ApiCallLimit ban as a throttle and the daily one as needs-user until midnight GMT+8', () => {
    const short = failure({
      type: 'ISP',
      code: 'ApiCallLimit',
      msg: 'This ban will last 1 more seconds',
    });
    expect(short).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1000 });
    const ban = new DailyBan();
    const daily = failure(
      {
        type: 'ISP',
        code: 'ApiCallLimit',
        sub_code: 'isp.appkey-daily-quota-exceeded',
        msg: 'banned until 24:00 Beijing time. This ban will last 14400 more seconds',
      },
      ban,
    );
    expect(daily).toBeInstanceOf(NeedsUserError);
    expect(daily).toMatchObject({
      kind: 'needs_user',
      reason: 'quota',
      until: '2026-11-20T16:00:00.000Z',
    });
    // Remembered: the account's next calls fail at once until it lifts.
    expect(() => ban.check(Date.parse('2026-11-20T15:59:59Z'))).toThrow(NeedsUserError);
    expect(() => ban.check(Date.parse('2026-11-20T16:00:00Z'))).not.toThrow();
    expect(nextBeijingMidnight(Date.parse('2026-11-20T16:00:00Z'))).toBe(
      Date.parse('2026-11-21T16:00:00Z'),
    );
  });

  it('maps tokens, permissions, timestamps and platform errors into the taxonomy', () => {
    expect(failure({ code: 'IllegalAccessToken', msg: 'expired' })).toMatchObject({
      kind: 'auth_expired',
    });
    expect(
      failure({ code: 'IllegalRefreshToken' }, new DailyBan(), {
        ...spec,
        operation: 'auth.token_refresh',
      }),
    ).toMatchObject({ kind: 'needs_user', reason: 'reauthorize' });
    expect(failure({ code: 'InsufficientPermission' })).toMatchObject({
      kind: 'needs_user',
      reason: 'permission',
    });
    expect(failure({ code: 'InvalidTimestamp', msg: 'timestamp too old' })).toMatchObject({
      kind: 'retryable',
    });
    expect(failure({ type: 'SYSTEM', code: 'ServiceUnavailable' })).toMatchObject({
      kind: 'retryable',
    });
    expect(
      failure({
        type: 'ISV',
        code: 'InvalidParameter',
        sub_code: 'isv.invalid-parameter',
        msg: 'bad',
      }),
    ).toMatchObject({
      kind: 'permanent',
      marketplaceCode: 'InvalidParameter/isv.invalid-parameter',
      marketplaceMessage: 'bad',
    });
    expect(
      failure({ code: 50, msg: 'Remote service error', sub_code: 'isv.invalid-parameter' }),
    ).toMatchObject({ kind: 'permanent', marketplaceCode: '50/isv.invalid-parameter' });
  });

  it('treats a cut body as retryable and possibly applied', () => {
    const cut: RawReply = {
      status: 200,
      headers: {},
      text: '{"a":',
      json: undefined,
      parseError: 'Unexpected end',
    };
    expect(() => interpretAliExpressReply(cut, spec, new DailyBan())).toThrow(
      expect.objectContaining({ kind: 'retryable', maybeApplied: true }),
    );
  });
});
