/**
 * Connecting a real shop: the marketplace's consent page, then the code its redirect brings back
 * exchanged for tokens through the connector's own flow, and the account stored.
 *
 * A connection is a short session kept in memory: `begin` creates the account's connector and its
 * consent URL with a random `state`; `complete` checks that state when the redirect carries it,
 * lets the connector exchange the code, stores the account and keeps its connector for syncing.
 * Only marketplaces with a connector can be connected, and only with this installation's app
 * credentials for them (read from the environment by default): without them the seller is told so
 * instead of being sent to a consent page that would refuse the app.
 */
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import {
  ConnectorError,
  InMemoryTokenStore,
  type Connector,
  type ConnectorRegistry,
  type TokenStore,
} from '../../connectors/index.js';
import type { ConnectorStateStore } from '../../connectors/state.js';
import { ApiError } from '../../shared/api/errors.js';
import type { ConnectOption, ConnectStart } from '../../shared/api/types-operations.js';
import { MARKETPLACES, type Marketplace } from '../../shared/domain.js';
import type { AccountId } from '../../shared/ids.js';
import { createLogger } from '../../shared/log.js';
import { secretStoreFor, SecretTokenStore } from '../secrets/index.js';
import { qb } from '../store/compiler.js';
import type { Store } from '../store/connection.js';
import { SqliteConnectorStateStore } from '../store/connector-state.js';
import { upsertAccount } from '../store/ingest.js';
import {
  CONNECT_SITES,
  codeOf,
  connectMarket,
  connectorCallback,
  needsShopId,
  settingsFromEnvironment,
  type ConnectMarket,
  type ConnectSettings,
} from './connect-markets.js';

const log = createLogger('engine.connect');

/** A consent left unfinished this long is forgotten. */
const SESSION_TTL_MS = 30 * 60_000;

export { settingsFromEnvironment, type ConnectSettings } from './connect-markets.js';

function marketOf(marketplace: Marketplace, site: string, settings?: unknown): ConnectMarket {
  const market = connectMarket(marketplace, site, settings);
  if (!market) {
    throw new ApiError('invalid_input', `${marketplace} has no site ${site}`, [
      { path: 'site', message: `unknown ${marketplace} site` },
    ]);
  }
  return market;
}

interface Session {
  id: string;
  marketplace: Marketplace;
  site: string;
  state: string;
  connector: Connector;
  expiresAt: number;
}

export interface AccountConnectionsOptions {
  store: Store;
  registry: ConnectorRegistry;
  /**
   * Where tokens are kept. Default: sealed in the store's `secrets` table under the data folder's
   * key (engine/secrets), so a connected shop survives a restart; in memory for a store in memory.
   */
  tokenStore?: TokenStore;
  /** Where connectors keep counts across runs (default: the store's connector_state). */
  stateStore?: ConnectorStateStore;
  settings?: ConnectSettings;
  now?: () => number;
  /** Told after an account was stored. */
  onConnected?: (accountId: AccountId) => void;
}

export class AccountConnections {
  private readonly sessions = new Map<string, Session>();
  private readonly connected = new Map<AccountId, Connector>();
  private readonly tokenStore: TokenStore;
  private readonly stateStore: ConnectorStateStore;
  private readonly settings: ConnectSettings;
  private readonly now: () => number;

  constructor(private readonly options: AccountConnectionsOptions) {
    this.tokenStore =
      options.tokenStore ??
      (options.store.path === ':memory:'
        ? new InMemoryTokenStore()
        : new SecretTokenStore(secretStoreFor(options.store, dirname(options.store.path))));
    this.stateStore = options.stateStore ?? new SqliteConnectorStateStore(options.store);
    this.settings = options.settings ?? settingsFromEnvironment();
    this.now = options.now ?? Date.now;
  }

  /** What the seller may connect here, and why not where not. */
  list(): ConnectOption[] {
    return MARKETPLACES.map((marketplace) => {
      const sites = [...CONNECT_SITES[marketplace]];
      if (!this.options.registry.has(marketplace) || sites.length === 0) {
        return { marketplace, available: false, reason: 'coming_soon', sites, needsShopId: false };
      }
      const ready = sites.some((site) => this.settings(marketplace, site) !== null);
      return {
        marketplace,
        available: ready,
        reason: ready ? null : 'needs_app_credentials',
        sites,
        // The redirect names the shop; a bare pasted code needs it typed beside it.
        needsShopId: needsShopId(marketplace),
      };
    });
  }

