/**
 * Reverting a change batch as a whole: every listing field the batch changed goes back to its value
 * from before the batch — locally at once, and on the marketplace through the outbox (the inverse
 * edit is queued like any edit, so it is compared and pushed the same way). A field changed again
 * since the batch is left as it is and reported: reverting must not undo a later edit. One
 * transaction: the whole revert is one new batch, or nothing.
 */
import { qb } from './compiler.js';
import type { Writer } from './connection.js';
import { applyListingEdit, cancelGroupJobs, GROUPS } from './edits.js';
import { InvalidStoreInput, RecordNotFound } from './errors.js';
import { sameValue, snapshotOfRow } from './listing-merge.js';
import { openConflicts, syncStateOf } from './conflicts.js';
import { parseJson } from './values.js';

export interface RevertResult {
  /** The batch recording the revert; null when nothing could be reverted. */
  batchId: number | null;
  reverted: number;
  skipped: { listingId: number; field: string; reason: string }[];
}

const FIELD_COLUMNS = {
  title: 'title',
  description: 'description',
  bulletPoints: 'bullet_points',
  keywords: 'keywords',
  priceMinor: 'price_minor',
  quantity: 'quantity',
  status: 'status',
} as const;
type RevertibleField = keyof typeof FIELD_COLUMNS;
const isRevertible = (field: string): field is RevertibleField =>
  Object.hasOwn(FIELD_COLUMNS, field);

export function revertBatch(w: Writer, batchId: number, newKey: () => string): RevertResult {
  const batch = w.first(
    qb
      .selectFrom('change_batches')
      .select(['id', 'label', 'reverted_at'])
      .where('id', '=', batchId),
  );
  if (!batch) throw new RecordNotFound(`Change batch ${batchId} does not exist`);
  if (batch.reverted_at !== null) {
    throw new InvalidStoreInput(
      `Change batch ${batchId} was already reverted at ${batch.reverted_at}`,
    );
  }
  const entries = w.all(
    qb
      .selectFrom('audit_log')
      .select(['entity', 'entity_id', 'field', 'before', 'after'])
      .where('batch_id', '=', batchId)
      .orderBy('id'),
  );
  const result: RevertResult = { batchId: null, reverted: 0, skipped: [] };
  const byListing = new Map<
    number,
    { field: RevertibleField; before: unknown; after: unknown }[]
  >();
  for (const entry of entries) {
    if (entry.entity !== 'listing' || !isRevertible(entry.field)) {
      result.skipped.push({
        listingId: entry.entity_id,
        field: entry.field,
        reason: 'not revertible',
      });
      continue;
    }
    const list = byListing.get(entry.entity_id) ?? [];
    list.push({
      field: entry.field,
      before: parseJson<unknown>(entry.before, null),
      after: parseJson<unknown>(entry.after, null),
    });
    byListing.set(entry.entity_id, list);
  }
  const now = w.now();
  for (const [listingId, changes] of byListing) {
    const row = w.first(
      qb
        .selectFrom('listings')
        .select([
          'id',
          'local_version',
          'title',
          'description',
          'bullet_points',
          'keywords',
          'price_minor',
          'currency',
          'quantity',
          'status',
        ])
        .where('id', '=', listingId),
    );
    if (!row) {
      for (const change of changes) {
        result.skipped.push({
          listingId,
          field: change.field,
          reason: 'the listing no longer exists',
        });
      }
      continue;
    }
    const current: Record<RevertibleField, unknown> = snapshotOfRow(row);
    const revert: Record<string, unknown> = {};
    for (const change of changes) {
      if (!sameValue(current[change.field], change.after)) {
        result.skipped.push({ listingId, field: change.field, reason: 'changed again since' });
      } else if (
        change.field === 'status' &&
        change.before !== 'active' &&
        change.before !== 'inactive'
      ) {
        result.skipped.push({
          listingId,
          field: change.field,
          reason: `status ${String(change.before)} cannot be set`,
        });
      } else {
        revert[change.field] = change.before;
      }
    }
    if (Object.keys(revert).length === 0) continue;
    if (result.batchId === null) {
      result.batchId = w.first(
        qb
          .insertInto('change_batches')
          .values({ label: `Revert: ${batch.label}`, source: 'revert', created_at: now })
          .returning('id'),
      )!.id;
    }
    const edit = applyListingEdit(
      w,
      {
        id: listingId,
        baseVersion: row.local_version,
        changes: revert,
        batchId: result.batchId,
        source: 'revert',
      },
      newKey,
    );
    if (edit.changed) result.reverted += Object.keys(revert).length;
    settleIfUnpushed(w, listingId);
  }
  // A batch none of whose changes could be undone stays as it was: nothing was reverted.
  if (result.batchId !== null) {
    w.run(qb.updateTable('change_batches').set({ reverted_at: now }).where('id', '=', batchId));
  }
  return result;
}

/**
 * A batch reverted before it was pushed leaves the listing where the marketplace already is:
 * nothing to push, so its jobs are cancelled and the listing is clean again.
 */
function settleIfUnpushed(w: Writer, listingId: number): void {
  const row = w.first(
    qb
      .selectFrom('listings')
      .select([
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
      ])
      .where('id', '=', listingId),
  );
  const base = parseJson<Record<string, unknown> | null>(row?.base ?? null, null);
  if (!row || !base) return;
  const local: Record<string, unknown> = { ...snapshotOfRow(row) };
  const differs = (field: string) => !sameValue(local[field], base[field]);
  for (const [kind, fields] of Object.entries(GROUPS)) {
    if (!fields.some(differs)) cancelGroupJobs(w, listingId, kind, 'reverted before it was pushed');
  }
  if (Object.keys(local).some(differs)) return;
  const open = openConflicts(w, listingId);
  w.run(
    qb
      .updateTable('listings')
      .set({ dirty: 0, sync_state: syncStateOf(open, false, row.sync_state) })
      .where('id', '=', listingId),
  );
}
