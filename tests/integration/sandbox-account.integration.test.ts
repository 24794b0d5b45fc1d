/**
 * The built-in Shopee sandbox shop as an account of the app, end to end inside one engine: the
 * real sandbox factory (src/sandbox behind src/cli/engine-compose.ts), the real Shopee connector
 * and its authorisation flow, the real store. After `accounts.addSandbox` the store must hold
 * exactly the simulated shop's ground truth; a second call changes nothing; after a restart the
 * account works again (re-authorised, same shop) and a second pull keeps the store equal to it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSandboxShops } from '../../src/cli/engine-compose.js';
import { openEngine, type LocalEngine } from '../../src/engine/service/engine.js';
import { qb } from '../../src/engine/store/compiler.js';
import { pullAccount } from '../../src/engine/sync/pull.js';
import type { ShopeeGroundTruth, ShopeeSandbox } from '../../src/sandbox/index.js';
import type {
  AccountSummary,
  AppInfo,
  ResultFrame,
  SyncRunSummary,
} from '../../src/shared/api/index.js';
import type { AccountId } from '../../src/shared/ids.js';
import { LISTING_STATUS, ORDER_STATUS } from './shopee-truth.js';

const root = mkdtempSync(join(tmpdir(), 'silkroute-sandbox-account-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let engine: LocalEngine | undefined;
afterEach(async () => {
  await engine?.shutdown();
  engine = undefined;
});

/** The real factory, with a faster limit than the app's so the test takes seconds. */
function recordingShops() {
  const started: ShopeeSandbox[] = [];
  const shops = createSandboxShops({
    shopee: { rateLimit: { requestsPerSecond: 200, burst: 50 } },
    onShopeeStarted: (sandbox) => started.push(sandbox),
  });
  return { shops, started, truth: () => started.at(-1)!.groundTruth() };
}

async function call<T>(target: LocalEngine, method: string, input: unknown = {}): Promise<T> {
  const frame: ResultFrame = await target.handle({ type: 'call', id: 1, method, input });
  if (!frame.ok) throw new Error(`${method}: ${frame.error.code} ${frame.error.message}`);
  return frame.value as T;
}

/** Every item model (or model-less item) as the listing row it must be, sorted by key. */
function expectedListings(truth: ShopeeGroundTruth): string[] {
  return truth.items
    .flatMap((item) =>
      item.models.length > 0
        ? item.models.map((model) => ({
            key: `${item.item_id}/${model.model_id}`,
            sku: model.model_sku,
            price: model.price_cents,
            stock: model.stock,
            status:
              model.model_status === 'MODEL_UNAVAILABLE' && item.item_status === 'NORMAL'
                ? 'inactive'
                : LISTING_STATUS[item.item_status],
            title: item.item_name,
          }))
        : [
            {
              key: `${item.item_id}/`,
              sku: item.item_sku,
              price: item.price_cents,
              stock: item.stock,
              status: LISTING_STATUS[item.item_status],
              title: item.item_name,
            },
          ],
    )
    .map((unit) => JSON.stringify({ ...unit, currency: truth.currency }))
    .sort();
}

function storedListings(target: LocalEngine, accountId: AccountId): string[] {
  const rows = target.store.raw
    .prepare(
      `SELECT remote_id, remote_variant_id, sku, price_minor, quantity, status, title, currency
         FROM listings WHERE account_id = ?`,
    )
    .all(accountId) as {
    remote_id: string;
    remote_variant_id: string;
    sku: string;
    price_minor: number;
    quantity: number;
    status: string;
    title: string;
    currency: string;
  }[];
  return rows
    .map((row) =>
      JSON.stringify({
        key: `${row.remote_id}/${row.remote_variant_id}`,
        sku: row.sku,
        price: row.price_minor,
        stock: row.quantity,
        status: row.status,
        title: row.title,
        currency: row.currency,
      }),
    )
    .sort();
}

function expectedOrders(truth: ShopeeGroundTruth): string[] {
  return truth.orders
    .map((order) =>
      JSON.stringify({
        sn: order.order_sn,
        status: ORDER_STATUS[order.order_status],
        rawStatus: order.order_status,
        total: order.total_cents,
        updatedAt: new Date(order.update_time * 1000).toISOString(),
        lines: order.lines
          .map((line) => [
            String(line.item_id),
            line.model_id === 0 ? '' : String(line.model_id),
            line.quantity,
            line.discounted_cents,
            line.sku,
          ])
          .map((line) => JSON.stringify(line))
          .sort(),
      }),
    )
    .sort();
}

