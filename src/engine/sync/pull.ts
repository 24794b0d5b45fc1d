/**
 * Pulling one account: its listings (every item with its variations) and its orders (by
 * last-update window) through the Connector interface, into the store.
 *
 * Invariants:
 * - Each page is one transaction: the page's rows (upsertListings / upsertOrders) and the stream's
 *   checkpoint (cursors.ts) commit together, so a pull stopped anywhere resumes from the page after
 *   the last one stored, and never skips one.
 * - A stream that has an unfinished pull in its checkpoint resumes it with the same filter/window;
 *   otherwise a listings pull asks for what changed since the last completed one (when the
 *   connector can filter so), and an orders pull covers from the last completed window's end (or
 *   `orderDays` back) to now, in the marketplace's time.
 * - Objects the connector could not read never stop the run: they are counted and described in the
 *   run report (without their raw payload, which may hold buyer data).
 * - The run is recorded in `sync_runs` from its start; its state says how it ended.
 */
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import type { Connector, PayloadProblem } from '../../connectors/index.js';
import { ConnectorError } from '../../connectors/index.js';
import type { DataEntity, SyncRunReport } from '../../shared/api/index.js';
import type { AccountId, SyncRunId } from '../../shared/ids.js';
import { createLogger } from '../../shared/log.js';
import type { Store, Writer } from '../store/connection.js';
import { qb } from '../store/compiler.js';
import { upsertListings, upsertOrders } from '../store/ingest.js';
import type { SyncTrigger } from '../store/schema.js';
import {
  readCheckpoint,
  writeCheckpoint,
  type ListingsCheckpoint,
  type OrdersCheckpoint,
} from './cursors.js';
import { holdLease, LEASE_TTL_MS, newHolderId, type HeldLease } from './lease.js';
import { closeInterruptedRuns, finishRun, markAccountSynced, startRun } from './runs.js';

const log = createLogger('engine.sync');
const DAY_MS = 86_400_000;
/** How far back the first orders pull reaches. */
export const FIRST_PULL_ORDER_DAYS = 90;
/** Attempts per page for errors the connector calls retryable (its HTTP kit has retried already). */
const PAGE_ATTEMPTS = 3;
/** How far each orders window reaches back over the previous one's end. */
export const ORDER_OVERLAP_MS = 10 * 60_000;
/** The report keeps this many problem descriptions per account; the rest are counted. */
const REPORTED_PROBLEMS = 50;

export interface PullProgress {
  runId: SyncRunId;
  accountId: AccountId;
  stream: 'listings' | 'orders';
  pages: number;
  items: number;
}

export interface PullOptions {
  store: Store;
  accountId: AccountId;
  connector: Connector;
  trigger: SyncTrigger;
  /** The marketplace's current time, epoch ms (order windows are in its time). */
  remoteNow: () => number;
  /** How far back an orders pull without a previous one reaches (default 90 days). */
  orderDays?: number;
  /** Called after each stored page (for progress events). */
  onPage?: (progress: PullProgress) => void;
  /** Called once the run is recorded as started and again when it has finished. */
  onChanged?: (entities: DataEntity[]) => void;
  /** Stops the pull between pages. */
  signal?: AbortSignal;
  /**
   * Runs inside each orders page's transaction with the ids of the orders it stored (the stock
   * engine reserves and releases there, so stock moves exactly when the orders land).
   */
  onOrdersPage?: (w: Writer, orderIds: number[], page: { history: boolean }) => void;
}

export interface StreamOutcome {
  pages: number;
  items: number;
  problems: PayloadProblem[];
  /** Why the stream stopped early; null when it completed. */
  error: string | null;
}

export interface PullResult {
  runId: SyncRunId;
  state: 'succeeded' | 'partial' | 'failed';
  listings: StreamOutcome;
  orders: StreamOutcome;
  report: SyncRunReport;
}

/**
 * Pulls listings and orders of one account (the two streams side by side) and records the run.
 * Like every run it holds the sync lease, waiting for a run under way to finish first.
 */
export async function pullAccount(options: PullOptions): Promise<PullResult> {
  const lease = await waitForLease(options.store, options.signal);
  try {
    return await pullUnderLease(options);
  } finally {
    lease.release();
  }
}

/** How often a pull waiting for the lease looks again. */
const LEASE_POLL_MS = 1000;

async function waitForLease(store: Store, signal: AbortSignal | undefined): Promise<HeldLease> {
  const holder = newHolderId('pull');
  for (;;) {
    signal?.throwIfAborted();
    const held = holdLease(store, {
      holder,
      ttlMs: LEASE_TTL_MS,
      renewEveryMs: LEASE_TTL_MS / 4,
      onAcquired: (w) => closeInterruptedRuns(w),
    });
    if (held.ok) return held.lease;
    const wait = Math.min(LEASE_POLL_MS, Math.max(100, Date.parse(held.expiresAt) - Date.now()));
    await sleep(wait, undefined, signal ? { signal } : undefined);
  }
}

