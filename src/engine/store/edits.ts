/**
 * A seller's edit of a listing, in one transaction (the caller's `store.write`): the listing row,
 * the change batch with one audit row per changed field (before/after), and one outbox job per
 * changed field group, carrying an idempotency key and the version the edit was made from. If any
 * step fails, nothing of it is kept.
 *
 * Field groups are what a marketplace updates together (content, price, quantity, status); a job
 * carries the whole group's new values, so a newer job for the same group replaces a pending
 * older one, which is cancelled rather than pushed twice. A listing in conflict or drift stays so
 * after a new edit: the seller has still to settle it, and hiding it would lose the remote side.
 */
import type { ListingStatus } from '../../shared/domain.js';
import {
  cancelJobs,
  COLUMN_OF,
  insertAudit,
  insertBatch,
  insertJob,
  readGroupJobs,
  readListing,
  updateListing,
  type EditColumn,
  type UpdateArgs,
} from './edit-statements.js';
import type { Writer } from './connection.js';
import { RecordNotFound, VersionConflict } from './errors.js';
import { reindexListing } from './fts.js';
import { sameValue } from './listing-merge.js';
import type { OutboxSource } from './schema.js';
import { parseJson } from './values.js';

export interface ListingChangeSet {
  title?: string;
  description?: string;
  bulletPoints?: string[];
  keywords?: string[];
  priceMinor?: number;
  quantity?: number;
  status?: 'active' | 'inactive';
}

export interface ListingEdit {
  id: number;
  baseVersion: number;
  changes: ListingChangeSet;
  label?: string | undefined;
  /** Add to this change batch instead of opening one (a revert groups many listings). */
  batchId?: number | undefined;
  /** Where the edit comes from (default: the seller's edit). */
  source?: OutboxSource | undefined;
  /**
   * Queue the jobs as held: nothing leaves the machine until the seller pushes them (the
   * workbench's pending changes). Without it the next sync run pushes them.
   */
  hold?: boolean | undefined;
  /**
   * Leave the listing row itself for later (deferred-rows.ts): the batch, audit rows and jobs are
   * written now, and the caller marks the batch and has the store write the rows right after.
   */
  deferRow?: boolean | undefined;
  /**
   * The caller has checked that the listing has no job waiting to be sent (a bulk edit asks once
   * for all its listings), so there is nothing to replace and no need to look.
   */
  noOpenJobs?: boolean | undefined;
}

export interface ListingEditResult {
  /** False when every given value equalled the stored one: nothing was written. */
  changed: boolean;
  batchId: number | null;
  outboxJobIds: number[];
}

type Field = keyof ListingChangeSet;

/** What a marketplace updates together; an outbox job's `kind`. */
export const GROUPS: Record<string, readonly Field[]> = {
  'listing.content': ['title', 'description', 'bulletPoints', 'keywords'],
  'listing.price': ['priceMinor'],
  'listing.quantity': ['quantity'],
  'listing.status': ['status'],
};

interface Current {
  values: Required<Omit<ListingChangeSet, 'status'>> & { status: ListingStatus };
  accountId: number;
  remoteId: string;
  remoteVariantId: string;
  currency: string;
  sku: string;
}

function loadCurrent(w: Writer, edit: ListingEdit): Current {
  const row = w.row(readListing, { id: edit.id });
  if (!row) throw new RecordNotFound(`Listing ${edit.id} does not exist`);
  if (row.local_version !== edit.baseVersion) {
    throw new VersionConflict(
      `Listing ${edit.id} changed since the edit was started (it is at version ${row.local_version}, ` +
        `the edit was made from version ${edit.baseVersion}); reload it and edit again`,
      row.local_version,
    );
  }
  return {
    values: {
      title: row.title,
      description: row.description,
      bulletPoints: parseJson<string[]>(row.bullet_points, []),
      keywords: parseJson<string[]>(row.keywords, []),
      priceMinor: row.price_minor,
      quantity: row.quantity,
      status: row.status,
    },
    accountId: row.account_id,
    remoteId: row.remote_id,
    remoteVariantId: row.remote_variant_id,
    currency: row.currency,
    sku: row.sku,
  };
}

export interface JobListing {
  id: number;
  accountId: number;
  remoteId: string;
  remoteVariantId: string;
  currency: string;
}

/** An outbox job's payload: the whole group's values (a price with its currency) and what changed. */
export function jobPayload(
  listing: JobListing,
  kind: string,
  values: Record<string, unknown>,
  changed: readonly string[],
) {
  const fields = GROUPS[kind] ?? [];
  const group = Object.fromEntries(fields.map((field) => [field, values[field]]));
  return {
    listingId: listing.id,
    remoteId: listing.remoteId,
    remoteVariantId: listing.remoteVariantId,
    values: kind === 'listing.price' ? { ...group, currency: listing.currency } : group,
    changed,
  };
}

