/**
 * The morning run: one operation (the app's button, the schedule, `silkroute sync`) that brings
 * every account up to date, each account in parallel within its own rate limits:
 *
 *   1. orders changed since the account's cursor (with an overlap, in the marketplace's clock);
 *      in each page's transaction the stock engine reserves for new orders and releases for
 *      cancelled ones, and queues quantity updates for every listing of the SKUs they touched;
 *   2. those stock updates go out first (oversell risk first);
 *   3. listing changes are pulled and compared field by field (conflict policy): drift and
 *      conflicts are recorded, never overwritten;
 *   4. the rest of the outbox is drained (edits, held back where a field is in conflict);
 *   then a last stock pass for quantities other accounts' orders changed meanwhile, and a report.
 *
 * The listing pull (3) comes before the edits (4) so that every edit is compared with what the
 * marketplace shows now before it is sent: pushing first could silently overwrite a change made on
 * the marketplace. Stock is ours to set, so it goes before.
 *
 * Only one run at a time, across the app and the CLI: the run holds the SQLite lease (lease.ts),
 * renewed while it works and expiring if its process dies. Every page and every push result is
 * committed with its checkpoint, so a run killed anywhere resumes where it stopped.
 */
import { randomUUID } from 'node:crypto';
import type { Connector } from '../../connectors/index.js';
import type { DataEntity } from '../../shared/api/events.js';
import type { SyncAccountReport, SyncAttention } from '../../shared/api/types.js';
import type { AccountId, SyncRunId } from '../../shared/ids.js';
import { createLogger } from '../../shared/log.js';
import { qb } from '../store/compiler.js';
import type { Store } from '../store/connection.js';
import {
  applyOrderStockEffects,
  effectKeys,
  lowerOrderingListings,
  queueStockPushes,
  targetQuantity,
} from '../stock/index.js';
import { backupBeforePush } from '../backup/index.js';
import { readCheckpoint } from './cursors.js';
import { acquireLease, LEASE_TTL_MS, releaseLease, renewLease } from './lease.js';
import { pullListings, pullOrders } from './pull.js';
import { drainOutbox, type PushOutcome, type PushScope } from './push.js';
import { refreshSold, requeueStockAlongside } from './refresh.js';
import { buildReport, noteAuthorization, REPORTED_ITEMS } from './report.js';
import { queueOf } from './queue-eta.js';
import { heldStock, noteStream, timed } from './stream-notes.js';
import { shipStep } from './ship-step.js';
import { closeInterruptedRuns, finishRun, markAccountSynced, startRun } from './runs.js';
import { SYNC_STEPS, type SyncOutcome, type SyncRequest, type SyncStep } from './types.js';

const log = createLogger('engine.sync');

export { LEASE_TTL_MS } from './lease.js';

export interface AccountLink {
  connector: Connector;
  /** The marketplace's clock (epoch ms): order windows are in its time. */
  remoteNow: () => number;
}

export interface SyncProgress {
  runId: SyncRunId;
  accountId: AccountId;
  stream: 'orders' | 'listings' | 'push';
  pages: number;
  items: number;
  queueDepth: number;
  etaSeconds: number | null;
}

export interface MorningDeps {
  store: Store;
  /** The connector of an account, or null when it cannot be reached now (offline, no tokens). */
  link: (accountId: AccountId) => AccountLink | null;
  newKey: () => string;
  /** Names this process in the lease (e.g. `app:1234`). */
  holder: string;
  onProgress?: (progress: SyncProgress) => void;
  onChanged?: (entities: DataEntity[]) => void;
  /** How long the lease outlives a holder that stopped renewing it (default 60 s). */
  leaseTtlMs?: number;
}

export interface AccountWork {
  accountId: AccountId;
  link: AccountLink;
  report: SyncAccountReport;
  attention: SyncAttention[];
  failedSteps: number;
  completedSteps: number;
}

