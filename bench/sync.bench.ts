/**
 * Benchmark (issue #7): one morning run over several simulated Shopee shops of one seller at
 * volume, faults on, against the rate-limit floor.
 *
 *   node --import tsx bench/sync.bench.ts [--shops 3] [--items 3000] [--orders 2100]
 *     [--edits 5000] [--seller-edits 24] [--rate 10] [--scale 8] [--client-burst 5]
 *     [--fake-burst 20] [--faults 0.01] [--throttles <as --faults>] [--history 300] [--latency 0]
 *
 * Set-up (not timed): `--shops` shops sharing one catalogue of `--items` items (≈2.35 listing rows
 * per item: items with their models), a first full run, every listing adopted into master products
 * and stock aligned across shops (a second run), then overnight: `--orders` new orders across the
 * shops, `--edits` local edits (prices, titles, some quantities) in a few big transactions, seller
 * edits on the shops (conflicts and drift), the clocks moved on, faults turned on (5xx and
 * truncated replies at `--faults` each, injected 429s at `--throttles`, by default the same). The set-up runs with the fakes unlimited and
 * their own connectors; the timed run gets fresh connectors paced at the published limit.
 *
 * Timed: ONE morning run. Floor: per shop bucket, the calls the run needed (requests the fake
 * served, minus truncated replies and throttled requests; injected 5xx/429 never reach the
 * counters) divided by the fake's published rate, plus the Retry-After of every 429 the shop
 * answered (the marketplace's own limit, which a client must honour: no client can be faster);
 * shops run in parallel, so the floor is the largest. Simulated time runs `--scale` times faster
 * than real time, so the floor in wall seconds is floor / scale. Target: wall / floor ≤ 1.15.
 * The ratio to the rate alone (429 pauses not counted) is printed beside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Connector } from '../src/connectors/connector.js';
import { createScaledClock, type Clock } from '../src/connectors/http/clock.js';
import { InMemoryTokenStore } from '../src/connectors/http/tokens.js';
import { createShopeeConnector, ShopeeSettings } from '../src/connectors/shopee/connector.js';
import { adoptUnlinkedListings, queueStockPushes } from '../src/engine/stock/index.js';
import { qb } from '../src/engine/store/compiler.js';
import { openStore, type Reader, type Store, type Writer } from '../src/engine/store/connection.js';
import { applyListingEdit, type ListingChangeSet } from '../src/engine/store/edits.js';
import { upsertAccount } from '../src/engine/store/ingest.js';
import { runMorningSync, type SyncProgress } from '../src/engine/sync/morning.js';
import type { SyncOutcome } from '../src/engine/sync/types.js';
import {
  SHOPEE_SANDBOX_CREDENTIALS,
  startShopeeSandbox,
  type ShopeeSandbox,
  type ShopeeSandboxStats,
} from '../src/sandbox/shopee/index.js';
import type { AccountId } from '../src/shared/ids.js';
import { setLogSink } from '../src/shared/log.js';

const { values } = parseArgs({
  options: {
    shops: { type: 'string', default: '3' },
    items: { type: 'string', default: '3000' },
    orders: { type: 'string', default: '2100' },
    edits: { type: 'string', default: '5000' },
    'seller-edits': { type: 'string', default: '24' },
    rate: { type: 'string', default: '10' },
    scale: { type: 'string', default: '8' },
    'client-burst': { type: 'string', default: '5' },
    'fake-burst': { type: 'string', default: '20' },
    faults: { type: 'string', default: '0.01' },
    throttles: { type: 'string' },
    history: { type: 'string', default: '300' },
    latency: { type: 'string', default: '0' },
  },
});

function positive(name: string, integer = true): number {
  const value = Number(values[name as keyof typeof values]);
  const ok = integer ? Number.isSafeInteger(value) && value > 0 : value > 0;
  if (!ok) throw new RangeError(`--${name} must be a positive ${integer ? 'integer' : 'number'}`);
  return value;
}

const SHOPS = positive('shops');
const ITEMS = positive('items');
const NEW_ORDERS = positive('orders');
const EDITS = positive('edits');
const SELLER_EDITS = positive('seller-edits');
const RATE = positive('rate', false);
const SCALE = positive('scale', false);
const CLIENT_BURST = positive('client-burst');
const FAKE_BURST = positive('fake-burst');
const HISTORY = positive('history');
function share(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!(value >= 0 && value <= 0.3)) throw new RangeError(`--${name} must be in [0, 0.3]`);
  return value;
}
const FAULT_RATE = share('faults', values.faults);
/** Injected 429s apart from the other faults: each one pauses the shop's bucket (Retry-After). */
const THROTTLE_RATE = share('throttles', values.throttles ?? values.faults);
/** Simulated milliseconds added to every reply, like the round trip to a real marketplace. */
const LATENCY = Number(values.latency);
if (!(LATENCY >= 0 && LATENCY <= 10_000)) throw new RangeError('--latency must be in [0, 10000]');

