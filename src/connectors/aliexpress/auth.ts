/**
 * AliExpress seller authorisation (notes §3.1): the seller opens
 * `/oauth/authorize?response_type=code&force_auth=true&redirect_uri=…&client_id=<app key>&state=…`,
 * consents, and comes back to the redirect with `code` (and our `state`); the code is traded at the
 * system API /auth/token/create, the refresh token at /auth/token/refresh. Lifetimes differ per app
 * category, so they are taken as returned: `expire_time` / `refresh_token_valid_time` (epoch ms)
 * when given, else `expires_in` / `refresh_expires_in` (seconds) from now.
 */
import { InvalidPayloadError } from '../http/errors.js';
import type { StoredTokens, TokenRefresher } from '../http/tokens.js';
import type { AliExpressApi } from './api.js';
import { TokenReply } from './schemas.js';

export function aliExpressConsentUrl(input: {
  baseUrl: string;
  appKey: string;
  redirectUrl: string;
  state: string;
}): string {
  const url = new URL('/oauth/authorize', input.baseUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('force_auth', 'true');
  url.searchParams.set('redirect_uri', input.redirectUrl);
  url.searchParams.set('client_id', input.appKey);
  url.searchParams.set('state', input.state);
  return url.toString();
}

function expiry(
  absolute: number | undefined,
  seconds: number | undefined,
  now: number,
): string | null {
  if (absolute !== undefined && absolute > 0) return new Date(absolute).toISOString();
  if (seconds !== undefined && seconds > 0) return new Date(now + seconds * 1000).toISOString();
  return null;
}

export interface Authorized {
  tokens: StoredTokens;
  sellerId: string | null;
}

export class AliExpressAuth {
  constructor(private readonly api: AliExpressApi) {}

  private tokensOf(reply: TokenReply, operation: string, requestId: string | null): Authorized {
    const now = this.api.now();
    const accessTokenExpiresAt = expiry(reply.expire_time, reply.expires_in, now);
    if (accessTokenExpiresAt === null) {
      throw new InvalidPayloadError(
        'AliExpress gave no lifetime for the access token',
        ['expire_time / expires_in: missing'],
        { marketplace: 'aliexpress', operation, requestId },
      );
    }
    const seller = reply.seller_id ?? reply.user_id;
    return {
      tokens: {
        accessToken: reply.access_token,
        accessTokenExpiresAt,
        refreshToken: reply.refresh_token,
        refreshTokenExpiresAt: expiry(
          reply.refresh_token_valid_time,
          reply.refresh_expires_in,
          now,
        ),
        authorizationExpiresAt: null,
      },
      sellerId: seller === undefined || seller === '' ? null : String(seller),
    };
  }

  /** Trades the redirect's code; a code works once, so this is never repeated blindly. */
  async exchangeCode(code: string): Promise<Authorized> {
    const reply = await this.api.system(
      'auth.token_create',
      '/auth/token/create',
      { code },
      TokenReply,
      false,
    );
    return this.tokensOf(reply.data, 'auth.token_create', reply.requestId);
  }

  /**
   * Trades the refresh token for a new pair. Marked idempotent: after a lost reply, repeating
   * with the same token is the only option (see http/tokens.ts).
   */
  readonly refresher: TokenRefresher = async (current) => {
    const reply = await this.api.system(
      'auth.token_refresh',
      '/auth/token/refresh',
      { refresh_token: current.refreshToken },
      TokenReply,
      true,
    );
    const { tokens } = this.tokensOf(reply.data, 'auth.token_refresh', reply.requestId);
    return {
      ...tokens,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt ?? current.refreshTokenExpiresAt,
    };
  };
}
