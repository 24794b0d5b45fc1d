/**
 * The built-in sandbox shops — one simulated shop per marketplace — as accounts of the app, end
 * to end inside one engine: the real sandbox factory (src/sandbox behind src/cli/engine-compose.ts),
 * each marketplace's real connector and authorisation flow, the real store. After
 * `accounts.addSandbox` the store holds exactly each simulated shop's ground truth; one morning
 * sync then makes every shop show what the shared stock allows (the fakes of Shopee, AliExpress and
 * Wish sell the same SKUs); a second add changes nothing; after a restart every account works again
 * (re-authorised, same shop). `silkroute serve` on an empty folder does all of that by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runServe } from '../../src/cli/commands/serve.js';
import {
  createSandboxShops,
  openComposedEngine,
  type SandboxShopsOptions,
  type StartedSandbox,
} from '../../src/cli/engine-compose.js';
import { openEngine, type LocalEngine } from '../../src/engine/service/engine.js';
import { qb } from '../../src/engine/store/compiler.js';
import { pullAccount } from '../../src/engine/sync/pull.js';
import { MARKETPLACES, type Marketplace } from '../../src/shared/domain.js';
import type {
  AccountSummary,
  AppInfo,
  ResultFrame,
  SyncRunSummary,
} from '../../src/shared/api/index.js';
import { marketDifferences } from './sync-differences.js';
import { marketOf, type MarketShop } from './sync-markets/index.js';

const root = mkdtempSync(join(tmpdir(), 'silkroute-sandbox-account-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let engine: LocalEngine | undefined;
afterEach(async () => {
  await engine?.shutdown();
  engine = undefined;
});

const FAST = { requestsPerSecond: 200, burst: 50 };
/** The real factory, smaller and faster than the app's so the test takes seconds. */
const TEST_SHOPS: SandboxShopsOptions = {
  shopee: { items: 40, orders: 50, rateLimit: FAST },
  aliexpress: { items: 30, orders: 40, rateLimit: FAST },
  amazon: { listings: 30, orders: 40, rateLimit: FAST },
  ebay: { items: 30, orders: 40, rateLimit: FAST },
  wish: { items: 30, orders: 40, rateLimit: FAST },
};

function recordingShops(options: SandboxShopsOptions = {}) {
  const started: StartedSandbox[] = [];
  const shops = createSandboxShops({
    ...TEST_SHOPS,
    ...options,
    onStarted: (sandbox) => started.push(sandbox),
  });
  /** The latest started shop of a marketplace, as the tests read it. */
  const market = (marketplace: Marketplace): MarketShop => {
    const last = started.filter((entry) => entry.marketplace === marketplace).at(-1);
    if (!last) throw new Error(`no ${marketplace} shop was started`);
    return marketOf(last);
  };
  return { shops, started, market };
}

async function call<T>(target: LocalEngine, method: string, input: unknown = {}): Promise<T> {
  const frame: ResultFrame = await target.handle({ type: 'call', id: 1, method, input });
  if (!frame.ok) throw new Error(`${method}: ${frame.error.code} ${frame.error.message}`);
  return frame.value as T;
}

/** Oversell danger except on listings the marketplace refused to update (shown as rejected). */
function danger(target: LocalEngine, rows: { listingId: number | null }[]) {
  return rows.filter((row) => {
    if (row.listingId === null) return true;
    const listing = target.store.read((r) =>
      r.first(qb.selectFrom('listings').select('sync_state').where('id', '=', row.listingId!)),
    );
    return listing?.sync_state !== 'rejected';
  });
}

function differences(
  target: LocalEngine,
  accounts: AccountSummary[],
  factory: ReturnType<typeof recordingShops>,
) {
  return accounts.flatMap((account) =>
    marketDifferences(target.store, account.id, factory.market(account.marketplace)),
  );
}