const START = Date.UTC(2026, 10, 20, 7, 30, 0);
const HOUR = 3_600_000;
const AUTH_PREFIX = '/api/v2/auth/';
/** Fast enough that the set-up is bound by the CPU, not by pacing. */
const SETUP_RATE = { requestsPerSecond: 100_000, burst: 1_000 };
const SAMPLE_MS = 100;
const INJECTED_RETRY_AFTER_MS = 1_000;

// Only warnings and errors reach the terminal; the benchmark prints its own figures.
setLogSink((record) => {
  if (record.level === 'error') console.error(JSON.stringify(record));
}, 'error');

/** Deterministic choices (mulberry32), so every run edits the same listings. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = prng(20261120);

interface Shop {
  sandbox: ShopeeSandbox;
  accountId: AccountId;
  clock: Clock;
  connector: Connector;
}

function connectorFor(
  shop: Omit<Shop, 'connector'>,
  rate: { requestsPerSecond: number; burst: number },
) {
  const { sandbox } = shop;
  return createShopeeConnector(
    {
      account: { accountKey: `shopee-${sandbox.shopId}`, site: sandbox.region, shopId: null },
      tokenStore: new InMemoryTokenStore(),
      clock: shop.clock,
    },
    ShopeeSettings.parse({
      environment: 'local',
      baseUrl: sandbox.baseUrl,
      partnerId: sandbox.partnerId,
      partnerKey: sandbox.partnerKey,
      timeoutMs: 10_000,
      rateLimits: { shop: rate },
    }),
  );
}

async function connect(shop: Shop, rate: { requestsPerSecond: number; burst: number }) {
  await shop.connector.close();
  shop.connector = connectorFor(shop, rate);
  await shop.connector.completeAuthorization({
    code: shop.sandbox.control.issueAuthorizationCode(),
    shop_id: String(shop.sandbox.shopId),
  });
}

let keys = 0;
const newKey = () => `bench-${++keys}`;

/**
 * Where the time goes, measured from outside the engine: how long the event loop is held by store
 * transactions (every shop's requests wait meanwhile), and per shop how long no connector call
 * was outstanding (the engine was not asking the marketplace for anything).
 */
class Probe {
  storeMs = 0;
  storeCalls = 0;
  longestStoreMs = 0;
  /** Transactions longer than the client's burst lasts in real time (pacing capacity lost). */
  stalls = 0;
  stallMs = 0;
  private readonly inflight: number[];
  private readonly idleSince: number[];
  readonly idleMs: number[];
  readonly calls: Map<string, number>[];
  /** Per shop, idle time by the connector method that ended it (what the engine did next). */
  readonly idleBefore: Map<string, { gaps: number; ms: number }>[];

  constructor(
    shops: number,
    private readonly stallThresholdMs: number,
    private readonly start = performance.now(),
  ) {
    this.inflight = new Array<number>(shops).fill(0);
    this.idleSince = new Array<number>(shops).fill(this.start);
    this.idleMs = new Array<number>(shops).fill(0);
    this.calls = Array.from({ length: shops }, () => new Map<string, number>());
    this.idleBefore = Array.from(
      { length: shops },
      () => new Map<string, { gaps: number; ms: number }>(),
    );
  }

