/**
 * Login with Amazon for the SP-API (../shared/marketplace-notes.md §1.1):
 * - the seller consents in Seller Central (`/apps/authorize/consent?application_id&state`, plus
 *   `version=beta` while the app is a draft) and comes back with `spapi_oauth_code`, `state` and
 *   `selling_partner_id`; the code is exchanged (grant `authorization_code`) for a refresh token;
 * - a private (self-authorised) app is handed the refresh token itself;
 * - access tokens (`Atza|…`) last 3600 s and come from the refresh-token grant; refresh tokens
 *   (`Atzr|…`) are long-lived and reusable, so repeating a refresh is harmless;
 * - grantless operations use the client-credentials grant with a scope;
 * - the seller re-authorises yearly: that date is the account's "re-authorise by".
 * Token requests are form-encoded with every value percent-encoded.
 */
import { z } from 'zod';
import type { HttpClient } from '../http/client.js';
import { InvalidPayloadError } from '../http/errors.js';
import type { StoredTokens, TokenRefresher } from '../http/tokens.js';
import { LWA_TOKEN_URL } from './regions.js';
import { LWA_OPERATION } from './protocol.js';

const YEAR_MS = 365 * 86_400_000;
const FORM_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';

export interface LwaRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

function form(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
}

/**
 * The LWA token request: refresh-token grant with `refreshToken`, client-credentials grant (for
 * grantless operations) with `scope`. Pure: nothing is sent. `tokenUrl` defaults to Amazon's.
 */
export function buildLwaTokenRequest(
  input: { clientId: string; clientSecret: string } & (
    { refreshToken: string } | { scope: string }
  ),
  options: { tokenUrl?: string } = {},
): LwaRequest {
  const grant: Record<string, string> =
    'refreshToken' in input
      ? { grant_type: 'refresh_token', refresh_token: input.refreshToken }
      : { grant_type: 'client_credentials', scope: input.scope };
  return {
    method: 'POST',
    url: options.tokenUrl ?? LWA_TOKEN_URL,
    headers: { 'content-type': FORM_TYPE },
    body: form({ ...grant, client_id: input.clientId, client_secret: input.clientSecret }),
  };
}

/** The first exchange: the consent redirect's code for the refresh token. */
export function buildLwaCodeExchange(
  input: { clientId: string; clientSecret: string; code: string; redirectUri?: string },
  options: { tokenUrl?: string } = {},
): LwaRequest {
  return {
    method: 'POST',
    url: options.tokenUrl ?? LWA_TOKEN_URL,
    headers: { 'content-type': FORM_TYPE },
    body: form({
      grant_type: 'authorization_code',
      code: input.code,
      ...(input.redirectUri ? { redirect_uri: input.redirectUri } : {}),
      client_id: input.clientId,
      client_secret: input.clientSecret,
    }),
  };
}

/** Seller Central's consent page for the app. */
export function amazonConsentUrl(input: {
  sellerCentralUrl: string;
  applicationId: string;
  state: string;
  redirectUrl?: string;
  beta?: boolean;
}): string {
  const url = new URL('/apps/authorize/consent', input.sellerCentralUrl);
  url.searchParams.set('application_id', input.applicationId);
  url.searchParams.set('state', input.state);
  if (input.redirectUrl) url.searchParams.set('redirect_uri', input.redirectUrl);
  if (input.beta) url.searchParams.set('version', 'beta');
  return url.toString();
}

const TokenReply = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
});
type TokenReply = z.infer<typeof TokenReply>;

export interface LwaCredentials {
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
}

export class AmazonAuth {
  constructor(
    private readonly client: HttpClient,
    private readonly credentials: LwaCredentials,
  ) {}

  private async send(request: LwaRequest, idempotent: boolean): Promise<TokenReply> {
    const reply = await this.client.request({
      operation: LWA_OPERATION,
      bucket: 'auth',
      method: 'POST',
      path: request.url,
      rawBody: { contentType: FORM_TYPE, text: request.body },
      idempotent,
      authenticated: false,
    });
    const parsed = TokenReply.safeParse(reply);
    if (!parsed.success)
      throw new InvalidPayloadError(
        'Login with Amazon answered with an unexpected token reply',
        parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
        { marketplace: 'amazon', operation: LWA_OPERATION },
      );
    return parsed.data;
  }

  private tokens(
    reply: TokenReply,
    refreshToken: string,
    authorizationExpiresAt: string | null,
  ): StoredTokens {
    const now = this.client.clock.now();
    return {
      accessToken: reply.access_token,
      accessTokenExpiresAt: new Date(now + reply.expires_in * 1000).toISOString(),
      refreshToken: reply.refresh_token ?? refreshToken,
      refreshTokenExpiresAt: null,
      authorizationExpiresAt,
    };
  }

  /** The consent code for tokens. The code works once, so a lost reply is not repeated. */
  async exchangeCode(code: string, redirectUri?: string): Promise<StoredTokens> {
    const reply = await this.send(
      buildLwaCodeExchange(
        { ...this.credentials, code, redirectUri },
        { tokenUrl: this.credentials.tokenUrl },
      ),
      false,
    );
    if (!reply.refresh_token)
      throw new InvalidPayloadError(
        'Login with Amazon returned no refresh token for the code',
        [],
        {
          marketplace: 'amazon',
          operation: LWA_OPERATION,
        },
      );
    const renewBy = new Date(this.client.clock.now() + YEAR_MS).toISOString();
    return this.tokens(reply, reply.refresh_token, renewBy);
  }

  /** A self-authorised (private) app's refresh token, made usable by a first refresh. */
  async adoptRefreshToken(refreshToken: string): Promise<StoredTokens> {
    const renewBy = new Date(this.client.clock.now() + YEAR_MS).toISOString();
    return this.refresher({
      accessToken: '',
      accessTokenExpiresAt: new Date(0).toISOString(),
      refreshToken,
      refreshTokenExpiresAt: null,
      authorizationExpiresAt: renewBy,
    });
  }

  /** Refresh tokens are reusable: repeating a refresh whose reply was lost is harmless. */
  readonly refresher: TokenRefresher = async (current) => {
    const reply = await this.send(
      buildLwaTokenRequest(
        { ...this.credentials, refreshToken: current.refreshToken },
        { tokenUrl: this.credentials.tokenUrl },
      ),
      true,
    );
    return this.tokens(reply, current.refreshToken, current.authorizationExpiresAt);
  };

  /** An access token for a grantless operation (client-credentials grant). */
  async grantlessToken(scope: string): Promise<{ accessToken: string; expiresAt: string }> {
    const reply = await this.send(
      buildLwaTokenRequest({ ...this.credentials, scope }, { tokenUrl: this.credentials.tokenUrl }),
      true,
    );
    return {
      accessToken: reply.access_token,
      expiresAt: new Date(this.client.clock.now() + reply.expires_in * 1000).toISOString(),
    };
  }
}
