/**
 * "Set buffer" on selected listings: the buffer is a stock rule of the listing's shop for its
 * master SKU (stock/levels.ts), so the selection is grouped by (account, product) and each group
 * gets its own rule through the stock engine's setChannelRule — the max quantity and allocation
 * the channel applied until now are kept, only the buffer changes. The quantity updates the
 * stock engine queues for it are then held with the batch, like every workbench change: nothing
 * leaves the machine before the seller pushes. Each rule change is one audit entry (entity
 * 'channel_rule') whose before/after carry what restoring it needs.
 */
import type { BulkRefusal } from '../../shared/api/types-workbench.js';
import type { ListingId } from '../../shared/ids.js';
import { effectiveRule, setChannelRule } from '../stock/index.js';
import { qb } from './compiler.js';
import type { Reader, Writer } from './connection.js';
import type { TargetRow } from './bulk-operations.js';

/** A channel rule's buffer as the audit records it; `ownRule` false = the rule was inherited. */
export interface BufferState {
  accountId: number;
  productId: number;
  buffer: number;
  maxQuantity: number | null;
  allocationPercent: number;
  ownRule: boolean;
}

export interface BufferGroup {
  accountId: number;
  productId: number;
  listingIds: number[];
  before: BufferState;
  /** The group's first listing, shown in a preview. */
  first: TargetRow;
}

export interface BufferPlan {
  groups: BufferGroup[];
  unchanged: number;
  refusals: BulkRefusal[];
}

function ruleState(r: Reader, accountId: number, productId: number): BufferState {
  const product = r.first(
    qb.selectFrom('products').select(['parent_id']).where('id', '=', productId),
  );
  const own = r.first(
    qb
      .selectFrom('channel_rules')
      .select(['id'])
      .where('account_id', '=', accountId)
      .where('product_id', '=', productId),
  );
  const rule = effectiveRule(r, accountId, { productId, parentId: product?.parent_id ?? null });
  return {
    accountId,
    productId,
    buffer: rule?.buffer ?? 0,
    maxQuantity: rule?.maxQuantity ?? null,
    allocationPercent: rule?.allocationPercent ?? 100,
    ownRule: own !== undefined,
  };
}

export function planBuffer(r: Reader, rows: readonly TargetRow[], buffer: number): BufferPlan {
  const groups = new Map<string, BufferGroup>();
  const refusals: BulkRefusal[] = [];
  let unchanged = 0;
  for (const row of rows) {
    if (row.product_id === null) {
      refusals.push({
        listingId: row.id as ListingId,
        sku: row.sku,
        marketplace: row.marketplace,
        code: 'not_linked',
        params: {},
        message: 'the listing is not linked to a master SKU, so no stock rule applies',
      });
      continue;
    }
    const key = `${row.account_id}:${row.product_id}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        accountId: row.account_id,
        productId: row.product_id,
        listingIds: [],
        before: ruleState(r, row.account_id, row.product_id),
        first: row,
      };
      groups.set(key, group);
    }
    group.listingIds.push(row.id);
  }
  const changing: BufferGroup[] = [];
  for (const group of groups.values()) {
    if (group.before.buffer === buffer && group.before.ownRule)
      unchanged += group.listingIds.length;
    else changing.push(group);
  }
  return { groups: changing, unchanged, refusals };
}

/**
 * Writes one rule and holds the quantity jobs it queued with `batchId`; returns the rule id and
 * how many jobs were held.
 */
export function writeBuffer(
  w: Writer,
  state: Omit<BufferState, 'ownRule'>,
  batchId: number,
  newKey: () => string,
): { ruleId: number; held: number } {
  const result = setChannelRule(
    w,
    {
      accountId: state.accountId,
      productId: state.productId,
      buffer: state.buffer,
      maxQuantity: state.maxQuantity,
      allocationPercent: state.allocationPercent,
    },
    { newKey },
  );
  let held = 0;
  if (result.listingIds.length > 0) {
    held = w.run(
      qb
        .updateTable('outbox')
        .set({ state: 'held', batch_id: batchId, updated_at: w.now() })
        .where('listing_id', 'in', result.listingIds)
        .where('kind', '=', 'listing.quantity')
        .where('source', '=', 'stock')
        .where('state', '=', 'pending'),
    ).changes;
  }
  return { ruleId: result.ruleId, held };
}

/** Applies a buffer plan inside the caller's transaction; returns the jobs held. */
export function applyBuffer(
  w: Writer,
  plan: BufferPlan,
  buffer: number,
  batchId: number,
  newKey: () => string,
): number {
  let jobs = 0;
  for (const group of plan.groups) {
    const after = { ...group.before, buffer };
    const { ruleId, held } = writeBuffer(w, after, batchId, newKey);
    jobs += held;
    w.run(
      qb.insertInto('audit_log').values({
        batch_id: batchId,
        entity: 'channel_rule',
        entity_id: ruleId,
        field: 'buffer',
        before: JSON.stringify(group.before),
        after: JSON.stringify({ ...after, ownRule: true }),
        at: w.now(),
      }),
    );
  }
  return jobs;
}

/**
 * Puts a rule back to `before` when it still stands as `after` left it; the quantity jobs the
 * change had queued and still hold (in `batchId`) are cancelled. Returns whether it was restored.
 */
export function restoreBuffer(
  w: Writer,
  before: BufferState,
  after: BufferState,
  batchId: number,
  newKey: () => string,
  recordIn: number,
): boolean {
  const now = ruleState(w, before.accountId, before.productId);
  if (now.buffer !== after.buffer) return false;
  const listingIds = w
    .all(
      qb
        .selectFrom('listings')
        .select('id')
        .where('account_id', '=', before.accountId)
        .where('product_id', '=', before.productId),
    )
    .map((row) => row.id);
  if (listingIds.length > 0) {
    w.run(
      qb
        .updateTable('outbox')
        .set({ state: 'cancelled', last_error: 'discarded by the seller', updated_at: w.now() })
        .where('batch_id', '=', batchId)
        .where('listing_id', 'in', listingIds)
        .where('state', '=', 'held'),
    );
  }
  const { ruleId } = writeBuffer(w, before, recordIn, newKey);
  if (!before.ownRule) {
    // The rule did not exist before: remove it so the inherited rule applies again, as before.
    w.run(qb.deleteFrom('channel_rules').where('id', '=', ruleId));
  }
  w.run(
    qb.insertInto('audit_log').values({
      batch_id: recordIn,
      entity: 'channel_rule',
      entity_id: ruleId,
      field: 'buffer',
      before: JSON.stringify(now),
      after: JSON.stringify(before),
      at: w.now(),
    }),
  );
  return true;
}
