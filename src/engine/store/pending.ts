/**
 * The seller's side of held changes (workbench edits wait in the outbox as 'held', see edits.ts):
 * release them to be pushed, or discard them. Each is one transaction (the caller's
 * `store.write`).
 *
 * - Release: held → pending; the caller then starts a push-only sync of the accounts involved.
 * - Discard: held jobs are cancelled and each listing's fields of the job's group go back to what
 *   the marketplace shows (the base of the last sync; without a base, the value from before the
 *   batch). A held job is always the newest of its group (a newer edit cancels it), so discarding
 *   it discards every unpushed change of that group, and the listing's dirty flag and sync state
 *   are recomputed. A buffer change (bulk-buffer.ts) has its channel rule put back.
 * Undo is in undo.ts. Every change is recorded in a new change batch with its audit rows.
 */
import { sql, type Updateable } from 'kysely';
import type { OutboxState } from '../../shared/domain.js';
import { restoreBuffer, type BufferState } from './bulk-buffer.js';
import { qb } from './compiler.js';
import { openConflicts, syncStateOf } from './conflicts.js';
import type { Reader, Writer } from './connection.js';
import { GROUPS } from './edits.js';
import { reindexListing } from './fts.js';
import { sameValue, snapshotOfRow, type ListingSnapshot } from './listing-merge.js';
import type { ListingsTable } from './schema.js';
import { parseJson } from './values.js';

export interface JobScope {
  all?: true | undefined;
  batchIds?: number[] | undefined;
  jobIds?: number[] | undefined;
}

const CHUNK = 500;

export type EditableField = Exclude<keyof ListingSnapshot, 'currency'>;
export const EDITABLE: readonly EditableField[] = [
  'title',
  'description',
  'bulletPoints',
  'keywords',
  'priceMinor',
  'quantity',
  'status',
];

interface ScopedJob {
  id: number;
  account_id: number;
  listing_id: number | null;
  batch_id: number | null;
  kind: string;
  source: string;
  state: string;
}

/** Listing jobs in `scope` whose state is one of `states`. */
function jobsInScope(r: Reader, scope: JobScope, states: readonly OutboxState[]): ScopedJob[] {
  const base = qb
    .selectFrom('outbox')
    .select(['id', 'account_id', 'listing_id', 'batch_id', 'kind', 'source', 'state'])
    .where('kind', 'like', 'listing.%')
    .where('state', 'in', [...states]);
  if (scope.all) return r.all(base.orderBy('id'));
  const keys = scope.batchIds ?? scope.jobIds ?? [];
  const column = scope.batchIds ? 'batch_id' : 'id';
  const jobs: ScopedJob[] = [];
  for (let index = 0; index < keys.length; index += CHUNK) {
    jobs.push(...r.all(base.where(column, 'in', keys.slice(index, index + CHUNK)).orderBy('id')));
  }
  return jobs;
}

function setStates(
  w: Writer,
  ids: readonly number[],
  state: 'pending' | 'cancelled',
  reason?: string,
): void {
  for (let index = 0; index < ids.length; index += CHUNK) {
    w.run(
      qb
        .updateTable('outbox')
        .set({ state, updated_at: w.now(), ...(reason ? { last_error: reason } : {}) })
        .where('id', 'in', ids.slice(index, index + CHUNK)),
    );
  }
}

/**
 * Held jobs in scope become pending. Returns them and the accounts to push: those of the released
 * jobs and of jobs in scope already pending (a revert's, a conflict resolution's); with `all`,
 * every account with a pending listing job.
 */
export function releaseHeld(
  w: Writer,
  scope: JobScope,
): { released: number; queued: number; accountIds: number[] } {
  const jobs = jobsInScope(w, scope, ['held', 'pending']);
  const held = jobs.filter((job) => job.state === 'held').map((job) => job.id);
  setStates(w, held, 'pending');
  const accounts = new Set(jobs.map((job) => job.account_id));
  return {
    released: held.length,
    queued: jobs.length,
    accountIds: [...accounts].sort((a, b) => a - b),
  };
}

