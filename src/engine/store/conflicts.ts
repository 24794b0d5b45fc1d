/**
 * What the conflict policy (listing-merge.ts) found and could not settle alone, kept per listing
 * and field in `listing_conflicts`, and how the seller settles it.
 *
 * - A conflict (both sides changed a field differently) keeps mine in the listing row and base,
 *   mine and theirs in its conflict row; the field's outbox jobs are held (state 'conflict') until
 *   the seller chooses: keep mine (the base moves to theirs, and mine is pushed), take theirs (the
 *   row takes theirs; nothing is pushed) or edit (a third value is pushed).
 * - A drift (the marketplace changed a field the seller had not touched) is already adopted; the
 *   seller acknowledges it (take theirs) or restores the value from before it (keep mine, pushed).
 * - A later pull that shows the remote agreeing with mine closes a conflict as 'superseded'.
 * Each settlement is one transaction: the row, the base, the conflict, an audit entry and the
 * outbox jobs the choice needs.
 */
import type { SyncState } from '../../shared/domain.js';
import { qb } from './compiler.js';
import type { Writer, Reader } from './connection.js';
import { cancelGroupJobs, GROUPS, queueGroupJob } from './edits.js';
import { InvalidStoreInput, RecordNotFound } from './errors.js';
import { reindexListing } from './fts.js';
import {
  sameValue,
  snapshotOfRow,
  SNAPSHOT_FIELDS,
  type FieldValue,
  type ListingSnapshot,
  type MergeOutcome,
  type SnapshotField,
} from './listing-merge.js';
import type { ConflictKind, ConflictResolution } from './schema.js';
import { parseJson } from './values.js';

interface OpenRow {
  id: number;
  field: string;
  kind: ConflictKind;
}

/** The listing's open conflicts and drifts. */
export function openConflicts(w: Reader, listingId: number): OpenRow[] {
  return w.all(
    qb
      .selectFrom('listing_conflicts')
      .select(['id', 'field', 'kind'])
      .where('listing_id', '=', listingId)
      .where('resolved_at', 'is', null),
  );
}

/** The listing's sync state from its open conflicts, its dirtiness and its previous state. */
export function syncStateOf(
  open: readonly { kind: ConflictKind }[],
  dirty: boolean,
  previous: SyncState,
): SyncState {
  if (open.some((row) => row.kind === 'conflict')) return 'conflict';
  if (open.some((row) => row.kind === 'drift')) return 'drift';
  if (!dirty) return 'synced';
  return previous === 'rejected' ? 'rejected' : 'pending';
}

/**
 * Writes what a merge found (open or update conflict/drift rows, close settled ones) and returns the
 * listing's resulting sync state. Called by listing ingest in the page's transaction.
 */
export function recordMerge(
  w: Writer,
  listingId: number,
  outcome: MergeOutcome,
  previous: SyncState,
  runId: number | null,
): SyncState {
  const now = w.now();
  const open = new Map(openConflicts(w, listingId).map((row) => [row.field, row]));
  const upsert = (
    kind: ConflictKind,
    field: SnapshotField,
    values: { base: FieldValue | null; mine: FieldValue | null; theirs: FieldValue },
  ) => {
    const json = {
      base: values.base === null ? null : JSON.stringify(values.base),
      mine: values.mine === null ? null : JSON.stringify(values.mine),
      theirs: JSON.stringify(values.theirs),
    };
    const existing = open.get(field);
    if (existing) {
      // A drift the seller has not seen yet keeps its original "before"; only theirs moves on.
      const keepBase = existing.kind === 'drift' && kind === 'drift';
      w.run(
        qb
          .updateTable('listing_conflicts')
          .set({
            kind,
            theirs: json.theirs,
            mine: json.mine,
            ...(keepBase ? {} : { base: json.base }),
          })
          .where('id', '=', existing.id),
      );
      open.set(field, { ...existing, kind });
      return;
    }
    const row = w.first(
      qb
        .insertInto('listing_conflicts')
        .values({ listing_id: listingId, kind, field, ...json, run_id: runId, detected_at: now })
        .returning('id'),
    )!;
    open.set(field, { id: row.id, field, kind });
  };
  for (const conflict of outcome.conflicts) upsert('conflict', conflict.field, conflict);
  for (const drift of outcome.drifts) {
    upsert('drift', drift.field, { base: drift.before, mine: null, theirs: drift.theirs });
  }
  // A conflict whose field the remote now shows as mine has settled itself.
  for (const field of outcome.landed) {
    const row = open.get(field);
    if (row?.kind !== 'conflict') continue;
    close(w, row.id, 'superseded');
    open.delete(field);
  }
  return syncStateOf([...open.values()], outcome.dirty, previous);
}

function close(w: Writer, id: number, resolution: ConflictResolution): void {
  w.run(
    qb
      .updateTable('listing_conflicts')
      .set({ resolved_at: w.now(), resolution })
      .where('id', '=', id)
      .where('resolved_at', 'is', null),
  );
}

export interface ResolveConflictInput {
  conflictId: number;
  choice: 'mine' | 'theirs' | 'edit';
  /** The value to push, for 'edit' (same type as the field). */
  value?: unknown;
}

const COLUMNS: Record<SnapshotField, string> = {
  title: 'title',
  description: 'description',
  bulletPoints: 'bullet_points',
  keywords: 'keywords',
  priceMinor: 'price_minor',
  currency: 'currency',
  quantity: 'quantity',
  status: 'status',
};

