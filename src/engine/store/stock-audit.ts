/**
 * Stock counts and channel rules as change-batch edits: each write goes through the stock engine
 * (setOnHand, setChannelRule: they queue the quantity pushes the change causes) and records one
 * audit row in the caller's batch, so the batch can be reverted as a whole (revert.ts).
 *
 * Audit encoding:
 * - 'stock', entity_id = product id, field `onHand:<warehouse>`, before/after = the count (before
 *   null: the batch created the warehouse row).
 * - 'stock_rule', entity_id = the channel rule's id, field 'rule', before/after = the rule's scope
 *   and numbers (before null: the batch created the rule). Not 'channel_rule': those rows are the
 *   buffer edits of bulk-buffer.ts, which undo.ts and pending.ts read as buffer states.
 *
 * The quantity pushes a write queues carry the batch's id (they stay pending: a stock count is
 * pushed at once, not held), so the pending-changes view lists the batch with its jobs and
 * offers its revert.
 */
import { z } from 'zod';
import {
  queueStockPushesFor,
  setChannelRule,
  setOnHand,
  type ChannelRuleValues,
} from '../stock/index.js';
import { qb } from './compiler.js';
import type { Reader, Writer } from './connection.js';
import { parseJson } from './values.js';

export const STOCK_ENTITY = 'stock';
export const RULE_ENTITY = 'stock_rule';
const ON_HAND_PREFIX = 'onHand:';

export interface RuleState extends ChannelRuleValues {
  accountId: number;
  /** null: the account's default rule. */
  productId: number | null;
}

const RuleStateSchema = z.object({
  accountId: z.number().int(),
  productId: z.number().int().nullable(),
  buffer: z.number().int(),
  maxQuantity: z.number().int().nullable(),
  allocationPercent: z.number().int(),
});

function audit(
  w: Writer,
  batchId: number,
  entity: string,
  entityId: number,
  field: string,
  before: unknown,
  after: unknown,
): void {
  w.run(
    qb.insertInto('audit_log').values({
      batch_id: batchId,
      entity,
      entity_id: entityId,
      field,
      before: JSON.stringify(before),
      after: JSON.stringify(after),
      at: w.now(),
    }),
  );
}

function onHandOf(r: Reader, productId: number, warehouse: string): number | null {
  return (
    r.first(
      qb
        .selectFrom('stock')
        .select('on_hand')
        .where('product_id', '=', productId)
        .where('warehouse', '=', warehouse),
    )?.on_hand ?? null
  );
}

/** Marks the stock pushes just queued for these listings as the batch's. */
function tagJobs(w: Writer, listingIds: readonly number[], batchId: number): void {
  for (let start = 0; start < listingIds.length; start += 500) {
    w.run(
      qb
        .updateTable('outbox')
        .set({ batch_id: batchId })
        .where('listing_id', 'in', listingIds.slice(start, start + 500))
        .where('kind', '=', 'listing.quantity')
        .where('source', '=', 'stock')
        .where('state', '=', 'pending')
        .where('batch_id', 'is', null),
    );
  }
}

/** setOnHand, audited in `batchId`; returns the pushes queued. */
export function setOnHandAudited(
  w: Writer,
  productId: number,
  warehouse: string,
  onHand: number,
  batchId: number,
  newKey: () => string,
): number {
  const before = onHandOf(w, productId, warehouse);
  const result = setOnHand(w, productId, warehouse, onHand, { newKey });
  if (result.changed)
    audit(w, batchId, STOCK_ENTITY, productId, `${ON_HAND_PREFIX}${warehouse}`, before, onHand);
  tagJobs(w, result.listingIds, batchId);
  return result.queued;
}

function ruleOf(r: Reader, accountId: number, productId: number | null) {
  let query = qb
    .selectFrom('channel_rules')
    .select(['id', 'buffer', 'max_quantity', 'allocation_percent'])
    .where('account_id', '=', accountId);
  query =
    productId === null
      ? query.where('product_id', 'is', null)
      : query.where('product_id', '=', productId);
  const row = r.first(query);
  if (!row) return undefined;
  const state: RuleState = {
    accountId,
    productId,
    buffer: row.buffer,
    maxQuantity: row.max_quantity,
    allocationPercent: row.allocation_percent,
  };
  return { id: row.id, state };
}

