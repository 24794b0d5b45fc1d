/**
 * eBay OAuth (notes §2.1; KB 5075; the auth-code grant and refresh-token request pages):
 * - consent: the seller opens auth.ebay.com/oauth2/authorize with our client id, redirect_uri =
 *   the application's RuName (eBay maps it to the accept URL set in the developer account; the
 *   app's own callback URL is never sent), the scopes and a state;
 * - eBay redirects to the accept URL with `code` URL-encoded in the query (codes hold ^, #, + and
 *   / characters): it is decoded ONCE from the redirect and form-encoded ONCE into the token
 *   request, never passed through raw and never encoded twice;
 * - POST to the token endpoint, form-encoded, `Authorization: Basic base64(id:secret)`:
 *   authorization_code → a user token (~2 h) and a refresh token (18 months, its expiry given as
 *   refresh_token_expires_in); refresh_token + the scopes → a new user token only (the refresh
 *   token stays; it is reusable, so a lost reply is simply asked again); client_credentials → an
 *   application token (the Analytics API's rate_limit report needs one).
 */
import type { StoredTokens, TokenRefresher } from '../http/tokens.js';
import { InvalidInputError, NeedsUserError } from '../http/errors.js';
import type { HttpClient } from '../http/client.js';
import { EBAY_HOSTS } from './hosts.js';
import { RefreshReply, UserTokenReply, issueLines } from './schemas.js';
import { InvalidPayloadError } from '../http/errors.js';
import type { z } from 'zod';

export const SCOPE_ROOT = 'https://api.ebay.com/oauth/api_scope';
/** What the connector asks the seller for: listings, orders, and who the seller is. */
export const DEFAULT_SCOPES = [
  SCOPE_ROOT,
  `${SCOPE_ROOT}/sell.inventory`,
  `${SCOPE_ROOT}/sell.fulfillment`,
  `${SCOPE_ROOT}/commerce.identity.readonly`,
];
/** Used only when eBay does not say (refresh_token_expires_in): 18 months (notes §2.1). */
const DEFAULT_REFRESH_TOKEN_SECONDS = 47_304_000;

export type EbayGrant =
  | { type: 'authorization_code'; redirectQuery: string; ruName: string }
  | { type: 'refresh_token'; refreshToken: string; scopes: string[] }
  | { type: 'client_credentials'; scopes: string[] };

export interface EbayTokenRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** RFC 3986 percent-encoding (stricter than encodeURIComponent: !'()* too), spaces as %20. */
function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function formEncode(fields: [string, string][]): string {
  return fields.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
}

/**
 * The query of eBay's redirect (`?code=…&expires_in=299&state=…`, or the whole URL), each value
 * percent-decoded exactly once. `+` is kept as `+`: codes are not form-encoded by eBay.
 */
export function parseRedirectQuery(redirectQuery: string): Record<string, string> {
  let query = redirectQuery;
  const mark = query.indexOf('?');
  if (mark >= 0) query = query.slice(mark + 1);
  const hash = query.indexOf('#');
  // A fragment starts at a raw '#'; inside a code '#' always arrives encoded as %23.
  if (hash >= 0) query = query.slice(0, hash);
  const out: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : pair.slice(equals + 1);
    try {
      out[decodeURIComponent(name)] = decodeURIComponent(value);
    } catch {
      throw new InvalidInputError(`The eBay redirect has a malformed parameter "${name}"`, {
        marketplace: 'ebay',
        operation: 'auth.token',
      });
    }
  }
  return out;
}

