/**
 * Who may call the fake Shopee, as the authorization guide describes: a one-time `code` valid 10
 * minutes, access tokens valid 4 hours and reusable, refresh tokens valid 30 days and usable ONCE
 * (each refresh returns a new pair), an authorization that lasts at most 365 days. It also checks
 * each call's common parameters (partner, 5-minute timestamp, signature, token, shop).
 */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import type { SandboxRequest } from '../kit/server.js';
import { ShopeeApiError, TIMESTAMP_WINDOW_SECONDS, sign, signatureMatches } from './protocol.js';

export const ACCESS_TOKEN_SECONDS = 4 * 3600;
export const REFRESH_TOKEN_SECONDS = 30 * 86_400;
export const CODE_SECONDS = 10 * 60;

interface Grant {
  shopId: number;
  expiresAt: number;
  used: boolean;
}

export interface AuthorityStats {
  codeExchanges: number;
  refreshes: number;
  /** Refresh calls that presented a refresh token which had already been used (must stay 0). */
  refreshTokenReuse: number;
  rejectedSignatures: number;
  rejectedTimestamps: number;
  rejectedTokens: number;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expire_in: number;
}

export class ShopeeAuthority {
  private readonly codes = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, Grant>();
  private revoked = false;
  readonly stats: AuthorityStats = {
    codeExchanges: 0,
    refreshes: 0,
    refreshTokenReuse: 0,
    rejectedSignatures: 0,
    rejectedTimestamps: 0,
    rejectedTokens: 0,
  };
  authorizedAt: number;
  authorizationExpiresAt: number;

  constructor(
    private readonly clock: SimClock,
    private readonly random: Random,
    readonly partnerId: number,
    private readonly partnerKey: string,
    readonly shopId: number,
    authorizationDays: number,
  ) {
    this.authorizedAt = clock.nowSeconds();
    this.authorizationExpiresAt = this.authorizedAt + authorizationDays * 86_400;
  }

  /** What the seller's consent produces: a fresh one-time code for this shop. */
  issueCode(): string {
    const code = this.random.hex(32);
    this.codes.set(code, {
      shopId: this.shopId,
      expiresAt: this.clock.nowSeconds() + CODE_SECONDS,
      used: false,
    });
    this.revoked = false;
    this.authorizedAt = this.clock.nowSeconds();
    return code;
  }

  exchangeCode(code: string, shopId: number | undefined): TokenPair {
    const grant = this.codes.get(code);
    const now = this.clock.nowSeconds();
    if (!grant || grant.used || grant.expiresAt < now) {
      throw new ShopeeApiError(
        'invalid_code',
        'The code is expired or used or invalid, please check the code.',
      );
    }
    if (shopId !== grant.shopId) {
      throw new ShopeeApiError(
        'invalid_shop_id',
        'The code or shop_id is wrong, please check the code or the shop_id.',
      );
    }
    grant.used = true;
    this.stats.codeExchanges += 1;
    return this.issuePair(grant.shopId);
  }

  refresh(refreshToken: string, shopId: number | undefined): TokenPair {
    const grant = this.refreshTokens.get(refreshToken);
    const now = this.clock.nowSeconds();
    if (!grant) throw new ShopeeApiError('error_auth', 'Invalid refresh_token.');
    if (grant.used) {
      this.stats.refreshTokenReuse += 1;
      throw new ShopeeApiError('error_auth', 'Invalid refresh_token.');
    }
    if (shopId !== grant.shopId) {
      throw new ShopeeApiError(
        'error_shop_refresh_token',
        'Your refresh token is error ,please check refresh token or shopid.',
      );
    }
    if (this.revoked || now > this.authorizationExpiresAt) {
      throw new ShopeeApiError('shop_access_expired', 'Your access to shop has expired.');
    }
    if (grant.expiresAt < now)
      throw new ShopeeApiError('refresh_token_expired', 'Your refresh_token expired.');
    grant.used = true;
    this.stats.refreshes += 1;
    return this.issuePair(grant.shopId);
  }

  /** Makes every access token expire now (as if 4 hours had passed for them). */
  expireAccessTokens(): void {
    const now = this.clock.nowSeconds();
    for (const grant of this.accessTokens.values())
      grant.expiresAt = Math.min(grant.expiresAt, now - 1);
  }

  /** The seller cancelled the authorization: tokens and refresh tokens stop working. */
  revokeAuthorization(): void {
    this.revoked = true;
    for (const grant of this.accessTokens.values()) grant.expiresAt = 0;
  }

  /** Checks partner_id, timestamp and sign; for shop APIs also access_token and shop_id. */
  checkCall(request: SandboxRequest, kind: 'public' | 'shop'): { shopId: number } {
    const query = request.query;
    const partnerText = query.get('partner_id');
    if (!partnerText) throw new ShopeeApiError('error_param', 'There is no partner_id in query.');
    if (!/^\d+$/.test(partnerText) || Number(partnerText) !== this.partnerId) {
      throw new ShopeeApiError('error_param', 'Invalid partner_id.');
    }
    const timestampText = query.get('timestamp');
    if (!timestampText) throw new ShopeeApiError('error_param', 'no timestamp');
    const timestamp = Number(timestampText);
    if (
      !/^\d+$/.test(timestampText) ||
      Math.abs(this.clock.nowSeconds() - timestamp) > TIMESTAMP_WINDOW_SECONDS
    ) {
      this.stats.rejectedTimestamps += 1;
      throw new ShopeeApiError('error_param', 'Invalid timestamp');
    }
    const given = query.get('sign');
    if (!given) throw new ShopeeApiError('error_param', 'There is no sign in query.');
    let base = `${partnerText}${request.path}${timestampText}`;
    let shopId = 0;
    if (kind === 'shop') {
      const accessToken = query.get('access_token');
      if (!accessToken)
        throw new ShopeeApiError('error_param', 'There is no access_token in query.');
      const shopText = query.get('shop_id');
      if (!shopText)
        throw new ShopeeApiError('error_param', 'Wrong parameters, detail: shop_id is required.');
      if (!/^\d+$/.test(shopText) || Number(shopText) !== this.shopId) {
        throw new ShopeeApiError('error_shop', 'shopid is invalid');
      }
      shopId = Number(shopText);
      base += `${accessToken}${shopText}`;
      if (!signatureMatches(sign(this.partnerKey, base), given)) {
        this.stats.rejectedSignatures += 1;
        throw new ShopeeApiError('error_sign', 'Wrong sign.');
      }
      const grant = this.accessTokens.get(accessToken);
      if (!grant || grant.shopId !== shopId || grant.expiresAt < this.clock.nowSeconds()) {
        this.stats.rejectedTokens += 1;
        throw new ShopeeApiError('error_auth', 'Invalid access_token.');
      }
      return { shopId };
    }
    if (!signatureMatches(sign(this.partnerKey, base), given)) {
      this.stats.rejectedSignatures += 1;
      throw new ShopeeApiError('error_sign', 'Wrong sign.');
    }
    return { shopId };
  }

  private issuePair(shopId: number): TokenPair {
    const now = this.clock.nowSeconds();
    const access = this.random.hex(32);
    const refresh = this.random.hex(32);
    this.accessTokens.set(access, { shopId, expiresAt: now + ACCESS_TOKEN_SECONDS, used: false });
    this.refreshTokens.set(refresh, {
      shopId,
      expiresAt: now + REFRESH_TOKEN_SECONDS,
      used: false,
    });
    return { access_token: access, refresh_token: refresh, expire_in: ACCESS_TOKEN_SECONDS };
  }
}
