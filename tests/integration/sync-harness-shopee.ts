/**
 * The Shopee-only world (kept for the operations tests): several simulated Shopee
 * shops of one seller (same catalogue, different shops), each with the real connector authorised
 * through the real flow, one real store, and the real morning run (runMorningSync) over them.
 * `differences()` compares the store with every shop's ground truth, field by field.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScaledClock, type Clock } from '../../src/connectors/http/clock.js';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import type { Connector } from '../../src/connectors/connector.js';
import { createShopeeConnector, ShopeeSettings } from '../../src/connectors/shopee/connector.js';
import { openStore, type Store } from '../../src/engine/store/connection.js';
import { qb } from '../../src/engine/store/compiler.js';
import { upsertAccount } from '../../src/engine/store/ingest.js';
import { runMorningSync, type SyncProgress } from '../../src/engine/sync/morning.js';
import type { SyncOutcome, SyncRequest } from '../../src/engine/sync/types.js';
import {
  startShopeeSandbox,
  SHOPEE_SANDBOX_CREDENTIALS,
  type ShopeeSandbox,
  type ShopeeSandboxOptions,
} from '../../src/sandbox/shopee/index.js';
import type { AccountId } from '../../src/shared/ids.js';
import { ORDER_STATUS, unitsOf } from './shopee-truth.js';

export const WORLD_START = Date.UTC(2026, 10, 20, 7, 30, 0);

export interface WorldShop {
  sandbox: ShopeeSandbox;
  connector: Connector;
  clock: Clock;
  accountId: AccountId;
}

export interface World {
  dir: string;
  store: Store;
  shops: WorldShop[];
  run(request?: Partial<SyncRequest>): Promise<SyncOutcome>;
  /** Store vs ground truth for every shop; empty = equal. */
  differences(): string[];
  progress: SyncProgress[];
  close(): Promise<void>;
}

export interface WorldOptions {
  shops?: number;
  sandbox?: Omit<ShopeeSandboxOptions, 'seed' | 'shopId' | 'startTime'>;
  /** Client-side request rate per shop (the fake's own limit is set in `sandbox.rateLimit`). */
  clientRate?: { requestsPerSecond: number; burst: number };
  /** Reuse this data folder (crash tests reopen the same store). */
  dir?: string;
  timeoutMs?: number;
}

