/**
 * eBay OAuth as the fake serves it (notes §2.1; KB 5075; the oauth-auth-code-grant-request and
 * oauth-refresh-token-request pages):
 * - consent: GET /oauth2/authorize with client_id, redirect_uri = the RuName (not a URL),
 *   response_type=code, space-separated scopes, state; the sandbox seller consents at once and is
 *   sent to the RuName's accept URL with `code` (URL-encoded: eBay codes hold ^, # and base64 text),
 *   `state` and `expires_in=299`;
 * - POST /identity/v1/oauth2/token, form-encoded, `Authorization: Basic base64(id:secret)`:
 *   authorization_code (code once, within 299 s, with the same RuName), refresh_token (with scopes
 *   the consent covered; the refresh token is NOT replaced and stays valid 18 months) and
 *   client_credentials (application token);
 * - user access tokens last 7200 s. Errors are OAuth's `{"error", "error_description"}`.
 */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import type { SandboxRequest, SandboxResponse } from '../kit/server.js';
import { accessErrors, type EbayApiError } from './errors.js';

export const ACCESS_TOKEN_SECONDS = 7200;
export const REFRESH_TOKEN_SECONDS = 47_304_000;
export const CODE_SECONDS = 299;
export const SCOPE_ROOT = 'https://api.ebay.com/oauth/api_scope';
/** Scopes a seller may consent to in the sandbox. */
export const USER_SCOPES = [
  SCOPE_ROOT,
  `${SCOPE_ROOT}/sell.inventory`,
  `${SCOPE_ROOT}/sell.inventory.readonly`,
  `${SCOPE_ROOT}/sell.fulfillment`,
  `${SCOPE_ROOT}/sell.fulfillment.readonly`,
  `${SCOPE_ROOT}/sell.account`,
  `${SCOPE_ROOT}/sell.account.readonly`,
  `${SCOPE_ROOT}/commerce.identity.readonly`,
];

interface Grant {
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

interface AccessToken {
  kind: 'user' | 'app';
  scopes: string[];
  expiresAt: number;
}

export interface AuthorityStats {
  codeExchanges: number;
  refreshes: number;
  clientCredentials: number;
  invalidGrants: number;
  badClientAuth: number;
  /** API calls refused for an unknown, expired or revoked access token. */
  rejectedTokens: number;
  scopeRefusals: number;
}

export interface Credentials {
  clientId: string;
  clientSecret: string;
  ruName: string;
}

/** An OAuth error answer (`{"error", "error_description"}`), thrown inside the token endpoint. */
class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}
const oauthError = (status: number, error: string, description: string): OAuthError =>
  new OAuthError(status, error, description);

export class EbayAuthority {
  private readonly codes = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessToken>();
  /** Where the RuName sends the seller after consent (set in the developer account on eBay). */
  acceptUrl = 'http://127.0.0.1/ebay-sandbox/accepted';
  readonly stats: AuthorityStats = {
    codeExchanges: 0,
    refreshes: 0,
    clientCredentials: 0,
    invalidGrants: 0,
    badClientAuth: 0,
    rejectedTokens: 0,
    scopeRefusals: 0,
  };

  constructor(
    private readonly clock: SimClock,
    private readonly random: Random,
    readonly credentials: Credentials,
  ) {}

  private token(): string {
    // Shaped like eBay's: version, flags, then an opaque base64 body with + / and = in it.
    const body = Buffer.from(this.random.hex(48), 'hex').toString('base64');
    return `v^1.1#i^1#p^3#r^1#f^0#I^3#t^${body}`;
  }

  /** The seller's consent: a one-time code for the given scopes (all sandbox scopes by default). */
  issueCode(scopes: string[] = USER_SCOPES): string {
    const code = this.token();
    this.codes.set(code, {
      scopes,
      expiresAt: this.clock.now() + CODE_SECONDS * 1000,
      used: false,
    });
    return code;
  }

  /** GET /oauth2/authorize: checks the request and redirects to the accept URL with a code. */
  consent(request: SandboxRequest): SandboxResponse {
    const query = request.query;
    const refuse = (message: string): SandboxResponse => ({
      status: 400,
      text: `<html><body>eBay sandbox consent refused: ${message}</body></html>`,
    });
    if (query.get('client_id') !== this.credentials.clientId) return refuse('unknown client_id');
    if (query.get('redirect_uri') !== this.credentials.ruName)
      return refuse('redirect_uri must be the application RuName');
    if (query.get('response_type') !== 'code') return refuse('response_type must be code');
    const scopes = (query.get('scope') ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0 || scopes.some((scope) => !USER_SCOPES.includes(scope)))
      return refuse('invalid scope');
    const target = new URL(this.acceptUrl);
    const state = query.get('state');
    if (state !== null) target.searchParams.set('state', state);
    target.searchParams.set('code', this.issueCode(scopes));
    target.searchParams.set('expires_in', String(CODE_SECONDS));
    return { status: 302, headers: { location: target.toString() }, text: '' };
  }

