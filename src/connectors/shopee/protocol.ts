/**
 * How the HTTP kit talks Shopee: common query parameters and the signature added at the last
 * moment, and every reply read into the error taxonomy. Shopee answers most failures with HTTP 200
 * and a non-empty `error` field (guide "API response parameters"), so the body decides, not the
 * status; codes not listed below are treated as permanent (never retried blindly).
 */
import type { MarketplaceProtocol, RawReply, RequestSpec } from '../http/client.js';
import {
  AuthExpiredError,
  InvalidPayloadError,
  NeedsUserError,
  PermanentError,
  RateLimitedError,
  RetryableError,
  type ConnectorError,
  type ConnectorErrorDetails,
} from '../http/errors.js';
import { parseRetryAfter } from '../http/limiter.js';
import { Envelope, issueLines } from './schemas.js';
import { signShopee } from './signing.js';

export interface ShopeeIdentity {
  partnerId: number;
  partnerKey: string;
  /** Known once the shop has authorised (the redirect carries it). */
  shopId: number | null;
}

/** Throttle codes: `error_rate_limit` (short window) is reported by third parties; UNCONFIRMED. */
const THROTTLE_CODES = new Set([
  'error_rate_limit',
  'error_too_many_request',
  'error_too_many_requests',
]);
/** A daily quota resetting at 00:00 UTC+8 (third-party report; UNCONFIRMED). */
const DAILY_QUOTA_CODE = 'error_limit';
const REAUTHORIZE_CODES = new Set([
  'invalid_code',
  'invalid_shop_id',
  'invalid_main_acount_id',
  'refresh_token_expired',
  'shop_access_expired',
  'shop_no_linked',
  'shop_banned',
  'error_shop_refresh_token',
  'merchant_access_expired',
  'merchant_no_linked',
  'error_merchant_refresh_token',
  'supplier_access_expired',
  'supplier_no_linked',
]);
const PERMISSION_CODES = new Set(['error_permission', 'error_perm_non_admin']);
const RETRYABLE_CODES = new Set([
  'error_server',
  'error_network',
  'error_inner',
  'error_system_busy',
  'error_busy',
  'error_get_shop_fail',
  'error_update_price_fail',
  'logistics.error_connection',
  'logistics.error_core_server',
  'logistics.logistic_order_is_locked_on_creating',
]);

export function createShopeeProtocol(identity: () => ShopeeIdentity): MarketplaceProtocol {
  return {
    marketplace: 'shopee',
    prepare(spec, { now, accessToken }) {
      const { partnerId, partnerKey, shopId } = identity();
      const timestamp = Math.floor(now / 1000);
      const query = new URLSearchParams({
        partner_id: String(partnerId),
        timestamp: String(timestamp),
      });
      if (spec.authenticated) {
        if (shopId === null || accessToken === null) {
          throw new NeedsUserError(
            `${spec.operation} needs an authorised shop; authorise the Shopee shop first`,
            'reauthorize',
            { marketplace: 'shopee', operation: spec.operation },
          );
        }
        const sign = signShopee({
          partnerId,
          partnerKey,
          apiPath: spec.path,
          timestamp,
          accessToken,
          shopId,
        });
        query.set('access_token', accessToken);
        query.set('shop_id', String(shopId));
        query.set('sign', sign);
      } else {
        query.set('sign', signShopee({ partnerId, partnerKey, apiPath: spec.path, timestamp }));
      }
      return { query, headers: { accept: 'application/json' } };
    },
    interpret: interpretShopeeReply,
    rateSignals(reply) {
      const code = (reply.json as { error?: unknown } | undefined)?.error;
      return typeof code === 'string' && THROTTLE_CODES.has(code) ? { throttled: true } : {};
    },
  };
}

function requestIdOf(reply: RawReply): string | null {
  const fromBody = (reply.json as { request_id?: unknown } | undefined)?.request_id;
  if (typeof fromBody === 'string' && fromBody !== '') return fromBody;
  return reply.headers['x-request-id'] ?? null;
}

