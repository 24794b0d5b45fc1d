/**
 * Recording the marketplace's answer to each pushed job (push.ts): done, retried later with a
 * backoff, left in flight when the answer was lost, failed (the listing shows the marketplace's
 * message) — and, on success, the pushed values becoming the listing's base.
 */
import { sql } from 'kysely';
import type { ItemResult } from '../../connectors/index.js';
import type { OutboxState, SyncState } from '../../shared/domain.js';
import { createLogger } from '../../shared/log.js';
import { qb } from '../store/compiler.js';
import type { Writer } from '../store/connection.js';
import { openConflicts, syncStateOf } from '../store/conflicts.js';
import { reindexListing } from '../store/fts.js';
import { sameValue, snapshotOfRow, type ListingSnapshot } from '../store/listing-merge.js';
import { parseJson } from '../store/values.js';
import { publishSentLanguages } from '../translate/publish-languages.js';
import type { Claimed, JobPayload, PushOutcome } from './push.js';

const log = createLogger('engine.push');

/** After this many failed attempts of a retryable kind a job fails for good (and is reported). */
export const MAX_ATTEMPTS = 6;
/** Attempts made within one run before a job waits for a later one. */
const IMMEDIATE_ATTEMPTS = 3;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3_600_000;

export function setJob(
  w: Writer,
  id: number,
  changes: {
    state: OutboxState;
    last_error?: string | null;
    result?: unknown;
    not_before?: string | null;
    payload?: string;
    attempts?: number;
    sent_at?: string;
  },
): void {
  const { result, ...rest } = changes;
  w.run(
    qb
      .updateTable('outbox')
      .set({
        ...rest,
        ...(result === undefined ? {} : { result: JSON.stringify(result) }),
        updated_at: w.now(),
      })
      .where('id', '=', id),
  );
}

export type JobResult =
  | { ok: true }
  | {
      ok: false;
      kind: ItemResult extends infer R
        ? R extends { ok: false; kind: infer K }
          ? K
          : never
        : never;
      message: string;
      code: string | null;
      requestId: string | null;
      maybeApplied: boolean;
      /** When a block on the account lifts by itself (a used-up daily quota), if known. */
      until?: string | null;
      /** Why the seller is needed (NeedsUserError), when that is the kind. */
      reason?: string;
    };

function backoff(attempts: number, retryAfterMs: number | null): number {
  return Math.max(
    retryAfterMs ?? 0,
    Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1)),
  );
}

export function record(w: Writer, entry: Claimed, result: JobResult, outcome: PushOutcome): void {
  const { job, payload } = entry;
  const now = w.now();
  if (result.ok) {
    setJob(w, job.id, { state: 'done', last_error: null, result: { ok: true, at: now } });
    applyPushed(w, payload, job.kind, job.id);
    if (job.kind === 'listing.content') publishSentLanguages(w, payload);
    outcome.succeeded++;
    if (job.source === 'stock') outcome.stockPushed++;
    return;
  }
  const answer = {
    ok: false,
    kind: result.kind,
    code: result.code,
    message: result.message,
    requestId: result.requestId,
    at: now,
  };
  if (result.maybeApplied && job.source !== 'stock') {
    // Left in flight: the next run's listing pull shows whether it landed, before any resend.
    setJob(w, job.id, { state: 'in_flight', last_error: result.message, result: answer });
    outcome.leftInFlight.push(job.id);
    outcome.retryLater++;
    return;
  }
  if (result.kind === 'needs_user' && (result.reason === 'quota' || result.until)) {
    // The marketplace stopped this account for a while (a used-up daily quota): the job waits
    // until it lifts, and the drain stops instead of spending more refused calls.
    setJob(w, job.id, {
      state: 'pending',
      last_error: result.message,
      result: answer,
      not_before: result.until ?? null,
    });
    outcome.paused ??= { message: result.message, until: result.until ?? null };
    outcome.retryLater++;
    return;
  }
  if (
    result.kind === 'auth_expired' ||
    (result.kind === 'needs_user' && result.code === 'reauthorize')
  ) {
    setJob(w, job.id, { state: 'pending', last_error: result.message, result: answer });
    outcome.authFailed = result.message;
    outcome.retryLater++;
    return;
  }
  if (
    (result.kind === 'retryable' || result.kind === 'rate_limited' || result.maybeApplied) &&
    job.attempts < MAX_ATTEMPTS
  ) {
    // The HTTP kit has already retried with backoff: a job is tried again at once a few times
    // (a stock quantity whose answer was lost too: setting it twice sets the same quantity), then
    // only by later runs, ever more spaced.
    const wait = job.attempts < IMMEDIATE_ATTEMPTS ? 0 : backoff(job.attempts, null);
    setJob(w, job.id, {
      state: 'pending',
      last_error: result.message,
      result: answer,
      not_before: wait === 0 ? null : new Date(Date.parse(now) + wait).toISOString(),
    });
    outcome.retryLater++;
    return;
  }
  setJob(w, job.id, { state: 'failed', last_error: result.message, result: answer });
  w.run(
    qb
      .updateTable('listings')
      .set({
        last_error: result.message,
        sync_state: sql<SyncState>`CASE WHEN sync_state IN ('conflict', 'drift') THEN sync_state ELSE 'rejected' END`,
      })
      .where('id', '=', payload.listingId),
  );
  outcome.rejected.push({
    listingId: payload.listingId,
    jobId: job.id,
    kind: job.kind,
    message: result.message,
  });
}

