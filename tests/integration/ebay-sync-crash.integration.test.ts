/**
 * Crash safety of the morning run over eBay, as the Shopee crash test (sync-crash) does it: the
 * engine runs in a child process (ebay-sync-crash-child.ts) against two simulated eBay sellers
 * served by this process and is SIGKILLed at a random moment of its run, round after round, while
 * orders, seller edits and local price edits keep coming (faults on every fifth round). After a
 * last run to completion and one more, nothing may be lost, doubled or applied twice:
 * - the store equals each seller's ground truth (orders, lines, statuses, listings, quantities);
 * - each local edit's unique price reached eBay at most once, each listing shows its last edit,
 *   no edit was refused; no job waits or is in flight, nothing is in conflict;
 * - each managed listing shows what the stock rules allow.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
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
import { createRandom, type Random } from '../../src/sandbox/kit/random.js';
import { startEbaySandbox, type EbaySandbox } from '../../src/sandbox/ebay/index.js';
import type { AccountId } from '../../src/shared/ids.js';
import { EbayCrashChildMessage, type EbayCrashChildArgs } from './ebay-sync-crash-child.js';
import { EBAY_WORLD_START, sellerDifferences, type EbayWorldSeller } from './ebay-sync-world.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const childEntry = join(import.meta.dirname, 'ebay-sync-crash-child.ts');
const ROUNDS = 20;
const LEASE_TTL_MS = 400;
const HOUR = 3_600_000;
const SELLER = {
  items: 50,
  orders: 70,
  orderDays: 30,
  rateLimit: { requestsPerSecond: 400, burst: 100 },
};
const CLIENT_RATE = { requestsPerSecond: 300, burst: 5 };
/** The code exchange is spared: a lost answer there leaves the child unauthorised. */
const FAULTS = {
  serverErrorRate: 0.05,
  rateLimitRate: 0.05,
  dropRate: 0.02,
  truncateRate: 0.03,
  exceptPaths: ['/identity/v1/oauth2/'],
};
const LOCAL_PRICES = 500_000;
const SELLER_PRICES = 800_000;

const scratch = mkdtempSync(join(tmpdir(), 'silkroute-ebay-crash-'));
const sandboxes: EbaySandbox[] = [];
afterAll(async () => {
  for (const sandbox of sandboxes) await sandbox.close();
  rmSync(scratch, { recursive: true, force: true });
});

