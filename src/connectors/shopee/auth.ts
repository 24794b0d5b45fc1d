/**
 * Shopee authorisation (guide "Authorization and Authentication"): the seller opens the auth link
 * (a public-API signature, valid 5 minutes), consents, and is redirected with `code` and
 * `shop_id`; the code (one use, 10 minutes) is exchanged at /api/v2/auth/token/get. Access tokens
 * last 4 hours (`expire_in`); the refresh token lasts 30 days and works ONCE: every refresh
 * returns a new pair, which the TokenManager saves before use. The authorization itself ends at
 * get_shop_info's `expire_time` (at most 365 days): that is the "re-authorise by" date.
 */
import { NeedsUserError } from '../http/errors.js';
import type { StoredTokens, TokenRefresher } from '../http/tokens.js';
import type { ShopeeApi } from './api.js';
import type { ShopeeIdentity } from './protocol.js';
import { ShopInfoReply, TokenReply } from './schemas.js';
import { signShopee } from './signing.js';

export const AUTH_PARTNER_PATH = '/api/v2/shop/auth_partner';
const TOKEN_GET_PATH = '/api/v2/auth/token/get';
const TOKEN_REFRESH_PATH = '/api/v2/auth/access_token/get';
const SHOP_INFO_PATH = '/api/v2/shop/get_shop_info';
/** Documented lifetime of a refresh token; Shopee does not return it. */
const REFRESH_TOKEN_MS = 30 * 86_400_000;

/**
 * The consent URL. Shopee's link has no `state` parameter, so the state travels inside the
 * redirect URL as its own query parameter and comes back with it.
 */
export function shopeeConsentUrl(input: {
  baseUrl: string;
  partnerId: number;
  partnerKey: string;
  now: number;
  redirectUrl: string;
  state: string;
}): string {
  const timestamp = Math.floor(input.now / 1000);
  const redirect = new URL(input.redirectUrl);
  redirect.searchParams.set('state', input.state);
  const url = new URL(AUTH_PARTNER_PATH, input.baseUrl);
  url.searchParams.set('partner_id', String(input.partnerId));
  url.searchParams.set('timestamp', String(timestamp));
  url.searchParams.set('sign', signShopee({ ...input, apiPath: AUTH_PARTNER_PATH, timestamp }));
  url.searchParams.set('redirect', redirect.toString());
  return url.toString();
}

function tokensFrom(
  reply: { access_token: string; refresh_token: string; expire_in: number },
  now: number,
  authorizationExpiresAt: string | null,
): StoredTokens {
  return {
    accessToken: reply.access_token,
    accessTokenExpiresAt: new Date(now + reply.expire_in * 1000).toISOString(),
    refreshToken: reply.refresh_token,
    refreshTokenExpiresAt: new Date(now + REFRESH_TOKEN_MS).toISOString(),
    authorizationExpiresAt,
  };
}

export class ShopeeAuth {
  constructor(
    private readonly api: ShopeeApi,
    private readonly identity: () => ShopeeIdentity,
  ) {}

  private now(): number {
    return this.api.client.clock.now();
  }

  /** Exchanges the redirect's code; the code works once, so this is never repeated blindly. */
  async exchangeCode(code: string, shopId: number): Promise<StoredTokens> {
    const { partnerId } = this.identity();
    const reply = await this.api.publicPost(
      'auth.token_get',
      TOKEN_GET_PATH,
      { code, partner_id: partnerId, shop_id: shopId },
      TokenReply,
      false,
    );
    return tokensFrom(reply.data, this.now(), null);
  }

  /**
   * Trades the refresh token for a new pair. Marked idempotent on purpose: when no usable reply
   * arrives, repeating with the same token is the only option (see http/tokens.ts).
   */
  readonly refresher: TokenRefresher = async (current) => {
    const { partnerId, shopId } = this.identity();
    if (shopId === null) {
      throw new NeedsUserError(
        'The Shopee shop id is unknown; authorise the shop again',
        'reauthorize',
        {
          marketplace: 'shopee',
          operation: 'auth.access_token_get',
        },
      );
    }
    const reply = await this.api.publicPost(
      'auth.access_token_get',
      TOKEN_REFRESH_PATH,
      { refresh_token: current.refreshToken, partner_id: partnerId, shop_id: shopId },
      TokenReply,
      true,
    );
    return tokensFrom(reply.data, this.now(), current.authorizationExpiresAt);
  };

  /** The authorization's end date from get_shop_info, as ISO-8601 (null when not given). */
  async authorizationExpiry(): Promise<string | null> {
    const reply = await this.api.shopGetFlat('shop.get_shop_info', SHOP_INFO_PATH, ShopInfoReply);
    const expire = reply.data.expire_time;
    return expire ? new Date(expire * 1000).toISOString() : null;
  }
}
