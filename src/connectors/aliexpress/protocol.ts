/**
 * How the HTTP kit talks to the AliExpress IOP gateway (notes §3.1, §3.2, §3.5, §3.6):
 * - business APIs: POST /sync?method=<name>, system APIs: POST /rest/<path>;
 * - system parameters (app_key, timestamp in epoch ms, sign_method sha256, access_token when
 *   the seller's data is read, and the signature) go in the query string, business parameters in
 *   a form body; the signature covers exactly these, computed at the last moment;
 * - every failure is `{"error_response": {type, code, msg, sub_code?}}`, mapped into the kit's
 *   taxonomy below. Codes not listed are permanent (never retried blindly).
 *
 * The daily app-key ban (at 100 % of the app's daily quota AliExpress bans the app until 24:00
 * Beijing time) is a needs-user error carrying when it lifts; it is remembered, so every later
 * call of this account fails at once, without a request, until then.
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
import { ErrorResponse, issueLines } from './schemas.js';
import { signAliExpress } from './signing.js';

export interface AliExpressIdentity {
  appKey: string;
  appSecret: string;
}

const DAY = 86_400_000;
const BEIJING_OFFSET = 8 * 3_600_000;

/** The next 00:00 in GMT+8 strictly after `now`. */
export function nextBeijingMidnight(now: number): number {
  return Math.floor((now + BEIJING_OFFSET) / DAY) * DAY + DAY - BEIJING_OFFSET;
}

/** The account's daily ban, once seen: calls fail at once until it lifts. */
export class DailyBan {
  private until: number | null = null;
  private error: NeedsUserError | null = null;

  record(error: NeedsUserError, until: number): void {
    this.until = until;
    this.error = error;
  }

  /** Throws the ban's error while it lasts. */
  check(now: number): void {
    if (this.until !== null && now < this.until && this.error) throw this.error;
    if (this.until !== null && now >= this.until) {
      this.until = null;
      this.error = null;
    }
  }

  get liftsAt(): number | null {
    return this.until;
  }
}

/** Throttle codes; `ApiCallLimit` is the IOP gateway's (Lazada docs), UNCONFIRMED for AliExpress. */
const THROTTLE_CODES = new Set(['ApiCallLimit', 'AppCallLimit', 'isp.call-limited', '7']);
const ACCESS_TOKEN_CODES = new Set([
  'IllegalAccessToken',
  'InvalidAccessToken',
  'AccessTokenExpired',
  'SessionExpired',
  'InvalidSession',
  '27',
]);
const REAUTHORIZE_CODES = new Set([
  'IllegalRefreshToken',
  'InvalidRefreshToken',
  'InvalidCode',
  'IllegalAuthorizationCode',
]);
const PERMISSION_CODES = new Set([
  'InsufficientPermission',
  'InsufficientIsvPermissions',
  'InsufficientUserPermissions',
  'AccessDenied',
  'AppWhiteIpLimit',
  'isv.account-migration-check-fail',
]);
const RETRYABLE_CODES = new Set([
  'ServiceUnavailable',
  'ServiceTimeout',
  'SystemError',
  'InternalError',
  'isp.service-unavailable',
  'isp.remote-service-timeout',
  'isp.unknown-error',
]);
/** Longer throttle bans than this are read as the daily ban (the per-API ban lasts 1 s). */
const LONGEST_SHORT_BAN_MS = 3_600_000;

export function createAliExpressProtocol(
  identity: () => AliExpressIdentity,
  ban: DailyBan,
): MarketplaceProtocol {
  return {
    marketplace: 'aliexpress',
    prepare(spec, { now, accessToken }) {
      const { appKey, appSecret } = identity();
      const system: Record<string, string> = {
        app_key: appKey,
        timestamp: String(now),
        sign_method: 'sha256',
      };
      if (spec.authenticated) {
        if (accessToken === null) {
          throw new NeedsUserError(`${spec.operation} needs an authorised store`, 'reauthorize', {
            marketplace: 'aliexpress',
            operation: spec.operation,
          });
        }
        system.access_token = accessToken;
      }
      const signed: Record<string, string> = { ...system };
      for (const [name, value] of Object.entries(spec.query ?? {})) {
        if (value !== undefined) signed[name] = String(value);
      }
      if (spec.rawBody) {
        for (const [name, value] of new URLSearchParams(spec.rawBody.text)) {
          if (name in signed) throw new RangeError(`Parameter ${name} given twice`);
          signed[name] = value;
        }
      }
      const apiName = spec.path.startsWith('/rest/')
        ? spec.path.slice('/rest'.length)
        : (signed.method ?? '');
      const query = new URLSearchParams(system);
      query.set('sign', signAliExpress({ appSecret, apiName, params: signed }));
      return { query, headers: { accept: 'application/json' } };
    },
    interpret: (reply, spec) => interpretAliExpressReply(reply, spec, ban),
    rateSignals(reply) {
      const error = errorOf(reply);
      if (!error || !THROTTLE_CODES.has(error.code)) return {};
      const banMs = banLengthMs(error);
      if (banMs !== null && banMs > LONGEST_SHORT_BAN_MS) return {};
      return { throttled: true, retryAfterMs: banMs };
    },
  };
}

