/**
 * The seller's own stock numbers: a warehouse count (setOnHand) and a channel rule
 * (setChannelRule). Each is validated whole before anything is written, written in the caller's
 * transaction, and queues the quantity updates its change causes in the same transaction, so a
 * count and the pushes it implies are committed together or not at all. Setting a number to the
 * value it already has writes nothing.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { defineRawStatement, defineStatement, qb } from '../store/compiler.js';
import type { Writer } from '../store/connection.js';
import { RecordNotFound } from '../store/errors.js';
import { queueStockPushesFor, type StockPushOptions, type StockPushResult } from './push-queue.js';
import { Count, parseInput, RowId } from './validation.js';

export interface StockChangeResult extends StockPushResult {
  /** False when the stored numbers were already these: nothing was written or queued. */
  changed: boolean;
}

const OnHandInput = z.object({
  productId: RowId,
  warehouse: z
    .string()
    .trim()
    .min(1, 'a warehouse needs a name')
    .max(100, 'a warehouse name has at most 100 characters'),
  onHand: Count,
});

const productExists = defineStatement<{ id: number }, { id: number }>((a) =>
  qb.selectFrom('products').select('id').where('id', '=', a('id')),
);

const accountExists = defineStatement<{ id: number }, { id: number }>((a) =>
  qb.selectFrom('accounts').select('id').where('id', '=', a('id')),
);

const stockOnHand = defineStatement<{ product_id: number; warehouse: string }, { on_hand: number }>(
  (a) =>
    qb
      .selectFrom('stock')
      .select('on_hand')
      .where('product_id', '=', a('product_id'))
      .where('warehouse', '=', a('warehouse')),
);