  /** Long transactions by the engine function that opened them. */
  readonly longBy = new Map<string, { count: number; ms: number }>();

  private timed<T>(run: () => T): T {
    const caller = new Error().stack ?? '';
    const started = performance.now();
    try {
      return run();
    } finally {
      const ms = performance.now() - started;
      this.storeMs += ms;
      this.storeCalls++;
      this.longestStoreMs = Math.max(this.longestStoreMs, ms);
      if (ms > this.stallThresholdMs) {
        this.stalls++;
        this.stallMs += ms - this.stallThresholdMs;
        const key = Probe.engineFrame(caller);
        const entry = this.longBy.get(key) ?? { count: 0, ms: 0 };
        entry.count++;
        entry.ms += ms;
        this.longBy.set(key, entry);
      }
    }
  }

  /** The first frame in the engine's sync or stock code: `function (file:line)`. */
  private static engineFrame(stack: string): string {
    const frame = stack
      .split('\n')
      .find((line) => /src\/engine\/(sync|stock)\//.test(line) && !line.includes('bench/'));
    const match = frame?.match(/at (?:async )?(\S+) \(.*src\/engine\/(.+?):(\d+):\d+\)/);
    return match ? `${match[1]} (${match[2]}:${match[3]})` : (frame?.trim() ?? 'unknown');
  }

  store(inner: Store): Store {
    return {
      path: inner.path,
      schemaVersion: inner.schemaVersion,
      raw: inner.raw,
      read: <T>(fn: (reader: Reader) => T) => this.timed(() => inner.read(fn)),
      write: <T>(fn: (writer: Writer) => T) => this.timed(() => inner.write(fn)),
      defer: (write, startAfterMs) => inner.defer(write, startAfterMs),
      optimize: () => inner.optimize(),
      close: () => inner.close(),
    };
  }

  connector(index: number, inner: Connector): Connector {
    return new Proxy(inner, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (!(result instanceof Promise)) return result;
          const calls = this.calls[index]!;
          calls.set(String(property), (calls.get(String(property)) ?? 0) + 1);
          const waiting = this.inflight[index]!;
          if (waiting === 0) {
            const gap = performance.now() - this.idleSince[index]!;
            this.idleMs[index]! += gap;
            const entry = this.idleBefore[index]!.get(String(property)) ?? { gaps: 0, ms: 0 };
            entry.gaps++;
            entry.ms += gap;
            this.idleBefore[index]!.set(String(property), entry);
          }
          this.inflight[index] = waiting + 1;
          const settle = () => {
            const left = this.inflight[index]! - 1;
            this.inflight[index] = left;
            if (left === 0) this.idleSince[index] = performance.now();
          };
          result.then(settle, settle);
          return result;
        };
      },
    });
  }
}

function morningRun(
  store: Store,
  shops: Shop[],
  onProgress?: (event: SyncProgress) => void,
  probe?: Probe,
) {
  const byAccount = new Map(shops.map((shop, index) => [shop.accountId, { shop, index }]));
  return runMorningSync(
    {
      store: probe ? probe.store(store) : store,
      link: (accountId) => {
        const entry = byAccount.get(accountId);
        if (!entry) return null;
        const { shop, index } = entry;
        const connector = probe ? probe.connector(index, shop.connector) : shop.connector;
        return { connector, remoteNow: () => shop.sandbox.now() };
      },
      newKey,
      holder: 'bench',
      onProgress,
    },
    { trigger: 'manual' },
  );
}

