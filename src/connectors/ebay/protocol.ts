/**
 * How the HTTP kit talks to eBay's REST APIs and to its OAuth token endpoint.
 *
 * API calls carry `Authorization: Bearer <user token>` and `X-EBAY-C-MARKETPLACE-ID`. Replies are
 * read by status: 2xx is the payload (an empty 201/204 body is fine); failures carry eBay's
 * `{"errors":[{errorId, domain, category, message, …}]}` (notes §2.6) and become:
 * - 429 (errorId 2001, "Too many requests") → rate_limited;
 * - 401 (1001 invalid / 1002 missing token) → auth_expired: the kit refreshes once and retries;
 * - 403 with errorId 1100 → auth_expired too: some eBay APIs answer an expired token so. If the
 *   refreshed token is refused the same way, it is a real missing permission (see api.ts);
 * - 5xx, and 25025 "concurrent access … try again later" → retryable; a 5xx may have been applied;
 * - anything else → permanent, with eBay's errorId and message.
 *
 * The token endpoint answers OAuth's `{"error", "error_description"}`: invalid_grant → the seller
 * must authorise again; invalid_scope → a permission the consent did not give; invalid_client →
 * the application's credentials are wrong (permanent: a setting, not the seller, must change).
 */
import type { MarketplaceProtocol, RawReply, RequestSpec } from '../http/client.js';
import {
  AuthExpiredError,
  NeedsUserError,
  PermanentError,
  RateLimitedError,
  RetryableError,
  type ConnectorErrorDetails,
} from '../http/errors.js';
import { parseRetryAfter } from '../http/limiter.js';
import { ErrorBody, OAuthErrorBody, type ErrorDetail } from './schemas.js';

/** What an eBay call resolves with: the status, the headers (Location) and the parsed body. */
export interface EbayReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  requestId: string | null;
}

const RETRYABLE_ERROR_IDS = new Set([25001, 25025, 30500]);

function requestIdOf(reply: RawReply): string | null {
  return reply.headers['x-ebay-c-request-id'] ?? reply.headers['rlogid'] ?? null;
}

function detailsOf(reply: RawReply, spec: RequestSpec): ConnectorErrorDetails {
  const now = Date.parse(reply.headers.date ?? '') || Date.now();
  return {
    marketplace: 'ebay',
    operation: spec.operation,
    requestId: requestIdOf(reply),
    httpStatus: reply.status,
    retryAfterMs: parseRetryAfter(reply.headers['retry-after'] ?? null, now),
  };
}

/** eBay's first error of a failure body, when it has one. */
export function firstError(reply: RawReply): ErrorDetail | null {
  const parsed = ErrorBody.safeParse(reply.json);
  return parsed.success ? parsed.data.errors[0]! : null;
}

export function interpretEbayReply(reply: RawReply, spec: RequestSpec): EbayReply {
  const details = detailsOf(reply, spec);
  const emptyBody = reply.text.trim() === '';
  if (reply.status >= 200 && reply.status < 300) {
    if (reply.parseError !== null && !emptyBody) {
      // A cut or garbled body: the call may well have been executed.
      throw new RetryableError(`eBay ${spec.operation} answered with an unreadable body`, {
        ...details,
        maybeApplied: spec.method !== 'GET',
      });
    }
    return {
      status: reply.status,
      headers: reply.headers,
      body: emptyBody ? undefined : reply.json,
      requestId: details.requestId ?? null,
    };
  }
  const error = firstError(reply);
  const coded: ConnectorErrorDetails = {
    ...details,
    marketplaceCode: error ? String(error.errorId) : null,
    marketplaceMessage: error ? (error.longMessage ?? error.message ?? null) : null,
  };
  const text =
    `eBay ${spec.operation}: HTTP ${reply.status}${error ? ` ${error.errorId} ${error.message ?? ''}` : ''}`.trim();
  if (reply.status === 429) throw new RateLimitedError(text, coded);
  if (reply.status === 401) throw new AuthExpiredError(text, coded);
  if (reply.status === 403 && error?.errorId === 1100) throw new AuthExpiredError(text, coded);
  if (reply.status >= 500 || (error && RETRYABLE_ERROR_IDS.has(error.errorId))) {
    throw new RetryableError(text, { ...coded, maybeApplied: spec.method !== 'GET' });
  }
  if (reply.parseError !== null && !emptyBody && reply.status !== 404) {
    throw new RetryableError(
      `eBay ${spec.operation} answered HTTP ${reply.status} with an unreadable body`,
      {
        ...coded,
        maybeApplied: spec.method !== 'GET',
      },
    );
  }
  throw new PermanentError(text, coded);
}

export function createEbayProtocol(options: {
  marketplaceId: string;
  /** Called for every attempt sent (daily quotas count retries too). */
  onAttempt: (spec: RequestSpec) => void;
}): MarketplaceProtocol {
  return {
    marketplace: 'ebay',
    prepare(spec, { accessToken }) {
      options.onAttempt(spec);
      const headers: Record<string, string> = {
        accept: 'application/json',
        'x-ebay-c-marketplace-id': options.marketplaceId,
      };
      if (spec.authenticated) {
        if (accessToken === null) {
          throw new NeedsUserError(
            `${spec.operation} needs an authorised eBay account`,
            'reauthorize',
            {
              marketplace: 'ebay',
              operation: spec.operation,
            },
          );
        }
        headers.authorization = `Bearer ${accessToken}`;
      }
      return { query: new URLSearchParams(), headers };
    },
    interpret: interpretEbayReply,
  };
}

/** The token endpoint: the request comes whole from buildEbayTokenRequest (spec.headers). */
export function createEbayTokenProtocol(
  onAttempt: (spec: RequestSpec) => void,
): MarketplaceProtocol {
  return {
    marketplace: 'ebay',
    prepare(spec) {
      onAttempt(spec);
      return { query: new URLSearchParams(), headers: { accept: 'application/json' } };
    },
    interpret(reply, spec) {
      const details = detailsOf(reply, spec);
      if (reply.status === 200 && reply.parseError === null) return reply.json;
      if (reply.status === 429)
        throw new RateLimitedError(`eBay ${spec.operation} was throttled`, details);
      if (reply.status >= 500 || reply.parseError !== null) {
        throw new RetryableError(`eBay ${spec.operation} failed with HTTP ${reply.status}`, {
          ...details,
          maybeApplied: reply.status < 500,
        });
      }
      const body = OAuthErrorBody.safeParse(reply.json);
      const code = body.success ? body.data.error : null;
      const coded = {
        ...details,
        marketplaceCode: code,
        marketplaceMessage: body.success ? (body.data.error_description ?? null) : null,
      };
      const text = `eBay ${spec.operation}: ${code ?? `HTTP ${reply.status}`}${coded.marketplaceMessage ? ` (${coded.marketplaceMessage})` : ''}`;
      if (code === 'invalid_grant') throw new NeedsUserError(text, 'reauthorize', coded);
      if (code === 'invalid_scope') throw new NeedsUserError(text, 'permission', coded);
      if (code === 'temporarily_unavailable' || code === 'server_error')
        throw new RetryableError(text, coded);
      throw new PermanentError(text, coded);
    },
  };
}
