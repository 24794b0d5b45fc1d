/**
 * Crash safety of the morning run (issue #7): the engine runs in a child process
 * (sync-crash-child.ts) against two simulated Shopee shops served by this process, and is SIGKILLed
 * at a random moment of its run, round after round, while orders, seller edits and local edits keep
 * coming. After a last run to completion and one more (edits left in flight by a kill are settled
 * by the run after), nothing may be lost, doubled or applied twice:
 * - the store equals each shop's ground truth (orders, lines, statuses, listings, quantities), with
 *   one row per (account, order);
 * - each local edit's unique price reached its shop at most once, and each listing shows its last
 *   edit; no edit was refused (every price sent is valid);
 * - no job waits or is in flight, and nothing is in conflict: no round edits one field on both
 *   sides, so any conflict would be one the engine made up from its own writes;
 * - stock: reserved equals what open orders hold, and each shop shows what the rules allow.
 * Kill times vary from run to run; the seeds, and so what is asserted, do not.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createScaledClock } from '../../src/connectors/http/clock.js';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import { createShopeeConnector, ShopeeSettings } from '../../src/connectors/shopee/connector.js';
import {
  adoptUnlinkedListings,
  queueStockPushes,
  targetQuantity,
} from '../../src/engine/stock/index.js';
import { qb } from '../../src/engine/store/compiler.js';
import {
  openStore,
  STORE_FILE_NAME,
  type Reader,
  type Store,
} from '../../src/engine/store/connection.js';
import { applyListingEdit } from '../../src/engine/store/edits.js';
import { parseJson } from '../../src/engine/store/values.js';
import { createRandom, type Random } from '../../src/sandbox/kit/random.js';
import {
  SHOPEE_SANDBOX_CREDENTIALS,
  startShopeeSandbox,
  type ShopeeGroundTruth,
  type ShopeeSandbox,
} from '../../src/sandbox/shopee/index.js';
import type { AccountId } from '../../src/shared/ids.js';
import { createLogger } from '../../src/shared/log.js';
import { CrashChildMessage, type CrashChildArgs, type CrashPhase } from './sync-crash-child.js';
import { shopDifferences, WORLD_START, type WorldShop } from './sync-harness.js';

const log = createLogger('test.sync-crash');
const repoRoot = join(import.meta.dirname, '..', '..');
const childEntry = join(import.meta.dirname, 'sync-crash-child.ts');

const ROUNDS = 50;
const LEASE_TTL_MS = 400;
const HOUR = 3_600_000;
const SHOP = {
  items: 60,
  orders: 80,
  orderDays: 30,
  rateLimit: { requestsPerSecond: 400, burst: 100 },
};
const CLIENT_RATE = { requestsPerSecond: 300, burst: 5 };
/**
 * The morning test's fault mix, on every fifth round. The one-time code exchange is spared: a lost
 * answer there leaves the child unauthorised (the seller would authorise again), which is not what
 * this test is about.
 */
const FAULTS = {
  serverErrorRate: 0.05,
  rateLimitRate: 0.05,
  dropRate: 0.02,
  truncateRate: 0.03,
  exceptPaths: ['/api/v2/auth/token/get'],
};
/** Local price edits take values from here up, seller price edits from SELLER_PRICES: all unique. */
const LOCAL_PRICES = 500_000;
const SELLER_PRICES = 800_000;
const OPEN_STATUSES = ['UNPAID', 'READY_TO_SHIP', 'PROCESSED'];

