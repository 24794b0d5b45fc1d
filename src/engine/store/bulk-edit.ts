/**
 * listings.bulkEdit and listings.bulkPreview: one operation over a selection, computed in the
 * engine. The selection is explicit ids or the grid's filter ("all N matching", minus the rows
 * the seller unticked), resolved in the same transaction as the write (bulk-targets.ts).
 *
 * Apply is all or nothing: every selected listing is planned first (bulk-operations.ts); if any
 * refuses the result, nothing is written and the refusals are returned. Otherwise one change
 * batch is opened and each changed listing goes through applyListingEdit with `hold: true`, so
 * the batch's outbox jobs wait for the seller's push (pending.ts). The caller's `store.write`
 * is the one transaction. A large batch leaves its listing rows for right after
 * (deferred-rows.ts) and writes its one-field edits in a few statements (bulk-jobs.ts).
 */
import type { z } from 'zod';
import type { BulkEditInput, BulkPreviewInput } from '../../shared/api/contract-workbench.js';
import type { DataEntity } from '../../shared/api/index.js';
import type {
  BulkEditOutcome,
  BulkPreview,
  BulkRefusal,
  BulkSample,
} from '../../shared/api/types-workbench.js';
import type { ChangeBatchId, ListingId } from '../../shared/ids.js';
import { applyBuffer, planBuffer } from './bulk-buffer.js';
import {
  compileOperation,
  type ListingOperation,
  type ParsedOperation,
  type RowPlan,
  type TargetRow,
} from './bulk-operations.js';
import { qb } from './compiler.js';
import type { Reader, Store, Writer } from './connection.js';
import { singleFieldEdit, writeSingleFieldJobs, type SingleFieldEdit } from './bulk-jobs.js';
import { listingsWithOpenJobs, readTargets, resolveSelection } from './bulk-targets.js';
import { batchRowsWrite, markRowsDue } from './deferred-rows.js';
import { applyListingEdit, type ListingChangeSet } from './edits.js';
import { RecordNotFound, VersionConflict } from './errors.js';

export type BulkEditRequest = z.output<typeof BulkEditInput>;
export type BulkPreviewRequest = z.output<typeof BulkPreviewInput>;

/** Refusals returned in full; the count covers the rest. */
const REFUSALS_SHOWN = 100;

function fillSource(r: Reader, operation: ParsedOperation): TargetRow | undefined {
  if (operation.kind !== 'fillDown') return undefined;
  const [source] = readTargets(r, [operation.fromId]);
  if (!source) throw new RecordNotFound(`Listing ${operation.fromId} does not exist`);
  return source;
}

interface Planned {
  rows: TargetRow[];
  plans: RowPlan[];
}

function planListings(r: Reader, ids: number[], operation: ListingOperation): Planned {
  const source = fillSource(r, operation);
  const targets = source ? ids.filter((id) => id !== source.id) : ids;
  const rows = readTargets(r, targets);
  const plan = compileOperation(operation, source);
  return { rows, plans: rows.map(plan) };
}

function refusalOf(row: TargetRow, plan: Extract<RowPlan, { kind: 'refuse' }>): BulkRefusal {
  return {
    listingId: row.id as ListingId,
    sku: row.sku,
    marketplace: row.marketplace,
    code: plan.code,
    params: plan.params,
    message: plan.message,
  };
}

function sampleOf(row: TargetRow, plan: Extract<RowPlan, { kind: 'change' }>): BulkSample {
  return {
    listingId: row.id as ListingId,
    sku: row.sku,
    marketplace: row.marketplace,
    title: row.title,
    currency: row.currency,
    changes: plan.fields,
  };
}

interface Tally {
  changed: number;
  unchanged: number;
  skipped: number;
  refusals: BulkRefusal[];
  refusalCount: number;
}

