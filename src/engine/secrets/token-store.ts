/**
 * The connector kit's TokenStore on the encrypted SecretStore: a marketplace account's token pair
 * survives a restart, sealed at rest. `save` resolves only after the row is committed, which is
 * what the TokenManager's "persist before use" needs (Shopee's refresh tokens work once).
 */
import { z } from 'zod';
import type { StoredTokens, TokenStore } from '../../connectors/index.js';
import { SecretsError } from './errors.js';
import { SECRET_SCOPES, type SecretStore } from './secret-store.js';

const Tokens = z.strictObject({
  accessToken: z.string(),
  accessTokenExpiresAt: z.string(),
  refreshToken: z.string(),
  refreshTokenExpiresAt: z.string().nullable(),
  authorizationExpiresAt: z.string().nullable(),
});

export class SecretTokenStore implements TokenStore {
  constructor(private readonly secrets: SecretStore) {}

  async load(accountKey: string): Promise<StoredTokens | null> {
    const text = await this.secrets.get({
      scope: SECRET_SCOPES.marketplaceTokens,
      name: accountKey,
    });
    if (text === null) return null;
    const parsed = Tokens.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new SecretsError('tampered', `The stored tokens of ${accountKey} are not readable`);
    }
    return parsed.data;
  }

  async save(accountKey: string, tokens: StoredTokens): Promise<void> {
    const value = JSON.stringify(Tokens.parse(tokens));
    await this.secrets.put({ scope: SECRET_SCOPES.marketplaceTokens, name: accountKey, value });
  }

  /** Forgets an account's tokens (disconnect). */
  forget(accountKey: string): boolean {
    return this.secrets.delete({ scope: SECRET_SCOPES.marketplaceTokens, name: accountKey });
  }
}