const scratch = mkdtempSync(join(tmpdir(), 'silkroute-crash-'));
const sandboxes: ShopeeSandbox[] = [];
afterAll(async () => {
  for (const sandbox of sandboxes) await sandbox.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** One unit (an item without models, or one model) on one shop. */
interface Unit {
  shop: number;
  itemId: number;
  /** 0 for an item without models. */
  modelId: number;
}

interface LocalEdit extends Unit {
  listingId: number;
  value: number;
  round: number;
}

interface ChildRun {
  /** The kill came while the run was under way (before its outcome). */
  killedMidRun: boolean;
  /** Each account's phase when the child ended; 'started' before the account's first call. */
  phases: (CrashPhase | 'started')[];
  outcome: Extract<CrashChildMessage, { event: 'outcome' }> | null;
  /** From `started` to `outcome`, ms; null when killed first. */
  runMs: number | null;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Spawns one engine process; SIGKILLs it `killAfterMs` after its run started (null: never). */
function runChild(args: CrashChildArgs, killAfterMs: number | null): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childEntry, JSON.stringify(args)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const phases = new Map<number, CrashPhase>();
    let started = 0;
    let killedMidRun = false;
    let outcome: ChildRun['outcome'] = null;
    let runMs: number | null = null;
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = CrashChildMessage.parse(JSON.parse(line));
      if (message.event === 'started') {
        started = performance.now();
        if (killAfterMs === null) return;
        killTimer = setTimeout(() => {
          killedMidRun = outcome === null;
          child.kill('SIGKILL');
        }, killAfterMs);
      } else if (message.event === 'phase') phases.set(message.accountId, message.phase);
      else if (message.event === 'outcome') {
        outcome = message;
        runMs = performance.now() - started;
      }
    });
    child.on('error', reject);
    // 'close', not 'exit': lines said just before the kill may still be in the pipe at exit.
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(killTimer);
      const seen = [...phases.values()];
      resolve({
        killedMidRun,
        phases: args.shops.map((_, index) => seen[index] ?? 'started'),
        outcome,
        runMs,
        code,
        signal,
        stderr,
      });
    });
  });
}

function withStore<T>(dataDir: string, work: (store: Store) => T): T {
  const store = openStore(join(dataDir, STORE_FILE_NAME));
  try {
    return work(store);
  } finally {
    store.close();
  }
}

function childArgs(dataDir: string): CrashChildArgs {
  return {
    dataDir,
    leaseTtlMs: LEASE_TTL_MS,
    timeoutMs: 2_000,
    clientRate: CLIENT_RATE,
    shops: sandboxes.map((sandbox, index) => ({
      baseUrl: sandbox.baseUrl,
      partnerId: sandbox.partnerId,
      partnerKey: sandbox.partnerKey,
      shopId: sandbox.shopId,
      region: sandbox.region,
      currency: sandbox.currency,
      displayName: `Shop ${index + 1}`,
      code: sandbox.control.issueAuthorizationCode(),
      clockOffsetMs: sandbox.now() - Date.now(),
    })),
  };
}

/** What a shop shows now for one unit. */
function shownUnit(truth: ShopeeGroundTruth, itemId: number, modelId: number) {
  const item = truth.items.find((entry) => entry.item_id === itemId)!;
  if (modelId === 0) return { price: item.price_cents, stock: item.stock };
  const model = item.models.find((entry) => entry.model_id === modelId)!;
  return { price: model.price_cents, stock: model.stock };
}

const unitOf = (remoteVariantId: string) => (remoteVariantId === '' ? 0 : Number(remoteVariantId));

/** The world as the test sees it: shops, store account ids, and who edits what. */
interface World {
  dataDir: string;
  random: Random;
  shops: WorldShop[];
  /** Listings that get local price edits; whole items, so no seller edit touches them. */
  local: (Unit & { listingId: number })[];
  /** Items that get seller edits (title, or one unit's price). */
  seller: { shop: number; itemId: number; modelIds: number[] }[];
  edits: LocalEdit[];
  sellerPrices: number;
}