export async function runMorningSync(
  deps: MorningDeps,
  request: SyncRequest,
): Promise<SyncOutcome> {
  const { store } = deps;
  const holder = `${deps.holder}:${randomUUID().slice(0, 8)}`;
  const ttlMs = deps.leaseTtlMs ?? LEASE_TTL_MS;
  const lease = store.write((w) =>
    acquireLease(w, { holder, ttlMs, onAcquired: (tx) => closeInterruptedRuns(tx) }),
  );
  if (!lease.ok) {
    return {
      state: 'busy',
      runId: null,
      report: null,
      heldBy: { holder: lease.holder, expiresAt: lease.expiresAt },
    };
  }
  const started = Date.now();
  let lost = false;
  const renewal = setInterval(() => {
    try {
      if (!store.write((w) => renewLease(w, holder, ttlMs))) lost = true;
    } catch (error) {
      log.warn('the sync lease could not be renewed', { error });
    }
  }, ttlMs / 4);
  renewal.unref();
  const runId = store.write((w) => startRun(w, request.trigger));
  deps.onChanged?.(['sync']);
  request.onStarted?.(runId);
  const steps = new Set<SyncStep>(request.steps?.length ? request.steps : SYNC_STEPS);
  // A copy of the store before local changes leave the machine (never blocks the push).
  if (steps.has('push')) await backupBeforePush(store);
  try {
    const { work, offline } = accountsToSync(deps, request);
    await Promise.all(
      work.map((account) => syncAccount(deps, account, runId, steps, request.signal)),
    );
    if (steps.has('push') && !request.signal?.aborted) {
      // Orders of one account lower what the others may show: a last pass sends those too.
      await Promise.all(
        work.map((account) => pushStep(deps, account, runId, 'stock', request.signal)),
      );
    }
    const report = buildReport(store, work, offline, Date.now() - started);
    const cancelled = request.signal?.aborted ?? false;
    const failed = work.length > 0 && work.every((account) => account.completedSteps === 0);
    const partial = work.some((account) => account.failedSteps > 0) || offline.length > 0;
    const state = cancelled ? 'cancelled' : failed ? 'failed' : partial ? 'partial' : 'succeeded';
    store.write((w) => {
      finishRun(w, runId, state, report);
      for (const account of work)
        if (account.failedSteps === 0) markAccountSynced(w, account.accountId);
    });
    deps.onChanged?.(['accounts', 'catalog', 'listings', 'orders', 'sync', 'changes']);
    if (lost) log.warn('the sync lease was lost during the run', { runId });
    log.info('sync finished', { runId, state, accounts: work.length, ms: Date.now() - started });
    const attention = report.needsAttention.length > 0 || (report.oversellDanger?.length ?? 0) > 0;
    return { state: state === 'succeeded' && attention ? 'attention' : state, runId, report };
  } catch (error) {
    store.write((w) =>
      finishRun(w, runId, request.signal?.aborted ? 'cancelled' : 'failed', {
        accounts: [],
        needsAttention: [
          { kind: 'run_failed', message: error instanceof Error ? error.message : String(error) },
        ],
      }),
    );
    deps.onChanged?.(['sync']);
    throw error;
  } finally {
    clearInterval(renewal);
    store.write((w) => releaseLease(w, holder));
  }
}

function accountsToSync(deps: MorningDeps, request: SyncRequest) {
  const rows = deps.store.read((r) => {
    let query = qb
      .selectFrom('accounts')
      .select(['id', 'display_name', 'auth_state'])
      .where('auth_state', '<>', 'disconnected')
      .orderBy('id');
    if (request.accountIds?.length) query = query.where('id', 'in', [...request.accountIds]);
    return r.all(query);
  });
  const work: AccountWork[] = [];
  const offline: SyncAttention[] = [];
  for (const row of rows) {
    const accountId = row.id as AccountId;
    const link = deps.link(accountId);
    if (!link) {
      offline.push({
        kind: 'offline',
        message: `${row.display_name} cannot be reached now (its connection is not set up in this app)`,
        accountId,
      });
      continue;
    }
    work.push({
      accountId,
      link,
      report: {
        accountId,
        ordersPulled: 0,
        listingsPulled: 0,
        editsPushed: 0,
        errors: [],
        stockPushed: 0,
        rejected: 0,
        durationsMs: {},
      },
      attention: [],
      failedSteps: 0,
      completedSteps: 0,
    });
  }
  return { work, offline };
}