  /** POST /identity/v1/oauth2/token. */
  tokenEndpoint(request: SandboxRequest): SandboxResponse {
    const answer = (status: number, json: unknown): SandboxResponse => ({ status, json });
    try {
      this.checkClient(request);
      const form = new URLSearchParams(request.bodyText);
      switch (form.get('grant_type')) {
        case 'authorization_code':
          return answer(200, this.exchange(form));
        case 'refresh_token':
          return answer(200, this.refresh(form));
        case 'client_credentials':
          return answer(200, this.clientCredentials(form));
        default:
          throw oauthError(
            400,
            'unsupported_grant_type',
            'grant type in request is not supported by the authorization server',
          );
      }
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      const failure = error;
      if (failure.error === 'invalid_grant') this.stats.invalidGrants += 1;
      return answer(failure.status, {
        error: failure.error,
        error_description: failure.description,
      });
    }
  }

  private checkClient(request: SandboxRequest): void {
    const type = String(request.headers['content-type'] ?? '');
    if (!type.startsWith('application/x-www-form-urlencoded')) {
      throw oauthError(
        400,
        'invalid_request',
        'request is missing a required parameter or is otherwise malformed',
      );
    }
    const header = String(request.headers.authorization ?? '');
    const expected = Buffer.from(
      `${this.credentials.clientId}:${this.credentials.clientSecret}`,
    ).toString('base64');
    if (header !== `Basic ${expected}`) {
      this.stats.badClientAuth += 1;
      throw oauthError(401, 'invalid_client', 'client authentication failed');
    }
  }

  private exchange(form: URLSearchParams) {
    const code = form.get('code') ?? '';
    const grant = this.codes.get(code);
    if (!grant || grant.used || grant.expiresAt < this.clock.now()) {
      throw oauthError(
        400,
        'invalid_grant',
        'the provided authorization grant code is invalid or was issued to another client',
      );
    }
    if (form.get('redirect_uri') !== this.credentials.ruName) {
      throw oauthError(
        400,
        'invalid_grant',
        'the provided authorization grant code is invalid or was issued to another client',
      );
    }
    grant.used = true;
    this.stats.codeExchanges += 1;
    const refreshToken = this.token();
    this.refreshTokens.set(refreshToken, {
      scopes: grant.scopes,
      expiresAt: this.clock.now() + REFRESH_TOKEN_SECONDS * 1000,
      used: false,
    });
    return {
      access_token: this.issueAccess('user', grant.scopes),
      expires_in: ACCESS_TOKEN_SECONDS,
      refresh_token: refreshToken,
      refresh_token_expires_in: REFRESH_TOKEN_SECONDS,
      token_type: 'User Access Token',
    };
  }

  private refresh(form: URLSearchParams) {
    const grant = this.refreshTokens.get(form.get('refresh_token') ?? '');
    if (!grant || grant.expiresAt < this.clock.now()) {
      throw oauthError(
        400,
        'invalid_grant',
        'the provided authorization refresh token is invalid or was issued to another client',
      );
    }
    const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
    if (asked.length === 0 || asked.some((scope) => !grant.scopes.includes(scope))) {
      throw oauthError(
        400,
        'invalid_scope',
        'the requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client',
      );
    }
    this.stats.refreshes += 1;
    return {
      access_token: this.issueAccess('user', asked),
      expires_in: ACCESS_TOKEN_SECONDS,
      token_type: 'User Access Token',
    };
  }

  private clientCredentials(form: URLSearchParams) {
    const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
    if (asked.length === 0 || asked.some((scope) => scope !== SCOPE_ROOT)) {
      throw oauthError(
        400,
        'invalid_scope',
        'the requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client',
      );
    }
    this.stats.clientCredentials += 1;
    return {
      access_token: this.issueAccess('app', asked),
      expires_in: ACCESS_TOKEN_SECONDS,
      token_type: 'Application Access Token',
    };
  }

  private issueAccess(kind: 'user' | 'app', scopes: string[]): string {
    const token = this.token();
    this.accessTokens.set(token, {
      kind,
      scopes,
      expiresAt: this.clock.now() + ACCESS_TOKEN_SECONDS * 1000,
    });
    return token;
  }

  /**
   * Checks a call's bearer token: known, unexpired, of the right kind, with one of `scopes`.
   * `expiredStatus` is how this API says "expired": 401/1001, or 403/1100 as some eBay APIs do.
   */
  check(
    request: SandboxRequest,
    need: { kind: 'user' | 'app'; scopes: string[] },
    expiredStatus: 401 | 403,
  ): void {
    const header = String(request.headers.authorization ?? '');
    if (!header.startsWith('Bearer ')) throw accessErrors.missingToken();
    const token = this.accessTokens.get(header.slice('Bearer '.length));
    const refused = (): EbayApiError => {
      this.stats.rejectedTokens += 1;
      return expiredStatus === 403
        ? accessErrors.insufficientPermissions()
        : accessErrors.invalidToken();
    };
    if (!token || token.expiresAt < this.clock.now()) throw refused();
    if (token.kind !== need.kind || !need.scopes.some((scope) => token.scopes.includes(scope))) {
      this.stats.scopeRefusals += 1;
      throw accessErrors.insufficientPermissions();
    }
  }

  /** Makes every access token expire now (as if two hours had passed for them). */
  expireAccessTokens(): void {
    const now = this.clock.now();
    for (const token of this.accessTokens.values())
      token.expiresAt = Math.min(token.expiresAt, now - 1);
  }

  /** The seller revoked the application: every token and refresh token stops working. */
  revokeAuthorization(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.codes.clear();
  }
}