/** The shops' accounts in the store, and three fully active items per shop for each side. */
function describeWorld(dataDir: string, random: Random): World {
  return withStore(dataDir, (store) => {
    const world: World = {
      dataDir,
      random,
      shops: [],
      local: [],
      seller: [],
      edits: [],
      sellerPrices: 0,
    };
    sandboxes.forEach((sandbox, shop) => {
      const account = store.read((r) =>
        r.first(
          qb.selectFrom('accounts').select('id').where('shop_id', '=', String(sandbox.shopId)),
        ),
      )!;
      // shopDifferences reads only the sandbox and the account id; this connector never connects.
      const clock = createScaledClock({ scale: 1 });
      const connector = createShopeeConnector(
        {
          account: { accountKey: `unused-${sandbox.shopId}`, site: sandbox.region, shopId: null },
          tokenStore: new InMemoryTokenStore(),
          clock,
        },
        ShopeeSettings.parse({
          environment: 'local',
          baseUrl: sandbox.baseUrl,
          partnerId: sandbox.partnerId,
          partnerKey: sandbox.partnerKey,
        }),
      );
      world.shops.push({ sandbox, connector, clock, accountId: account.id as AccountId });
      const rows = store.read((r) =>
        r.all(
          qb
            .selectFrom('listings')
            .select(['id', 'remote_id', 'remote_variant_id', 'status'])
            .where('account_id', '=', account.id)
            .orderBy('remote_id')
            .orderBy('remote_variant_id'),
        ),
      );
      const items = new Map<string, typeof rows>();
      for (const row of rows) items.set(row.remote_id, [...(items.get(row.remote_id) ?? []), row]);
      const active = [...items.values()].filter((item) => item.every((r) => r.status === 'active'));
      for (const item of active.slice(0, 3)) {
        for (const row of item) {
          world.local.push({
            shop,
            listingId: row.id,
            itemId: Number(row.remote_id),
            modelId: unitOf(row.remote_variant_id),
          });
        }
      }
      for (const item of active.slice(3, 6)) {
        world.seller.push({
          shop,
          itemId: Number(item[0]!.remote_id),
          modelIds: item.map((row) => unitOf(row.remote_variant_id)),
        });
      }
    });
    return world;
  });
}

/** One round's changes while no engine runs: buyers, carriers, the seller on both sides, time. */
function mutateWorld(world: World, round: number): void {
  const { random } = world;
  for (const shop of sandboxes) {
    shop.control.placeRandomOrders(random.int(0, 3));
    const open = shop.groundTruth().orders.filter((o) => OPEN_STATUSES.includes(o.order_status));
    if (open.length > 0 && random.chance(0.4)) shop.control.cancelOrder(random.pick(open).order_sn);
    const ready = shop.groundTruth().orders.filter((o) => o.order_status === 'READY_TO_SHIP');
    if (ready.length > 0 && random.chance(0.5)) shop.control.shipOrder(random.pick(ready).order_sn);
    // Scheduled status changes fall due; order windows move on.
    shop.advance(random.int(5 * 60_000, 2 * HOUR));
  }
  if (random.chance(0.6)) {
    const target = random.pick(world.seller);
    const modelId = random.pick(target.modelIds);
    sandboxes[target.shop]!.control.sellerEdit(
      target.itemId,
      random.chance(0.5)
        ? { item_name: `Seller title, round ${round}` }
        : { price_cents: SELLER_PRICES + ++world.sellerPrices, ...(modelId ? { modelId } : {}) },
    );
  }
  withStore(world.dataDir, (store) => {
    for (let count = random.int(1, 2); count > 0; count--) {
      const target = random.pick(world.local);
      const value = LOCAL_PRICES + world.edits.length + 1;
      store.write((w) => {
        const { local_version: version } = w.first(
          qb.selectFrom('listings').select('local_version').where('id', '=', target.listingId),
        )!;
        applyListingEdit(
          w,
          { id: target.listingId, baseVersion: version, changes: { priceMinor: value } },
          () => `crash-edit-${value}`,
        );
      });
      world.edits.push({ ...target, value, round });
    }
  });
}

/** Per-product sums as a map (a product without rows sums to 0). */
const byProduct = (rows: { product_id: number | null; units: number }[]) =>
  new Map(rows.map((row) => [row.product_id, row.units]));

/**
 * What must hold after the final runs besides store = ground truth, by kind; each list is empty
 * when it holds. One read transaction, so every check sees the same store.
 */