function checkRun(label: string, outcome: SyncOutcome): void {
  const errors = outcome.report?.accounts.flatMap((account) => account.errors) ?? [];
  if (outcome.state === 'failed' || outcome.state === 'busy' || errors.length > 0) {
    throw new Error(`${label} run ended ${outcome.state}: ${errors.slice(0, 3).join('; ')}`);
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const sum = (list: number[]) => list.reduce((total, value) => total + value, 0);

/** Requests the fake served on its shop bucket (auth calls go to the partner bucket). */
function shopRequests(stats: ShopeeSandboxStats): Record<string, number> {
  return Object.fromEntries(
    Object.entries(stats.requests).filter(([path]) => !path.startsWith(AUTH_PREFIX)),
  );
}

// ---------------------------------------------------------------------------------------------
// Set-up (not timed)

const setupStarted = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'silkroute-sync-bench-'));
const store = openStore(join(dir, 'silkroute.db'));
const shops: Shop[] = [];

try {
  for (let index = 0; index < SHOPS; index++) {
    const sandbox = await startShopeeSandbox({
      catalogSeed: 7,
      seed: 11 + index,
      shopId: SHOPEE_SANDBOX_CREDENTIALS.shopId + index,
      startTime: START,
      items: ITEMS,
      orders: HISTORY,
      orderDays: 30,
      timeScale: SCALE,
      rateLimit: null,
    });
    const own = createScaledClock({ scale: SCALE, origin: sandbox.now() });
    const clock: Clock = { now: () => sandbox.now(), sleep: (ms, signal) => own.sleep(ms, signal) };
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
    const base = { sandbox, accountId, clock };
    const shop: Shop = { ...base, connector: connectorFor(base, SETUP_RATE) };
    await connect(shop, SETUP_RATE);
    shops.push(shop);
  }

  // A first full run, then the seller's catalogue built from the shops and stock aligned.
  checkRun('first', await morningRun(store, shops));
  const adopted = store.write((w) => {
    const result = adoptUnlinkedListings(w, { newKey });
    const ids = w.all(qb.selectFrom('products').select('id')).map((row) => row.id);
    queueStockPushes(w, ids, { newKey });
    return result;
  });
  checkRun('aligning', await morningRun(store, shops));
  const listingCount = store.read(
    (r) => r.first(qb.selectFrom('listings').select((eb) => eb.fn.countAll<number>().as('n')))!.n,
  );
  console.log(
    `set-up: ${SHOPS} shops × ${ITEMS} items = ${listingCount} listings, ${adopted.created} products, first runs in ${seconds(performance.now() - setupStarted)} s`,
  );

  // Overnight: buyers order, spread over the night on every shop.
  for (const shop of shops) shop.sandbox.advance(6 * HOUR);
  const ordersPerShop = Math.ceil(NEW_ORDERS / SHOPS);
  const placed: number[] = shops.map(() => 0);
  const newOrders: Set<string>[] = shops.map(() => new Set<string>());
  const BATCHES = 20;
  for (let batch = 0; batch < BATCHES; batch++) {
    shops.forEach((shop, index) => {
      const count = Math.ceil((ordersPerShop * (batch + 1)) / BATCHES) - placed[index]!;
      const orderSns = shop.sandbox.control.placeRandomOrders(count);
      placed[index]! += orderSns.length;
      for (const orderSn of orderSns) newOrders[index]!.add(orderSn);
      shop.sandbox.advance(5 * 60_000);
    });
  }

  // The seller's local edits: distinct active listings, in a few big transactions.
  const candidates = store.read((r) =>
    r.all(
      qb
        .selectFrom('listings')
        .select([
          'id',
          'account_id',
          'remote_id',
          'remote_variant_id',
          'local_version',
          'title',
          'price_minor',
          'quantity',
        ])
        .where('status', '=', 'active')
        .orderBy('id'),
    ),
  );
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  if (candidates.length < EDITS)
    throw new Error(`only ${candidates.length} active listings for ${EDITS} edits`);
  const chosen = candidates.slice(0, EDITS);
  const editKinds = { price: 0, title: 0, quantity: 0 };
  const titled = new Map<number, Set<string>>();
  const TRANSACTIONS = 5;
  const perTransaction = Math.ceil(EDITS / TRANSACTIONS);
  for (let start = 0; start < chosen.length; start += perTransaction) {
    store.write((w) => {
      chosen.slice(start, start + perTransaction).forEach((listing, offset) => {
        const slot = (start + offset) % 20;
        let changes: ListingChangeSet;
        if (slot < 12) {
          changes = { priceMinor: listing.price_minor + 1 + Math.floor(random() * 500) };
          editKinds.price++;
        } else if (slot < 18) {
          changes = { title: `${listing.title} (new season)` };
          editKinds.title++;
          const set = titled.get(listing.account_id) ?? new Set<string>();
          titled.set(listing.account_id, set.add(listing.remote_id));
        } else {
          changes = { quantity: listing.quantity + 1 + Math.floor(random() * 5) };
          editKinds.quantity++;
        }
        applyListingEdit(
          w,
          { id: listing.id, baseVersion: listing.local_version, changes },
          newKey,
        );
      });
    });
  }

  // The seller also works in Seller Centre: half on items we edited the title of (conflicts), half
  // on items we did not touch (drift).
  const edited = new Set(chosen.map((listing) => `${listing.account_id}/${listing.remote_id}`));
  let sellerEdits = 0;
  for (const shop of shops) {
    const truth = shop.sandbox.groundTruth();
    const live = new Map(
      truth.items
        .filter((item) => item.item_status === 'NORMAL')
        .map((item) => [item.item_id, item]),
    );
    const conflicting = [...(titled.get(shop.accountId) ?? [])]
      .filter((id) => live.has(Number(id)))
      .slice(0, Math.ceil(SELLER_EDITS / 2));
    for (const id of conflicting) {
      shop.sandbox.control.sellerEdit(Number(id), { item_name: `Seller's title for ${id}` });
      sellerEdits++;
    }
    const untouched = [...live.values()]
      .filter(
        (item) => item.models.length === 0 && !edited.has(`${shop.accountId}/${item.item_id}`),
      )
      .slice(0, Math.floor(SELLER_EDITS / 2));
    for (const item of untouched) {
      shop.sandbox.control.sellerEdit(item.item_id, { price_cents: item.price_cents + 50 });
      sellerEdits++;
    }
  }

  // Morning: clocks on, the timed connectors paced at the published limit, faults on.
  for (const shop of shops) {
    shop.sandbox.advance(HOUR);
    await connect(shop, { requestsPerSecond: RATE, burst: CLIENT_BURST });
    shop.sandbox.control.setRateLimit({ requestsPerSecond: RATE, burst: FAKE_BURST });
    shop.sandbox.faults.set({
      serverErrorRate: FAULT_RATE,
      rateLimitRate: THROTTLE_RATE,
      truncateRate: FAULT_RATE,
      exceptPaths: [AUTH_PREFIX],
      ...(LATENCY > 0 ? { latencyMs: { min: LATENCY, max: LATENCY } } : {}),
    });
  }
  const queued = store.read((r) =>
    r.all(
      qb
        .selectFrom('outbox')
        .select(['source', (eb) => eb.fn.countAll<number>().as('n')])
        .where('state', '=', 'pending')
        .groupBy('source'),
    ),
  );
  console.log(
    `overnight: ${sum(placed)} new orders (${placed.join(' + ')}), ${EDITS} local edits (${editKinds.price} prices, ${editKinds.title} titles, ${editKinds.quantity} quantities), ${sellerEdits} seller edits; outbox pending: ${queued.map((row) => `${row.source} ${row.n}`).join(', ')}`,
  );
  console.log(`set-up done in ${seconds(performance.now() - setupStarted)} s; timed run starts`);

  // -------------------------------------------------------------------------------------------
  // Timed: one morning run.

  // What each shop shows before the run, to tell which stock writes changed nothing.
  const shownBefore = shops.map((shop, index) => {
    const shown = new Map<string, number>();
    for (const item of shop.sandbox.groundTruth().items) {
      if (item.models.length === 0) shown.set(`${item.item_id}/0`, item.stock);
      for (const model of item.models) shown.set(`${item.item_id}/${model.model_id}`, model.stock);
    }
    // Units this shop's own new orders sold: the shop lowered their stock itself.
    const sold = new Set<string>();
    for (const order of shop.sandbox.groundTruth().orders) {
      if (!newOrders[index]!.has(order.order_sn)) continue;
      for (const line of order.lines) sold.add(`${line.item_id}/${line.model_id}`);
    }
    return { shown, sold, writes: shop.sandbox.writes().length };
  });
  const before = shops.map((shop) => shop.sandbox.stats());
  const timeline: { at: number; served: number[] }[] = [];
  const served = () => shops.map((shop) => sum(Object.values(shopRequests(shop.sandbox.stats()))));
  const phases = new Map<string, { first: number; last: number }>();
  const runStartedAt = new Date().toISOString();
  const wallStart = performance.now();
  // The client's burst lasts this long in real time; a longer stall loses pacing capacity.
  const probe = new Probe(shops.length, (CLIENT_BURST / RATE / SCALE) * 1000, wallStart);
  const loopBefore = performance.eventLoopUtilization();
  const sampler = setInterval(
    () => timeline.push({ at: performance.now() - wallStart, served: served() }),
    SAMPLE_MS,
  );
  const outcome = await morningRun(
    store,
    shops,
    (event) => {
      const at = performance.now() - wallStart;
      const key = `${event.accountId} ${event.stream}`;
      const phase = phases.get(key);
      if (phase) phase.last = at;
      else phases.set(key, { first: at, last: at });
    },
    probe,
  );
  const wallMs = performance.now() - wallStart;
  clearInterval(sampler);
  timeline.push({ at: wallMs, served: served() });
  const loop = performance.eventLoopUtilization(loopBefore);
  const after = shops.map((shop) => shop.sandbox.stats());

  // -------------------------------------------------------------------------------------------
  // Floor and figures.

  const perPath = new Map<string, number>();
  const perShop = shops.map((_, index) => {
    const was = shopRequests(before[index]!);
    const now = shopRequests(after[index]!);
    let requests = 0;
    for (const [path, count] of Object.entries(now)) {
      const delta = count - (was[path] ?? 0);
      if (delta === 0) continue;
      requests += delta;
      perPath.set(path, (perPath.get(path) ?? 0) + delta);
    }
    const faults = Object.fromEntries(
      Object.entries(after[index]!.faults).map(([kind, count]) => [
        kind,
        count - before[index]!.faults[kind as keyof ShopeeSandboxStats['faults']],
      ]),
    );
    const throttled = after[index]!.throttled - before[index]!.throttled;
    // Truncated replies and real throttles reached the counters but did no needed work.
    const needed = requests - (faults.truncate ?? 0) - throttled;
    return { requests, needed, throttled, faults, floorMs: (needed / RATE) * 1000 };
  });
  // An injected 429 carries Retry-After: 1 s (sandbox kit server.ts); a client that honours it
  // pauses the shop's bucket that long, so the floor counts it.
  const rateFloorSimMs = Math.max(...perShop.map((shop) => shop.floorMs));
  const floorSimMs = Math.max(
    ...perShop.map(
      (shop) => shop.floorMs + (shop.faults.rate_limit ?? 0) * INJECTED_RETRY_AFTER_MS,
    ),
  );
  const floorWallMs = floorSimMs / SCALE;
  const ratio = wallMs / floorWallMs;
  const accounts = outcome.report?.accounts ?? [];
  const total = (field: 'ordersPulled' | 'listingsPulled' | 'editsPushed') =>
    sum(accounts.map((account) => account[field]));
  const optional = (field: 'stockPushed' | 'conflicts' | 'drifts' | 'rejected') =>
    sum(accounts.map((account) => account[field] ?? 0));
  const faultTotals = perShop.reduce<Record<string, number>>((totals, shop) => {
    for (const [kind, count] of Object.entries(shop.faults))
      totals[kind] = (totals[kind] ?? 0) + count;
    return totals;
  }, {});

  console.log(`
Morning run over ${SHOPS} Shopee shops (time scale ${SCALE}×, ${RATE} requests/s per shop, fake burst ${FAKE_BURST}, client burst ${CLIENT_BURST}; faults: 5xx ${FAULT_RATE}, truncated ${FAULT_RATE}, 429 ${THROTTLE_RATE}; added latency ${LATENCY} ms)
  outcome:           ${outcome.state}
  orders pulled:     ${total('ordersPulled')}
  listings pulled:   ${total('listingsPulled')}
  stock pushed:      ${optional('stockPushed')}
  edits pushed:      ${total('editsPushed')}
  conflicts:         ${optional('conflicts')}, drifts ${optional('drifts')}
  rejected:          ${optional('rejected')}
  errors:            ${sum(accounts.map((account) => account.errors.length))}
  requests per path (all shops):
${[...perPath]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([path, count]) => `    ${path.replace('/api/v2/', '')}: ${count}`)
  .join('\n')}
  faults injected:   ${Object.entries(faultTotals)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ')}; throttled by the bucket: ${sum(perShop.map((shop) => shop.throttled))}
  per shop (needed calls → floor):
${perShop
  .map(
    (shop, index) =>
      `    shop ${index + 1}: ${shop.requests} served, ${shop.needed} needed → ${seconds(shop.floorMs)} s simulated; steps ${JSON.stringify(accounts[index]?.durationsMs ?? {})}`,
  )
  .join('\n')}
  floor:             ${seconds(floorSimMs)} s simulated = ${seconds(floorWallMs)} s wall at ${SCALE}× (calls ÷ rate + Retry-After of each 429)
  actual:            ${seconds(wallMs)} s wall (${seconds(wallMs * SCALE)} s simulated)
  event loop busy:   ${(loop.utilization * 100).toFixed(0)} % of the run (engine, store and fakes share one thread)
  ratio:             ${ratio.toFixed(3)} (target ≤ 1.15) ${ratio <= 1.15 ? 'OK' : 'OVER TARGET'}
  rate alone:        calls ÷ rate = ${seconds(rateFloorSimMs)} s simulated; ratio to it ${(wallMs / (rateFloorSimMs / SCALE)).toFixed(3)} (429 pauses not counted)`);

  // Stock writes that set what the shop already showed (the order's own shop lowers its stock
  // itself), and units written more than once in the run.
  console.log('\nStock writes:');
  shops.forEach((shop, index) => {
    const { shown, sold, writes } = shownBefore[index]!;
    const seen = new Map<string, number>();
    let unchanged = 0;
    let unchangedSold = 0;
    // One call writes the models of one item at one instant.
    const unchangedCalls = new Set<string>();
    let stockWrites = 0;
    for (const write of shop.sandbox.writes().slice(writes)) {
      if (write.field !== 'stock') continue;
      stockWrites++;
      const unit = `${write.itemId}/${write.modelId}`;
      const times = seen.get(unit) ?? 0;
      if (times === 0 && shown.get(unit) === write.value) {
        unchanged++;
        unchangedCalls.add(`${write.itemId}@${write.at}`);
        if (sold.has(unit)) unchangedSold++;
      }
      seen.set(unit, times + 1);
    }
    const again = [...seen.values()].filter((times) => times > 1).length;
    console.log(
      `  shop ${index + 1}: ${stockWrites} model stocks written, ${unchanged} to the value the shop already showed (${unchangedSold} of them sold by this shop's own new orders; ≈${unchangedCalls.size} calls), ${again} units written more than once`,
    );
  });

  // Which listings the refused jobs and the oversell alarms are about.
  const refused = store.read((r) =>
    r.all(
      qb
        .selectFrom('outbox as o')
        .innerJoin('listings as l', 'l.id', 'o.listing_id')
        .select(['o.kind', 'l.status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('o.state', '=', 'failed')
        .where('o.updated_at', '>=', runStartedAt)
        .groupBy(['o.kind', 'l.status']),
    ),
  );
  console.log(
    `  jobs refused in this run, by kind and listing status: ${refused.map((row) => `${row.kind}/${row.status} ${row.n}`).join(', ')}`,
  );
  const dangerIds = (outcome.report?.oversellDanger ?? []).flatMap((row) =>
    row.listingId === null ? [] : [row.listingId as number],
  );
  if (dangerIds.length > 0) {
    const statuses = store.read((r) =>
      r.all(
        qb
          .selectFrom('listings')
          .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
          .where('id', 'in', dangerIds)
          .groupBy('status'),
      ),
    );
    console.log(
      `  oversell alarms (first ${dangerIds.length}) by listing status: ${statuses.map((row) => `${row.status} ${row.n}`).join(', ')}`,
    );
  }

  const attention = new Map<string, { count: number; example: string }>();
  for (const item of outcome.report?.needsAttention ?? []) {
    const entry = attention.get(item.kind) ?? { count: 0, example: item.message };
    entry.count++;
    attention.set(item.kind, entry);
  }
  console.log('\nNeeds attention (kind: entries in the report, first message):');
  for (const [kind, entry] of attention)
    console.log(`  ${kind}: ${entry.count} — ${entry.example.slice(0, 160)}`);

  // Where the time went: per shop, the share of the run its bucket was busy, and the phases.
  console.log('\nPhases (wall seconds from the start of the run, from progress events):');
  for (const [key, phase] of [...phases].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`  account ${key}: ${seconds(phase.first)} → ${seconds(phase.last)}`);
  }
  console.log(
    `\nPacing (samples every ${SAMPLE_MS} ms; the bucket allows ${((RATE * SCALE * SAMPLE_MS) / 1000).toFixed(1)} requests per sample):`,
  );
  shops.forEach((_, index) => {
    let idle = 0;
    let lastServed = timeline[0]?.served[index] ?? 0;
    let lastBusy = 0;
    let previous = 0;
    for (const sample of timeline) {
      const count = sample.served[index]!;
      if (count === lastServed) idle += sample.at - previous;
      else lastBusy = sample.at;
      lastServed = count;
      previous = sample.at;
    }
    const rate = (perShop[index]!.requests / (lastBusy / 1000) / SCALE).toFixed(2);
    console.log(
      `  shop ${index + 1}: last request at ${seconds(lastBusy)} s, ${seconds(idle)} s of samples with no request served, ${rate} requests/s simulated while busy`,
    );
  });
  console.log(`
Engine side (wall):
  store transactions: ${probe.storeCalls} in ${seconds(probe.storeMs)} s (the event loop is held meanwhile), longest ${probe.longestStoreMs.toFixed(0)} ms;
    ${probe.stalls} lasted longer than the client burst covers (${((CLIENT_BURST / RATE / SCALE) * 1000).toFixed(0)} ms), ${seconds(probe.stallMs)} s beyond it:
${[...probe.longBy]
  .sort(([, a], [, b]) => b.ms - a.ms)
  .map(([key, entry]) => `      ${key}: ${entry.count}, ${seconds(entry.ms)} s`)
  .join('\n')}`);
  shops.forEach((_, index) => {
    const calls = [...probe.calls[index]!]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, count]) => `${name} ${count}`)
      .join(', ');
    const idle = [...probe.idleBefore[index]!]
      .sort(([, a], [, b]) => b.ms - a.ms)
      .map(([name, entry]) => `${name} ${seconds(entry.ms)} s/${entry.gaps}`)
      .join(', ');
    console.log(
      `  shop ${index + 1}: no connector call outstanding for ${seconds(probe.idleMs[index]!)} s (by the call that ended it: ${idle}); calls: ${calls}`,
    );
  });
  if (ratio > 1.15) process.exitCode = 1;
} finally {
  for (const shop of shops) {
    await shop.connector.close();
    await shop.sandbox.close();
  }
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