async function pullUnderLease(options: PullOptions): Promise<PullResult> {
  const { store, accountId } = options;
  const runId = store.write((w) => startRun(w, options.trigger));
  options.onChanged?.(['sync']);
  const [listings, orders] = await Promise.all([
    guarded('listings', accountId, () => pullListings(options, runId)),
    guarded('orders', accountId, () => pullOrders(options, runId)),
  ]);
  const failed = [listings, orders].filter((outcome) => outcome.error !== null).length;
  const problems = [...listings.problems, ...orders.problems];
  const state =
    failed === 2 ? 'failed' : failed > 0 || problems.length > 0 ? 'partial' : 'succeeded';
  const report = buildReport(accountId, listings, orders, problems);
  store.write((w) => {
    finishRun(w, runId, state, report);
    if (state !== 'failed') markAccountSynced(w, accountId);
  });
  options.onChanged?.(['accounts', 'listings', 'orders', 'sync']);
  log.info('pull finished', {
    runId,
    accountId,
    state,
    listings: listings.items,
    orders: orders.items,
    problems: problems.length,
  });
  return { runId, state, listings, orders, report };
}

/** Pulls the account's listings (what changed since the last completed pull, when it can). */
export async function pullListings(options: PullOptions, runId: SyncRunId): Promise<StreamOutcome> {
  const { store, accountId, connector } = options;
  const stored = store.read((r) => readCheckpoint(r, accountId, 'listings'));
  // An unfinished pull goes on with its own filter and completes as of when it first started (a
  // checkpoint from before that was recorded completes as of its filter: nothing is skipped); a
  // new one asks only for what changed since the last completed one, when the marketplace can.
  const resuming = stored !== null && stored.next !== null;
  const startedAt = resuming
    ? (stored.pullStartedAt ?? stored.changedSince ?? stored.syncedThrough)
    : new Date(options.remoteNow()).toISOString();
  const changedSince = resuming
    ? stored.changedSince
    : connector.capabilities.listings.changedSince
      ? (stored?.syncedThrough ?? null)
      : null;
  const syncedThrough = stored?.syncedThrough ?? null;
  const outcome: StreamOutcome = { pages: 0, items: 0, problems: [], error: null };
  const fetchPage = (cursor: string | null) =>
    withPageRetry(() => connector.listListings({ cursor, changedSince }));
  let ahead = readAhead(fetchPage(resuming ? stored.next : null));
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await ahead.page();
    // The next page is asked for while this one is written.
    if (page.nextCursor !== null) ahead = readAhead(fetchPage(page.nextCursor));
    const next: ListingsCheckpoint =
      page.nextCursor === null
        ? { next: null, changedSince: null, syncedThrough: startedAt }
        : { next: page.nextCursor, changedSince, syncedThrough, pullStartedAt: startedAt };
    await writeInChunks(store, page.items, LISTINGS_PER_WRITE, (w, items, last) => {
      upsertListings(w, accountId, items, { runId });
      if (last) writeCheckpoint(w, accountId, 'listings', next);
    });
    countPage(outcome, page.items.length, page.problems);
    options.onPage?.({ runId, accountId, stream: 'listings', ...progressOf(outcome) });
    if (page.nextCursor === null) return outcome;
  }
}

/** Pulls the account's orders changed since the last completed window (with an overlap). */
export async function pullOrders(options: PullOptions, runId: SyncRunId): Promise<StreamOutcome> {
  const { store, accountId, connector } = options;
  const stored = store.read((r) => readCheckpoint(r, accountId, 'orders'));
  const syncedThrough = stored?.syncedThrough ?? null;
  let window: { from: string; to: string };
  let checkpoint: string | null = null;
  if (stored?.window) {
    window = stored.window;
    checkpoint = stored.checkpoint;
  } else {
    const now = options.remoteNow();
    const days = options.orderDays ?? FIRST_PULL_ORDER_DAYS;
    // A marketplace clock behind the last window's end (a restarted simulated shop, clock skew)
    // must not make a window that ends before it starts.
    // The window reaches back over the end of the last one: orders updated just before it ended
    // may reach the marketplace's index late, and re-reading one is harmless (newer data wins).
    const from = syncedThrough
      ? Math.min(Date.parse(syncedThrough) - ORDER_OVERLAP_MS, now)
      : now - days * DAY_MS;
    window = { from: new Date(from).toISOString(), to: new Date(now).toISOString() };
  }
  const outcome: StreamOutcome = { pages: 0, items: 0, problems: [], error: null };
  const fetchPage = (at: string | null) =>
    withPageRetry(() => connector.listOrders({ window, checkpoint: at }));
  let ahead = readAhead(fetchPage(checkpoint));
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await ahead.page();
    // The next page is asked for while this one is written.
    if (page.checkpoint !== null) ahead = readAhead(fetchPage(page.checkpoint));
    const next: OrdersCheckpoint =
      page.checkpoint === null
        ? { window: null, checkpoint: null, syncedThrough: window.to }
        : { window, checkpoint: page.checkpoint, syncedThrough };
    await writeInChunks(store, page.orders, ORDERS_PER_WRITE, (w, orders, last) => {
      upsertOrders(w, accountId, orders);
      if (options.onOrdersPage && orders.length > 0) {
        options.onOrdersPage(
          w,
          storedOrderIds(
            w,
            accountId,
            orders.map((o) => o.remoteId),
          ),
          { history: syncedThrough === null },
        );
      }
      if (last) writeCheckpoint(w, accountId, 'orders', next);
    });
    countPage(outcome, page.orders.length, page.problems);
    options.onPage?.({ runId, accountId, stream: 'orders', ...progressOf(outcome) });
    if (page.checkpoint === null) return outcome;
  }
}