async function syncAccount(
  deps: MorningDeps,
  account: AccountWork,
  runId: SyncRunId,
  steps: ReadonlySet<SyncStep>,
  signal: AbortSignal | undefined,
): Promise<void> {
  const touchedOrders: number[] = [];
  let requeued = () => Promise.resolve();
  // When the listing rows were last brought up to the marketplace (its clock): orders placed
  // after it are not in their quantities yet (own-channel.ts).
  const listingsPulledAt =
    deps.store.read((r) => readCheckpoint(r, account.accountId, 'listings'))?.syncedThrough ?? null;
  const pullOptions = {
    store: deps.store,
    accountId: account.accountId,
    connector: account.link.connector,
    trigger: 'manual' as const,
    remoteNow: account.link.remoteNow,
    signal,
    onPage: (progress: { stream: 'listings' | 'orders'; pages: number; items: number }) =>
      deps.onProgress?.({
        runId,
        accountId: account.accountId,
        ...progress,
        ...queueOf(account.link.connector),
      }),
    onOrdersPage: (
      w: Parameters<typeof applyOrderStockEffects>[0],
      orderIds: number[],
      page: { history: boolean },
    ) => {
      touchedOrders.push(...orderIds);
      const before = effectKeys(w, orderIds);
      const { productIds } = applyOrderStockEffects(w, orderIds, page);
      lowerOrderingListings(w, { orderIds, before, listingsPulledAt });
      if (productIds.length > 0) queueStockPushes(w, productIds, { newKey: deps.newKey });
    },
  };
  if (steps.has('orders') && !signal?.aborted) {
    const outcome = await timed(account, 'orders', () => pullOrders(pullOptions, runId));
    account.report.ordersPulled = outcome.items;
    noteStream(account, 'orders', outcome);
  }
  if (steps.has('push') && !signal?.aborted) await pushStep(deps, account, runId, 'stock', signal);
  if (steps.has('listings') && !signal?.aborted) {
    const outcome = await timed(account, 'listings', () => pullListings(pullOptions, runId));
    account.report.listingsPulled = outcome.items;
    noteStream(account, 'listings', outcome);
    if (outcome.error === null && touchedOrders.length > 0) {
      account.report.listingsPulled += await refreshSold(
        deps,
        account,
        runId,
        touchedOrders,
        signal,
      );
    }
    // A quantity changed on the marketplace by hand (its seller centre) is set back to what stock
    // allows; the last stock pass of this run sends it. Queued alongside the push below (in
    // short transactions), so the account's calls do not wait for it.
    if (outcome.error === null && outcome.items > 0) {
      requeued = requeueStockAlongside(deps, account.accountId);
    }
    await heldStock(account, { ...pullOptions, connector: account.link.connector });
  }
  if (steps.has('push') && !signal?.aborted) await pushStep(deps, account, runId, 'all', signal);
  await requeued();
  await noteAuthorization(deps, account);
}

async function pushStep(
  deps: MorningDeps,
  account: AccountWork,
  runId: SyncRunId,
  scope: PushScope,
  signal: AbortSignal | undefined,
): Promise<void> {
  const started = Date.now();
  // Shipment confirmations first: buyers and ship-by deadlines wait on them.
  if (scope === 'all' && !signal?.aborted) await shipStep(deps, account, signal);
  let outcome: PushOutcome;
  try {
    outcome = await drainOutbox({
      store: deps.store,
      accountId: account.accountId,
      connector: account.link.connector,
      scope,
      targetQuantity,
      signal,
      onProgress: ({ done, remaining }) =>
        deps.onProgress?.({
          runId,
          accountId: account.accountId,
          stream: 'push',
          pages: 0,
          items: done,
          ...queueOf(account.link.connector, remaining),
        }),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    account.failedSteps++;
    account.report.errors.push(`push: ${message}`);
    account.attention.push({
      kind: 'push_failed',
      message: `push: ${message}`,
      accountId: account.accountId,
    });
    return;
  } finally {
    const durations = account.report.durationsMs!;
    const step = scope === 'stock' ? 'stock' : 'push';
    durations[step] = (durations[step] ?? 0) + (Date.now() - started);
  }
  account.completedSteps++;
  account.report.editsPushed += outcome.succeeded - outcome.stockPushed;
  account.report.stockPushed = (account.report.stockPushed ?? 0) + outcome.stockPushed;
  account.report.rejected = (account.report.rejected ?? 0) + outcome.rejected.length;
  for (const rejection of outcome.rejected.slice(0, REPORTED_ITEMS)) {
    account.attention.push({
      kind: 'rejected',
      message: `${rejection.kind} was refused: ${rejection.message}`,
      accountId: account.accountId,
      listingId: rejection.listingId as SyncAttention['listingId'],
    });
  }
  if (outcome.paused) {
    account.attention.push({
      kind: 'quota',
      message:
        `The marketplace paused this account's changes` +
        (outcome.paused.until ? ` until ${outcome.paused.until}` : '') +
        `: ${outcome.paused.message}. They go out by themselves after that.`,
      accountId: account.accountId,
    });
  }
  if (outcome.authFailed) {
    account.failedSteps++;
    account.attention.push({
      kind: 'reauthorize',
      message: `The marketplace refused this account's authorisation: ${outcome.authFailed}`,
      accountId: account.accountId,
    });
  }
}
