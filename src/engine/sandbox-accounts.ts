/**
 * Sandbox accounts: the built-in simulated shops as real accounts of the app. Adding one starts the
 * shop in this process, authorises it through the marketplace connector's real flow (consent code →
 * tokens), stores the account, and pulls its listings and orders once (sync/pull.ts).
 *
 * Sandbox tokens are not the seller's secrets and the shop's port changes at every start, so
 * neither is stored: tokens live in the engine's in-memory TokenStore, and at engine open every
 * stored sandbox account gets its shop started again — with the seed and origin kept beside the
 * account (sync_cursors stream 'sandbox'), so it is the same shop with the same data — and
 * authorised again. The shops keep nothing between starts (what was written to them is gone), so
 * a restored account's next pull reads its shop whole.
 */
import {
  createScaledClock,
  type Connector,
  type ConnectorRegistry,
  type TokenStore,
} from '../connectors/index.js';
import { ApiError, type AccountSummary, type DataEntity } from '../shared/api/index.js';
import type { Marketplace } from '../shared/domain.js';
import type { AccountId } from '../shared/ids.js';
import { createLogger } from '../shared/log.js';
import type { SandboxShop, SandboxShops } from './sandbox-shops.js';
import { qb } from './store/compiler.js';
import type { Reader, Store } from './store/connection.js';
import { upsertAccount } from './store/ingest.js';
import { listAccounts } from './store/queries/accounts.js';
import { readCheckpoint, writeCheckpoint } from './sync/cursors.js';
import { pullAccount, type PullProgress } from './sync/pull.js';
import { adoptUnlinkedListings, queueStockPushesFor } from './stock/index.js';
import { newJobKey } from './store/job-keys.js';

const log = createLogger('engine.sandbox');

/** Every sandbox shop is generated from this seed: the same shop for every new user. */
export const SANDBOX_SEED = 1;

export interface SandboxAccountsOptions {
  store: Store;
  shops: SandboxShops;
  registry: ConnectorRegistry;
  tokenStore: TokenStore;
  now: () => Date;
  onChanged(entities: DataEntity[]): void;
  onProgress?(progress: PullProgress): void;
}

interface RunningShop {
  shop: SandboxShop;
  connector: Connector;
}

/** Tokens of a sandbox shop are kept under this key (one sandbox account per marketplace). */
const tokenKey = (marketplace: Marketplace) => `sandbox-${marketplace}`;

