/**
 * Access tokens for one account. Invariants:
 * - single flight: however many calls need a refresh at once, one refresh runs and all await it;
 *   a call that failed with a token someone already replaced just takes the new one;
 * - proactive: a token is refreshed `refreshMarginMs` before it expires, not after a failure;
 * - persist before use: the new pair is saved through the engine's TokenStore, and only when the
 *   save resolved is the new access token handed out. This matters for marketplaces whose refresh
 *   tokens work once (Shopee): a crash after the refresh must not lose the only valid refresh token.
 *   If the save fails, the pair is kept in memory and saved again before it is used;
 * - a refresh token that was used successfully is never sent again (the next refresh starts from
 *   the pair it returned). When a refresh gets no usable reply at all, the same token is retried:
 *   it is the only one we have, and if the marketplace consumed it the retry is refused and the
 *   account moves to "re-authorise" — no client can recover a reply that was lost;
 * - the account's standing ("re-authorise by DATE") is computed here and surfaced by connectors.
 */
import type { AuthState, Marketplace } from '../../shared/domain.js';
import { createLogger } from '../../shared/log.js';
import type { Clock } from './clock.js';
import { NeedsUserError, RetryableError } from './errors.js';

export interface StoredTokens {
  accessToken: string;
  /** ISO-8601 UTC. */
  accessTokenExpiresAt: string;
  refreshToken: string;
  /** ISO-8601 UTC; null when the marketplace does not say. */
  refreshTokenExpiresAt: string | null;
  /** When the seller's authorization itself ends (Shopee: at most 365 days), if known. */
  authorizationExpiresAt: string | null;
}

/** Where tokens live between runs; the engine implements it on SQLite (encrypted at rest). */
export interface TokenStore {
  load(accountKey: string): Promise<StoredTokens | null>;
  /** Must resolve only once the tokens are durably stored. */
  save(accountKey: string, tokens: StoredTokens): Promise<void>;
}

/** For tests and the sandbox: tokens in a Map, with a count of saves. */
export class InMemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, StoredTokens>();
  saves = 0;

  load(accountKey: string): Promise<StoredTokens | null> {
    const stored = this.tokens.get(accountKey);
    return Promise.resolve(stored ? { ...stored } : null);
  }

  save(accountKey: string, tokens: StoredTokens): Promise<void> {
    this.saves += 1;
    this.tokens.set(accountKey, { ...tokens });
    return Promise.resolve();
  }
}

/** Marketplace-specific: trades the current pair for a new one. */
export type TokenRefresher = (current: StoredTokens) => Promise<StoredTokens>;

export interface AuthStatus {
  state: AuthState;
  /** ISO-8601 UTC: the seller must re-authorise before this, when known. */
  reauthorizeBy: string | null;
  accessTokenExpiresAt: string | null;
  /** Why the state is what it is, for the seller (redacted). */
  reason: string | null;
}

export interface TokenManagerOptions {
  marketplace: Marketplace;
  accountKey: string;
  store: TokenStore;
  refresher: TokenRefresher;
  clock: Clock;
  refreshMarginMs?: number;
  /** "expiring" when re-authorisation is due within this long. */
  expiringWithinMs?: number;
  saveAttempts?: number;
}

const DAY_MS = 86_400_000;

export class TokenManager {
  private cached: StoredTokens | null = null;
  private loaded = false;
  private unsaved: StoredTokens | null = null;
  private inflight: Promise<StoredTokens> | null = null;
  private needsUser: NeedsUserError | null = null;
  private readonly log = createLogger('connectors.tokens');
  private readonly refreshMarginMs: number;
  private readonly expiringWithinMs: number;
  /** How many refreshes were started (for tests and diagnostics). */
  refreshCount = 0;

  constructor(private readonly options: TokenManagerOptions) {
    this.refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
    this.expiringWithinMs = options.expiringWithinMs ?? 7 * DAY_MS;
  }

  private async current(): Promise<StoredTokens | null> {
    if (this.unsaved) await this.persist(this.unsaved);
    if (!this.loaded) {
      this.cached = await this.options.store.load(this.options.accountKey);
      this.loaded = true;
    }
    return this.cached;
  }

  /** A valid access token, refreshing first when it is missing or about to expire. */
  async accessToken(): Promise<string> {
    if (this.needsUser) throw this.needsUser;
    const tokens = await this.current();
    if (!tokens) throw this.notConnected();
    if (Date.parse(tokens.accessTokenExpiresAt) - this.options.clock.now() > this.refreshMarginMs) {
      return tokens.accessToken;
    }
    return (await this.refresh(tokens.accessToken)).accessToken;
  }

