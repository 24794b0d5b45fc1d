/**
 * Pushing an account's outbox: the seller's edits and the stock engine's quantity updates, in the
 * marketplace's batch shapes, with one recorded result per job.
 *
 * A job moves pending → in_flight (claimed, in one transaction with its checks) → done | failed |
 * pending again (retry later) | conflict (held). Before a job is sent it is compared with what we
 * last saw on the marketplace (the listing's base):
 * - a field in open conflict holds the job until the seller settles it;
 * - a job whose values the marketplace already shows is done without a call. This is how a job
 *   left in_flight by a crash is settled exactly once: the next run pulls listings before it
 *   drains edits, so a write that landed before the crash is seen and never sent twice;
 * - a stock job takes the quantity its channel may show now, not the one it was queued with.
 * A write whose answer was lost (`maybeApplied`) stays in_flight for the next run to reconcile the
 * same way. On success the listing's base takes the pushed values (and, for item-level fields,
 * the base of the item's other variant rows too), so the next pull sees no change.
 */
import type { Connector } from '../../connectors/index.js';
import type { SyncState } from '../../shared/domain.js';
import type { AccountId } from '../../shared/ids.js';
import { qb } from '../store/compiler.js';
import type { Reader, Store, Writer } from '../store/connection.js';
import { openConflicts } from '../store/conflicts.js';
import { sameValue } from '../store/listing-merge.js';
import type { OutboxSource } from '../store/schema.js';
import { inLists, parseJson } from '../store/values.js';
import { setJob } from './push-results.js';
import { send } from './push-send.js';

/** Jobs read and claimed per round: small enough that its transactions stay short. */
const CHUNK = 150;
/** Rounds under way at once (one sending, the next claimed and queued behind it). */
const ROUNDS_IN_FLIGHT = 2;

export type PushScope = 'stock' | 'all';

export interface PushOptions {
  store: Store;
  accountId: AccountId;
  connector: Connector;
  /** 'stock': only stock-engine quantity jobs (oversell risk first); 'all': every due job. */
  scope: PushScope;
  /** The quantity a managed listing's channel may show now (stock engine); null = unmanaged. */
  targetQuantity: (r: Reader, listingId: number) => number | null;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; remaining: number }) => void;
}

export interface PushRejection {
  listingId: number;
  jobId: number;
  kind: string;
  message: string;
}

export interface PushOutcome {
  sent: number;
  succeeded: number;
  alreadyApplied: number;
  rejected: PushRejection[];
  /** Will be tried again by a later run. */
  retryLater: number;
  held: number;
  cancelled: number;
  /** The account's authorisation failed: the drain stopped. */
  authFailed: string | null;
  /** The marketplace paused the account (a used-up quota): the drain stopped until `until`. */
  paused: { message: string; until: string | null } | null;
  /** Stock jobs among the succeeded ones. */
  stockPushed: number;
  /** Jobs whose answer was lost, left in flight for the next run to reconcile. */
  leftInFlight: number[];
}

export interface JobRow {
  id: number;
  listing_id: number | null;
  kind: string;
  payload: string;
  state: string;
  attempts: number;
  source: OutboxSource;
}

export interface JobPayload {
  listingId: number;
  remoteId: string;
  remoteVariantId: string;
  values: Record<string, unknown>;
  changed: string[];
}

interface ListingState {
  id: number;
  remote_id: string;
  quantity: number;
  base: string | null;
  dirty: 0 | 1;
  sync_state: SyncState;
  currency: string;
}

export interface Claimed {
  job: JobRow;
  payload: JobPayload;
}

const emptyOutcome = (): PushOutcome => ({
  sent: 0,
  succeeded: 0,
  alreadyApplied: 0,
  rejected: [],
  retryLater: 0,
  held: 0,
  cancelled: 0,
  authFailed: null,
  paused: null,
  stockPushed: 0,
  leftInFlight: [],
});

/**
 * Drains the account's due jobs in scope until none is due. A job whose answer was lost is not sent
 * again by the same call (it waits for the next run's comparison).
 *
 * Rounds overlap: the next round is claimed while the previous one's calls are still going out,
 * so the marketplace's rate limiter never runs dry between rounds. A job whose listing and group
 * have a job in a round under way waits for that round, so writes of one field never race.
 */
export async function drainOutbox(options: PushOptions): Promise<PushOutcome> {
  const outcome = emptyOutcome();
  let done = 0;
  const sendingIds = new Set<number>();
  const sendingKeys = new Set<string>();
  const rounds: Promise<Error | undefined>[] = [];
  const settleOldest = async () => {
    const failure = await rounds.shift();
    if (failure !== undefined) throw failure;
  };
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      if (outcome.authFailed || outcome.paused) break;
      const skip = new Set([...outcome.leftInFlight, ...sendingIds]);
      const jobs = options.store
        .read((r) => dueJobs(r, options, CHUNK + skip.size))
        .filter((job) => !skip.has(job.id) && !sendingKeys.has(groupKey(job)))
        .slice(0, CHUNK);
      if (jobs.length === 0) {
        if (rounds.length === 0) break;
        await settleOldest();
        continue;
      }
      const claimed = options.store.write((w) => claim(w, jobs, options, outcome));
      for (const { job } of claimed) {
        sendingIds.add(job.id);
        sendingKeys.add(groupKey(job));
      }
      rounds.push(
        send(claimed, options, outcome)
          .then(
            () => undefined,
            (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
          )
          .finally(() => {
            for (const { job } of claimed) {
              sendingIds.delete(job.id);
              sendingKeys.delete(groupKey(job));
            }
          }),
      );
      done += jobs.length;
      options.onProgress?.({ done, remaining: options.store.read((r) => countDue(r, options)) });
      if (rounds.length >= ROUNDS_IN_FLIGHT) await settleOldest();
    }
    while (rounds.length > 0) await settleOldest();
  } finally {
    // A round still sending when the drain stops (cancelled, or a round failed) records its own
    // answers; wait for it so nothing is written after the caller moves on.
    await Promise.all(rounds);
  }
  return outcome;
}