export function openBatch(w: Writer, label: string, source: string): number {
  return w.first(
    qb.insertInto('change_batches').values({ label, source, created_at: w.now() }).returning('id'),
  )!.id;
}

function batchLabel(r: Reader, batchId: number | null): string {
  if (batchId === null) return 'changes';
  return (
    r.first(qb.selectFrom('change_batches').select('label').where('id', '=', batchId))?.label ??
    `batch ${batchId}`
  );
}

const LISTING_COLUMNS = [
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
  'sync_state',
  'local_version',
] as const;

export function readListing(r: Reader, id: number) {
  return r.first(qb.selectFrom('listings').select(LISTING_COLUMNS).where('id', '=', id));
}

const COLUMN_OF: Record<EditableField, keyof ListingsTable> = {
  title: 'title',
  description: 'description',
  bulletPoints: 'bullet_points',
  keywords: 'keywords',
  priceMinor: 'price_minor',
  quantity: 'quantity',
  status: 'status',
};

function columnValue(field: EditableField, value: unknown): unknown {
  return field === 'bulletPoints' || field === 'keywords' ? JSON.stringify(value) : value;
}

/** Active (not settled) jobs of a listing, to tell whether a listing without a base is dirty. */
function hasActiveJobs(r: Reader, listingId: number): boolean {
  return (
    r.first(
      qb
        .selectFrom('outbox')
        .select('id')
        .where('listing_id', '=', listingId)
        .where('state', 'in', ['held', 'pending', 'in_flight', 'conflict'])
        .limit(1),
    ) !== undefined
  );
}

/** The value of a field before `batchId` changed it, from the audit. */
function auditBefore(r: Reader, batchId: number | null, listingId: number, field: string): unknown {
  if (batchId === null) return undefined;
  const row = r.first(
    qb
      .selectFrom('audit_log')
      .select('before')
      .where('entity', '=', 'listing')
      .where('entity_id', '=', listingId)
      .where(sql<boolean>`+batch_id = ${batchId}`)
      .where('field', '=', field),
  );
  return row ? parseJson<unknown>(row.before, undefined) : undefined;
}

/**
 * Writes `target` values into a listing and recomputes dirty and sync state; records each field
 * in `recordIn`. Returns how many fields changed.
 */
function restoreFields(
  w: Writer,
  listingId: number,
  target: Partial<Record<EditableField, unknown>>,
  recordIn: number,
): number {
  const row = readListing(w, listingId);
  if (!row) return 0;
  const local: Record<string, unknown> = { ...snapshotOfRow(row) };
  const columns: Record<string, unknown> = {};
  const audit: { field: string; before: unknown; after: unknown }[] = [];
  for (const field of EDITABLE) {
    if (!(field in target) || target[field] === undefined) continue;
    if (sameValue(local[field], target[field])) continue;
    columns[COLUMN_OF[field]] = columnValue(field, target[field]);
    audit.push({ field, before: local[field], after: target[field] });
    local[field] = target[field];
  }
  const base = parseJson<Record<string, unknown> | null>(row.base, null);
  const dirty = base
    ? EDITABLE.some((field) => !sameValue(local[field], base[field]))
    : hasActiveJobs(w, listingId);
  const syncState = syncStateOf(openConflicts(w, listingId), dirty, row.sync_state);
  w.run(
    qb
      .updateTable('listings')
      .set((eb) => ({
        ...(columns as Updateable<ListingsTable>),
        dirty: dirty ? 1 : 0,
        sync_state: syncState,
        ...(audit.length
          ? { local_version: eb('local_version', '+', 1), updated_at: w.now() }
          : {}),
      }))
      .where('id', '=', listingId),
  );
  if (audit.some((entry) => entry.field === 'title' || entry.field === 'keywords')) {
    reindexListing(w, listingId);
  }
  if (audit.length) {
    w.run(
      qb.insertInto('audit_log').values(
        audit.map((entry) => ({
          batch_id: recordIn,
          entity: 'listing',
          entity_id: listingId,
          field: entry.field,
          before: JSON.stringify(entry.before),
          after: JSON.stringify(entry.after),
          at: w.now(),
        })),
      ),
    );
  }
  return audit.length;
}