  /**
   * Refreshes unless the token that failed was already replaced. Concurrent callers share one
   * refresh. Resolves with tokens that are already persisted.
   */
  async refresh(failedAccessToken?: string): Promise<StoredTokens> {
    if (this.needsUser) throw this.needsUser;
    if (this.inflight) return this.inflight;
    const tokens = await this.current();
    if (!tokens) throw this.notConnected();
    if (failedAccessToken !== undefined && tokens.accessToken !== failedAccessToken) {
      const stillFresh =
        Date.parse(tokens.accessTokenExpiresAt) - this.options.clock.now() > this.refreshMarginMs;
      if (stillFresh) return tokens;
    }
    // Checked again: another caller may have started the refresh while we awaited the store.
    if (this.inflight) return this.inflight;
    this.inflight = this.runRefresh(tokens).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async runRefresh(tokens: StoredTokens): Promise<StoredTokens> {
    this.refreshCount += 1;
    let fresh: StoredTokens;
    try {
      fresh = await this.options.refresher(tokens);
    } catch (error) {
      if (error instanceof NeedsUserError) {
        this.needsUser = error;
        this.log.warn('authorization needs the seller', {
          account: this.options.accountKey,
          error,
        });
      }
      throw error;
    }
    await this.persist(fresh);
    return fresh;
  }

  /** Saves, retrying a few times; only a saved pair becomes the current one. */
  private async persist(tokens: StoredTokens): Promise<void> {
    const attempts = this.options.saveAttempts ?? 3;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await this.options.store.save(this.options.accountKey, tokens);
        this.cached = tokens;
        this.loaded = true;
        this.unsaved = null;
        return;
      } catch (error) {
        lastError = error;
        await this.options.clock.sleep(100 * attempt);
      }
    }
    this.unsaved = tokens;
    this.log.error(
      'could not save new tokens; they are kept in memory and will not be used until saved',
      {
        account: this.options.accountKey,
        error: lastError,
      },
    );
    throw new RetryableError(
      'The new tokens could not be saved; they will be saved again before use',
      {
        marketplace: this.options.marketplace,
        operation: 'tokens.save',
        cause: lastError,
      },
    );
  }

  /** Starts from a fresh authorization (code exchange): saved before it is used. */
  async adopt(tokens: StoredTokens): Promise<void> {
    await this.persist(tokens);
    this.needsUser = null;
  }

  /** Records that the marketplace refused the authorization (revoked, expired). */
  markNeedsUser(error: NeedsUserError): void {
    this.needsUser = error;
  }

  /** Merges what the marketplace said about the authorization's end (e.g. from shop info). */
  async noteAuthorizationExpiry(expiresAt: string | null): Promise<void> {
    const tokens = await this.current();
    if (!tokens || tokens.authorizationExpiresAt === expiresAt) return;
    await this.persist({ ...tokens, authorizationExpiresAt: expiresAt });
  }

  async status(): Promise<AuthStatus> {
    const tokens = await this.current();
    if (!tokens)
      return {
        state: 'disconnected',
        reauthorizeBy: null,
        accessTokenExpiresAt: null,
        reason: 'not authorised yet',
      };
    const deadlines = [tokens.refreshTokenExpiresAt, tokens.authorizationExpiresAt]
      .filter((value): value is string => value !== null)
      .sort((a, b) => Date.parse(a) - Date.parse(b));
    const reauthorizeBy = deadlines[0] ?? null;
    const base = { reauthorizeBy, accessTokenExpiresAt: tokens.accessTokenExpiresAt };
    if (this.needsUser) return { ...base, state: 'reauthorize', reason: this.needsUser.message };
    const now = this.options.clock.now();
    if (reauthorizeBy !== null && Date.parse(reauthorizeBy) <= now) {
      return { ...base, state: 'reauthorize', reason: 'the authorization has expired' };
    }
    if (reauthorizeBy !== null && Date.parse(reauthorizeBy) - now <= this.expiringWithinMs) {
      return { ...base, state: 'expiring', reason: `re-authorise by ${reauthorizeBy}` };
    }
    return { ...base, state: 'connected', reason: null };
  }

  private notConnected(): NeedsUserError {
    return new NeedsUserError('This account is not authorised yet', 'reauthorize', {
      marketplace: this.options.marketplace,
      operation: 'tokens.load',
    });
  }
}