const ITEM_LEVEL_KINDS = new Set(['listing.content', 'listing.status']);

const PUSHED_COLUMNS = [
  'id',
  'title',
  'description',
  'bullet_points',
  'keywords',
  'price_minor',
  'currency',
  'quantity',
  'status',
  'base',
] as const;

/**
 * The marketplace now shows the pushed values: they become the base (and the row's quantity,
 * where the stock engine chose it at sending time). A value the seller set after the job was made
 * (a newer job of the group waits) stays in the row, still to be pushed.
 */
function applyPushed(w: Writer, payload: JobPayload, kind: string, jobId: number): void {
  const target = w.first(
    qb
      .selectFrom('listings')
      .select(['account_id', 'remote_id'])
      .where('id', '=', payload.listingId),
  );
  if (!target) return;
  const newer = w.first(
    qb
      .selectFrom('outbox')
      .select('id')
      .where('listing_id', '=', payload.listingId)
      .where('kind', '=', kind)
      .where('id', '>', jobId)
      .where('state', 'in', ['held', 'pending', 'in_flight', 'conflict'])
      .limit(1),
  );
  // Title, description and status belong to the item: every variant row of it has them.
  const rows = w.all(
    ITEM_LEVEL_KINDS.has(kind)
      ? qb
          .selectFrom('listings')
          .select(PUSHED_COLUMNS)
          .where('account_id', '=', target.account_id)
          .where('remote_id', '=', target.remote_id)
      : qb.selectFrom('listings').select(PUSHED_COLUMNS).where('id', '=', payload.listingId),
  );
  for (const row of rows) {
    const local: Record<string, unknown> = { ...snapshotOfRow(row) };
    const base = { ...(parseJson<Record<string, unknown> | null>(row.base, null) ?? local) };
    let visible = false;
    for (const field of payload.changed) {
      // The site's other languages are not listing columns (translate/publish-languages.ts).
      if (!(field in local)) continue;
      const value = payload.values[field];
      // A sibling row follows the item-level change only where it had no edit of its own.
      const follows = row.id === payload.listingId ? !newer : sameValue(local[field], base[field]);
      base[field] = value;
      if (follows && !sameValue(local[field], value)) {
        local[field] = value;
        visible = true;
      }
    }
    const dirty = Object.keys(local).some((field) => !sameValue(local[field], base[field]));
    const open = openConflicts(w, row.id);
    w.run(
      qb
        .updateTable('listings')
        .set((eb) => ({
          title: String(local.title),
          description: String(local.description),
          status: local.status as ListingSnapshot['status'],
          quantity: Number(local.quantity),
          base: JSON.stringify(base),
          dirty: dirty ? 1 : 0,
          last_error: null,
          sync_state: syncStateOf(open, dirty, 'pending'),
          local_version: visible ? eb('local_version', '+', 1) : eb.ref('local_version'),
          ...(visible ? { updated_at: w.now() } : {}),
        }))
        .where('id', '=', row.id),
    );
    if (visible && payload.changed.includes('title')) reindexListing(w, row.id);
  }
  log.debug('pushed', { listingId: payload.listingId, kind });
}