/**
 * A page asked for ahead of need. Its failure is kept until it is awaited (not reported as
 * unhandled when the pull stops first, e.g. because writing the page before it failed).
 */
function readAhead<T>(request: Promise<T>): { page: () => Promise<T> } {
  const settled = request.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return {
    page: async () => {
      const result = await settled;
      if (result.ok) return result.value;
      throw result.error;
    },
  };
}

/**
 * Writes a page in short transactions, the event loop free between them (a long one holds up
 * every other account's calls), the checkpoint with the last. A stop in between replays the
 * page: upserts keep the newer data and stock effects apply as differences, so the part already
 * written changes nothing the second time.
 */
async function writeInChunks<T>(
  store: Store,
  items: readonly T[],
  size: number,
  write: (w: Writer, chunk: T[], last: boolean) => void,
): Promise<void> {
  for (let start = 0; ; start += size) {
    const last = start + size >= items.length;
    store.write((w) => write(w, items.slice(start, start + size), last));
    if (last) return;
    await setImmediate();
  }
}

/** Page items written per transaction. */
const ORDERS_PER_WRITE = 25;
const LISTINGS_PER_WRITE = 40;

function storedOrderIds(w: Writer, accountId: AccountId, remoteIds: string[]): number[] {
  return w
    .all(
      qb
        .selectFrom('orders')
        .select('id')
        .where('account_id', '=', accountId)
        .where('remote_id', 'in', remoteIds),
    )
    .map((row) => row.id);
}

/** Adds one written page to a stream's outcome. */
function countPage(outcome: StreamOutcome, items: number, problems: PayloadProblem[]): void {
  outcome.pages += 1;
  outcome.items += items;
  outcome.problems.push(...problems);
}

const progressOf = (outcome: StreamOutcome) => ({ pages: outcome.pages, items: outcome.items });

/** Runs a stream; a failure ends that stream only and is kept for the report. */
export async function guarded(
  stream: string,
  accountId: AccountId,
  pull: () => Promise<StreamOutcome>,
): Promise<StreamOutcome> {
  try {
    return await pull();
  } catch (error) {
    log.warn(`the ${stream} pull stopped`, { accountId, error });
    const message = error instanceof Error ? error.message : String(error);
    return { pages: 0, items: 0, problems: [], error: `${stream}: ${message}` };
  }
}

async function withPageRetry<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const retryable =
        error instanceof ConnectorError &&
        (error.kind === 'retryable' || error.kind === 'rate_limited');
      if (!retryable || attempt >= PAGE_ATTEMPTS) throw error;
    }
  }
}

function buildReport(
  accountId: AccountId,
  listings: StreamOutcome,
  orders: StreamOutcome,
  problems: PayloadProblem[],
): SyncRunReport {
  const errors = [listings.error, orders.error].filter((error): error is string => error !== null);
  const needsAttention: SyncRunReport['needsAttention'] = problems
    .slice(0, REPORTED_PROBLEMS)
    .map((problem) => ({
      kind: problem.kind,
      message: `${problem.operation}${problem.remoteId ? ` ${problem.remoteId}` : ''}: ${problem.message}`,
      accountId,
    }));
  if (problems.length > REPORTED_PROBLEMS) {
    needsAttention.push({
      kind: 'more_problems',
      message: `${problems.length - REPORTED_PROBLEMS} more objects could not be read`,
      accountId,
    });
  }
  for (const error of errors)
    needsAttention.push({ kind: 'stream_failed', message: error, accountId });
  return {
    accounts: [
      {
        accountId,
        listingsPulled: listings.items,
        ordersPulled: orders.items,
        editsPushed: 0,
        errors,
      },
    ],
    needsAttention,
  };
}
