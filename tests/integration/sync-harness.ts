/**
 * A world for the sync engine's acceptance tests: one seller with shops on several simulated
 * marketplaces (any mix, several of one marketplace too), each shop's real connector built by the
 * connector registry from the settings the app's sandbox shop gives and authorised through the
 * real consent-code flow, one real store, and the real morning run (runMorningSync) over them.
 * `differences()` compares the store with every shop's ground truth, field by field.
 *
 * Shops of Shopee, AliExpress and Wish built from one catalogue seed sell the same SKUs (the fakes
 * share the `SR-<seed>-NNNNN` scheme), so their stock is one; Amazon's and eBay's fakes name their
 * SKUs their own way and share none with the others.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnectorRegistry } from '../../src/connectors/index.js';
import type { Connector } from '../../src/connectors/connector.js';
import { createScaledClock, type Clock } from '../../src/connectors/http/clock.js';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import { openStore, type Store } from '../../src/engine/store/connection.js';
import { upsertAccount } from '../../src/engine/store/ingest.js';
import { runMorningSync, type SyncProgress } from '../../src/engine/sync/morning.js';
import type { SyncOutcome, SyncRequest } from '../../src/engine/sync/types.js';
import type { RateLimitSettings } from '../../src/sandbox/index.js';
import type { Marketplace } from '../../src/shared/domain.js';
import type { AccountId } from '../../src/shared/ids.js';
import { marketDifferences } from './sync-differences.js';
import { startMarket, type MarketShop } from './sync-markets/index.js';

export {
  shopDifferences,
  startWorld,
  WORLD_START,
  type World,
  type WorldOptions,
  type WorldShop,
} from './sync-harness-shopee.js';

/** The world's start: a Friday morning in November, the same instant for every fake. */
export const MARKET_WORLD_START = Date.UTC(2026, 10, 20, 7, 30, 0);
export const ALL_MARKETPLACES: readonly Marketplace[] = [
  'shopee',
  'aliexpress',
  'amazon',
  'ebay',
  'wish',
];

/** Fast enough for a test on two shared cores; the client keeps under it with a small burst. */
export const FAST_FAKE: RateLimitSettings = { requestsPerSecond: 400, burst: 100 };
export const FAST_CLIENT: RateLimitSettings = { requestsPerSecond: 300, burst: 5 };

export interface MarketWorldShop {
  market: MarketShop;
  connector: Connector;
  clock: Clock;
  accountId: AccountId;
}

export interface MarketWorld {
  dir: string;
  store: Store;
  shops: MarketWorldShop[];
  run(request?: Partial<SyncRequest>): Promise<SyncOutcome>;
  /** Store vs ground truth for every shop; empty = equal. */
  differences(): string[];
  /** Moves every shop's clock on (each fake keeps its own). */
  advance(ms: number): void;
  progress: SyncProgress[];
  close(): Promise<void>;
}

export interface MarketWorldOptions {
  /** One shop per entry. */
  marketplaces: readonly Marketplace[];
  items?: number;
  orders?: number;
  orderDays?: number;
  catalogSeed?: number;
  rateLimit?: RateLimitSettings;
  clientRate?: RateLimitSettings;
  timeoutMs?: number;
  dir?: string;
}

/**
 * Builds a shop's connector through the registry (the app's way), on the fake's clock (so
 * `advance` moves both), and authorises it with a fresh consent callback.
 */
export async function connectMarket(
  market: MarketShop,
  options: { accountKey: string; timeoutMs: number },
): Promise<{ connector: Connector; clock: Clock }> {
  const own = createScaledClock({ scale: market.timeScale, origin: market.now() });
  const clock: Clock = { now: () => market.now(), sleep: (ms, signal) => own.sleep(ms, signal) };
  const { shop } = market;
  const connector = createConnectorRegistry().create(
    market.marketplace,
    {
      account: { accountKey: options.accountKey, site: shop.site, shopId: null },
      tokenStore: new InMemoryTokenStore(),
      clock,
    },
    { ...(shop.connectorSettings as object), timeoutMs: options.timeoutMs },
  );
  await connector.completeAuthorization(shop.issueAuthorization());
  return { connector, clock };
}

let keys = 0;

export async function startMarketWorld(options: MarketWorldOptions): Promise<MarketWorld> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'silkroute-sync-'));
  const store = openStore(join(dir, 'silkroute.db'));
  const shops: MarketWorldShop[] = [];
  const counts = new Map<Marketplace, number>();
  try {
    for (const [position, marketplace] of options.marketplaces.entries()) {
      const index = counts.get(marketplace) ?? 0;
      counts.set(marketplace, index + 1);
      const market = await startMarket(marketplace, {
        index,
        seed: 11 + position,
        catalogSeed: options.catalogSeed ?? 7,
        items: options.items ?? 40,
        orders: options.orders ?? 60,
        orderDays: options.orderDays ?? 30,
        startTime: MARKET_WORLD_START,
        rateLimit: options.rateLimit ?? FAST_FAKE,
        clientRate: options.clientRate ?? FAST_CLIENT,
      });
      const { connector, clock } = await connectMarket(market, {
        accountKey: `${marketplace}-${index}`,
        timeoutMs: options.timeoutMs ?? 10_000,
      });
      const { shop } = market;
      const accountId = store.write((w) =>
        upsertAccount(w, {
          marketplace,
          site: shop.site,
          shopId: shop.shopId,
          displayName: shop.displayName,
          sandbox: true,
          authState: 'connected',
          reauthorizeBy: null,
          currency: shop.currency,
          locale: shop.locale,
        }),
      );
      shops.push({ market, connector, clock, accountId });
    }
  } catch (error) {
    for (const shop of shops) await shop.market.close();
    store.close();
    throw error;
  }
  const progress: SyncProgress[] = [];
  const byAccount = new Map(shops.map((shop) => [shop.accountId, shop]));
  return {
    dir,
    store,
    shops,
    progress,
    run: (request = {}) =>
      runMorningSync(
        {
          store,
          link: (accountId) => {
            const shop = byAccount.get(accountId);
            return shop ? { connector: shop.connector, remoteNow: () => shop.market.now() } : null;
          },
          newKey: () => `test-key-${++keys}-${Date.now()}`,
          holder: 'test',
          onProgress: (event) => progress.push(event),
        },
        { trigger: 'manual', ...request },
      ),
    differences: () =>
      shops.flatMap((shop) => marketDifferences(store, shop.accountId, shop.market)),
    advance: (ms) => {
      for (const shop of shops) shop.market.advance(ms);
    },
    close: async () => {
      for (const shop of shops) {
        await shop.connector.close();
        await shop.market.close();
      }
      store.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