function tally(planned: Planned): Tally {
  const result: Tally = { changed: 0, unchanged: 0, skipped: 0, refusals: [], refusalCount: 0 };
  planned.plans.forEach((plan, index) => {
    if (plan.kind === 'change') result.changed++;
    else if (plan.kind === 'same') result.unchanged++;
    else if (plan.kind === 'skip') result.skipped++;
    else {
      result.refusalCount++;
      if (result.refusals.length < REFUSALS_SHOWN) {
        result.refusals.push(refusalOf(planned.rows[index]!, plan));
      }
    }
  });
  return result;
}

export function previewBulkEdit(r: Reader, input: BulkPreviewRequest): BulkPreview {
  const ids = resolveSelection(r, input.selection);
  const { operation } = input;
  if (operation.kind === 'setBuffer') {
    const plan = planBuffer(r, readTargets(r, ids), operation.buffer);
    const changed = plan.groups.reduce((sum, group) => sum + group.listingIds.length, 0);
    return {
      selected: ids.length,
      changed,
      unchanged: plan.unchanged,
      skipped: 0,
      refusalCount: plan.refusals.length,
      refusals: plan.refusals.slice(0, REFUSALS_SHOWN),
      samples: plan.groups.slice(0, input.samples).map((group) => ({
        listingId: group.first.id as ListingId,
        sku: group.first.sku,
        marketplace: group.first.marketplace,
        title: group.first.title,
        currency: group.first.currency,
        changes: [{ field: 'buffer', before: group.before.buffer, after: operation.buffer }],
      })),
    };
  }
  const planned = planListings(r, ids, operation);
  const counts = tally(planned);
  const samples: BulkSample[] = [];
  planned.plans.forEach((plan, index) => {
    if (plan.kind === 'change' && samples.length < input.samples) {
      samples.push(sampleOf(planned.rows[index]!, plan));
    }
  });
  return {
    selected: ids.length,
    changed: counts.changed,
    unchanged: counts.unchanged,
    skipped: counts.skipped,
    refusalCount: counts.refusalCount,
    refusals: counts.refusals,
    samples,
  };
}

/** The label a batch gets when the seller gave none. */
export function defaultLabel(operation: ParsedOperation, count: number): string {
  const what = {
    setPrice: 'Set price',
    adjustPrice: 'Adjust price',
    roundPrice: 'Round price',
    setQuantity: 'Set quantity',
    setBuffer: 'Set buffer',
    replaceTitle: 'Replace in titles',
    setTitle: 'Edit title',
    setStatus: 'Set status',
    fillDown: 'Fill down',
  }[operation.kind];
  return `${what} on ${count} listing${count === 1 ? '' : 's'}`;
}

function openBatch(w: Writer, label: string): number {
  return w.first(
    qb
      .insertInto('change_batches')
      .values({ label, source: 'bulk', created_at: w.now() })
      .returning('id'),
  )!.id;
}

function checkCount(expected: number | undefined, actual: number): void {
  if (expected === undefined || expected === actual) return;
  throw new VersionConflict(
    `The selection now holds ${actual} listings, not the ${expected} you saw (a sync may have ` +
      'changed them); review the selection and apply again',
    actual,
  );
}

export interface BulkEditOptions {
  /**
   * From how many changed listings the rows are left for after the batch. `applyBulkEdit` alone
   * never leaves them (its caller would have to write them); `bulkEditListings` does from 200.
   */
  deferRowsFrom?: number;
  /** How long after the answer the rows start to be written (default 300 ms). */
  rowsAfterMs?: number;
}

const ROWS_AFTER_MS = 300;

/**
 * Below this many changed listings the rows are written with the batch: a small edit gains
 * nothing from the split, and the grid shows it in the same answer.
 */
const DEFER_ROWS_FROM = 200;

