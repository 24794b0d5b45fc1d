/**
 * The sync engine's world over eBay: simulated eBay sellers on two sites selling one catalogue,
 * each with the real connector authorised through the real code exchange, one real store, and the
 * real morning run (runMorningSync). `differences()` compares the store with every seller's ground
 * truth, field by field, as the Shopee world does (tests/integration/sync-harness.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScaledClock, type Clock } from '../../src/connectors/http/clock.js';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import {
  createEbayConnector,
  EbaySettings,
  type EbayConnector,
} from '../../src/connectors/ebay/connector.js';
import { InMemoryEbayUsageStore } from '../../src/connectors/ebay/usage.js';
import { qb } from '../../src/engine/store/compiler.js';
import { openStore, type Store } from '../../src/engine/store/connection.js';
import { upsertAccount } from '../../src/engine/store/ingest.js';
import { runMorningSync, type SyncProgress } from '../../src/engine/sync/morning.js';
import type { SyncOutcome, SyncRequest } from '../../src/engine/sync/types.js';
import {
  startEbaySandbox,
  type EbaySandbox,
  type EbaySandboxOptions,
} from '../../src/sandbox/ebay/index.js';
import type { AccountId } from '../../src/shared/ids.js';
import { truthOrderStatus, truthStatus } from './ebay-harness.js';

export const EBAY_WORLD_START = Date.UTC(2026, 10, 20, 15, 30, 0);
const SITES = ['EBAY_US', 'EBAY_GB'] as const;

export interface EbayWorldSeller {
  sandbox: EbaySandbox;
  connector: EbayConnector;
  clock: Clock;
  accountId: AccountId;
}

export interface EbayWorld {
  dir: string;
  store: Store;
  sellers: EbayWorldSeller[];
  run(request?: Partial<SyncRequest>): Promise<SyncOutcome>;
  differences(): string[];
  progress: SyncProgress[];
  close(): Promise<void>;
}

export interface EbayWorldOptions {
  sellers?: number;
  sandbox?: Omit<EbaySandboxOptions, 'seed' | 'sellerId' | 'startTime' | 'marketplaceId'>;
  clientRate?: { requestsPerSecond: number; burst: number };
  timeoutMs?: number;
}

let keys = 0;

export async function startEbayWorld(options: EbayWorldOptions = {}): Promise<EbayWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'silkroute-ebay-sync-'));
  const store = openStore(join(dir, 'silkroute.db'));
  const sellers: EbayWorldSeller[] = [];
  for (let index = 0; index < (options.sellers ?? 2); index++) {
    const sandbox = await startEbaySandbox({
      catalogSeed: 7,
      ...options.sandbox,
      seed: 11 + index,
      sellerId: `world-seller-${index + 1}`,
      marketplaceId: SITES[index % SITES.length],
      startTime: EBAY_WORLD_START,
    });
    const own = createScaledClock({
      scale: options.sandbox?.timeScale ?? 1,
      origin: sandbox.now(),
    });
    const clock: Clock = { now: () => sandbox.now(), sleep: (ms, signal) => own.sleep(ms, signal) };
    const rate = options.clientRate;
    const connector = createEbayConnector(
      {
        account: {
          accountKey: `ebay-${sandbox.sellerId}`,
          site: sandbox.marketplaceId,
          shopId: null,
        },
        tokenStore: new InMemoryTokenStore(),
        usageStore: new InMemoryEbayUsageStore(),
        clock,
      },
      EbaySettings.parse({
        ...sandbox.account.connection,
        timeoutMs: options.timeoutMs ?? 10_000,
        ...(rate ? { rateLimits: { inventory: rate, fulfillment: rate } } : {}),
      }),
    );
    const { shopId } = await connector.completeAuthorization({
      code: sandbox.control.issueAuthorizationCode(),
    });
    const accountId = store.write((w) =>
      upsertAccount(w, {
        marketplace: 'ebay',
        site: sandbox.marketplaceId,
        shopId,
        displayName: `eBay seller ${index + 1}`,
        sandbox: true,
        authState: 'connected',
        reauthorizeBy: null,
        currency: sandbox.currency,
        locale: sandbox.locale,
      }),
    );
    sellers.push({ sandbox, connector, clock, accountId });
  }
  const progress: SyncProgress[] = [];
  const byAccount = new Map(sellers.map((seller) => [seller.accountId, seller]));
  return {
    dir,
    store,
    sellers,
    progress,
    run: (request = {}) =>
      runMorningSync(
        {
          store,
          link: (accountId) => {
            const seller = byAccount.get(accountId);
            return seller
              ? { connector: seller.connector, remoteNow: () => seller.sandbox.now() }
              : null;
          },
          newKey: () => `ebay-key-${++keys}-${Date.now()}`,
          holder: 'ebay-test',
          onProgress: (event) => progress.push(event),
        },
        { trigger: 'manual', ...request },
      ),
    differences: () => sellers.flatMap((seller) => sellerDifferences(store, seller)),
    close: async () => {
      for (const seller of sellers) {
        await seller.connector.close();
        await seller.sandbox.close();
      }
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One seller's ground truth against the store's rows of its account. */
export function sellerDifferences(store: Store, seller: EbayWorldSeller): string[] {
  const truth = seller.sandbox.groundTruth();
  const label = `seller ${seller.sandbox.sellerId}`;
  const out: string[] = [];
  const listings = store.read((r) =>
    r.all(
      qb
        .selectFrom('listings')
        .select([
          'remote_id',
          'remote_variant_id',
          'sku',
          'title',
          'price_minor',
          'quantity',
          'status',
        ])
        .where('account_id', '=', seller.accountId),
    ),
  );
  const stored = new Map(listings.map((row) => [`${row.remote_id}/${row.remote_variant_id}`, row]));
  for (const want of truth.listings) {
    const key = `${want.sku}/${want.offerId}`;
    const row = stored.get(key);
    if (!row) {
      out.push(`${label}: missing listing ${key}`);
      continue;
    }
    const got = {
      sku: row.sku,
      title: row.title,
      price: row.price_minor,
      quantity: row.quantity,
      status: row.status,
    };
    const expected = {
      sku: want.sku,
      title: want.title,
      price: want.priceMinor ?? 0,
      quantity: want.quantity,
      status: truthStatus(want),
    };
    if (JSON.stringify(got) !== JSON.stringify(expected))
      out.push(
        `${label}: listing ${key} is ${JSON.stringify(got)}, truth ${JSON.stringify(expected)}`,
      );
  }
  if (listings.length !== truth.listings.length)
    out.push(`${label}: ${listings.length} listings stored, ${truth.listings.length} in truth`);

  const orders = store.read((r) =>
    r.all(
      qb
        .selectFrom('orders')
        .select(['remote_id', 'status', 'total_minor', 'updated_at'])
        .where('account_id', '=', seller.accountId),
    ),
  );
  const lines = store.read((r) =>
    r.all(
      qb
        .selectFrom('order_lines as l')
        .innerJoin('orders as o', 'o.id', 'l.order_id')
        .select(['o.remote_id', 'l.line_id', 'l.sku', 'l.quantity', 'l.remote_listing_id'])
        .where('o.account_id', '=', seller.accountId),
    ),
  );
  const linesOf = new Map<string, string[]>();
  for (const line of lines)
    linesOf.set(line.remote_id, [
      ...(linesOf.get(line.remote_id) ?? []),
      `${line.line_id}:${line.remote_listing_id}x${line.quantity}:${line.sku}`,
    ]);
  const byId = new Map(orders.map((order) => [order.remote_id, order]));
  for (const want of truth.orders) {
    const row = byId.get(want.orderId);
    if (!row) {
      out.push(`${label}: missing order ${want.orderId}`);
      continue;
    }
    const got = {
      status: row.status,
      total: row.total_minor,
      updatedAt: row.updated_at,
      lines: (linesOf.get(row.remote_id) ?? []).sort(),
    };
    const expected = {
      status: truthOrderStatus(want),
      total: want.totalMinor,
      updatedAt: new Date(want.lastModifiedMs).toISOString(),
      lines: want.lines
        .map((line) => `${line.lineItemId}:${line.sku}x${line.quantity}:${line.sku}`)
        .sort(),
    };
    if (JSON.stringify(got) !== JSON.stringify(expected))
      out.push(
        `${label}: order ${want.orderId} is ${JSON.stringify(got)}, truth ${JSON.stringify(expected)}`,
      );
  }
  if (orders.length !== truth.orders.length)
    out.push(`${label}: ${orders.length} orders stored, ${truth.orders.length} in truth`);
  return out;
}
