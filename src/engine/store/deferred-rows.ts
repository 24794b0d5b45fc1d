/**
 * Listing rows written after their change batch.
 *
 * A large bulk edit (bulk-edit.ts) commits its change batch first: the audit rows and the held
 * outbox jobs, which are what the seller reviews, pushes, discards or reverts. The listing rows
 * themselves are written right after, a few hundred per transaction, by `store.defer`: writing a
 * new price into a listing row updates every covering index of the grid, and for 10,000 rows that
 * costs more than everything else the edit does. The seller sees the pending diff at once and the
 * grid's rows follow within a second.
 *
 * Nothing can observe a half-written batch in a way that matters: the store finishes deferred
 * writes before any other write transaction starts, so every edit, pull, push, discard or revert
 * runs on fully written rows; reads in between see each listing either before or after its edit,
 * never a mix within one row. A batch is marked `rows_due` in the transaction that creates it and
 * unmarked in the one that writes its last row, so a store opened after a crash finishes it first.
 *
 * Each job carries the whole field group's new values and the listing version it was made from; a
 * row is written when the listing is still at that version (or one above it, when another group
 * of the same edit was written first), so writing a job twice writes the same values once more and
 * never overwrites a later edit.
 */
import { createLogger } from '../../shared/log.js';
import { defineStatement, qb } from './compiler.js';
import type { DeferredWrite, Reader, Store, Writer } from './connection.js';
import { COLUMN_OF, updateListing, type EditColumn, type UpdateArgs } from './edit-statements.js';
import { GROUPS } from './edits.js';
import { reindexListing } from './fts.js';

const log = createLogger('store.deferred-rows');

/**
 * Jobs written per transaction. Each commit writes every index page its rows touched to the WAL,
 * and the next step touches many of the same pages again: 400 per step took 2.1 s for 10,000 rows
 * here, 1,500 per step 0.8 s in steps of about 0.1 s (a read waits at most one step).
 */
export const ROWS_PER_STEP = 1500;

interface DueJob {
  id: number;
  listing_id: number;
  kind: string;
  payload: string;
  base_version: number;
  created_at: string;
}

const batchJobs = defineStatement<{ batchId: number; afterId: number; limit: number }, DueJob>(
  (argument) =>
    qb
      .selectFrom('outbox')
      .select(['id', 'listing_id', 'kind', 'payload', 'base_version', 'created_at'])
      .where('batch_id', '=', argument('batchId'))
      .where('id', '>', argument('afterId'))
      .where('listing_id', 'is not', null)
      .where('kind', 'like', 'listing.%')
      .orderBy('id')
      .limit(argument('limit')),
);

const setRowsDue = defineStatement<{ batchId: number; due: 0 | 1 }>((argument) =>
  qb
    .updateTable('change_batches')
    .set({ rows_due: argument('due') })
    .where('id', '=', argument('batchId')),
);

/** Marks a batch whose listing rows are left for `deferBatchRows` (same transaction as the batch). */
export function markRowsDue(w: Writer, batchId: number): void {
  w.exec(setRowsDue, { batchId, due: 1 });
}

/** Batches with listing rows still to write, oldest first. */
export function batchesWithRowsDue(r: Reader): number[] {
  return r
    .all(qb.selectFrom('change_batches').select('id').where('rows_due', '=', 1).orderBy('id'))
    .map((row) => row.id);
}

/** One job's listing columns from its payload's values; null when the payload is not ours. */
function rowValues(job: DueJob): { columns: EditColumn[]; args: UpdateArgs } | null {
  const fields = GROUPS[job.kind];
  if (!fields) return null;
  let values: unknown;
  try {
    values = (JSON.parse(job.payload) as { values?: unknown }).values;
  } catch {
    return null;
  }
  if (typeof values !== 'object' || values === null) return null;
  const args: UpdateArgs = {
    id: job.listing_id,
    baseVersion: job.base_version,
    now: job.created_at,
  };
  const columns: EditColumn[] = [];
  for (const field of fields) {
    const value = (values as Record<string, unknown>)[field];
    const column = COLUMN_OF[field];
    if (Array.isArray(value)) args[column] = JSON.stringify(value);
    else if (typeof value === 'string' || typeof value === 'number') args[column] = value;
    else return null;
    columns.push(column);
  }
  return { columns, args };
}

/**
 * Writes the listing rows of the batch's next `limit` jobs after `afterId`. Returns the last job
 * id handled, or null when the batch has no job left (its mark is then cleared).
 */
export function writeBatchRows(
  w: Writer,
  batchId: number,
  afterId: number,
  limit = ROWS_PER_STEP,
): number | null {
  const jobs = w.rows(batchJobs, { batchId, afterId, limit });
  for (const job of jobs) {
    const row = rowValues(job);
    if (!row) {
      log.warn('a deferred listing write could not be read; the listing keeps its row', {
        batchId,
        jobId: job.id,
      });
      continue;
    }
    const result = w.exec(updateListing(row.columns, 'orNext'), row.args);
    if (result.changes === 0) {
      // Only a later edit moves a listing past its version + 1, and every write finishes deferred
      // rows first: this is a listing removed since (its job is cancelled when it is sent).
      continue;
    }
    if (row.columns.includes('title') || row.columns.includes('keywords'))
      reindexListing(w, job.listing_id);
  }
  if (jobs.length < limit) {
    w.exec(setRowsDue, { batchId, due: 0 });
    return null;
  }
  return jobs.at(-1)!.id;
}

/** The store's deferred write for one batch: `writeBatchRows` in steps until none is left. */
export function batchRowsWrite(batchId: number, onWritten?: () => void): DeferredWrite {
  let afterId = 0;
  return {
    name: `listing rows of change batch ${batchId}`,
    step(w) {
      const last = writeBatchRows(w, batchId, afterId);
      if (last === null) return true;
      afterId = last;
      return false;
    },
    done: onWritten,
  };
}

/** At open: queues the batches a crash left with rows to write (finished before any write). */
export function resumeBatchRows(store: Store): void {
  for (const batchId of store.read(batchesWithRowsDue)) {
    log.info('finishing the listing rows of a change batch left by the last session', { batchId });
    store.defer(batchRowsWrite(batchId));
  }
}
