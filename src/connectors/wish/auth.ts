/**
 * Wish OAuth 2.0 authorization code flow (notes §4.1): the merchant opens /v3/oauth/authorize and
 * is redirected with `code`; the code is exchanged at /api/v3/oauth/access_token for an access
 * token that "will expire after 30 days" and a refresh token, traded at /api/v3/oauth/refresh_token
 * (GET, with client_id, client_secret, refresh_token, grant_type=refresh_token) for a new pair.
 *
 * UNCONFIRMED and handled the safe way: the refresh token's lifetime is not stated (stored as
 * unknown); whether a refresh token works more than once is not stated, so the pair a refresh
 * returns is always saved before use and the old refresh token is never sent again; the format of
 * `expiry_time` is not pinned down (epoch seconds or ISO text are read; when absent the documented
 * 30 days are assumed).
 */
import { NeedsUserError } from '../http/errors.js';
import type { StoredTokens, TokenRefresher } from '../http/tokens.js';
import type { WishApi } from './api.js';
import { TokenData } from './schemas.js';

export const WISH_PRODUCTION_HOST = 'https://merchant.wish.com';
export const WISH_SANDBOX_HOST = 'https://sandbox.merchant.wish.com';
export const ACCESS_TOKEN_LIFETIME_MS = 30 * 86_400_000;

const AUTHORIZE_PATH = '/v3/oauth/authorize';
const ACCESS_TOKEN_PATH = '/api/v3/oauth/access_token';
const REFRESH_TOKEN_PATH = '/api/v3/oauth/refresh_token';

export interface WishRefreshRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The refresh request against a given host (production, sandbox or a local fake). */
export function buildWishRefreshRequestFor(
  baseUrl: string,
  input: { clientId: string; clientSecret: string; refreshToken: string },
): WishRefreshRequest {
  for (const [name, value] of Object.entries(input)) {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new RangeError(`buildWishRefreshRequest: ${name} must be a non-empty string`);
    }
  }
  const url = new URL(REFRESH_TOKEN_PATH, baseUrl);
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('client_secret', input.clientSecret);
  url.searchParams.set('refresh_token', input.refreshToken);
  url.searchParams.set('grant_type', 'refresh_token');
  return { method: 'GET', url: url.toString(), headers: { accept: 'application/json' } };
}

/** The production refresh request, exactly as Wish documents it: GET with query parameters. */
export function buildWishRefreshRequest(input: {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}): { method: string; url: string; headers: Record<string, string>; body?: string } {
  return buildWishRefreshRequestFor(WISH_PRODUCTION_HOST, input);
}

/**
 * The consent URL. Wish's page takes `client_id`; `redirect_uri` and `state` are added as OAuth
 * clients do (UNCONFIRMED whether Wish echoes `state`: the app registers its redirect URI with Wish).
 */
export function wishConsentUrl(input: {
  baseUrl: string;
  clientId: string;
  redirectUrl: string;
  state: string;
}): string {
  const url = new URL(AUTHORIZE_PATH, input.baseUrl);
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('redirect_uri', input.redirectUrl);
  url.searchParams.set('state', input.state);
  return url.toString();
}

/** When the access token expires, from `expiry_time` (epoch seconds/ms or ISO text). */
export function expiryOf(value: number | string | null | undefined, now: number): string {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    return new Date(value > 1e12 ? value : value * 1000).toISOString();
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value);
    if (!Number.isNaN(parsed)) return new Date(parsed).toISOString();
  }
  return new Date(now + ACCESS_TOKEN_LIFETIME_MS).toISOString();
}

export function tokensFrom(data: TokenData, now: number): StoredTokens {
  return {
    accessToken: data.access_token,
    accessTokenExpiresAt: expiryOf(data.expiry_time, now),
    refreshToken: data.refresh_token,
    refreshTokenExpiresAt: null,
    authorizationExpiresAt: null,
  };
}

export interface WishClientCredentials {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

export class WishAuth {
  constructor(
    private readonly api: WishApi,
    private readonly credentials: WishClientCredentials,
  ) {}

  private now(): number {
    return this.api.client.clock.now();
  }

  /** Exchanges the redirect's code (it works once, so this is never repeated blindly). */
  async exchangeCode(
    code: string,
    redirectUrl: string | null,
  ): Promise<{ tokens: StoredTokens; merchantId: string | null }> {
    const url = new URL(ACCESS_TOKEN_PATH, this.credentials.baseUrl);
    url.searchParams.set('client_id', this.credentials.clientId);
    url.searchParams.set('client_secret', this.credentials.clientSecret);
    url.searchParams.set('code', code);
    url.searchParams.set('grant_type', 'authorization_code');
    if (redirectUrl) url.searchParams.set('redirect_uri', redirectUrl);
    const data = await this.api.oauth(
      'oauth.access_token',
      { method: 'GET', url: url.toString() },
      TokenData,
      false,
    );
    return { tokens: tokensFrom(data, this.now()), merchantId: data.merchant_id ?? null };
  }

  /**
   * Trades the refresh token for a new pair. Marked idempotent: with no usable reply, repeating
   * with the same token is the only option (see http/tokens.ts).
   */
  readonly refresher: TokenRefresher = async (current) => {
    if (current.refreshToken === '') {
      throw new NeedsUserError(
        'No Wish refresh token is stored; authorise the shop again',
        'reauthorize',
        {
          marketplace: 'wish',
          operation: 'oauth.refresh_token',
        },
      );
    }
    const request = buildWishRefreshRequestFor(this.credentials.baseUrl, {
      clientId: this.credentials.clientId,
      clientSecret: this.credentials.clientSecret,
      refreshToken: current.refreshToken,
    });
    const data = await this.api.oauth('oauth.refresh_token', request, TokenData, true);
    return tokensFrom(data, this.now());
  };
}
