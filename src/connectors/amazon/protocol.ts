/**
 * How the HTTP kit talks to Amazon (../shared/marketplace-notes.md §1.1, §1.6): the LWA access
 * token in `x-amz-access-token` on every SP-API call (no SigV4 since 2023-10-02), and every reply
 * read into the error taxonomy. SP-API errors are `{"errors":[{code, message, details}]}` with the
 * HTTP status saying the class; Login with Amazon answers OAuth 2 errors (`error`,
 * `error_description`); presigned document URLs answer S3's (XML, read by status only).
 *
 * 403 is "Access Denied, Unauthorized, Expired Token, or Invalid Signature" in the models: a 403
 * whose details speak of an expired or invalid access token is auth_expired (the kit refreshes
 * once and repeats); any other 403 means the app lacks a role for the call (needs_user). The
 * exact wording of Amazon's details is UNCONFIRMED, so the match is on words, not the sentence.
 */
import { z } from 'zod';
import type { MarketplaceProtocol, RawReply, RequestSpec } from '../http/client.js';
import { RATE_MARGIN } from './limits.js';
import {
  AuthExpiredError,
  NeedsUserError,
  PermanentError,
  RateLimitedError,
  RetryableError,
  type ConnectorErrorDetails,
} from '../http/errors.js';

const USER_AGENT = 'Silkroute/0.1 (Language=TypeScript; Platform=Node.js)';

/** Operations that are not SP-API calls, read by their own rules. */
export const LWA_OPERATION = 'auth.token';
export const STORAGE_OPERATIONS = new Set([
  'feeds.uploadDocument',
  'feeds.downloadDocument',
  // A product type's JSON Schema: a link on Amazon's document storage, not an SP-API reply.
  'definitions.downloadSchema',
]);

const ErrorList = z.object({
  errors: z.array(
    z.object({ code: z.string(), message: z.string().optional(), details: z.string().optional() }),
  ),
});
const OAuthError = z.object({ error: z.string(), error_description: z.string().optional() });

export function createAmazonProtocol(): MarketplaceProtocol {
  return {
    marketplace: 'amazon',
    prepare(spec, { accessToken }) {
      const headers: Record<string, string> = { 'user-agent': USER_AGENT };
      if (!STORAGE_OPERATIONS.has(spec.operation)) headers.accept = 'application/json';
      if (spec.authenticated) {
        if (accessToken === null) {
          throw new NeedsUserError(
            `${spec.operation} needs an authorised seller account`,
            'reauthorize',
            { marketplace: 'amazon', operation: spec.operation },
          );
        }
        headers['x-amz-access-token'] = accessToken;
      }
      return { query: new URLSearchParams(), headers };
    },
    interpret: interpretAmazonReply,
    rateSignals(reply) {
      // The applied plan, kept a little under as the configured limits are (limits.ts).
      const limit = Number(reply.headers['x-amzn-ratelimit-limit']);
      return Number.isFinite(limit) && limit > 0 ? { limitPerSecond: limit * RATE_MARGIN } : {};
    },
  };
}

function firstError(reply: RawReply): {
  code: string | null;
  message: string | null;
  details: string | null;
} {
  const list = ErrorList.safeParse(reply.json);
  if (list.success && list.data.errors[0]) {
    const [first] = list.data.errors;
    return { code: first.code, message: first.message ?? null, details: first.details ?? null };
  }
  const oauth = OAuthError.safeParse(reply.json);
  if (oauth.success)
    return { code: oauth.data.error, message: oauth.data.error_description ?? null, details: null };
  return { code: null, message: null, details: null };
}

export function interpretAmazonReply(reply: RawReply, spec: RequestSpec): unknown {
  const details: ConnectorErrorDetails = {
    marketplace: 'amazon',
    operation: spec.operation,
    requestId: reply.headers['x-amzn-requestid'] ?? null,
    httpStatus: reply.status,
  };
  if (STORAGE_OPERATIONS.has(spec.operation)) return interpretStorage(reply, spec, details);
  const error = firstError(reply);
  const withCode: ConnectorErrorDetails = {
    ...details,
    marketplaceCode: error.code,
    marketplaceMessage: [error.message, error.details].filter(Boolean).join(' — ') || null,
  };
  const text = `Amazon ${spec.operation}: HTTP ${reply.status}${error.code ? ` ${error.code}` : ''}${withCode.marketplaceMessage ? ` (${withCode.marketplaceMessage})` : ''}`;
  if (reply.status === 429) throw new RateLimitedError(text, withCode);
  if (reply.status >= 500) throw new RetryableError(text, withCode);
  if (reply.status >= 200 && reply.status < 300) {
    if (reply.status === 204 || reply.text === '') return null;
    if (reply.parseError !== null) {
      // A cut or garbled body: a read is simply repeated; a write may already have happened.
      throw new RetryableError(`Amazon ${spec.operation} answered with an unreadable body`, {
        ...details,
        maybeApplied: spec.method !== 'GET',
      });
    }
    return reply.json;
  }
  if (reply.parseError !== null && reply.text !== '')
    throw new RetryableError(
      `Amazon ${spec.operation} answered HTTP ${reply.status} with an unreadable body`,
      {
        ...details,
        maybeApplied: false,
      },
    );
  if (spec.operation === LWA_OPERATION) {
    if (error.code === 'invalid_grant')
      throw new NeedsUserError(
        `${text}: the authorisation was revoked or has expired; authorise again`,
        'reauthorize',
        withCode,
      );
    if (error.code === 'invalid_client' || reply.status === 401)
      throw new NeedsUserError(
        `${text}: the app's LWA credentials were refused (the client secret is rotated every 180 days)`,
        'reauthorize',
        withCode,
      );
    throw new PermanentError(text, withCode);
  }
  if (reply.status === 403) {
    const words = `${error.message ?? ''} ${error.details ?? ''}`;
    if (/token/i.test(words) && /expired|invalid|revoked|malformed|missing/i.test(words))
      throw new AuthExpiredError(text, withCode);
    throw new NeedsUserError(
      `${text}: the app may lack the role this call needs`,
      'permission',
      withCode,
    );
  }
  throw new PermanentError(text, withCode);
}

function interpretStorage(
  reply: RawReply,
  spec: RequestSpec,
  details: ConnectorErrorDetails,
): unknown {
  if (reply.status >= 200 && reply.status < 300) return reply.text;
  const code = /<Code>([^<]+)<\/Code>/.exec(reply.text)?.[1] ?? null;
  const withCode = { ...details, marketplaceCode: code };
  if (reply.status >= 500 || reply.status === 429)
    throw new RetryableError(`Amazon document storage failed with HTTP ${reply.status}`, withCode);
  // 403 from S3: the presigned URL expired or does not match; a new URL is needed.
  throw new PermanentError(
    `Amazon document storage refused ${spec.operation}: HTTP ${reply.status}${code ? ` ${code}` : ''}`,
    withCode,
  );
}
