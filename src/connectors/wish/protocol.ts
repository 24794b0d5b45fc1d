/**
 * How the HTTP kit talks Wish v3: a bearer token on merchant calls, and every reply read from the
 * envelope `{code, message, data}` (code 0 = success) into the error taxonomy, whatever the HTTP
 * status said. The limiter is steered by `Wish-Rate-Limit-Remaining` (on every reply) and
 * `Wish-Rate-Limit-Reset` (with a 429: when the window resets). Codes: notes §4.6.
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
import type { RateSignals } from '../http/limiter.js';
import { Envelope, issueLines } from './schemas.js';

/** The merchant's one rate-limit window (Wish limits per merchant per app). */
export const MERCHANT_BUCKET = 'default';
export const AUTH_BUCKET = 'auth';

const ACCESS_TOKEN_EXPIRED = 1007;
const UNAUTHORIZED = 1006;
const REAUTHORIZE_CODES = new Set([
  1002, // account disabled
  1008, // token revoked
  10001, // client credentials refused
  10002, // code already redeemed
  10004, // code expired
  10008, // incorrect code
]);

/**
 * Wish-Rate-Limit-Reset is "the time the rate-limiter will reset"; its format is not published
 * (UNCONFIRMED). Read safely: epoch milliseconds or seconds for large numbers, a delay in
 * seconds for small ones, or a date text. Returns ms from `now`, or null.
 */
export function parseWishReset(value: string | undefined, now: number): number | null {
  if (value === undefined || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    const number = Number(text);
    if (number > 1e12) return Math.max(0, Math.round(number - now));
    if (number > 1e9) return Math.max(0, Math.round(number * 1000 - now));
    return Math.round(number * 1000);
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function replyNow(reply: RawReply): number {
  return Date.parse(reply.headers.date ?? '') || Date.now();
}

/**
 * `now` should be our (marketplace-corrected) clock: the Date header has one-second resolution, and
 * a reset read against it would make every pause up to a second too long.
 */
export function wishRateSignals(reply: RawReply, now: number = replyNow(reply)): RateSignals {
  const signals: RateSignals = {};
  const remaining = reply.headers['wish-rate-limit-remaining'];
  if (remaining !== undefined && /^\d+$/.test(remaining.trim()))
    signals.remaining = Number(remaining);
  const reset = parseWishReset(reply.headers['wish-rate-limit-reset'], now);
  if (reset !== null) signals.resetAfterMs = reset;
  if (reply.status === 429) {
    signals.throttled = true;
    if (reset !== null) signals.retryAfterMs = reset;
  }
  return signals;
}

/** `now` is the client's marketplace clock (read when a reply arrives). */
export function createWishProtocol(now: () => number = Date.now): MarketplaceProtocol {
  return {
    marketplace: 'wish',
    prepare(spec, { accessToken }) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (spec.authenticated) {
        if (accessToken === null) {
          throw new NeedsUserError(
            `${spec.operation} needs an authorised Wish merchant`,
            'reauthorize',
            {
              marketplace: 'wish',
              operation: spec.operation,
            },
          );
        }
        headers.authorization = `Bearer ${accessToken}`;
      }
      return { query: new URLSearchParams(), headers };
    },
    interpret: (reply, spec) => interpretWishReply(reply, spec, now()),
    rateSignals: (reply) => wishRateSignals(reply, now()),
  };
}

export function interpretWishReply(
  reply: RawReply,
  spec: RequestSpec,
  now: number = replyNow(reply),
): unknown {
  const details: ConnectorErrorDetails = {
    marketplace: 'wish',
    operation: spec.operation,
    requestId: reply.headers['wish-request-id'] ?? null,
    httpStatus: reply.status,
  };
  const body = reply.json as { code?: unknown; message?: unknown } | undefined;
  const withBody: ConnectorErrorDetails = {
    ...details,
    marketplaceCode:
      typeof body?.code === 'number' || typeof body?.code === 'string' ? String(body.code) : null,
    marketplaceMessage: typeof body?.message === 'string' ? body.message : null,
  };
  if (reply.status === 429) {
    const retryAfterMs = parseWishReset(reply.headers['wish-rate-limit-reset'], now);
    throw new RateLimitedError(`Wish throttled ${spec.operation}`, { ...withBody, retryAfterMs });
  }
  if (reply.parseError !== null) {
    // A cut or garbled body: the call may have been executed.
    throw new RetryableError(
      `Wish ${spec.operation} answered HTTP ${reply.status} with an unreadable body`,
      {
        ...details,
        maybeApplied: reply.status < 500,
      },
    );
  }
  if (reply.status >= 500) {
    throw new RetryableError(`Wish ${spec.operation} failed with HTTP ${reply.status}`, withBody);
  }
  const envelope = Envelope.safeParse(reply.json);
  if (!envelope.success) {
    throw new InvalidPayloadError(
      `Wish ${spec.operation} answered without the {code, message, data} envelope`,
      issueLines(envelope.error),
      details,
    );
  }
  const code = Number(envelope.data.code);
  if (code === 0 && reply.status < 300) return envelope.data;
  throw classifyWishError(code, envelope.data.message ?? '', spec, {
    ...withBody,
    marketplaceCode: String(envelope.data.code),
  });
}

export function classifyWishError(
  code: number,
  message: string,
  spec: RequestSpec,
  details: ConnectorErrorDetails,
): ConnectorError {
  const text = `Wish ${spec.operation}: ${code}${message ? ` (${message})` : ''}`;
  const onAuthEndpoint = spec.operation.startsWith('oauth.');
  if (REAUTHORIZE_CODES.has(code)) return new NeedsUserError(text, 'reauthorize', details);
  if (code === ACCESS_TOKEN_EXPIRED || (code === UNAUTHORIZED && !onAuthEndpoint)) {
    return new AuthExpiredError(text, details);
  }
  if (code === UNAUTHORIZED) return new NeedsUserError(text, 'reauthorize', details);
  if (details.httpStatus === 401 && !onAuthEndpoint) return new AuthExpiredError(text, details);
  if (details.httpStatus === 403) return new NeedsUserError(text, 'permission', details);
  return new PermanentError(text, details);
}