/**
 * Queues one outbox job carrying the whole group's current values, after cancelling the listing's
 * pending (or held) jobs of the same group: a job always pushes the newest values, never twice.
 */
export function queueGroupJob(
  w: Writer,
  job: {
    listing: JobListing;
    kind: string;
    values: Record<string, unknown>;
    changed: readonly string[];
    batchId: number | null;
    baseVersion: number;
    source: OutboxSource;
    newKey: () => string;
    hold?: boolean | undefined;
    noOpenJobs?: boolean | undefined;
  },
): number {
  const now = w.now();
  // The jobs this one replaces may carry fields it does not (a description edited, then the
  // title): they go out with it, as the group's current values, or they would never be pushed.
  const replaced = job.noOpenJobs
    ? []
    : w.rows(readGroupJobs, { listingId: job.listing.id, kind: job.kind });
  const carried = new Set(
    replaced.flatMap((row) => {
      const fields = parseJson<{ changed?: unknown } | null>(row.payload, null)?.changed;
      return Array.isArray(fields) ? fields.filter((field) => typeof field === 'string') : [];
    }),
  );
  if (replaced.length > 0)
    cancelGroupJobs(w, job.listing.id, job.kind, 'superseded by a newer edit');
  const fields = GROUPS[job.kind] ?? [];
  const changed = fields.filter((field) => job.changed.includes(field) || carried.has(field));
  const payload = jobPayload(job.listing, job.kind, job.values, changed);
  const row = w.row(insertJob, {
    accountId: job.listing.accountId,
    listingId: job.listing.id,
    batchId: job.batchId,
    kind: job.kind,
    payload: JSON.stringify(payload),
    key: job.newKey(),
    baseVersion: job.baseVersion,
    source: job.source,
    state: job.hold ? 'held' : 'pending',
    now,
  })!;
  return row.id;
}

/**
 * Cancels the listing's not-yet-sent jobs of a group: pending, held for the seller's review, or
 * held by a conflict. A job already claimed by a run (in flight) is left to that run, which sends
 * only the newest job of a group (see claimJobs in sync/push.ts).
 */
export function cancelGroupJobs(w: Writer, listingId: number, kind: string, reason: string): void {
  w.exec(cancelJobs, { listingId, kind, reason, now: w.now() });
}

export function applyListingEdit(
  w: Writer,
  edit: ListingEdit,
  newKey: () => string,
): ListingEditResult {
  const current = loadCurrent(w, edit);
  const changed = (Object.keys(edit.changes) as Field[]).filter(
    (field) =>
      edit.changes[field] !== undefined && !sameValue(edit.changes[field], current.values[field]),
  );
  if (changed.length === 0) return { changed: false, batchId: null, outboxJobIds: [] };
  const now = w.now();
  const after = { ...current.values, ...edit.changes };

  const has = (field: Field) => changed.includes(field);
  const args: UpdateArgs = { id: edit.id, baseVersion: edit.baseVersion, now };
  const columns: EditColumn[] = [];
  for (const field of changed) {
    const column = COLUMN_OF[field];
    const value = after[field];
    columns.push(column);
    args[column] = Array.isArray(value) ? JSON.stringify(value) : value;
  }
  columns.sort();
  if (!edit.deferRow) {
    w.expectOne(
      w.exec(updateListing(columns), args),
      `listing ${edit.id} at version ${edit.baseVersion}`,
    );
    if (has('title') || has('keywords')) reindexListing(w, edit.id);
  }

  const batch =
    edit.batchId !== undefined
      ? { id: edit.batchId }
      : w.row(insertBatch, {
          label: edit.label ?? `Edit ${current.sku}: ${changed.join(', ')}`,
          source: edit.source ?? 'edit',
          now,
        })!;
  for (const field of changed)
    w.exec(insertAudit, {
      batchId: batch.id,
      listingId: edit.id,
      field,
      before: JSON.stringify(current.values[field]),
      after: JSON.stringify(after[field]),
      now,
    });

  const outboxJobIds: number[] = [];
  for (const [kind, fields] of Object.entries(GROUPS)) {
    if (!fields.some(has)) continue;
    outboxJobIds.push(
      queueGroupJob(w, {
        listing: { id: edit.id, ...current },
        kind,
        values: after,
        changed: fields.filter(has),
        batchId: batch.id,
        baseVersion: edit.baseVersion,
        source: edit.source ?? 'edit',
        newKey,
        hold: edit.hold,
        noOpenJobs: edit.noOpenJobs,
      }),
    );
  }
  return { changed: true, batchId: batch.id, outboxJobIds };
}