function crashProblems(world: World, r: Reader): Record<string, string[]> {
  const truths = sandboxes.map((sandbox) => sandbox.groundTruth());
  const problems: Record<string, string[]> = {};
  const keys = r
    .all(qb.selectFrom('orders').select(['account_id', 'remote_id']))
    .map((o) => `${o.account_id}/${o.remote_id}`);
  problems.duplicateOrders = keys.filter((key, index) => keys.indexOf(key) !== index);

  // Each local edit's value reached the shop at most once; each listing shows its last edit.
  const last = new Map<number, LocalEdit>();
  problems.editsAppliedTwice = world.edits.flatMap((edit) => {
    last.set(edit.listingId, edit);
    const sent = sandboxes[edit.shop]!.writes().filter(
      (w) =>
        w.itemId === edit.itemId &&
        w.modelId === edit.modelId &&
        w.field === 'price' &&
        w.value === edit.value,
    ).length;
    return sent > 1 ? [`${JSON.stringify(edit)} written ${sent} times`] : [];
  });
  problems.lastEditNotShown = [...last.values()].flatMap((edit) => {
    const { price } = shownUnit(truths[edit.shop]!, edit.itemId, edit.modelId);
    return price === edit.value
      ? []
      : [
          `listing ${edit.listingId}: shop shows ${price}, last edit (round ${edit.round}) ${edit.value}`,
        ];
  });
  problems.editsRefused = r
    .all(
      qb
        .selectFrom('outbox')
        .select(['id', 'listing_id', 'payload', 'last_error'])
        .where('source', '=', 'edit')
        .where('state', '=', 'failed'),
    )
    .map((job) => `job ${job.id} (listing ${job.listing_id}) ${job.payload}: ${job.last_error}`);

  // Nothing waits or is in flight; nothing is in conflict.
  problems.jobsLeft = r
    .all(
      qb
        .selectFrom('outbox')
        .select(['id', 'listing_id', 'kind', 'state', 'last_error', 'not_before'])
        .where('state', 'in', ['pending', 'in_flight', 'conflict']),
    )
    .map((job) => JSON.stringify(job));
  problems.conflicts = r
    .all(
      qb
        .selectFrom('listing_conflicts')
        .select(['listing_id', 'field', 'base', 'mine', 'theirs'])
        .where('kind', '=', 'conflict')
        .where('resolved_at', 'is', null),
    )
    .map((conflict) => JSON.stringify(conflict));

  // Reserved is what open orders hold, per product: in the stock rows and in the order effects.
  const held = byProduct(
    r.all(
      qb
        .selectFrom('order_lines as l')
        .innerJoin('orders as o', 'o.id', 'l.order_id')
        .select((eb) => ['l.product_id', eb.fn.sum<number>('l.quantity').as('units')])
        .where('o.status', 'in', ['unpaid', 'to_ship', 'unknown'])
        .groupBy('l.product_id'),
    ),
  );
  const effects = byProduct(
    r.all(
      qb
        .selectFrom('order_stock_effects')
        .select((eb) => ['product_id', eb.fn.sum<number>('reserved').as('units')])
        .groupBy('product_id'),
    ),
  );
  problems.reserved = r
    .all(
      qb
        .selectFrom('stock')
        .select((eb) => ['product_id', eb.fn.sum<number>('reserved').as('units')])
        .groupBy('product_id'),
    )
    .flatMap((row) => {
      const want = [held.get(row.product_id) ?? 0, effects.get(row.product_id) ?? 0];
      return want.every((units) => units === row.units)
        ? []
        : [
            `product ${row.product_id}: reserved ${row.units}, open lines ${want[0]}, effects ${want[1]}`,
          ];
    });

  // Each shop shows what the rules allow, on every managed listing it lets us update.
  problems.shownQuantity = r
    .all(
      qb
        .selectFrom('listings')
        .select(['id', 'account_id', 'remote_id', 'remote_variant_id', 'quantity'])
        .where('product_id', 'is not', null)
        .where('status', 'in', ['active', 'inactive']),
    )
    .flatMap((row) => {
      const shop = world.shops.findIndex((s) => s.accountId === row.account_id);
      const unit = { itemId: Number(row.remote_id), modelId: unitOf(row.remote_variant_id) };
      const { stock } = shownUnit(truths[shop]!, unit.itemId, unit.modelId);
      const allowed = targetQuantity(r, row.id);
      if (stock === allowed) return [];
      // What was queued and what reached the shop, to tell a lost push from a wrong target.
      const jobs = r
        .all(
          qb
            .selectFrom('outbox')
            .select(['id', 'state', 'payload'])
            .where('listing_id', '=', row.id)
            .where('kind', '=', 'listing.quantity'),
        )
        .map((job) => {
          const { values } = parseJson<{ values?: unknown }>(job.payload, {});
          return `${job.id}:${job.state}:${JSON.stringify(values)}`;
        });
      const writes = sandboxes[shop]!.writes()
        .filter(
          (w) => w.itemId === unit.itemId && w.modelId === unit.modelId && w.field === 'stock',
        )
        .map((w) => w.value);
      return [
        `listing ${row.id} (${row.remote_id}/${row.remote_variant_id}): shop shows ${stock}, ` +
          `rules allow ${allowed}, store says ${row.quantity}; quantity jobs ${jobs.join(' ')}; ` +
          `stock writes ${writes.join(',')}`,
      ];
    });
  return problems;
}