/** The token request for a grant, as a pure value (no I/O). */
export function buildEbayTokenRequest(input: {
  clientId: string;
  clientSecret: string;
  environment?: 'production' | 'sandbox';
  grant: EbayGrant;
}): EbayTokenRequest {
  const invalid = (message: string) =>
    new InvalidInputError(message, { marketplace: 'ebay', operation: 'auth.token' });
  if (input.clientId === '' || input.clientSecret === '')
    throw invalid('The eBay client id and secret are required');
  const { grant } = input;
  let fields: [string, string][];
  switch (grant.type) {
    case 'authorization_code': {
      const redirect = parseRedirectQuery(grant.redirectQuery);
      if (redirect.error)
        throw new NeedsUserError(`eBay consent was not given: ${redirect.error}`, 'reauthorize', {
          marketplace: 'ebay',
          operation: 'auth.token',
        });
      const code = redirect.code;
      if (!code) throw invalid('The eBay redirect carries no code');
      if (code.length > 1024) throw invalid('The eBay code is longer than 1024 characters');
      if (grant.ruName === '') throw invalid('The RuName is required');
      fields = [
        ['grant_type', 'authorization_code'],
        ['code', code],
        ['redirect_uri', grant.ruName],
      ];
      break;
    }
    case 'refresh_token':
      if (grant.refreshToken === '') throw invalid('The refresh token is empty');
      if (grant.scopes.length === 0) throw invalid('A refresh needs the scopes');
      fields = [
        ['grant_type', 'refresh_token'],
        ['refresh_token', grant.refreshToken],
        ['scope', grant.scopes.join(' ')],
      ];
      break;
    case 'client_credentials':
      if (grant.scopes.length === 0) throw invalid('Client credentials need a scope');
      fields = [
        ['grant_type', 'client_credentials'],
        ['scope', grant.scopes.join(' ')],
      ];
      break;
  }
  const basic = Buffer.from(`${input.clientId}:${input.clientSecret}`, 'utf8').toString('base64');
  return {
    method: 'POST',
    url: EBAY_HOSTS[input.environment ?? 'production'].tokenUrl,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${basic}`,
    },
    body: formEncode(fields),
  };
}

/** The consent URL (auth.ebay.com/oauth2/authorize) with the RuName as redirect_uri. */
export function ebayConsentUrl(input: {
  authBaseUrl: string;
  clientId: string;
  ruName: string;
  scopes: string[];
  state: string;
}): string {
  const query = formEncode([
    ['client_id', input.clientId],
    ['redirect_uri', input.ruName],
    ['response_type', 'code'],
    ['scope', input.scopes.join(' ')],
    ['state', input.state],
    ['prompt', 'login'],
  ]);
  return `${new URL('/oauth2/authorize', input.authBaseUrl).toString()}?${query}`;
}

export interface EbayAuthSettings {
  clientId: string;
  clientSecret: string;
  ruName: string;
  scopes: string[];
  environment: 'production' | 'sandbox' | 'local';
  /** The token endpoint actually used (a local sandbox serves it on 127.0.0.1). */
  tokenUrl: string;
}

export class EbayAuth {
  constructor(
    /** A client whose base URL is the token endpoint's origin. */
    private readonly client: HttpClient,
    private readonly settings: EbayAuthSettings,
  ) {}

  private async send<T>(
    grant: EbayGrant,
    schema: z.ZodType<T>,
    operation: string,
    idempotent: boolean,
  ): Promise<T> {
    const built = buildEbayTokenRequest({
      clientId: this.settings.clientId,
      clientSecret: this.settings.clientSecret,
      environment: this.settings.environment === 'sandbox' ? 'sandbox' : 'production',
      grant,
    });
    const reply = await this.client.request({
      operation,
      bucket: 'oauth',
      method: 'POST',
      path: new URL(this.settings.tokenUrl).pathname,
      rawBody: { contentType: built.headers['Content-Type']!, text: built.body },
      headers: { authorization: built.headers.Authorization! },
      idempotent,
      authenticated: false,
    });
    const parsed = schema.safeParse(reply);
    if (!parsed.success) {
      throw new InvalidPayloadError(
        `eBay ${operation} answered with an unexpected token reply`,
        issueLines(parsed.error),
        { marketplace: 'ebay', operation },
      );
    }
    return parsed.data;
  }

  private now(): number {
    return this.client.clock.now();
  }

  /** Exchanges the redirect's code (once: a code is single-use, so never repeated blindly). */
  async exchangeCode(redirectQuery: string): Promise<StoredTokens> {
    const reply = await this.send(
      { type: 'authorization_code', redirectQuery, ruName: this.settings.ruName },
      UserTokenReply,
      'auth.authorization_code',
      false,
    );
    const now = this.now();
    return {
      accessToken: reply.access_token,
      accessTokenExpiresAt: new Date(now + reply.expires_in * 1000).toISOString(),
      refreshToken: reply.refresh_token,
      refreshTokenExpiresAt: new Date(
        now + (reply.refresh_token_expires_in ?? DEFAULT_REFRESH_TOKEN_SECONDS) * 1000,
      ).toISOString(),
      authorizationExpiresAt: null,
    };
  }

  readonly refresher: TokenRefresher = async (current) => {
    const reply = await this.send(
      { type: 'refresh_token', refreshToken: current.refreshToken, scopes: this.settings.scopes },
      RefreshReply,
      'auth.refresh_token',
      true,
    );
    return {
      ...current,
      accessToken: reply.access_token,
      accessTokenExpiresAt: new Date(this.now() + reply.expires_in * 1000).toISOString(),
    };
  };

  /** An application token (client credentials) for the Analytics API's rate_limit report. */
  async applicationToken(): Promise<{ token: string; expiresAt: number }> {
    const reply = await this.send(
      { type: 'client_credentials', scopes: [SCOPE_ROOT] },
      RefreshReply,
      'auth.client_credentials',
      true,
    );
    return { token: reply.access_token, expiresAt: this.now() + reply.expires_in * 1000 };
  }
}