const groupKey = (job: JobRow) =>
  job.listing_id === null ? `job:${job.id}` : `${job.listing_id}:${job.kind}`;

function dueQuery(r: Reader, options: PushOptions) {
  const now = r.now();
  let query = qb
    .selectFrom('outbox')
    .where('account_id', '=', options.accountId)
    // Listing writes only: other kinds (shipment confirmations) have senders of their own.
    .where('kind', 'like', 'listing.%')
    .where('state', 'in', ['pending', 'in_flight'])
    .where((eb) => eb.or([eb('not_before', 'is', null), eb('not_before', '<=', now)]));
  if (options.scope === 'stock') query = query.where('source', '=', 'stock');
  return query;
}

function dueJobs(r: Reader, options: PushOptions, limit: number): JobRow[] {
  return r.all(
    dueQuery(r, options)
      .select(['id', 'listing_id', 'kind', 'payload', 'state', 'attempts', 'source'])
      // Stock first (oversell risk), then in the order the seller made them.
      .orderBy((eb) => eb.case().when('source', '=', 'stock').then(0).else(1).end())
      .orderBy('id')
      .limit(limit),
  );
}

function countDue(r: Reader, options: PushOptions): number {
  return r.first(dueQuery(r, options).select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
}

function readListing(r: Reader, id: number): ListingState | undefined {
  return r.first(
    qb
      .selectFrom('listings')
      .select(['id', 'remote_id', 'quantity', 'base', 'dirty', 'sync_state', 'currency'])
      .where('id', '=', id),
  );
}

function openConflictFields(r: Reader, listingId: number): Set<string> {
  return new Set(
    openConflicts(r, listingId)
      .filter((row) => row.kind === 'conflict')
      .map((row) => row.field),
  );
}

/** Checks and claims a round of jobs in one transaction; returns those to send. */
function claim(w: Writer, jobs: JobRow[], options: PushOptions, outcome: PushOutcome): Claimed[] {
  const claimed: Claimed[] = [];
  const now = w.now();
  const newest = newestJobs(w, jobs);
  for (const job of jobs) {
    if (job.listing_id !== null && (newest.get(`${job.listing_id}:${job.kind}`) ?? 0) > job.id) {
      // A newer job of the same group carries the newest values: sending this one as well would
      // write an old value (or the same field twice in one batch). Whether one left in flight by a
      // crash landed, the listings pull before this drain has already seen (own writes in
      // ingest-listings.ts).
      setJob(w, job.id, { state: 'cancelled', last_error: 'superseded by a newer job' });
      outcome.cancelled++;
      continue;
    }
    const payload = parseJson<JobPayload | null>(job.payload, null);
    const listing = job.listing_id === null ? undefined : readListing(w, job.listing_id);
    if (!payload || !listing) {
      setJob(w, job.id, { state: 'cancelled', last_error: 'the listing no longer exists' });
      outcome.cancelled++;
      continue;
    }
    const base = parseJson<Record<string, unknown> | null>(listing.base, null) ?? {};
    if (job.source === 'stock' && job.kind === 'listing.quantity') {
      const target = options.targetQuantity(w, listing.id);
      if (target === null) {
        setJob(w, job.id, { state: 'cancelled', last_error: 'the listing is no longer managed' });
        outcome.cancelled++;
        continue;
      }
      payload.values = { quantity: target };
    }
    const conflicts = openConflictFields(w, listing.id);
    if (payload.changed.some((field) => conflicts.has(field))) {
      setJob(w, job.id, { state: 'conflict', last_error: 'held: the field is in conflict' });
      outcome.held++;
      continue;
    }
    if (payload.changed.every((field) => sameValue(base[field], payload.values[field]))) {
      setJob(w, job.id, {
        state: 'done',
        last_error: null,
        result: { ok: true, alreadyApplied: true, at: now },
        payload: JSON.stringify(payload),
      });
      if (job.source === 'stock') markQuantity(w, listing.id, payload.values.quantity);
      outcome.alreadyApplied++;
      continue;
    }
    setJob(w, job.id, {
      state: 'in_flight',
      attempts: job.attempts + 1,
      sent_at: now,
      payload: JSON.stringify(payload),
    });
    claimed.push({ job: { ...job, attempts: job.attempts + 1 }, payload });
  }
  return claimed;
}

/** The newest waiting or sending job id per (listing, kind) among the listings of a round. */
function newestJobs(r: Reader, jobs: readonly JobRow[]): Map<string, number> {
  const listingIds = [
    ...new Set(jobs.flatMap((job) => (job.listing_id === null ? [] : [job.listing_id]))),
  ];
  const newest = new Map<string, number>();
  for (const list of inLists(listingIds)) {
    const rows = r.all(
      qb
        .selectFrom('outbox')
        .select(['listing_id', 'kind', (eb) => eb.fn.max<number>('id').as('id')])
        .where('listing_id', 'in', list)
        .where('state', 'in', ['pending', 'in_flight', 'conflict'])
        .groupBy(['listing_id', 'kind']),
    );
    for (const row of rows) newest.set(`${row.listing_id}:${row.kind}`, row.id);
  }
  return newest;
}

/** A stock job found already applied: the row shows the channel's quantity. */
function markQuantity(w: Writer, listingId: number, quantity: unknown): void {
  if (typeof quantity !== 'number') return;
  w.run(qb.updateTable('listings').set({ quantity }).where('id', '=', listingId));
}

export { MAX_ATTEMPTS } from './push-results.js';