function checkValue(field: SnapshotField, value: unknown): FieldValue {
  const ok =
    field === 'bulletPoints' || field === 'keywords'
      ? Array.isArray(value) && value.every((item) => typeof item === 'string')
      : field === 'priceMinor' || field === 'quantity'
        ? Number.isSafeInteger(value) && (value as number) >= 0
        : field === 'status'
          ? value === 'active' || value === 'inactive'
          : typeof value === 'string';
  if (!ok) throw new InvalidStoreInput(`${JSON.stringify(value)} is not a valid ${field}`);
  return value as FieldValue;
}

/** Settles one open conflict or drift; returns the listing id. See the module comment. */
export function resolveConflict(
  w: Writer,
  input: ResolveConflictInput,
  newKey: () => string,
): { listingId: number; queuedJobs: number } {
  const conflict = w.first(
    qb.selectFrom('listing_conflicts').selectAll().where('id', '=', input.conflictId),
  );
  if (!conflict) throw new RecordNotFound(`Conflict ${input.conflictId} does not exist`);
  if (conflict.resolved_at !== null) {
    throw new InvalidStoreInput(
      `Conflict ${input.conflictId} was already settled (${conflict.resolution ?? 'unknown'})`,
    );
  }
  const field = conflict.field as SnapshotField;
  if (!SNAPSHOT_FIELDS.includes(field)) throw new InvalidStoreInput(`Unknown field ${field}`);
  const listing = w.first(
    qb
      .selectFrom('listings')
      .select([
        'id',
        'account_id',
        'remote_id',
        'remote_variant_id',
        'currency',
        'local_version',
        'title',
        'description',
        'bullet_points',
        'keywords',
        'price_minor',
        'quantity',
        'status',
        'base',
        'sync_state',
      ])
      .where('id', '=', conflict.listing_id),
  );
  if (!listing) throw new RecordNotFound(`Listing ${conflict.listing_id} does not exist`);
  const local = snapshotOfRow(listing);
  const base = parseJson<ListingSnapshot | null>(listing.base, null) ?? { ...local };
  const theirs = JSON.parse(conflict.theirs) as FieldValue;
  const before = conflict.base === null ? null : (JSON.parse(conflict.base) as FieldValue);

  // What the row shows after the choice; the base is always the marketplace's value (theirs).
  let chosen: FieldValue;
  if (input.choice === 'edit') chosen = checkValue(field, input.value);
  else if (input.choice === 'theirs') chosen = theirs;
  else if (conflict.kind === 'conflict') chosen = local[field];
  else if (before === null)
    throw new InvalidStoreInput('This drift has no earlier value to restore');
  else chosen = before;
  const nextLocal = { ...local, [field]: chosen };
  const nextBase = { ...base, [field]: theirs };
  const visible = !sameValue(chosen, local[field]);
  const dirty = SNAPSHOT_FIELDS.some((f) => !sameValue(nextLocal[f], nextBase[f]));

  const now = w.now();
  close(w, conflict.id, input.choice === 'edit' ? 'edited' : input.choice);
  const column = COLUMNS[field];
  const stored = Array.isArray(chosen) ? JSON.stringify(chosen) : chosen;
  w.run(
    qb
      .updateTable('listings')
      .set((eb) => ({
        [column]: stored,
        base: JSON.stringify(nextBase),
        dirty: dirty ? 1 : 0,
        sync_state: syncStateOf(openConflicts(w, listing.id), dirty, listing.sync_state),
        local_version: visible ? eb('local_version', '+', 1) : eb.ref('local_version'),
        updated_at: now,
      }))
      .where('id', '=', listing.id),
  );
  if (visible && (field === 'title' || field === 'keywords')) reindexListing(w, listing.id);

  const batch = w.first(
    qb
      .insertInto('change_batches')
      .values({
        label: `Settle ${conflict.kind} on ${field}: ${input.choice}`,
        source: 'resolve',
        created_at: now,
      })
      .returning('id'),
  )!;
  w.run(
    qb.insertInto('audit_log').values({
      batch_id: batch.id,
      entity: 'listing',
      entity_id: listing.id,
      field,
      before: JSON.stringify(local[field]),
      after: JSON.stringify(chosen),
      at: now,
    }),
  );

  // Every group the field belongs to gets exactly what it now needs: a job with the current values
  // when it still differs from the marketplace, none otherwise.
  let queuedJobs = 0;
  for (const [kind, fields] of Object.entries(GROUPS)) {
    if (!(fields as readonly string[]).includes(field)) continue;
    const changed = fields.filter((f) => !sameValue(nextLocal[f], nextBase[f]));
    if (changed.length === 0) {
      cancelGroupJobs(w, listing.id, kind, `settled: ${input.choice}`);
      continue;
    }
    queueGroupJob(w, {
      listing: {
        id: listing.id,
        accountId: listing.account_id,
        remoteId: listing.remote_id,
        remoteVariantId: listing.remote_variant_id,
        currency: listing.currency,
      },
      kind,
      values: nextLocal,
      changed,
      batchId: batch.id,
      baseVersion: listing.local_version + (visible ? 1 : 0),
      source: 'resolve',
      newKey,
    });
    queuedJobs++;
  }
  return { listingId: listing.id, queuedJobs };
}