describe('crash safety of the morning run', () => {
  it('loses, doubles and repeats nothing when the engine is SIGKILLed at 50 random points', async () => {
    const random = createRandom(20261120);
    for (let index = 0; index < 2; index++) {
      sandboxes.push(
        await startShopeeSandbox({
          catalogSeed: 7,
          ...SHOP,
          seed: 11 + index,
          shopId: SHOPEE_SANDBOX_CREDENTIALS.shopId + index,
          startTime: WORLD_START,
        }),
      );
    }
    const dataDir = join(scratch, 'data');
    const complete = async (what: string): Promise<ChildRun> => {
      const run = await runChild(childArgs(dataDir), null);
      expect(run.code, `${what}: ${run.stderr}`).toBe(0);
      expect(run.outcome?.state, `${what}: ${JSON.stringify(run.outcome)}`).not.toBe('failed');
      return run;
    };

    // A first complete pull, then the shops' listings become master products: stock is managed.
    await complete('first run');
    withStore(dataDir, (store) =>
      store.write((w) => {
        adoptUnlinkedListings(w, { newKey: () => `adopt-${random.hex(12)}` });
        const ids = w.all(qb.selectFrom('products').select('id')).map((row) => row.id);
        queueStockPushes(w, ids, { newKey: () => `stock-${random.hex(12)}` });
      }),
    );
    await complete('stock run after adoption');
    const world = describeWorld(dataDir, random);
    expect(world.local.length).toBeGreaterThanOrEqual(6);
    expect(world.seller).toHaveLength(6);

    // Two rounds without a kill tell how long a run takes, so kills land across all of it.
    const spans: number[] = [];
    for (const round of [-1, 0]) {
      mutateWorld(world, round);
      spans.push((await complete(`calibration round ${round}`)).runMs!);
    }
    const span = (spans[0]! + spans[1]!) / 2;

    const kills: { midRun: boolean; phases: string }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      mutateWorld(world, round);
      for (const shop of sandboxes) {
        if (round % 5 === 0) shop.faults.set(FAULTS);
        else shop.faults.clear();
      }
      const run = await runChild(
        childArgs(dataDir),
        Math.round(span * (0.05 + 0.9 * random.next())),
      );
      // A child that ended by itself must have ended well.
      if (run.signal === null) expect(run.code, run.stderr).toBe(0);
      kills.push({ midRun: run.killedMidRun, phases: [...new Set(run.phases)].sort().join('+') });
    }
    for (const shop of sandboxes) {
      shop.faults.clear();
      // Past every scheduled status change, so the truth stays still while it is compared.
      shop.advance(80 * HOUR);
    }
    await complete('final run');
    await complete('run after the final run');

    const phases: Record<string, number> = {};
    for (const kill of kills.filter((k) => k.midRun))
      phases[kill.phases] = (phases[kill.phases] ?? 0) + 1;
    const unfinished = withStore(dataDir, (store) =>
      store.read((r) =>
        r.all(qb.selectFrom('sync_runs').select('id').where('state', '=', 'running')),
      ),
    );
    log.info('crash rounds', {
      runMs: Math.round(span),
      killedMidRun: kills.filter((k) => k.midRun).length,
      finishedBeforeTheKill: kills.filter((k) => !k.midRun).length,
      phasesAtTheKill: phases,
      localEdits: world.edits.length,
      runsLeftRunning: unfinished.length,
    });

    // Not a speed check: a harness whose kills mostly missed the run would prove nothing.
    expect(kills.filter((k) => k.midRun).length).toBeGreaterThanOrEqual(ROUNDS / 2);
    const problems = withStore(dataDir, (store) => ({
      differences: world.shops.flatMap((shop) => shopDifferences(store, shop)),
      ...store.read((r) => crashProblems(world, r)),
    }));
    for (const [kind, list] of Object.entries(problems)) expect.soft(list, kind).toEqual([]);
    for (const shop of world.shops) await shop.connector.close();
  }, 240_000);
});