export function applyBulkEdit(
  w: Writer,
  input: BulkEditRequest,
  newKey: () => string,
  options: BulkEditOptions = {},
): BulkEditOutcome & { rowsDue?: true } {
  const ids = resolveSelection(w, input.selection);
  checkCount(input.expectedCount, ids.length);
  const { operation } = input;
  if (operation.kind === 'setBuffer') {
    const plan = planBuffer(w, readTargets(w, ids), operation.buffer);
    if (plan.refusals.length > 0) {
      return {
        applied: false,
        selected: ids.length,
        refusalCount: plan.refusals.length,
        refusals: plan.refusals.slice(0, REFUSALS_SHOWN),
      };
    }
    const changed = plan.groups.reduce((sum, group) => sum + group.listingIds.length, 0);
    if (plan.groups.length === 0) return appliedNothing(ids.length, plan.unchanged, 0);
    const batchId = openBatch(w, input.label ?? defaultLabel(operation, changed));
    const jobs = applyBuffer(w, plan, operation.buffer, batchId, newKey);
    return {
      applied: true,
      batchId: batchId as ChangeBatchId,
      selected: ids.length,
      changed,
      unchanged: plan.unchanged,
      skipped: 0,
      jobs,
    };
  }
  const planned = planListings(w, ids, operation);
  const counts = tally(planned);
  if (counts.refusalCount > 0) {
    return {
      applied: false,
      selected: ids.length,
      refusalCount: counts.refusalCount,
      refusals: counts.refusals,
    };
  }
  if (counts.changed === 0) return appliedNothing(ids.length, counts.unchanged, counts.skipped);
  const batchId = openBatch(w, input.label ?? defaultLabel(operation, counts.changed));
  const deferRow = counts.changed >= (options.deferRowsFrom ?? Number.POSITIVE_INFINITY);
  if (deferRow) markRowsDue(w, batchId);
  const waiting = listingsWithOpenJobs(w);
  let jobs = 0;
  // With the rows left for later, one-field edits of listings with nothing waiting are written
  // in a few statements for all (bulk-jobs.ts); the others one by one.
  const staged: SingleFieldEdit[] = [];
  planned.plans.forEach((plan, index) => {
    if (plan.kind !== 'change') return;
    const row = planned.rows[index]!;
    const changes: ListingChangeSet = plan.changes;
    const single = deferRow && !waiting.has(row.id) ? singleFieldEdit(row, changes) : null;
    if (single) {
      staged.push(single);
      return;
    }
    const result = applyListingEdit(
      w,
      {
        id: row.id,
        baseVersion: row.local_version,
        changes,
        batchId,
        hold: true,
        deferRow,
        noOpenJobs: !waiting.has(row.id),
      },
      newKey,
    );
    jobs += result.outboxJobIds.length;
  });
  jobs += writeSingleFieldJobs(w, batchId, staged, newKey);
  return {
    applied: true,
    batchId: batchId as ChangeBatchId,
    selected: ids.length,
    changed: counts.changed,
    unchanged: counts.unchanged,
    skipped: counts.skipped,
    jobs,
    ...(deferRow ? { rowsDue: true } : {}),
  };
}

/**
 * `listings.bulkEdit` in the store: the batch now and, for a large one, its listing rows in steps
 * right after (deferred-rows.ts). `changed` is told what changed when it did: the pending changes
 * at once, the listings when their rows are written.
 */
export function bulkEditListings(
  store: Store,
  input: BulkEditRequest,
  newKey: () => string,
  changed: (entities: DataEntity[]) => void,
  options: BulkEditOptions = {},
): BulkEditOutcome {
  const { rowsDue, ...outcome } = store.write((w) =>
    applyBulkEdit(w, input, newKey, {
      ...options,
      deferRowsFrom: options.deferRowsFrom ?? DEFER_ROWS_FROM,
    }),
  );
  if (!outcome.applied || outcome.changed === 0) return outcome;
  if (input.operation.kind === 'setBuffer') {
    changed(['catalog', 'changes']);
  } else if (rowsDue && outcome.batchId !== null) {
    changed(['changes']);
    // The seller's next questions (the notice, the pending diff) are answered before the rows.
    store.defer(
      batchRowsWrite(outcome.batchId, () => changed(['listings'])),
      options.rowsAfterMs ?? ROWS_AFTER_MS,
    );
  } else {
    changed(['listings', 'changes']);
  }
  return outcome;
}

function appliedNothing(selected: number, unchanged: number, skipped: number): BulkEditOutcome {
  return { applied: true, batchId: null, selected, changed: 0, unchanged, skipped, jobs: 0 };
}