describe('the sandbox shops as accounts', () => {
  it('adds a shop per marketplace, pulls exactly its ground truth, syncs their stock, is idempotent, and works after a restart', async () => {
    const dataDir = join(root, 'data');
    const factory = recordingShops();
    engine = openEngine({ dataDir, sandboxShops: factory.shops });
    const events: string[] = [];
    engine.onEvent((frame) => events.push(frame.name));

    const added: AccountSummary[] = [];
    for (const marketplace of MARKETPLACES) {
      added.push(await call<AccountSummary>(engine, 'accounts.addSandbox', { marketplace }));
    }
    expect(
      added.map((account) => [account.marketplace, account.sandbox, account.authState]),
    ).toEqual(MARKETPLACES.map((marketplace) => [marketplace, true, 'connected']));
    // Each account is answered at once; its first pull runs in the background.
    expect(added.every((account) => account.lastSyncAt === null)).toBe(true);
    await engine.idle();
    const accounts = await call<AccountSummary[]>(engine, 'accounts.list');
    expect(accounts.map((account) => account.id).sort()).toEqual(added.map((a) => a.id).sort());
    for (const account of accounts) {
      const market = factory.market(account.marketplace);
      expect(account.lastSyncAt, account.marketplace).not.toBeNull();
      expect(account.listingCount, account.marketplace).toBe(market.listings().length);
      expect(account.orderCount, account.marketplace).toBe(market.orders().length);
      expect(market.throttled(), account.marketplace).toBe(0);
    }
    expect(differences(engine, accounts, factory)).toEqual([]);
    const runs = await call<SyncRunSummary[]>(engine, 'sync.runs');
    expect(runs).toHaveLength(MARKETPLACES.length);
    for (const run of runs) {
      expect(run).toMatchObject({ trigger: 'manual', state: 'succeeded' });
      const [report] = run.report?.accounts ?? [];
      const account = accounts.find((entry) => entry.id === report?.accountId)!;
      expect(report).toEqual({
        accountId: account.id,
        listingsPulled: account.listingCount,
        ordersPulled: account.orderCount,
        editsPushed: 0,
        errors: [],
      });
    }
    // Their listings became the master catalogue: every one with a SKU is linked, stock is managed.
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
    const shared = engine.store.read((r) =>
      r.all(
        qb
          .selectFrom('listings')
          .select('product_id')
          .where('product_id', 'is not', null)
          .groupBy('product_id')
          .having((h) => h.fn.count('account_id').distinct(), '>', 1),
      ),
    );
    expect(shared.length).toBeGreaterThan(0);

    // One sync makes every shop show what the shared stock allows.
    const outcome = await engine.sync({ trigger: 'manual' });
    expect(['succeeded', 'attention']).toContain(outcome.state);
    expect(
      outcome.report?.accounts.reduce((sum, a) => sum + (a.stockPushed ?? 0), 0),
    ).toBeGreaterThan(0);
    expect(danger(engine, await call(engine, 'stock.danger', {}))).toEqual([]);
    expect(differences(engine, accounts, factory)).toEqual([]);
    expect(events).toContain('data.changed');
    expect(events).toContain('sync.progress');
    const info = await call<AppInfo>(engine, 'app.info');
    expect(info.sandboxOnly).toBe(true);

    // Idempotent: the same accounts back, no second shop, no further run.
    for (const account of accounts) {
      const again = await call<AccountSummary>(engine, 'accounts.addSandbox', {
        marketplace: account.marketplace,
      });
      expect(again.id).toBe(account.id);
    }
    expect(factory.started).toHaveLength(MARKETPLACES.length);
    expect(await call<AccountSummary[]>(engine, 'accounts.list')).toHaveLength(accounts.length);
    expect(await call<SyncRunSummary[]>(engine, 'sync.runs')).toHaveLength(runs.length + 1);

    // Restart: every shop comes back (same seed and origin, a new port) and is authorised again.
    const firstUrls = factory.started.map((entry) => entry.sandbox.baseUrl);
    await engine.shutdown();
    engine = openEngine({ dataDir, sandboxShops: factory.shops });
    await engine.ready;
    expect(factory.started).toHaveLength(2 * MARKETPLACES.length);
    const restarted = factory.started
      .slice(MARKETPLACES.length)
      .map((entry) => entry.sandbox.baseUrl);
    expect(restarted.filter((url) => firstUrls.includes(url))).toEqual([]);
    for (const account of accounts) {
      const connector = engine.sandboxes?.connector(account.id);
      expect(connector, account.marketplace).toBeDefined();
      expect(await connector!.authStatus()).toMatchObject({ state: 'connected' });
      const pulled = await pullAccount({
        store: engine.store,
        accountId: account.id,
        connector: connector!,
        trigger: 'manual',
        remoteNow: () => engine!.sandboxes!.remoteNow(account.id)!,
      });
      expect(pulled.state, account.marketplace).toBe('succeeded');
    }
    // The shops are rebuilt from their seeds: what the pull read again is what they show now.
    expect(differences(engine, accounts, factory)).toEqual([]);
    expect(await call<AccountSummary[]>(engine, 'accounts.list')).toHaveLength(accounts.length);
  }, 120_000);

  it('runs the morning sync through the contract: sync.run starts it, sync.runs shows its report', async () => {
    const factory = recordingShops({ marketplaces: ['shopee'] });
    engine = openEngine({ dataDir: join(root, 'sync-run'), sandboxShops: factory.shops });
    const account = await call<AccountSummary>(engine, 'accounts.addSandbox', {
      marketplace: 'shopee',
    });
    await engine.idle();
    const market = factory.market('shopee');
    market.placeRandomOrders(3);
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
    expect(marketDifferences(engine.store, account.id, market)).toEqual([]);
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

  it('shuts down cleanly while the first pulls are still running, leaving no run marked running', async () => {
    const dataDir = join(root, 'early-stop');
    const factory = recordingShops();
    engine = openEngine({ dataDir, sandboxShops: factory.shops });
    for (const marketplace of MARKETPLACES) {
      await call<AccountSummary>(engine, 'accounts.addSandbox', { marketplace });
    }
    await engine.shutdown();
    engine = openEngine({ dataDir });
    const runs = await call<SyncRunSummary[]>(engine, 'sync.runs');
    expect(runs.length).toBeGreaterThanOrEqual(1);
    for (const run of runs) {
      expect(run.state).not.toBe('running');
      expect(run.finishedAt).not.toBeNull();
    }
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

describe('silkroute serve on an empty data folder', () => {
  it('adds every simulated shop as a sandbox account and runs their first sync', async () => {
    const factory = recordingShops();
    let stop: (signal: string) => void = () => undefined;
    const stopSignal = new Promise<string>((resolve) => (stop = resolve));
    const out: string[] = [];
    let served: LocalEngine | undefined;
    let announce: () => void = () => undefined;
    const listening = new Promise<void>((resolve) => (announce = resolve));
    const serving = runServe(
      {
        dataDir: join(root, 'serve'),
        port: 0,
        rendererDir: join(root, 'no-renderer'),
        stopSignal,
        openEngine: (options) => {
          served = openComposedEngine({ ...options, holder: 'serve-test' }, factory.shops);
          return served;
        },
      },
      {
        out: (line) => {
          out.push(line);
          if (line.includes('is running at')) announce();
        },
        err: () => undefined,
      },
    );
    await Promise.race([listening, serving]);
    try {
      expect(out[0]).toBe(
        'No shops yet: opening on the built-in sandbox shops (simulated Amazon, eBay, AliExpress, Wish and Shopee; no credentials needed). Their first sync runs in the background.',
      );
      const accounts = await call<AccountSummary[]>(served!, 'accounts.list');
      expect(accounts.map((account) => account.marketplace).sort()).toEqual(
        [...MARKETPLACES].sort(),
      );
      expect(accounts.every((account) => account.sandbox)).toBe(true);
      // The first sync: each shop's first pull, then one morning run over all of them.
      let runs: SyncRunSummary[] = [];
      for (let attempt = 0; attempt < 600; attempt++) {
        runs = await call<SyncRunSummary[]>(served!, 'sync.runs');
        const morning = runs.find((run) => run.report?.accounts.length === MARKETPLACES.length);
        if (morning && morning.state !== 'running') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const morning = runs.find((run) => run.report?.accounts.length === MARKETPLACES.length);
      expect(morning?.state).toMatch(/succeeded|attention/);
      expect(runs).toHaveLength(MARKETPLACES.length + 1);
      expect(danger(served!, await call(served!, 'stock.danger', {}))).toEqual([]);
      const listed = await call<AccountSummary[]>(served!, 'accounts.list');
      expect(differences(served!, listed, factory)).toEqual([]);
    } finally {
      stop('SIGTERM');
      expect(await serving).toBe(0);
    }
    expect(out.at(-1)).toBe('Stopped on SIGTERM; the store is closed.');
  }, 120_000);
});