function storedOrders(target: LocalEngine, accountId: AccountId): string[] {
  const orders = target.store.raw
    .prepare(
      `SELECT id, remote_id, status, raw_status, total_minor, updated_at FROM orders WHERE account_id = ?`,
    )
    .all(accountId) as {
    id: number;
    remote_id: string;
    status: string;
    raw_status: string;
    total_minor: number;
    updated_at: string;
  }[];
  const lines = target.store.raw.prepare(
    `SELECT remote_listing_id, remote_variant_id, quantity, unit_price_minor, sku
       FROM order_lines WHERE order_id = ?`,
  );
  return orders
    .map((order) =>
      JSON.stringify({
        sn: order.remote_id,
        status: order.status,
        rawStatus: order.raw_status,
        total: order.total_minor,
        updatedAt: order.updated_at,
        lines: (
          lines.all(order.id) as {
            remote_listing_id: string;
            remote_variant_id: string | null;
            quantity: number;
            unit_price_minor: number;
            sku: string;
          }[]
        )
          .map((line) =>
            JSON.stringify([
              line.remote_listing_id,
              line.remote_variant_id ?? '',
              line.quantity,
              line.unit_price_minor,
              line.sku,
            ]),
          )
          .sort(),
      }),
    )
    .sort();
}

describe('the Shopee sandbox shop as an account', () => {
  it('adds the shop, pulls exactly its ground truth, is idempotent, and works after a restart', async () => {
    const dataDir = join(root, 'data');
    const factory = recordingShops();
    engine = openEngine({ dataDir, sandboxShops: factory.shops });
    const events: string[] = [];
    engine.onEvent((frame) => events.push(frame.name));

    const added = await call<AccountSummary>(engine, 'accounts.addSandbox', {
      marketplace: 'shopee',
    });
    expect(added).toMatchObject({
      marketplace: 'shopee',
      site: 'SG',
      sandbox: true,
      authState: 'connected',
    });
    // The account is answered at once; its first pull runs in the background.
    expect(added.lastSyncAt).toBeNull();
    await engine.idle();
    const [account] = await call<AccountSummary[]>(engine, 'accounts.list');
    if (!account) throw new Error('the sandbox account is missing');
    expect(account.id).toBe(added.id);
    expect(account.lastSyncAt).not.toBeNull();
    const truth = factory.truth();
    const listings = expectedListings(truth);
    expect(storedListings(engine, account.id)).toEqual(listings);
    expect(storedOrders(engine, account.id)).toEqual(expectedOrders(truth));
    expect(account.listingCount).toBe(listings.length);
    expect(account.orderCount).toBe(truth.orders.length);
    // Its listings became the master catalogue: every one with a SKU is linked, stock is managed.
    const loose = engine.store.read((r) =>
      r.all(
        qb
          .selectFrom('listings')
          .select('id')
          .where('product_id', 'is', null)
          .where('sku', '<>', ''),
      ),
    );
    expect(loose).toEqual([]);
    const stocked = engine.store.read((r) => r.all(qb.selectFrom('stock').select('product_id')));
    expect(stocked.length).toBeGreaterThan(0);
    const danger = await call<unknown[]>(engine, 'stock.danger', {});
    expect(danger).toEqual([]);
    expect(factory.started[0]!.stats()).toMatchObject({
      throttled: 0,
      auth: { rejectedSignatures: 0, rejectedTimestamps: 0, rejectedTokens: 0 },
    });
    expect(events).toContain('data.changed');
    expect(events).toContain('sync.progress');

    const runs = await call<SyncRunSummary[]>(engine, 'sync.runs');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'manual', state: 'succeeded' });
    expect(runs[0]?.report?.accounts).toEqual([
      {
        accountId: account.id,
        listingsPulled: listings.length,
        ordersPulled: truth.orders.length,
        editsPushed: 0,
        errors: [],
      },
    ]);
    const info = await call<AppInfo>(engine, 'app.info');
    expect(info.sandboxOnly).toBe(true);

    // Idempotent: the same account back, no second shop, no second run.
    const again = await call<AccountSummary>(engine, 'accounts.addSandbox', {
      marketplace: 'shopee',
    });
    expect(again.id).toBe(account.id);
    expect(factory.started).toHaveLength(1);
    expect(await call<AccountSummary[]>(engine, 'accounts.list')).toHaveLength(1);
    expect(await call<SyncRunSummary[]>(engine, 'sync.runs')).toHaveLength(1);

    // Restart: the shop comes back (same seed and origin, a new port) and is authorised again.
    const firstUrl = factory.started[0]!.baseUrl;
    await engine.shutdown();
    engine = openEngine({ dataDir, sandboxShops: factory.shops });
    await engine.ready;
    expect(factory.started).toHaveLength(2);
    expect(factory.started[1]!.baseUrl).not.toBe(firstUrl);
    const connector = engine.sandboxes?.connector(account.id);
    expect(connector).toBeDefined();
    expect(await connector!.authStatus()).toMatchObject({ state: 'connected' });
    const second = await pullAccount({
      store: engine.store,
      accountId: account.id,
      connector: connector!,
      trigger: 'manual',
      remoteNow: () => engine!.sandboxes!.remoteNow(account.id)!,
    });
    expect(second.state).toBe('succeeded');
    const after = factory.truth();
    expect(storedListings(engine, account.id)).toEqual(expectedListings(after));
    expect(storedOrders(engine, account.id)).toEqual(expectedOrders(after));
    expect(await call<AccountSummary[]>(engine, 'accounts.list')).toHaveLength(1);
  }, 60_000);

  it('runs the morning sync through the contract: sync.run starts it, sync.runs shows its report', async () => {
    const factory = recordingShops();
    engine = openEngine({ dataDir: join(root, 'sync-run'), sandboxShops: factory.shops });
    await call<AccountSummary>(engine, 'accounts.addSandbox', { marketplace: 'shopee' });
    await engine.idle();
    const sandbox = factory.started[0]!;
    sandbox.control.placeRandomOrders(3);
    const started = await call<{ started: boolean; runId: number }>(engine, 'sync.run', {});
    expect(started.started).toBe(true);
    let run: SyncRunSummary | undefined;
    for (let attempt = 0; attempt < 200; attempt++) {
      const runs = await call<SyncRunSummary[]>(engine, 'sync.runs', {});
      run = runs.find((candidate) => candidate.id === started.runId);
      if (run && run.state !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(run?.state).toBe('succeeded');
    expect(run?.report?.accounts[0]?.ordersPulled).toBeGreaterThanOrEqual(3);
    expect(storedOrders(engine, run!.report!.accounts[0]!.accountId)).toEqual(
      expectedOrders(factory.truth()),
    );
    const invalid = await engine.handle({
      type: 'call',
      id: 9,
      method: 'sync.run',
      input: { steps: ['dance'] },
    });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call<{ cancelled: boolean }>(engine, 'sync.cancel', {})).toEqual({
      cancelled: false,
    });
  }, 60_000);

  it('shuts down cleanly while the first pull is still running, leaving no run marked running', async () => {
    const dataDir = join(root, 'early-stop');
    const factory = recordingShops();
    engine = openEngine({ dataDir, sandboxShops: factory.shops });
    await call<AccountSummary>(engine, 'accounts.addSandbox', { marketplace: 'shopee' });
    await engine.shutdown();
    engine = openEngine({ dataDir });
    const runs = await call<SyncRunSummary[]>(engine, 'sync.runs');
    expect(runs).toHaveLength(1);
    expect(runs[0]?.state).not.toBe('running');
    expect(runs[0]?.finishedAt).not.toBeNull();
  }, 60_000);

  it('answers unavailable when the engine has no sandbox shops, and refuses marketplaces without one', async () => {
    engine = openEngine({ dataDir: join(root, 'bare') });
    const frame = await engine.handle({
      type: 'call',
      id: 2,
      method: 'accounts.addSandbox',
      input: { marketplace: 'shopee' },
    });
    expect(frame).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const unknown = await engine.handle({
      type: 'call',
      id: 3,
      method: 'accounts.addSandbox',
      input: { marketplace: 'etsy' },
    });
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'marketplace' }] },
    });
    await engine.shutdown();
    engine = openEngine({
      dataDir: join(root, 'shopee-only'),
      sandboxShops: createSandboxShops({ marketplaces: ['shopee'] }),
    });
    const missing = await engine.handle({
      type: 'call',
      id: 4,
      method: 'accounts.addSandbox',
      input: { marketplace: 'ebay' },
    });
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'marketplace' }] },
    });
    expect(await call<AccountSummary[]>(engine, 'accounts.list')).toEqual([]);
  });
});