interface ChildRun {
  killedMidRun: boolean;
  outcome: Extract<EbayCrashChildMessage, { event: 'outcome' }> | null;
  runMs: number | null;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function runChild(args: EbayCrashChildArgs, killAfterMs: number | null): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childEntry, JSON.stringify(args)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let started = 0;
    let killedMidRun = false;
    let outcome: ChildRun['outcome'] = null;
    let runMs: number | null = null;
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = EbayCrashChildMessage.parse(JSON.parse(line));
      if (message.event === 'started') {
        started = performance.now();
        if (killAfterMs === null) return;
        killTimer = setTimeout(() => {
          killedMidRun = outcome === null;
          child.kill('SIGKILL');
        }, killAfterMs);
      } else if (message.event === 'outcome') {
        outcome = message;
        runMs = performance.now() - started;
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(killTimer);
      resolve({ killedMidRun, outcome, runMs, code, signal, stderr });
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

function childArgs(dataDir: string): EbayCrashChildArgs {
  return {
    dataDir,
    leaseTtlMs: LEASE_TTL_MS,
    timeoutMs: 2_000,
    clientRate: CLIENT_RATE,
    sellers: sandboxes.map((sandbox, index) => ({
      connection: sandbox.account.connection,
      site: sandbox.marketplaceId,
      currency: sandbox.currency,
      locale: sandbox.locale,
      displayName: `Seller ${index + 1}`,
      code: sandbox.control.issueAuthorizationCode(),
      clockOffsetMs: sandbox.now() - Date.now(),
    })),
  };
}

interface Target {
  seller: number;
  listingId: number;
  sku: string;
  offerId: string;
}
interface LocalEdit extends Target {
  value: number;
  round: number;
}
interface World {
  dataDir: string;
  random: Random;
  sellers: EbayWorldSeller[];
  local: Target[];
  sellerSide: Target[];
  edits: LocalEdit[];
  sellerPrices: number;
}

function describeWorld(dataDir: string, random: Random): World {
  return withStore(dataDir, (store) => {
    const world: World = {
      dataDir,
      random,
      sellers: [],
      local: [],
      sellerSide: [],
      edits: [],
      sellerPrices: 0,
    };
    sandboxes.forEach((sandbox, seller) => {
      const account = store.read((r) =>
        r.first(qb.selectFrom('accounts').select('id').where('shop_id', '=', sandbox.sellerId)),
      )!;
      // sellerDifferences reads only the sandbox and the account id; these fields are not used.
      world.sellers.push({ sandbox, accountId: account.id as AccountId } as EbayWorldSeller);
      const rows = store.read((r) =>
        r.all(
          qb
            .selectFrom('listings')
            .select(['id', 'remote_id', 'remote_variant_id'])
            .where('account_id', '=', account.id)
            .where('status', '=', 'active')
            .orderBy('remote_id'),
        ),
      );
      const targets = rows.map((row) => ({
        seller,
        listingId: row.id,
        sku: row.remote_id,
        offerId: row.remote_variant_id,
      }));
      world.local.push(...targets.slice(0, 3));
      world.sellerSide.push(...targets.slice(3, 6));
    });
    return world;
  });
}

/** One round's changes while no engine runs: buyers, the seller on both sides, time. */
function mutateWorld(world: World, round: number): void {
  const { random } = world;
  for (const sandbox of sandboxes) {
    sandbox.control.placeRandomOrders(random.int(0, 3));
    const truth = sandbox.groundTruth().orders;
    const open = truth.filter(
      (o) => o.fulfillmentStatus === 'NOT_STARTED' && o.cancelState === 'NONE_REQUESTED',
    );
    if (open.length > 0 && random.chance(0.4))
      sandbox.control.cancelOrder(random.pick(open).orderId);
    // Orders still open after the cancellation above, paid: the seller ships one of them.
    const ready = sandbox
      .groundTruth()
      .orders.filter(
        (o) =>
          o.fulfillmentStatus === 'NOT_STARTED' &&
          o.cancelState === 'NONE_REQUESTED' &&
          o.paymentStatus === 'PAID',
      );
    if (ready.length > 0 && random.chance(0.5))
      sandbox.control.shipOrder(random.pick(ready).orderId);
    sandbox.advance(random.int(5 * 60_000, 2 * HOUR));
  }
  if (random.chance(0.6)) {
    const target = random.pick(world.sellerSide);
    sandboxes[target.seller]!.control.sellerEdit(
      target.sku,
      random.chance(0.5)
        ? { title: `Seller title, round ${round}` }
        : { priceMinor: SELLER_PRICES + ++world.sellerPrices },
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
          () => `ebay-crash-edit-${value}`,
        );
      });
      world.edits.push({ ...target, value, round });
    }
  });
}