/** Marks batches none of whose jobs is left (all cancelled) as reverted. */
function settleBatches(w: Writer, batchIds: Iterable<number>): void {
  for (const batchId of new Set(batchIds)) {
    const live = w.first(
      qb
        .selectFrom('outbox')
        .select('id')
        .where('batch_id', '=', batchId)
        .where('state', '<>', 'cancelled')
        .limit(1),
    );
    if (live) continue;
    w.run(
      qb
        .updateTable('change_batches')
        .set({ reverted_at: w.now() })
        .where('id', '=', batchId)
        .where('reverted_at', 'is', null),
    );
  }
}

interface RuleEntry {
  batchId: number;
  before: BufferState;
  after: BufferState;
}

function ruleEntries(r: Reader, batchId: number): RuleEntry[] {
  return r
    .all(
      qb
        .selectFrom('audit_log')
        .select(['before', 'after'])
        .where('batch_id', '=', batchId)
        .where('entity', '=', 'channel_rule')
        .orderBy('id'),
    )
    .flatMap((row) => {
      const before = parseJson<BufferState | null>(row.before, null);
      const after = parseJson<BufferState | null>(row.after, null);
      return before && after ? [{ batchId, before, after }] : [];
    });
}

export interface DiscardResult {
  discarded: number;
  restored: number;
  batchId: number | null;
}

/** Cancels the held jobs in scope and puts their listings back (see the module comment). */
export function discardHeld(w: Writer, scope: JobScope, newKey: () => string): DiscardResult {
  const jobs = jobsInScope(w, scope, ['held']);
  if (jobs.length === 0) return { discarded: 0, restored: 0, batchId: null };
  const batches = new Set(jobs.flatMap((job) => (job.batch_id === null ? [] : [job.batch_id])));
  const labels = [...batches].slice(0, 3).map((id) => batchLabel(w, id));
  const recordIn = openBatch(w, `Discard: ${labels.join('; ')}`, 'discard');
  let restored = 0;

  // Buffer changes: put back each rule whose listings lost a held job, then its jobs go with it.
  const stockJobs = jobs.filter((job) => job.source === 'stock' && job.batch_id !== null);
  const touched = new Map<string, RuleEntry>();
  for (const job of stockJobs) {
    const listing = w.first(
      qb
        .selectFrom('listings')
        .select(['account_id', 'product_id'])
        .where('id', '=', job.listing_id ?? 0),
    );
    for (const entry of ruleEntries(w, job.batch_id!)) {
      const matches =
        listing?.account_id === entry.before.accountId &&
        listing.product_id === entry.before.productId;
      if (matches)
        touched.set(`${entry.batchId}:${entry.before.accountId}:${entry.before.productId}`, entry);
    }
  }
  for (const entry of touched.values()) {
    if (restoreBuffer(w, entry.before, entry.after, entry.batchId, newKey, recordIn)) restored++;
  }

  const editJobs = jobs.filter((job) => job.source !== 'stock' && job.listing_id !== null);
  setStates(
    w,
    jobs.map((job) => job.id),
    'cancelled',
    'discarded by the seller',
  );
  const byListing = new Map<number, ScopedJob[]>();
  for (const job of editJobs) {
    const list = byListing.get(job.listing_id!) ?? [];
    list.push(job);
    byListing.set(job.listing_id!, list);
  }
  for (const [listingId, listingJobs] of byListing) {
    const row = readListing(w, listingId);
    if (!row) continue;
    const base = parseJson<Record<string, unknown> | null>(row.base, null);
    const target: Partial<Record<EditableField, unknown>> = {};
    for (const job of listingJobs) {
      for (const field of (GROUPS[job.kind] ?? []) as EditableField[]) {
        target[field] = base ? base[field] : auditBefore(w, job.batch_id, listingId, field);
      }
    }
    restored += restoreFields(w, listingId, target, recordIn);
  }
  settleBatches(w, batches);
  return { discarded: jobs.length, restored, batchId: recordIn };
}