let keys = 0;

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'silkroute-sync-'));
  const store = openStore(join(dir, 'silkroute.db'));
  const shops: WorldShop[] = [];
  const count = options.shops ?? 2;
  for (let index = 0; index < count; index++) {
    const sandbox = await startShopeeSandbox({
      catalogSeed: 7,
      ...options.sandbox,
      seed: 11 + index,
      shopId: SHOPEE_SANDBOX_CREDENTIALS.shopId + index,
      startTime: WORLD_START,
    });
    const scale = options.sandbox?.timeScale ?? 1;
    const own = createScaledClock({ scale, origin: sandbox.now() });
    const clock: Clock = { now: () => sandbox.now(), sleep: (ms, signal) => own.sleep(ms, signal) };
    const settings = ShopeeSettings.parse({
      environment: 'local',
      baseUrl: sandbox.baseUrl,
      partnerId: sandbox.partnerId,
      partnerKey: sandbox.partnerKey,
      timeoutMs: options.timeoutMs ?? 10_000,
      ...(options.clientRate ? { rateLimits: { shop: options.clientRate } } : {}),
    });
    const connector = createShopeeConnector(
      {
        account: { accountKey: `shopee-${sandbox.shopId}`, site: sandbox.region, shopId: null },
        tokenStore: new InMemoryTokenStore(),
        clock,
      },
      settings,
    );
    await connector.completeAuthorization({
      code: sandbox.control.issueAuthorizationCode(),
      shop_id: String(sandbox.shopId),
    });
    const accountId = store.write((w) =>
      upsertAccount(w, {
        marketplace: 'shopee',
        site: sandbox.region,
        shopId: String(sandbox.shopId),
        displayName: `Shop ${index + 1}`,
        sandbox: true,
        authState: 'connected',
        reauthorizeBy: null,
        currency: sandbox.currency,
        locale: 'en-SG',
      }),
    );
    shops.push({ sandbox, connector, clock, accountId });
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
            return shop ? { connector: shop.connector, remoteNow: () => shop.sandbox.now() } : null;
          },
          newKey: () => `test-key-${++keys}-${Date.now()}`,
          holder: 'test',
          onProgress: (event) => progress.push(event),
        },
        { trigger: 'manual', ...request },
      ),
    differences: () => shops.flatMap((shop) => shopDifferences(store, shop)),
    close: async () => {
      for (const shop of shops) {
        await shop.connector.close();
        await shop.sandbox.close();
      }
      store.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One shop's ground truth against the store's rows of its account. */
export function shopDifferences(store: Store, shop: WorldShop): string[] {
  const truth = shop.sandbox.groundTruth();
  const out: string[] = [];
  const label = `shop ${shop.sandbox.shopId}`;
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
        .where('account_id', '=', shop.accountId),
    ),
  );
  const stored = new Map(listings.map((row) => [`${row.remote_id}/${row.remote_variant_id}`, row]));
  let expected = 0;
  for (const item of truth.items) {
    const units = unitsOf(item);
    for (const unit of units) {
      expected++;
      const row = stored.get(unit.key);
      if (!row) {
        out.push(`${label}: missing listing ${unit.key}`);
        continue;
      }
      const got = {
        sku: row.sku,
        title: row.title,
        price: row.price_minor,
        stock: row.quantity,
        status: row.status,
      };
      const want = {
        sku: unit.sku,
        title: item.item_name,
        price: unit.price,
        stock: unit.stock,
        status: unit.status,
      };
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        out.push(
          `${label}: listing ${unit.key} is ${JSON.stringify(got)}, truth ${JSON.stringify(want)}`,
        );
      }
    }
  }
  if (listings.length !== expected)
    out.push(`${label}: ${listings.length} listings stored, ${expected} in truth`);

  const orders = store.read((r) =>
    r.all(
      qb
        .selectFrom('orders')
        .select(['id', 'remote_id', 'status', 'raw_status', 'total_minor', 'updated_at'])
        .where('account_id', '=', shop.accountId),
    ),
  );
  const lines = store.read((r) =>
    r.all(
      qb
        .selectFrom('order_lines as l')
        .innerJoin('orders as o', 'o.id', 'l.order_id')
        .select([
          'o.remote_id',
          'l.quantity',
          'l.sku',
          'l.remote_listing_id',
          'l.remote_variant_id',
        ])
        .where('o.account_id', '=', shop.accountId)
        .orderBy('l.id'),
    ),
  );
  const linesOf = new Map<string, string[]>();
  for (const line of lines) {
    const list = linesOf.get(line.remote_id) ?? [];
    list.push(`${line.remote_listing_id}/${line.remote_variant_id}x${line.quantity}:${line.sku}`);
    linesOf.set(line.remote_id, list);
  }
  const bySn = new Map(orders.map((order) => [order.remote_id, order]));
  for (const order of truth.orders) {
    const row = bySn.get(order.order_sn);
    if (!row) {
      out.push(`${label}: missing order ${order.order_sn}`);
      continue;
    }
    const got = {
      status: row.status,
      raw: row.raw_status,
      total: row.total_minor,
      lines: (linesOf.get(row.remote_id) ?? []).sort(),
    };
    const want = {
      status: ORDER_STATUS[order.order_status],
      raw: order.order_status,
      total: order.total_cents,
      lines: order.lines
        .map(
          (line) =>
            `${line.item_id}/${line.model_id === 0 ? '' : line.model_id}x${line.quantity}:${line.sku}`,
        )
        .sort(),
    };
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      out.push(
        `${label}: order ${order.order_sn} is ${JSON.stringify(got)}, truth ${JSON.stringify(want)}`,
      );
    }
  }
  if (orders.length !== truth.orders.length) {
    out.push(`${label}: ${orders.length} orders stored, ${truth.orders.length} in truth`);
  }
  return out;
}
