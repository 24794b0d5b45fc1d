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
import { sql, type Selectable, type Updateable } from 'kysely';
import type { ListingStatus, OutboxState, SyncState } from '../../shared/domain.js';
import { defineStatement, qb, type StatementDef } from './compiler.js';
import type { Writer } from './connection.js';
import { RecordNotFound, VersionConflict } from './errors.js';
import { reindexListing } from './fts.js';
import { sameValue } from './listing-merge.js';
import type { ListingsTable, OutboxSource } from './schema.js';
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

// Every statement of an edit is compiled once (a bulk edit of 10,000 listings runs this path
// 10,000 times in one transaction; building and compiling Kysely queries per call was half of it).
type EditedRow = Pick<
  Selectable<ListingsTable>,
  | 'account_id'
  | 'remote_id'
  | 'remote_variant_id'
  | 'sku'
  | 'title'
  | 'description'
  | 'bullet_points'
  | 'keywords'
  | 'price_minor'
  | 'currency'
  | 'quantity'
  | 'status'
  | 'local_version'
>;

const readListing = defineStatement<{ id: number }, EditedRow>((argument) =>
  qb
    .selectFrom('listings')
    .select([
      'account_id',
      'remote_id',
      'remote_variant_id',
      'sku',
      'title',
      'description',
      'bullet_points',
      'keywords',
      'price_minor',
      'currency',
      'quantity',
      'status',
      'local_version',
    ])
    .where('id', '=', argument('id')),
);

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

const OPEN_STATES = ['pending', 'held', 'conflict'] as const;

const readGroupJobs = defineStatement<{ listingId: number; kind: string }, { payload: string }>(
  (argument) =>
    qb
      .selectFrom('outbox')
      .select('payload')
      .where('listing_id', '=', argument('listingId'))
      .where('kind', '=', argument('kind'))
      .where('state', 'in', OPEN_STATES),
);

const insertJob = defineStatement<
  {
    accountId: number;
    listingId: number;
    batchId: number | null;
    kind: string;
    payload: string;
    key: string;
    baseVersion: number;
    source: OutboxSource;
    state: OutboxState;
    now: string;
  },
  { id: number }
>((argument) =>
  qb
    .insertInto('outbox')
    .values({
      account_id: argument('accountId'),
      listing_id: argument('listingId'),
      batch_id: argument('batchId'),
      kind: argument('kind'),
      payload: argument('payload'),
      idempotency_key: argument('key'),
      base_version: argument('baseVersion'),
      source: argument('source'),
      state: argument('state'),
      created_at: argument('now'),
      updated_at: argument('now'),
    })
    .returning('id'),
);

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
  },
): number {
  const now = w.now();
  // The jobs this one replaces may carry fields it does not (a description edited, then the
  // title): they go out with it, as the group's current values, or they would never be pushed.
  const replaced = w.rows(readGroupJobs, { listingId: job.listing.id, kind: job.kind });
  const carried = new Set(
    replaced.flatMap((row) => {
      const fields = parseJson<{ changed?: unknown } | null>(row.payload, null)?.changed;
      return Array.isArray(fields) ? fields.filter((field) => typeof field === 'string') : [];
    }),
  );
  cancelGroupJobs(w, job.listing.id, job.kind, 'superseded by a newer edit');
  const fields = GROUPS[job.kind] ?? [];
  const changed = fields.filter((field) => job.changed.includes(field) || carried.has(field));
  const values = Object.fromEntries(fields.map((field) => [field, job.values[field]]));
  const payload = {
    listingId: job.listing.id,
    remoteId: job.listing.remoteId,
    remoteVariantId: job.listing.remoteVariantId,
    values: job.kind === 'listing.price' ? { ...values, currency: job.listing.currency } : values,
    changed,
  };
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
const cancelJobs = defineStatement<{
  listingId: number;
  kind: string;
  reason: string;
  now: string;
}>((argument) =>
  qb
    .updateTable('outbox')
    .set({ state: 'cancelled', updated_at: argument('now'), last_error: argument('reason') })
    .where('listing_id', '=', argument('listingId'))
    .where('kind', '=', argument('kind'))
    .where('state', 'in', OPEN_STATES),
);

export function cancelGroupJobs(w: Writer, listingId: number, kind: string, reason: string): void {
  w.exec(cancelJobs, { listingId, kind, reason, now: w.now() });
}

/** The listing columns an edit can change, by the field that changes them. */
const COLUMN_OF = {
  title: 'title',
  description: 'description',
  bulletPoints: 'bullet_points',
  keywords: 'keywords',
  priceMinor: 'price_minor',
  quantity: 'quantity',
  status: 'status',
} as const satisfies Record<Field, keyof ListingsTable>;
type EditColumn = (typeof COLUMN_OF)[Field];
type UpdateArgs = { id: number; baseVersion: number; now: string } & Partial<
  Record<EditColumn, string | number>
>;

/** One compiled update per set of changed columns (a handful in practice). */
const updateStatements = new Map<string, StatementDef<UpdateArgs, unknown>>();

function updateListing(columns: readonly EditColumn[]): StatementDef<UpdateArgs, unknown> {
  const key = columns.join(',');
  let statement = updateStatements.get(key);
  if (!statement) {
    statement = defineStatement<UpdateArgs>((argument) =>
      qb
        .updateTable('listings')
        .set((eb) => ({
          ...(Object.fromEntries(
            columns.map((column) => [column, argument(column)]),
          ) as Updateable<ListingsTable>),
          local_version: eb('local_version', '+', 1),
          dirty: 1,
          sync_state: sql<SyncState>`CASE WHEN sync_state IN ('conflict', 'drift') THEN sync_state ELSE 'pending' END`,
          updated_at: argument('now'),
        }))
        .where('id', '=', argument('id'))
        .where('local_version', '=', argument('baseVersion')),
    );
    updateStatements.set(key, statement);
  }
  return statement;
}

const insertBatch = defineStatement<
  { label: string; source: OutboxSource; now: string },
  { id: number }
>((argument) =>
  qb
    .insertInto('change_batches')
    .values({ label: argument('label'), source: argument('source'), created_at: argument('now') })
    .returning('id'),
);

const insertAudit = defineStatement<{
  batchId: number;
  listingId: number;
  field: string;
  before: string;
  after: string;
  now: string;
}>((argument) =>
  qb.insertInto('audit_log').values({
    batch_id: argument('batchId'),
    entity: 'listing',
    entity_id: argument('listingId'),
    field: argument('field'),
    before: argument('before'),
    after: argument('after'),
    at: argument('now'),
  }),
);

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
  w.expectOne(
    w.exec(updateListing(columns), args),
    `listing ${edit.id} at version ${edit.baseVersion}`,
  );
  if (has('title') || has('keywords')) reindexListing(w, edit.id);

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
      }),
    );
  }
  return { changed: true, batchId: batch.id, outboxJobIds };
}
