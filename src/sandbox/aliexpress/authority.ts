/**
 * Seller authorisation of the fake AliExpress (notes §3.1): consent gives a one-time `code`
 * (valid 30 minutes here), `/auth/token/create` trades it for a token pair, `/auth/token/refresh`
 * trades the refresh token for a new pair. Lifetimes are per app category on AliExpress; the fake
 * uses its own (options), and returns them the documented way: `expires_in` / `refresh_expires_in`
 * in seconds and `expire_time` / `refresh_token_valid_time` as epoch milliseconds.
 *
 * Strictness where AliExpress is silent (UNCONFIRMED): a refresh retires the refresh token it used
 * (the access token it replaced lives on until it expires). A resent used refresh token is counted.
 */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import { IopError } from './protocol.js';

export interface AuthorityStats {
  codesIssued: number;
  exchanges: number;
  refreshes: number;
  rejectedTokens: number;
  rejectedSignatures: number;
  rejectedTimestamps: number;
  refreshTokenReuse: number;
}

export interface AuthorityOptions {
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
}

const CODE_MS = 30 * 60_000;

export class AliExpressAuthority {
  private readonly codes = new Map<string, number>();
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Map<string, number>();
  private readonly retiredRefreshTokens = new Set<string>();
  private revoked = false;
  readonly stats: AuthorityStats = {
    codesIssued: 0,
    exchanges: 0,
    refreshes: 0,
    rejectedTokens: 0,
    rejectedSignatures: 0,
    rejectedTimestamps: 0,
    refreshTokenReuse: 0,
  };

  constructor(
    private readonly clock: SimClock,
    private readonly random: Random,
    readonly sellerId: number,
    readonly sellerNick: string,
    private readonly options: AuthorityOptions,
  ) {}

  issueCode(): string {
    const code = `3_500101_${this.random.hex(24)}`;
    this.codes.set(code, this.clock.now() + CODE_MS);
    this.stats.codesIssued += 1;
    this.revoked = false;
    return code;
  }

  private pair(): Record<string, unknown> {
    const now = this.clock.now();
    const access = `50000${this.random.hex(40)}`;
    const refresh = `50001${this.random.hex(40)}`;
    const accessEnd = now + this.options.accessTokenSeconds * 1000;
    const refreshEnd = now + this.options.refreshTokenSeconds * 1000;
    this.accessTokens.set(access, accessEnd);
    this.refreshTokens.set(refresh, refreshEnd);
    return {
      access_token: access,
      refresh_token: refresh,
      expires_in: this.options.accessTokenSeconds,
      refresh_expires_in: this.options.refreshTokenSeconds,
      expire_time: accessEnd,
      refresh_token_valid_time: refreshEnd,
      user_id: String(this.sellerId),
      seller_id: String(this.sellerId),
      user_nick: this.sellerNick,
      account: `${this.sellerNick}@sandbox.invalid`,
      account_platform: 'seller_center',
      locale: 'en_US',
      sp: 'ae',
      havana_id: String(this.sellerId + 7),
    };
  }

  exchangeCode(code: string): Record<string, unknown> {
    const expires = this.codes.get(code);
    this.codes.delete(code);
    if (expires === undefined || expires < this.clock.now()) {
      throw new IopError('InvalidCode', 'The authorization code is invalid or expired', 'ISV');
    }
    this.stats.exchanges += 1;
    return this.pair();
  }

  refresh(refreshToken: string): Record<string, unknown> {
    if (this.retiredRefreshTokens.has(refreshToken)) this.stats.refreshTokenReuse += 1;
    const expires = this.refreshTokens.get(refreshToken);
    if (this.revoked || expires === undefined || expires < this.clock.now()) {
      throw new IopError('IllegalRefreshToken', 'The refresh token is invalid or expired', 'ISV');
    }
    this.refreshTokens.delete(refreshToken);
    this.retiredRefreshTokens.add(refreshToken);
    this.stats.refreshes += 1;
    return this.pair();
  }

  /** Throws IllegalAccessToken unless the token is live. */
  checkAccessToken(token: string | undefined): void {
    const expires = token === undefined ? undefined : this.accessTokens.get(token);
    if (this.revoked || expires === undefined || expires < this.clock.now()) {
      this.stats.rejectedTokens += 1;
      throw new IopError(
        'IllegalAccessToken',
        'The specified access token is invalid or expired',
        'ISV',
      );
    }
  }

  expireAccessTokens(): void {
    const past = this.clock.now() - 1;
    for (const token of this.accessTokens.keys()) this.accessTokens.set(token, past);
  }

  revokeAuthorization(): void {
    this.revoked = true;
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }
}
