/**
 * Login with Amazon as the fake plays it (../shared/marketplace-notes.md §1.1): one application
 * (client id + secret), consent codes (`spapi_oauth_code`, single use, 5 minutes — the official
 * lifetime was not seen; 5 is the commonly quoted and the shorter one), long-lived refresh tokens
 * `Atzr|…` reusable until revoked, access tokens `Atza|…` for 3600 s, and the client-credentials
 * grant for grantless operations (scope-bound tokens that cannot read seller data).
 * Token endpoint errors are OAuth 2 (`{"error","error_description"}`); SP-API calls with a bad
 * token get 403 `Unauthorized` with the reason in `details`.
 */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import { AmazonApiError } from './protocol.js';

const CODE_LIFETIME_MS = 5 * 60_000;
const ACCESS_LIFETIME_S = 3600;
export const GRANTLESS_SCOPES = [
  'sellingpartnerapi::notifications',
  'sellingpartnerapi::client_credential:rotation',
];

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

export interface AuthorityStats {
  codesIssued: number;
  codeExchanges: number;
  refreshes: number;
  grantless: number;
  rejectedTokens: number;
  expiredTokens: number;
  invalidGrants: number;
}

interface AccessToken {
  expiresAt: number;
  /** 'seller' for a seller's token, else the grantless scope. */
  scope: string;
  revoked: boolean;
}

export interface TokenReply {
  access_token: string;
  refresh_token?: string;
  token_type: 'bearer';
  expires_in: number;
}

export class AmazonAuthority {
  private readonly codes = new Map<string, { expiresAt: number; used: boolean }>();
  private readonly refreshTokens = new Set<string>();
  private readonly accessTokens = new Map<string, AccessToken>();
  readonly stats: AuthorityStats = {
    codesIssued: 0,
    codeExchanges: 0,
    refreshes: 0,
    grantless: 0,
    rejectedTokens: 0,
    expiredTokens: 0,
    invalidGrants: 0,
  };

  constructor(
    private readonly clock: SimClock,
    private readonly random: Random,
    readonly clientId: string,
    private readonly clientSecret: string,
  ) {}

  issueCode(): string {
    const code = `ANsbx${this.random.hex(20)}`;
    this.codes.set(code, { expiresAt: this.clock.now() + CODE_LIFETIME_MS, used: false });
    this.stats.codesIssued += 1;
    return code;
  }

  private newAccessToken(scope: string): TokenReply {
    const token = `Atza|sbx-${this.random.hex(40)}`;
    this.accessTokens.set(token, {
      expiresAt: this.clock.now() + ACCESS_LIFETIME_S * 1000,
      scope,
      revoked: false,
    });
    return { access_token: token, token_type: 'bearer', expires_in: ACCESS_LIFETIME_S };
  }

  private checkClient(form: URLSearchParams): void {
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret)
      throw new OAuthError(401, 'invalid_client', 'Client authentication failed');
  }

  /** POST /auth/o2/token with a form body. */
  token(form: URLSearchParams): TokenReply {
    const grant = form.get('grant_type');
    if (!grant)
      throw new OAuthError(
        400,
        'invalid_request',
        'The request is missing a required parameter : grant_type',
      );
    const required = (name: string): string => {
      const value = form.get(name);
      if (!value)
        throw new OAuthError(
          400,
          'invalid_request',
          `The request is missing a required parameter : ${name}`,
        );
      return value;
    };
    if (grant === 'authorization_code') {
      const code = required('code');
      this.checkClient(form);
      const known = this.codes.get(code);
      if (!known || known.used || known.expiresAt < this.clock.now()) {
        this.stats.invalidGrants += 1;
        throw new OAuthError(
          400,
          'invalid_grant',
          'The request has an invalid grant parameter : code',
        );
      }
      known.used = true;
      this.stats.codeExchanges += 1;
      const refresh = `Atzr|sbx-${this.random.hex(48)}`;
      this.refreshTokens.add(refresh);
      return { ...this.newAccessToken('seller'), refresh_token: refresh };
    }
    if (grant === 'refresh_token') {
      const refresh = required('refresh_token');
      this.checkClient(form);
      if (!this.refreshTokens.has(refresh)) {
        this.stats.invalidGrants += 1;
        throw new OAuthError(
          400,
          'invalid_grant',
          'The request has an invalid grant parameter : refresh_token',
        );
      }
      this.stats.refreshes += 1;
      // LWA refresh tokens are long-lived: the same one comes back and stays valid.
      return { ...this.newAccessToken('seller'), refresh_token: refresh };
    }
    if (grant === 'client_credentials') {
      const scope = required('scope');
      this.checkClient(form);
      if (!GRANTLESS_SCOPES.includes(scope))
        throw new OAuthError(400, 'invalid_scope', 'An unknown scope was requested');
      this.stats.grantless += 1;
      return this.newAccessToken(scope);
    }
    throw new OAuthError(
      400,
      'unsupported_grant_type',
      `The authorization grant type is not supported : ${grant}`,
    );
  }

  /** Checks the x-amz-access-token of a seller operation; throws the 403 Amazon answers. */
  checkAccess(header: string | undefined): void {
    const denied = (details: string) =>
      new AmazonApiError(403, 'Unauthorized', 'Access to requested resource is denied.', details);
    if (!header) {
      this.stats.rejectedTokens += 1;
      throw denied('The access token is missing from the x-amz-access-token header.');
    }
    const token = this.accessTokens.get(header);
    if (!token || token.revoked) {
      this.stats.rejectedTokens += 1;
      throw denied('The access token you provided is revoked, malformed or invalid.');
    }
    if (token.expiresAt <= this.clock.now()) {
      this.stats.rejectedTokens += 1;
      this.stats.expiredTokens += 1;
      throw denied('The access token you provided has expired.');
    }
    if (token.scope !== 'seller') {
      this.stats.rejectedTokens += 1;
      throw denied('A grantless access token cannot call this operation.');
    }
  }

  /** Every access token issued so far stops working now (as if their hour had passed). */
  expireAccessTokens(): void {
    const now = this.clock.now();
    for (const token of this.accessTokens.values())
      token.expiresAt = Math.min(token.expiresAt, now);
  }

  /** The seller removed the app in Manage Your Apps: refresh and access tokens stop working. */
  revokeAuthorization(): void {
    this.refreshTokens.clear();
    for (const token of this.accessTokens.values()) token.revoked = true;
  }
}