export function interpretShopeeReply(reply: RawReply, spec: RequestSpec): unknown {
  const details: ConnectorErrorDetails = {
    marketplace: 'shopee',
    operation: spec.operation,
    requestId: requestIdOf(reply),
    httpStatus: reply.status,
    retryAfterMs: parseRetryAfter(
      reply.headers['retry-after'] ?? null,
      Date.parse(reply.headers.date ?? '') || Date.now(),
    ),
  };
  if (reply.status === 429) {
    return raise(
      new RateLimitedError(`Shopee throttled ${spec.operation}`, withBody(details, reply)),
    );
  }
  if (reply.parseError !== null) {
    // A cut or garbled body: the call may well have been executed.
    throw new RetryableError(
      `Shopee ${spec.operation} answered HTTP ${reply.status} with an unreadable body`,
      {
        ...details,
        maybeApplied: reply.status < 500,
      },
    );
  }
  const envelope = Envelope.safeParse(reply.json);
  if (!envelope.success) {
    if (reply.status >= 500)
      throw new RetryableError(
        `Shopee ${spec.operation} failed with HTTP ${reply.status}`,
        details,
      );
    throw new InvalidPayloadError(
      `Shopee ${spec.operation} answered with an unexpected envelope`,
      issueLines(envelope.error),
      details,
    );
  }
  const code = envelope.data.error ?? '';
  const message = envelope.data.message ?? '';
  const withCode = {
    ...details,
    marketplaceCode: code || null,
    marketplaceMessage: message || null,
  };
  if (reply.status >= 500)
    throw new RetryableError(`Shopee ${spec.operation} failed with HTTP ${reply.status}`, withCode);
  if (code === '') {
    if (reply.status >= 200 && reply.status < 300) return reply.json;
    throw new PermanentError(`Shopee ${spec.operation} answered HTTP ${reply.status}`, withCode);
  }
  throw classifyShopeeError(code, message, spec, withCode, reply.headers.date);
}

function withBody(details: ConnectorErrorDetails, reply: RawReply): ConnectorErrorDetails {
  const body = reply.json as { error?: unknown; message?: unknown } | undefined;
  return {
    ...details,
    marketplaceCode: typeof body?.error === 'string' ? body.error : null,
    marketplaceMessage: typeof body?.message === 'string' ? body.message : null,
  };
}

function raise(error: ConnectorError): never {
  throw error;
}

/** Milliseconds until 00:00 UTC+8 after `now` (when a daily quota resets). */
function untilNextShopeeMidnight(now: number): number {
  const offset = 8 * 3_600_000;
  const day = 86_400_000;
  return day - ((now + offset) % day);
}

export function classifyShopeeError(
  code: string,
  message: string,
  spec: RequestSpec,
  details: ConnectorErrorDetails,
  dateHeader?: string,
): ConnectorError {
  const text = `Shopee ${spec.operation}: ${code}${message ? ` (${message})` : ''}`;
  if (THROTTLE_CODES.has(code)) return new RateLimitedError(text, details);
  if (code === DAILY_QUOTA_CODE) {
    const now = Date.parse(dateHeader ?? '') || Date.now();
    return new RateLimitedError(text, { ...details, retryAfterMs: untilNextShopeeMidnight(now) });
  }
  if (REAUTHORIZE_CODES.has(code)) return new NeedsUserError(text, 'reauthorize', details);
  if (PERMISSION_CODES.has(code)) return new NeedsUserError(text, 'permission', details);
  if (code === 'error_auth') {
    // On the auth endpoints error_auth means the code or refresh token is no good.
    if (spec.operation.startsWith('auth.')) return new NeedsUserError(text, 'reauthorize', details);
    if (/access[_ ]?token/i.test(message)) return new AuthExpiredError(text, details);
    if (/permission/i.test(message)) return new NeedsUserError(text, 'permission', details);
    return new PermanentError(text, details);
  }
  // Our clock was off; the reply's Date header has corrected it, so a retry is signed right.
  if (code === 'error_param' && /timestamp/i.test(message))
    return new RetryableError(text, details);
  if (RETRYABLE_CODES.has(code)) return new RetryableError(text, details);
  return new PermanentError(text, details);
}