function errorOf(reply: RawReply): ErrorResponse | null {
  const body = (reply.json as { error_response?: unknown } | undefined)?.error_response;
  if (body === undefined) return null;
  const parsed = ErrorResponse.safeParse(body);
  return parsed.success ? parsed.data : null;
}

function banLengthMs(error: ErrorResponse): number | null {
  const match = /ban will last (\d+) more second/i.exec(
    `${error.msg ?? ''} ${error.message ?? ''}`,
  );
  return match ? Number(match[1]) * 1000 : null;
}

function requestIdOf(reply: RawReply): string | null {
  const body = reply.json as
    { request_id?: unknown; error_response?: { request_id?: unknown } } | undefined;
  const id = body?.error_response?.request_id ?? body?.request_id;
  return typeof id === 'string' && id !== '' ? id : (reply.headers['x-request-id'] ?? null);
}

export function interpretAliExpressReply(
  reply: RawReply,
  spec: RequestSpec,
  ban: DailyBan,
): unknown {
  const now = Date.parse(reply.headers.date ?? '') || Date.now();
  const details: ConnectorErrorDetails = {
    marketplace: 'aliexpress',
    operation: spec.operation,
    requestId: requestIdOf(reply),
    httpStatus: reply.status,
    retryAfterMs: parseRetryAfter(reply.headers['retry-after'] ?? null, now),
  };
  if (reply.status === 429)
    throw new RateLimitedError(`AliExpress throttled ${spec.operation}`, details);
  if (reply.parseError !== null) {
    // A cut or garbled body: the call may well have been executed.
    throw new RetryableError(
      `AliExpress ${spec.operation} answered HTTP ${reply.status} with an unreadable body`,
      { ...details, maybeApplied: reply.status < 500 },
    );
  }
  const body = reply.json as { error_response?: unknown } | null;
  if (typeof body === 'object' && body !== null && body.error_response !== undefined) {
    const parsed = ErrorResponse.safeParse(body.error_response);
    if (!parsed.success) {
      throw new InvalidPayloadError(
        `AliExpress ${spec.operation} answered with an unreadable error_response`,
        issueLines(parsed.error),
        details,
      );
    }
    throw classifyAliExpressError(parsed.data, spec, details, now, ban);
  }
  if (reply.status >= 500) {
    throw new RetryableError(
      `AliExpress ${spec.operation} failed with HTTP ${reply.status}`,
      details,
    );
  }
  if (reply.status < 200 || reply.status >= 300 || typeof body !== 'object' || body === null) {
    throw new PermanentError(`AliExpress ${spec.operation} answered HTTP ${reply.status}`, details);
  }
  return body;
}

export function classifyAliExpressError(
  error: ErrorResponse,
  spec: RequestSpec,
  base: ConnectorErrorDetails,
  now: number,
  ban: DailyBan,
): ConnectorError {
  const message = error.sub_msg ?? error.msg ?? error.message ?? '';
  const details: ConnectorErrorDetails = {
    ...base,
    requestId: base.requestId ?? error.request_id ?? null,
    marketplaceCode: error.sub_code ? `${error.code}/${error.sub_code}` : error.code,
    marketplaceMessage: message || null,
  };
  const text = `AliExpress ${spec.operation}: ${error.code}${message ? ` (${message})` : ''}`;
  const codes = [error.code, error.sub_code ?? ''];
  if (codes.some((code) => THROTTLE_CODES.has(code)) || /call[-_ ]?limit/i.test(codes.join(' '))) {
    const banMs = banLengthMs(error);
    const daily =
      /daily|per day|24:00|quota/i.test(`${message} ${error.sub_code ?? ''}`) ||
      (banMs !== null && banMs > LONGEST_SHORT_BAN_MS);
    if (!daily) return new RateLimitedError(text, { ...details, retryAfterMs: banMs ?? 1000 });
    const until = nextBeijingMidnight(now);
    const quota = new NeedsUserError(
      `${text}. The app's daily AliExpress call quota is used up; calls resume at ${new Date(until).toISOString()} (midnight GMT+8), or raise the quota in the AliExpress console`,
      'quota',
      { ...details, until: new Date(until).toISOString(), retryAfterMs: until - now },
    );
    ban.record(quota, until);
    return quota;
  }
  const auth = spec.operation.startsWith('auth.');
  if (codes.some((code) => REAUTHORIZE_CODES.has(code))) {
    return new NeedsUserError(text, 'reauthorize', details);
  }
  if (codes.some((code) => ACCESS_TOKEN_CODES.has(code))) {
    return auth
      ? new NeedsUserError(text, 'reauthorize', details)
      : new AuthExpiredError(text, details);
  }
  if (codes.some((code) => PERMISSION_CODES.has(code))) {
    return new NeedsUserError(text, 'permission', details);
  }
  // Our clock was off; the reply's Date header has corrected it, so a retry is signed right.
  if (/timestamp/i.test(`${error.code} ${message}`)) return new RetryableError(text, details);
  if (
    codes.some((code) => RETRYABLE_CODES.has(code)) ||
    error.type === 'SYSTEM' ||
    (base.httpStatus ?? 0) >= 500
  ) {
    return new RetryableError(text, details);
  }
  return new PermanentError(text, details);
}
