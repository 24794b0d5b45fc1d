/**
 * Reverting a change batch as a whole: every listing field the batch changed goes back to its value
 * from before the batch — locally at once, and on the marketplace through the outbox (the inverse
 * edit is queued like any edit, so it is compared and pushed the same way). A field changed again
 * since the batch is left as it is and reported: reverting must not undo a later edit. One
 * transaction: the whole revert is one new batch, or nothing.
 *
 * An inventory import's batch also holds stock counts, channel rules and customs data
 * (stock-audit.ts, product-customs.ts): those go back through the same writers that set them
 * (setOnHand and setChannelRule queue the quantity pushes), under the same "changed again since"
 * rule, each recorded in the revert batch.
 */
import { qb } from './compiler.js';
import type { Writer } from './connection.js';
import { applyListingEdit, cancelGroupJobs, GROUPS } from './edits.js';
import { InvalidStoreInput, RecordNotFound } from './errors.js';
import { sameValue, snapshotOfRow } from './listing-merge.js';
import { openConflicts, syncStateOf } from './conflicts.js';
import { parseJson } from './values.js';
import { isCustomsField, readCustoms, sameCustoms, setProductCustoms } from './product-customs.js';
import {
  revertRuleEntry,
  revertStockEntry,
  RULE_ENTITY,
  STOCK_ENTITY,
  type StockRevertEntry,
} from './stock-audit.js';

export interface RevertResult {
  /** The batch recording the revert; null when nothing could be reverted. */
  batchId: number | null;
  reverted: number;
  /**
   * `listingId` is the audit row's entity id: a listing's, or for `entity` 'stock' and 'product' a
   * product's, for 'stock_rule' a channel rule's.
   */
  skipped: { listingId: number; field: string; reason: string; entity?: string }[];
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
  const now = w.now();
  const recordIn = () =>
    (result.batchId ??= w.first(
      qb
        .insertInto('change_batches')
        .values({ label: `Revert: ${batch.label}`, source: 'revert', created_at: now })
        .returning('id'),
    )!.id);
  const stockEntries: StockRevertEntry[] = [];
  const byProduct = new Map<number, StockRevertEntry[]>();
  const byListing = new Map<
    number,
    { field: RevertibleField; before: unknown; after: unknown }[]
  >();
  for (const entry of entries) {
    if (entry.entity === STOCK_ENTITY || entry.entity === RULE_ENTITY) {
      stockEntries.push(entry);
      continue;
    }
    if (entry.entity === 'product' && isCustomsField(entry.field)) {
      byProduct.set(entry.entity_id, [...(byProduct.get(entry.entity_id) ?? []), entry]);
      continue;
    }
    if (entry.entity !== 'listing' || !isRevertible(entry.field)) {
      result.skipped.push({
        listingId: entry.entity_id,
        field: entry.field,
        reason: 'not revertible',
        ...(entry.entity === 'listing' ? {} : { entity: entry.entity }),
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
  for (const entry of stockEntries) {
    const outcome =
      entry.entity === STOCK_ENTITY
        ? revertStockEntry(w, entry, recordIn, newKey)
        : revertRuleEntry(w, entry, recordIn, newKey);
    if (outcome === 'reverted') result.reverted++;
    else
      result.skipped.push({
        listingId: entry.entity_id,
        field: entry.field,
        reason: outcome.reason,
        entity: entry.entity,
      });
  }
  revertCustoms(w, byProduct, result, recordIn);
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
    const edit = applyListingEdit(
      w,
      {
        id: listingId,
        baseVersion: row.local_version,
        changes: revert,
        batchId: recordIn(),
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

/** Customs fields back to their value before the batch, where nothing changed them since. */
function revertCustoms(
  w: Writer,
  byProduct: Map<number, StockRevertEntry[]>,
  result: RevertResult,
  recordIn: () => number,
): void {
  const current = readCustoms(w, [...byProduct.keys()]);
  for (const [productId, entries] of byProduct) {
    const now = current.get(productId);
    const restore: Record<string, unknown> = {};
    for (const entry of entries) {
      const after = parseJson<unknown>(entry.after, null);
      const reason = !now
        ? 'the product no longer exists'
        : !sameCustoms(now[entry.field as keyof typeof now], after)
          ? 'changed again since'
          : null;
      if (reason === null) restore[entry.field] = parseJson<unknown>(entry.before, null);
      else
        result.skipped.push({
          listingId: productId,
          field: entry.field,
          reason,
          entity: 'product',
        });
    }
    if (Object.keys(restore).length === 0) continue;
    result.reverted += setProductCustoms(w, productId, restore, recordIn()).length;
  }
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
