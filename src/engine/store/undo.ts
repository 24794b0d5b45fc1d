/**
 * Undoing a change batch: a new held edit back to the batch's before values, for every field that
 * still shows the batch's after value (others are reported as changed again since). When that
 * leaves a field group equal to the marketplace, the group's jobs are cancelled — undoing a batch
 * that was never pushed comes down to a discard — while the undo of a pushed batch waits to be
 * pushed like any edit. Undoing the undo batch redoes. A buffer change has its rule put back
 * (bulk-buffer.ts). One transaction: the caller's `store.write`.
 */
import type { ListingId } from '../../shared/ids.js';
import { restoreBuffer, type BufferState } from './bulk-buffer.js';
import { qb } from './compiler.js';
import { openConflicts, syncStateOf } from './conflicts.js';
import type { Writer } from './connection.js';
import { applyListingEdit, cancelGroupJobs, GROUPS } from './edits.js';
import { InvalidStoreInput, RecordNotFound } from './errors.js';
import { sameValue, snapshotOfRow } from './listing-merge.js';
import { EDITABLE, openBatch, readListing, type EditableField } from './pending.js';
import { parseJson } from './values.js';

export interface UndoResult {
  batchId: number | null;
  restored: number;
  skipped: { listingId: ListingId | null; field: string; reason: string }[];
}

/** "Undo: X" for a batch X, and back to "X"'s redo wording for an undo batch. */
export function undoLabel(label: string): string {
  if (label.startsWith('Undo: ')) return `Redo: ${label.slice(6)}`;
  if (label.startsWith('Redo: ')) return `Undo: ${label.slice(6)}`;
  return `Undo: ${label}`;
}

/**
 * Cancels a listing's jobs of every group that now equals the marketplace, and marks the listing
 * clean when nothing differs any more (an undone, never-pushed change leaves nothing to push).
 */
function settleAgainstBase(w: Writer, listingId: number): void {
  const row = readListing(w, listingId);
  const base = parseJson<Record<string, unknown> | null>(row?.base ?? null, null);
  if (!row || !base) return;
  const local: Record<string, unknown> = { ...snapshotOfRow(row) };
  const differs = (field: string) => !sameValue(local[field], base[field]);
  for (const [kind, fields] of Object.entries(GROUPS)) {
    if (!fields.some(differs)) cancelGroupJobs(w, listingId, kind, 'undone: nothing left to push');
  }
  if (EDITABLE.some(differs)) return;
  w.run(
    qb
      .updateTable('listings')
      .set({
        dirty: 0,
        sync_state: syncStateOf(openConflicts(w, listingId), false, row.sync_state),
      })
      .where('id', '=', listingId),
  );
}

export function undoBatch(w: Writer, batchId: number, newKey: () => string): UndoResult {
  const batch = w.first(
    qb
      .selectFrom('change_batches')
      .select(['id', 'label', 'reverted_at'])
      .where('id', '=', batchId),
  );
  if (!batch) throw new RecordNotFound(`Change batch ${batchId} does not exist`);
  if (batch.reverted_at !== null) {
    throw new InvalidStoreInput(
      `Change batch ${batchId} was already undone at ${batch.reverted_at}`,
    );
  }
  const entries = w.all(
    qb
      .selectFrom('audit_log')
      .select(['entity', 'entity_id', 'field', 'before', 'after'])
      .where('batch_id', '=', batchId)
      .orderBy('id'),
  );
  const result: UndoResult = { batchId: null, restored: 0, skipped: [] };
  const recordIn = () => (result.batchId ??= openBatch(w, undoLabel(batch.label), 'undo'));
  const byListing = new Map<number, { field: EditableField; before: unknown; after: unknown }[]>();
  for (const entry of entries) {
    if (entry.entity === 'channel_rule') {
      const before = parseJson<BufferState | null>(entry.before, null);
      const after = parseJson<BufferState | null>(entry.after, null);
      if (before && after && restoreBuffer(w, before, after, batchId, newKey, recordIn())) {
        result.restored++;
      } else {
        result.skipped.push({ listingId: null, field: 'buffer', reason: 'changed again since' });
      }
      continue;
    }
    if (entry.entity !== 'listing' || !(EDITABLE as readonly string[]).includes(entry.field))
      continue;
    const list = byListing.get(entry.entity_id) ?? [];
    list.push({
      field: entry.field as EditableField,
      before: parseJson<unknown>(entry.before, null),
      after: parseJson<unknown>(entry.after, null),
    });
    byListing.set(entry.entity_id, list);
  }
  for (const [listingId, changes] of byListing) {
    const row = readListing(w, listingId);
    const skip = (field: string, reason: string) =>
      result.skipped.push({ listingId: listingId as ListingId, field, reason });
    if (!row) {
      for (const change of changes) skip(change.field, 'the listing no longer exists');
      continue;
    }
    const current: Record<string, unknown> = { ...snapshotOfRow(row) };
    const revert: Record<string, unknown> = {};
    for (const change of changes) {
      if (!sameValue(current[change.field], change.after))
        skip(change.field, 'changed again since');
      else if (
        change.field === 'status' &&
        change.before !== 'active' &&
        change.before !== 'inactive'
      )
        skip(change.field, `status ${String(change.before)} cannot be set`);
      else revert[change.field] = change.before;
    }
    if (Object.keys(revert).length === 0) continue;
    applyListingEdit(
      w,
      {
        id: listingId,
        baseVersion: row.local_version,
        changes: revert,
        batchId: recordIn(),
        hold: true,
      },
      newKey,
    );
    result.restored += Object.keys(revert).length;
    settleAgainstBase(w, listingId);
  }
  if (result.batchId !== null) {
    w.run(qb.updateTable('change_batches').set({ reverted_at: w.now() }).where('id', '=', batchId));
  }
  return result;
}