  async begin(input: {
    marketplace: Marketplace;
    site: string;
    redirectUrl: string;
  }): Promise<ConnectStart> {
    this.forgetExpired();
    const option = this.list().find((entry) => entry.marketplace === input.marketplace);
    if (!option?.available) {
      const why =
        option?.reason === 'needs_app_credentials'
          ? 'has no app credentials'
          : 'has no connector yet';
      throw new ApiError(
        'unavailable',
        `${input.marketplace} cannot be connected: this installation ${why}`,
      );
    }
    marketOf(input.marketplace, input.site);
    const id = randomUUID();
    const connector = this.options.registry.create(
      input.marketplace,
      {
        account: { accountKey: `connect-${id}`, site: input.site, shopId: null },
        tokenStore: this.tokenStore,
        stateStore: this.stateStore,
      },
      this.settings(input.marketplace, input.site),
    );
    const state = randomUUID();
    const consentUrl = await connector.consentUrl({ redirectUrl: input.redirectUrl, state });
    const expiresAt = this.now() + SESSION_TTL_MS;
    this.sessions.set(id, { id, ...input, state, connector, expiresAt });
    return {
      sessionId: id,
      marketplace: input.marketplace,
      site: input.site,
      consentUrl,
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /** Exchanges what the redirect brought back; stores the account and returns its id. */
  async complete(input: {
    sessionId: string;
    callback: string;
    shopId?: string | undefined;
  }): Promise<AccountId> {
    this.forgetExpired();
    const session = this.sessions.get(input.sessionId);
    if (!session) {
      throw new ApiError(
        'not_found',
        'This connection has expired or was already finished: start connecting again',
      );
    }
    const params = callbackParams(input.callback, input.shopId);
    if (params.state !== undefined && params.state !== session.state) {
      throw new ApiError('invalid_input', 'The address does not belong to this connection', [
        { path: 'callback', message: 'state does not match: paste the address of this connection' },
      ]);
    }
    if (!codeOf(params)) {
      throw new ApiError('invalid_input', 'No authorisation code was found', [
        { path: 'callback', message: 'paste the address you were sent back to, or its code' },
      ]);
    }
    let status;
    try {
      status = await session.connector.completeAuthorization(
        connectorCallback(session.marketplace, params),
      );
    } catch (error) {
      const message =
        error instanceof ConnectorError
          ? (error.marketplaceMessage ?? error.message)
          : String(error);
      log.warn('a connection could not be completed', { marketplace: session.marketplace, error });
      throw new ApiError('invalid_input', `The marketplace refused the authorisation: ${message}`, [
        { path: 'callback', message },
      ]);
    }
    this.sessions.delete(session.id);
    const market = marketOf(
      session.marketplace,
      session.site,
      this.settings(session.marketplace, session.site),
    );
    const accountId = this.options.store.write((w) =>
      upsertAccount(w, {
        marketplace: session.marketplace,
        site: session.site,
        shopId: status.shopId,
        displayName: `${session.marketplace === 'shopee' ? 'Shopee' : session.marketplace} ${session.site} ${status.shopId}`,
        sandbox: false,
        authState: status.state,
        reauthorizeBy: status.reauthorizeBy,
        currency: market.currency,
        locale: market.locale,
      }),
    );
    // The tokens move to the account's own key, and its connector is made for that key.
    const tokens = await this.tokenStore.load(`connect-${session.id}`);
    if (tokens) await this.tokenStore.save(String(accountId), tokens);
    this.dropTokens(`connect-${session.id}`);
    await session.connector.close();
    const previous = this.connected.get(accountId);
    this.connected.set(
      accountId,
      this.options.registry.create(
        session.marketplace,
        {
          account: { accountKey: String(accountId), site: session.site, shopId: status.shopId },
          tokenStore: this.tokenStore,
          stateStore: this.stateStore,
        },
        this.settings(session.marketplace, session.site),
      ),
    );
    await previous?.close();
    this.options.onConnected?.(accountId);
    return accountId;
  }

  /**
   * The connector of a connected (not sandbox) account: the one made when it was connected, or,
   * after a restart, one made again from the stored account and its stored tokens. Undefined when
   * the account is unknown or this installation lacks the app credentials for it.
   */
  connector(accountId: AccountId): Connector | undefined {
    const known = this.connected.get(accountId);
    if (known) return known;
    const account = this.options.store.read((r) =>
      r.first(
        qb
          .selectFrom('accounts')
          .select(['marketplace', 'site', 'shop_id'])
          .where('id', '=', accountId)
          .where('sandbox', '=', 0),
      ),
    );
    if (!account || !this.options.registry.has(account.marketplace)) return undefined;
    const settings = this.settings(account.marketplace, account.site);
    if (settings === null) return undefined;
    const connector = this.options.registry.create(
      account.marketplace,
      {
        account: { accountKey: String(accountId), site: account.site, shopId: account.shop_id },
        tokenStore: this.tokenStore,
        stateStore: this.stateStore,
      },
      settings,
    );
    this.connected.set(accountId, connector);
    return connector;
  }

  /** Forgets an account's connector and its stored tokens (disconnect). */
  async forget(accountId: AccountId): Promise<void> {
    const connector = this.connected.get(accountId);
    this.connected.delete(accountId);
    this.dropTokens(String(accountId));
    await connector?.close();
  }

  private dropTokens(accountKey: string): void {
    if (this.tokenStore instanceof SecretTokenStore) this.tokenStore.forget(accountKey);
  }

  async close(): Promise<void> {
    const connectors = [
      ...[...this.sessions.values()].map((session) => session.connector),
      ...this.connected.values(),
    ];
    this.sessions.clear();
    this.connected.clear();
    await Promise.allSettled(connectors.map((connector) => connector.close()));
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const session of [...this.sessions.values()]) {
      if (session.expiresAt <= now) {
        this.sessions.delete(session.id);
        void session.connector.close();
      }
    }
  }
}

/**
 * The redirect's parameters from what the seller pasted: a whole address, its query string, or a
 * bare code (with the shop id typed beside it).
 */
export function callbackParams(text: string, shopId?: string): Record<string, string> {
  const trimmed = text.trim();
  let query: string | null = null;
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      query = new URL(trimmed).search;
    } catch {
      query = null;
    }
  } else if (trimmed.includes('=')) query = trimmed;
  const params: Record<string, string> = {};
  if (query !== null) {
    for (const [key, value] of new URLSearchParams(query.replace(/^[?#]/, ''))) params[key] = value;
  } else params.code = trimmed;
  if (shopId && !params.shop_id) params.shop_id = shopId;
  return params;
}