const writeOnHand = defineStatement<{
  product_id: number;
  warehouse: string;
  on_hand: number;
  now: string;
}>((a) =>
  qb
    .insertInto('stock')
    .values({
      product_id: a('product_id'),
      warehouse: a('warehouse'),
      on_hand: a('on_hand'),
      updated_at: a('now'),
    })
    .onConflict((conflict) =>
      conflict.columns(['product_id', 'warehouse']).doUpdateSet((eb) => ({
        on_hand: eb.ref('excluded.on_hand'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    ),
);

function requireProduct(w: Writer, productId: number): void {
  if (!w.row(productExists, { id: productId })) {
    throw new RecordNotFound(`Product ${productId} does not exist`);
  }
}

/**
 * Sets what is on hand of a product in one warehouse (creating the warehouse row with nothing
 * reserved when it is new) and queues the quantity updates of the product's listings. A product's
 * first warehouse makes its listings managed.
 */
export function setOnHand(
  w: Writer,
  productId: number,
  warehouse: string,
  onHand: number,
  options: StockPushOptions,
): StockChangeResult {
  const input = parseInput(OnHandInput, { productId, warehouse, onHand }, 'stock count');
  requireProduct(w, input.productId);
  const before = w.row(stockOnHand, { product_id: input.productId, warehouse: input.warehouse });
  if (before?.on_hand === input.onHand) return { changed: false, queued: 0, listingIds: [] };
  w.exec(writeOnHand, {
    product_id: input.productId,
    warehouse: input.warehouse,
    on_hand: input.onHand,
    now: w.now(),
  });
  return { changed: true, ...queueStockPushesFor(w, [input.productId], options) };
}

export interface ChannelRuleInput {
  accountId: number;
  /** null: the account's default rule, for every product without a rule of its own. */
  productId: number | null;
  buffer: number;
  maxQuantity: number | null;
  allocationPercent: number;
}

const RuleInput = z.object({
  accountId: RowId,
  productId: RowId.nullable(),
  buffer: Count,
  maxQuantity: Count.nullable(),
  allocationPercent: z
    .number()
    .int('must be a whole percentage')
    .min(0, 'must be between 0 and 100')
    .max(100, 'must be between 0 and 100'),
});

// The scope expression of the unique index channel_rules_scope: one probe.
const ruleInScope = defineRawStatement<
  { account_id: number; scope: number },
  { id: number; buffer: number; max_quantity: number | null; allocation_percent: number }
>(
  (a) => sql`SELECT id, buffer, max_quantity, allocation_percent FROM channel_rules
    WHERE account_id = ${a('account_id')} AND ifnull(product_id, 0) = ${a('scope')}`,
);

const updateRule = defineStatement<{
  id: number;
  buffer: number;
  max_quantity: number | null;
  allocation_percent: number;
  now: string;
}>((a) =>
  qb
    .updateTable('channel_rules')
    .set({
      buffer: a('buffer'),
      max_quantity: a('max_quantity'),
      allocation_percent: a('allocation_percent'),
      updated_at: a('now'),
    })
    .where('id', '=', a('id')),
);

const insertRule = defineStatement<
  {
    account_id: number;
    product_id: number | null;
    buffer: number;
    max_quantity: number | null;
    allocation_percent: number;
    now: string;
  },
  { id: number }
>((a) =>
  qb
    .insertInto('channel_rules')
    .values({
      account_id: a('account_id'),
      product_id: a('product_id'),
      buffer: a('buffer'),
      max_quantity: a('max_quantity'),
      allocation_percent: a('allocation_percent'),
      updated_at: a('now'),
    })
    .returning('id'),
);

const productWithVariants = defineStatement<{ id: number }, { id: number }>((a) =>
  qb
    .selectFrom('products')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', a('id')), eb('parent_id', '=', a('id'))])),
);

const accountProducts = defineStatement<{ account_id: number }, { product_id: number }>((a) =>
  qb
    .selectFrom('listings')
    .select('product_id as product_id')
    .distinct()
    .where('account_id', '=', a('account_id'))
    .where('product_id', 'is not', null)
    .where('status', '<>', 'deleted')
    .$narrowType<{ product_id: number }>(),
);

/**
 * Creates or replaces an account's rule for one product (or its default rule) and queues the
 * quantity updates it causes on that account: the product's listings and its variants' (a
 * master's rule covers variants without a rule of their own), or every linked listing of the
 * account for the default rule.
 */
export function setChannelRule(
  w: Writer,
  rule: ChannelRuleInput,
  options: StockPushOptions,
): StockChangeResult & { ruleId: number } {
  const input = parseInput(RuleInput, rule, 'channel rule');
  if (!w.row(accountExists, { id: input.accountId })) {
    throw new RecordNotFound(`Account ${input.accountId} does not exist`);
  }
  if (input.productId !== null) requireProduct(w, input.productId);
  const values = {
    buffer: input.buffer,
    max_quantity: input.maxQuantity,
    allocation_percent: input.allocationPercent,
    now: w.now(),
  };
  const existing = w.row(ruleInScope, {
    account_id: input.accountId,
    scope: input.productId ?? 0,
  });
  let ruleId: number;
  if (existing) {
    ruleId = existing.id;
    if (
      existing.buffer === input.buffer &&
      existing.max_quantity === input.maxQuantity &&
      existing.allocation_percent === input.allocationPercent
    ) {
      return { changed: false, ruleId, queued: 0, listingIds: [] };
    }
    w.expectOne(w.exec(updateRule, { id: ruleId, ...values }), `channel rule ${ruleId}`);
  } else {
    ruleId = w.row(insertRule, {
      account_id: input.accountId,
      product_id: input.productId,
      ...values,
    })!.id;
  }
  const productIds =
    input.productId === null
      ? w.rows(accountProducts, { account_id: input.accountId }).map((row) => row.product_id)
      : w.rows(productWithVariants, { id: input.productId }).map((row) => row.id);
  const pushes = queueStockPushesFor(w, productIds, { ...options, accountId: input.accountId });
  return { changed: true, ruleId, ...pushes };
}