export class SandboxAccounts {
  private readonly running = new Map<AccountId, RunningShop>();
  private readonly adding = new Map<Marketplace, Promise<AccountSummary>>();
  private readonly starting = new Set<Promise<unknown>>();
  private readonly pulls = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: SandboxAccountsOptions) {}

  /** Adds the marketplace's sandbox account, or returns the one already there. */
  add(marketplace: Marketplace): Promise<AccountSummary> {
    let adding = this.adding.get(marketplace);
    if (!adding) {
      adding = this.addOnce(marketplace).finally(() => this.adding.delete(marketplace));
      this.adding.set(marketplace, adding);
    }
    return adding;
  }

  /** Starts and authorises the shop of every stored sandbox account; failures are logged. */
  restore(): Promise<void> {
    const accounts = this.options.store.read((r) =>
      r.all(qb.selectFrom('accounts').select(['id', 'marketplace']).where('sandbox', '=', 1)),
    );
    return Promise.all(
      accounts
        .filter((account) => this.options.shops.marketplaces.includes(account.marketplace))
        .map(async (account) => {
          const id = account.id as AccountId;
          try {
            const origin = this.options.store.read((r) => readCheckpoint(r, id, 'sandbox'));
            await this.connect(
              id,
              account.marketplace,
              origin ?? { seed: SANDBOX_SEED, origin: this.options.now().getTime() },
            );
          } catch (error) {
            log.warn('a sandbox shop could not be restarted', { accountId: id, error });
          }
        }),
    ).then(() => undefined);
  }

  /** Settles once every first pull under way has finished (its outcome is in the run report). */
  async idle(): Promise<void> {
    while (this.pulls.size > 0) await Promise.allSettled([...this.pulls]);
  }

  /** The connector of a running sandbox account. */
  connector(accountId: AccountId): Connector | undefined {
    return this.running.get(accountId)?.connector;
  }

  /** The running shop's clock, for order windows in its time. */
  remoteNow(accountId: AccountId): number | undefined {
    return this.running.get(accountId)?.shop.now();
  }

  /**
   * Waits for shop starts under way, then stops every shop. A first pull still running then fails
   * and is recorded as such (if the store is still open).
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.starting]);
    const shops = [...this.running.values()];
    this.running.clear();
    await Promise.allSettled(
      shops.map(async ({ shop, connector }) => {
        await connector.close();
        await shop.close();
      }),
    );
    // With their shops gone, pulls under way fail fast; wait so none writes after the store closes.
    await this.idle();
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.starting.add(work);
    void work.then(
      () => this.starting.delete(work),
      () => this.starting.delete(work),
    );
    return work;
  }

  private async addOnce(marketplace: Marketplace): Promise<AccountSummary> {
    const { store } = this.options;
    const existing = this.findSandboxAccount(marketplace);
    if (existing) return existing;
    if (!this.options.shops.marketplaces.includes(marketplace)) {
      throw new ApiError('invalid_input', `There is no sandbox shop for ${marketplace}`, [
        { path: 'marketplace', message: `no sandbox shop for ${marketplace}` },
      ]);
    }
    const origin = { seed: SANDBOX_SEED, origin: this.options.now().getTime() };
    const { shop, connector, status } = await this.startAndAuthorize(marketplace, origin);
    let accountId: AccountId;
    try {
      accountId = store.write((w) => {
        const id = upsertAccount(w, {
          marketplace,
          site: shop.site,
          shopId: shop.shopId,
          displayName: shop.displayName,
          sandbox: true,
          authState: status.state,
          reauthorizeBy: status.reauthorizeBy,
          currency: shop.currency,
          locale: shop.locale,
        });
        writeCheckpoint(w, id, 'sandbox', origin);
        return id;
      });
    } catch (error) {
      await stop(shop, connector);
      throw error;
    }
    if (this.closed) {
      await stop(shop, connector);
      throw new ApiError('unavailable', 'The engine is closing');
    }
    this.running.set(accountId, { shop, connector });
    this.options.onChanged(['accounts']);
    log.info('sandbox shop added', { accountId, marketplace });
    const summary = this.summary(accountId);
    if (!summary) throw new ApiError('not_found', `Account ${accountId} does not exist`);
    // The first pull runs in the background: the account is usable at once and its pages appear as
    // they are written (data.changed after each), so opening on the sandbox costs no waiting. A
    // failure is recorded in the run report by pullAccount and logged here.
    const pull = pullAccount({
      store,
      accountId,
      connector,
      trigger: 'manual',
      remoteNow: () => shop.now(),
      onPage: (progress) => this.options.onProgress?.(progress),
      onChanged: (entities) => this.options.onChanged(entities),
    }).then(
      (result) => {
        if (result.state === 'failed' || this.closed) return;
        // A sandbox shop stands for a seller's own catalogue: its listings become master SKUs
        // with the stock they show, so stock is kept in step from the first sync on. Where
        // another shop's listings made a SKU's stock first (the simulated shops sell the same
        // SKUs), this shop's listings are queued to show what that stock allows; the next sync
        // sends them.
        store.write((w) => {
          adoptUnlinkedListings(w, { accountId, newKey: newJobKey });
          queueStockPushesFor(w, linkedProducts(w, accountId), { newKey: newJobKey, accountId });
        });
        this.options.onChanged(['catalog', 'listings']);
      },
      (error: unknown) => log.warn("the sandbox shop's first pull failed", { accountId, error }),
    );
    this.pulls.add(pull);
    void pull.finally(() => this.pulls.delete(pull));
    return summary;
  }

  /** Restarts the shop of a stored account and authorises it again. */
  private async connect(
    accountId: AccountId,
    marketplace: Marketplace,
    origin: { seed: number; origin: number },
  ): Promise<void> {
    const { shop, connector, status } = await this.startAndAuthorize(marketplace, origin);
    if (this.closed) {
      await stop(shop, connector);
      return;
    }
    this.running.set(accountId, { shop, connector });
    this.options.store.write((w) => {
      w.run(
        qb
          .updateTable('accounts')
          .set({
            auth_state: status.state,
            reauthorize_by: status.reauthorizeBy,
            updated_at: w.now(),
          })
          .where('id', '=', accountId),
      );
      // The shop is rebuilt from its seed: what was written to it before (prices, quantities)
      // is gone, its items carry their first update times again, and nothing in it says so to a
      // changed-since pull. The next pull reads it whole and, with the stored update times
      // forgotten, takes it as it now is (older-looking data would otherwise be ignored); the
      // next sync then pushes the stock again. (Orders keep what was stored: a shipment
      // confirmed before the restart is the newer truth the store holds.)
      w.run(
        qb
          .updateTable('listings')
          .set({ remote_updated_at: null })
          .where('account_id', '=', accountId),
      );
      writeCheckpoint(w, accountId, 'listings', {
        next: null,
        changedSince: null,
        pullStartedAt: null,
        syncedThrough: null,
      });
    });
    this.options.onChanged(['accounts']);
  }

  private async startAndAuthorize(
    marketplace: Marketplace,
    origin: { seed: number; origin: number },
  ) {
    if (this.closed) throw new ApiError('unavailable', 'The engine is closing');
    let shop: SandboxShop;
    try {
      const now = Math.max(this.options.now().getTime(), origin.origin);
      shop = await this.track(this.options.shops.start(marketplace, { ...origin, now }));
    } catch (error) {
      log.warn('the sandbox shop did not start', { marketplace, error });
      throw new ApiError('unavailable', `The ${marketplace} sandbox shop could not start`);
    }
    let connector: Connector | undefined;
    try {
      connector = this.options.registry.create(
        marketplace,
        {
          account: { accountKey: tokenKey(marketplace), site: shop.site, shopId: shop.shopId },
          tokenStore: this.options.tokenStore,
          // The shop's clock: its data and its signature checks live in its own time.
          clock: createScaledClock({ scale: 1, origin: shop.now() }),
        },
        shop.connectorSettings,
      );
      const status = await this.track(connector.completeAuthorization(shop.issueAuthorization()));
      if (this.closed) throw new ApiError('unavailable', 'The engine is closing');
      return { shop, connector, status };
    } catch (error) {
      await stop(shop, connector);
      log.warn('the sandbox shop could not be authorised', { marketplace, error });
      throw new ApiError('unavailable', `The ${marketplace} sandbox shop could not be authorised`);
    }
  }

  private findSandboxAccount(marketplace: Marketplace): AccountSummary | undefined {
    return this.options.store
      .read(listAccounts)
      .find((account) => account.sandbox && account.marketplace === marketplace);
  }

  private summary(accountId: AccountId): AccountSummary | undefined {
    return this.options.store.read(listAccounts).find((account) => account.id === accountId);
  }
}

/** The master products an account's listings are linked to. */
function linkedProducts(r: Reader, accountId: AccountId): number[] {
  return r
    .all(
      qb
        .selectFrom('listings')
        .select('product_id')
        .distinct()
        .where('account_id', '=', accountId)
        .where('product_id', 'is not', null),
    )
    .flatMap((row) => (row.product_id === null ? [] : [row.product_id]));
}

async function stop(shop: SandboxShop, connector: Connector | undefined): Promise<void> {
  try {
    await connector?.close();
  } finally {
    await shop.close();
  }
}