function crashProblems(world: World, r: Reader): Record<string, string[]> {
  const truths = sandboxes.map((sandbox) => sandbox.groundTruth());
  const problems: Record<string, string[]> = {};
  const keys = r
    .all(qb.selectFrom('orders').select(['account_id', 'remote_id']))
    .map((o) => `${o.account_id}/${o.remote_id}`);
  problems.duplicateOrders = keys.filter((key, index) => keys.indexOf(key) !== index);
  const last = new Map<number, LocalEdit>();
  problems.editsAppliedTwice = world.edits.flatMap((edit) => {
    last.set(edit.listingId, edit);
    const sent = sandboxes[edit.seller]!.writes().filter(
      (w) => w.offerId === edit.offerId && w.field === 'price' && w.value === edit.value,
    ).length;
    return sent > 1 ? [`${JSON.stringify(edit)} written ${sent} times`] : [];
  });
  problems.lastEditNotShown = [...last.values()].flatMap((edit) => {
    const shown = truths[edit.seller]!.listings.find(
      (entry) => entry.offerId === edit.offerId,
    )!.priceMinor;
    return shown === edit.value
      ? []
      : [
          `listing ${edit.listingId}: eBay shows ${shown}, last edit (round ${edit.round}) ${edit.value}`,
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
  problems.jobsLeft = r
    .all(
      qb
        .selectFrom('outbox')
        .select(['id', 'listing_id', 'kind', 'state', 'last_error'])
        .where('state', 'in', ['pending', 'in_flight', 'conflict']),
    )
    .map((job) => JSON.stringify(job));
  problems.conflicts = r
    .all(
      qb
        .selectFrom('listing_conflicts')
        .select(['listing_id', 'field', 'mine', 'theirs'])
        .where('kind', '=', 'conflict')
        .where('resolved_at', 'is', null),
    )
    .map((conflict) => JSON.stringify(conflict));
  problems.shownQuantity = r
    .all(
      qb
        .selectFrom('listings')
        .select(['id', 'account_id', 'remote_variant_id', 'quantity'])
        .where('product_id', 'is not', null)
        .where('status', 'in', ['active', 'inactive']),
    )
    .flatMap((row) => {
      const seller = world.sellers.findIndex((s) => s.accountId === row.account_id);
      const shown = truths[seller]!.listings.find(
        (entry) => entry.offerId === row.remote_variant_id,
      )?.quantity;
      const allowed = targetQuantity(r, row.id);
      return shown === allowed
        ? []
        : [
            `listing ${row.id} (offer ${row.remote_variant_id}): eBay shows ${shown}, rules allow ${allowed}, store ${row.quantity}`,
          ];
    });
  return problems;
}

describe('crash safety of the morning run over eBay', () => {
  it(`loses, doubles and repeats nothing when the engine is SIGKILLed at ${ROUNDS} random points`, async () => {
    const random = createRandom(20261124);
    for (let index = 0; index < 2; index++) {
      const sandbox = await startEbaySandbox({
        catalogSeed: 7,
        ...SELLER,
        seed: 11 + index,
        sellerId: `crash-seller-${index + 1}`,
        marketplaceId: index === 0 ? 'EBAY_US' : 'EBAY_GB',
        startTime: EBAY_WORLD_START,
      });
      sandboxes.push(sandbox);
    }
    const dataDir = join(scratch, 'data');
    const complete = async (what: string): Promise<ChildRun> => {
      const run = await runChild(childArgs(dataDir), null);
      expect(run.code, `${what}: ${run.stderr}`).toBe(0);
      expect(run.outcome?.state, `${what}: ${JSON.stringify(run.outcome)}`).not.toBe('failed');
      return run;
    };
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
    expect(world.local).toHaveLength(6);
    expect(world.sellerSide).toHaveLength(6);

    const spans: number[] = [];
    for (const round of [-1, 0]) {
      mutateWorld(world, round);
      spans.push((await complete(`calibration round ${round}`)).runMs!);
    }
    const span = (spans[0]! + spans[1]!) / 2;
    let killedMidRun = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      mutateWorld(world, round);
      for (const sandbox of sandboxes) {
        if (round % 5 === 0) sandbox.faults.set(FAULTS);
        else sandbox.faults.clear();
      }
      const run = await runChild(
        childArgs(dataDir),
        Math.round(span * (0.05 + 0.9 * random.next())),
      );
      if (run.signal === null) expect(run.code, run.stderr).toBe(0);
      if (run.killedMidRun) killedMidRun += 1;
    }
    for (const sandbox of sandboxes) {
      sandbox.faults.clear();
      // Past every scheduled change, so the truth stays still while it is compared.
      sandbox.advance(80 * HOUR);
    }
    await complete('final run');
    await complete('run after the final run');
    // A harness whose kills mostly missed the run would prove nothing.
    expect(killedMidRun).toBeGreaterThanOrEqual(ROUNDS / 2);
    const problems = withStore(dataDir, (store) => ({
      differences: world.sellers.flatMap((seller) => sellerDifferences(store, seller)),
      ...store.read((r) => crashProblems(world, r)),
    }));
    for (const [kind, list] of Object.entries(problems)) expect.soft(list, kind).toEqual([]);
  }, 240_000);
});
