/**
 * Who may call the fake Wish, after Wish's OAuth 2.0 documentation: the merchant consents at
 * /v3/oauth/authorize and is redirected with a one-time `code`; the code is exchanged at
 * /api/v3/oauth/access_token (GET or POST) for an access token valid 30 days and a refresh token;
 * /api/v3/oauth/refresh_token trades the refresh token for a new pair. Calls carry
 * `Authorization: Bearer <token>`.
 *
 * Not published, so chosen strictly here: a code lives 10 minutes; a refresh token works once (the
 * refresh returns a new one) and lasts 90 days. A client that keeps within these limits also keeps
 * within laxer ones.
 */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import type { SandboxRequest } from '../kit/server.js';
import { WishApiError } from './protocol.js';

export const ACCESS_TOKEN_MS = 30 * 86_400_000;
export const REFRESH_TOKEN_MS = 90 * 86_400_000;
export const CODE_MS = 10 * 60_000;
export const SCOPES = [
  'products:read',
  'products:write',
  'orders:read',
  'orders:write',
  'merchant:read',
] as const;

interface Grant {
  expiresAt: number;
  used: boolean;
}

export interface WishAuthorityStats {
  codeExchanges: number;
  refreshes: number;
  /** Refresh calls with a refresh token that had already been used (a client bug; must stay 0). */
  refreshTokenReuse: number;
  /** Calls refused for a missing, unknown, expired or revoked access token. */
  rejectedTokens: number;
  rejectedClients: number;
}

export interface WishTokenData {
  access_token: string;
  refresh_token: string;
  /** Epoch seconds when the access token expires. */
  expiry_time: number;
  merchant_id: string;
  scopes: string[];
}

export class WishAuthority {
  private readonly codes = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, Grant>();
  /** Tokens of an authorization the merchant revoked: refused with 1008. */
  private readonly revoked = new Set<string>();
  readonly stats: WishAuthorityStats = {
    codeExchanges: 0,
    refreshes: 0,
    refreshTokenReuse: 0,
    rejectedTokens: 0,
    rejectedClients: 0,
  };

  constructor(
    private readonly clock: SimClock,
    private readonly random: Random,
    readonly clientId: string,
    private readonly clientSecret: string,
    readonly merchantId: string,
  ) {}

  issueCode(): string {
    const code = this.random.hex(32);
    this.codes.set(code, { expiresAt: this.clock.now() + CODE_MS, used: false });
    return code;
  }

  private checkClient(clientId: string | null, clientSecret: string | null): void {
    if (clientId !== this.clientId || clientSecret !== this.clientSecret) {
      this.stats.rejectedClients += 1;
      throw new WishApiError(10001, 'Invalid client_id or client_secret.', 400);
    }
  }

  private pair(): WishTokenData {
    const now = this.clock.now();
    const access = this.random.hex(32);
    const refresh = this.random.hex(32);
    this.accessTokens.set(access, { expiresAt: now + ACCESS_TOKEN_MS, used: false });
    this.refreshTokens.set(refresh, { expiresAt: now + REFRESH_TOKEN_MS, used: false });
    return {
      access_token: access,
      refresh_token: refresh,
      expiry_time: Math.floor((now + ACCESS_TOKEN_MS) / 1000),
      merchant_id: this.merchantId,
      scopes: [...SCOPES],
    };
  }

  exchangeCode(params: URLSearchParams): WishTokenData {
    this.checkClient(params.get('client_id'), params.get('client_secret'));
    if (params.get('grant_type') !== 'authorization_code') {
      throw new WishApiError(1001, 'Invalid grant_type.', 400);
    }
    const code = params.get('code') ?? '';
    const grant = this.codes.get(code);
    if (!grant) throw new WishApiError(10008, 'Incorrect authorization code.', 400);
    if (grant.used)
      throw new WishApiError(10002, 'The authorization code was already redeemed.', 400);
    if (grant.expiresAt < this.clock.now()) {
      throw new WishApiError(10004, 'The authorization code has expired.', 400);
    }
    grant.used = true;
    this.stats.codeExchanges += 1;
    return this.pair();
  }

  refresh(params: URLSearchParams): WishTokenData {
    this.checkClient(params.get('client_id'), params.get('client_secret'));
    if (params.get('grant_type') !== 'refresh_token') {
      throw new WishApiError(1001, 'Invalid grant_type.', 400);
    }
    const token = params.get('refresh_token') ?? '';
    const grant = this.refreshTokens.get(token);
    if (this.revoked.has(token)) throw new WishApiError(1008, 'The token has been revoked.', 401);
    if (!grant) throw new WishApiError(1008, 'Unknown refresh token.', 401);
    if (grant.used) {
      this.stats.refreshTokenReuse += 1;
      throw new WishApiError(1008, 'The refresh token was already used.', 401);
    }
    if (grant.expiresAt < this.clock.now()) {
      throw new WishApiError(1008, 'The refresh token has expired.', 401);
    }
    grant.used = true;
    this.stats.refreshes += 1;
    return this.pair();
  }

  /** Checks the bearer token of a merchant call; throws the documented OAuth codes. */
  checkBearer(request: SandboxRequest): void {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header) : null;
    if (!match) {
      this.stats.rejectedTokens += 1;
      throw new WishApiError(1006, 'Unauthorized request: no access token.', 401);
    }
    const token = match[1]!;
    if (this.revoked.has(token)) {
      this.stats.rejectedTokens += 1;
      throw new WishApiError(1008, 'The access token has been revoked.', 401);
    }
    const grant = this.accessTokens.get(token);
    if (!grant) {
      this.stats.rejectedTokens += 1;
      throw new WishApiError(1006, 'Unauthorized request: unknown access token.', 401);
    }
    if (grant.expiresAt < this.clock.now()) {
      this.stats.rejectedTokens += 1;
      throw new WishApiError(1007, 'The access token has expired.', 401);
    }
  }

  expireAccessTokens(): void {
    const past = this.clock.now() - 1;
    for (const grant of this.accessTokens.values()) grant.expiresAt = past;
  }

  /** The merchant removes the app: every token issued so far stops working. */
  revokeAuthorization(): void {
    for (const token of [...this.accessTokens.keys(), ...this.refreshTokens.keys()]) {
      this.revoked.add(token);
    }
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }
}