/** setChannelRule, audited in `batchId`; returns the pushes queued. */
export function setChannelRuleAudited(
  w: Writer,
  rule: RuleState,
  batchId: number,
  newKey: () => string,
): number {
  const before = ruleOf(w, rule.accountId, rule.productId)?.state ?? null;
  const result = setChannelRule(w, rule, { newKey });
  if (result.changed) {
    const after: RuleState = {
      accountId: rule.accountId,
      productId: rule.productId,
      buffer: rule.buffer,
      maxQuantity: rule.maxQuantity,
      allocationPercent: rule.allocationPercent,
    };
    audit(w, batchId, RULE_ENTITY, result.ruleId, 'rule', before, after);
  }
  tagJobs(w, result.listingIds, batchId);
  return result.queued;
}

export interface StockRevertEntry {
  entity: string;
  entity_id: number;
  field: string;
  before: string | null;
  after: string | null;
}

/** What reverting one entry did: 'reverted', or the reason it was skipped. */
export type StockRevertOutcome = 'reverted' | { reason: string };

/**
 * Puts one 'stock' entry back when the count still is the batch's: through setOnHand, or by
 * removing a warehouse row the batch created (while nothing is reserved in it). A null after is a
 * row a revert removed: reverting that revert creates it again.
 */
export function revertStockEntry(
  w: Writer,
  entry: StockRevertEntry,
  recordIn: () => number,
  newKey: () => string,
): StockRevertOutcome {
  if (!entry.field.startsWith(ON_HAND_PREFIX)) return { reason: 'not revertible' };
  const warehouse = entry.field.slice(ON_HAND_PREFIX.length);
  const before = parseJson<number | null>(entry.before, null);
  const after = parseJson<number | null>(entry.after, null);
  const current = w.first(
    qb
      .selectFrom('stock')
      .select(['on_hand', 'reserved'])
      .where('product_id', '=', entry.entity_id)
      .where('warehouse', '=', warehouse),
  );
  if ((current?.on_hand ?? null) !== after) return { reason: 'changed again since' };
  if (before !== null) {
    setOnHandAudited(w, entry.entity_id, warehouse, before, recordIn(), newKey);
    return 'reverted';
  }
  if (!current) return { reason: 'not revertible' };
  if (current.reserved > 0) return { reason: 'orders reserve stock in the warehouse since' };
  w.run(
    qb
      .deleteFrom('stock')
      .where('product_id', '=', entry.entity_id)
      .where('warehouse', '=', warehouse),
  );
  audit(w, recordIn(), STOCK_ENTITY, entry.entity_id, entry.field, after, null);
  tagJobs(w, queueStockPushesFor(w, [entry.entity_id], { newKey }).listingIds, recordIn());
  return 'reverted';
}

/**
 * Puts one 'stock_rule' entry back when the rule still is the batch's: through setChannelRule, or
 * by removing a rule the batch created (then the inherited rule applies again, pushes queued). A
 * null after is a rule a revert removed: reverting that revert sets it again.
 */
export function revertRuleEntry(
  w: Writer,
  entry: StockRevertEntry,
  recordIn: () => number,
  newKey: () => string,
): StockRevertOutcome {
  const afterParsed = RuleStateSchema.nullable().safeParse(parseJson<unknown>(entry.after, null));
  const beforeParsed = RuleStateSchema.nullable().safeParse(parseJson<unknown>(entry.before, null));
  if (!afterParsed.success || !beforeParsed.success) return { reason: 'not revertible' };
  const after = afterParsed.data;
  const before = beforeParsed.data;
  const scope = after ?? before;
  if (scope === null) return { reason: 'not revertible' };
  const current = ruleOf(w, scope.accountId, scope.productId);
  if (JSON.stringify(current?.state ?? null) !== JSON.stringify(after)) {
    return { reason: 'changed again since' };
  }
  if (before !== null) {
    setChannelRuleAudited(w, before, recordIn(), newKey);
    return 'reverted';
  }
  // after is the rule the batch created, and current is it (compared just above).
  if (!current || after === null) return { reason: 'not revertible' };
  w.run(qb.deleteFrom('channel_rules').where('id', '=', current.id));
  audit(w, recordIn(), RULE_ENTITY, current.id, 'rule', after, null);
  const products =
    after.productId === null
      ? w
          .all(
            qb
              .selectFrom('listings')
              .select('product_id')
              .distinct()
              .where('account_id', '=', after.accountId)
              .where('product_id', 'is not', null),
          )
          .flatMap((row) => (row.product_id === null ? [] : [row.product_id]))
      : w
          .all(
            qb
              .selectFrom('products')
              .select('id')
              .where((eb) =>
                eb.or([eb('id', '=', after.productId), eb('parent_id', '=', after.productId)]),
              ),
          )
          .map((row) => row.id);
  const pushes = queueStockPushesFor(w, products, { newKey, accountId: after.accountId });
  tagJobs(w, pushes.listingIds, recordIn());
  return 'reverted';
}
