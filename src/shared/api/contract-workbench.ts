/**
 * The listings workbench's part of the contract (issue 8, part A): the listings grid with every
 * filter, bulk edits computed by the engine, the pending changes waiting for the seller's push,
 * conflict review and saved views. Spread into `contract` (contract.ts).
 *
 * A selection crosses the bridge either as explicit ids (a click/shift/ctrl selection, bounded)
 * or as the FILTER itself ("all N matching"): the engine resolves it, so a 100k-row selection
 * never travels as 100k ids. Prices in operations are decimal strings, parsed per listing
 * currency by the engine into integer minor units: a float never carries money.
 */
import { z } from 'zod';
import {
  LISTING_STATUSES,
  ListingStatus,
  Marketplace,
  OUTBOX_STATES,
  OutboxState,
  SyncState,
} from '../domain.js';
import { CurrencyCode, MinorUnits } from '../money.js';
import type { MethodDef } from './contract.js';
import type {
  BulkEditOutcome,
  BulkPreview,
  ChangesSummary,
  ConflictReviewRow,
  DiscardOutcome,
  ListingIdRange,
  PendingChangeRow,
  PushOutcome,
  SavedView,
  UndoOutcome,
  WorkbenchListingRow,
} from './types-workbench.js';
import type { Page } from './types.js';

const method =
  <O>() =>
  <I extends z.ZodType>(input: I): MethodDef<I, O> => ({ input });

const Id = z.number().int().positive();
const NonNegativeInt = z.number().int().min(0);
const SortDir = z.enum(['asc', 'desc']);
const PageWindow = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(200),
};
const Locale = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a language tag such as de-DE');

/** Most explicit ids one call may carry; beyond it the seller selects "all matching". */
export const MAX_SELECTED_IDS = 20_000;

/**
 * Every filter of the listings grid. The first fields are listings.query's own; `currency`
 * scopes the price range (a range in minor units means nothing across currencies) and
 * `missingTranslation` keeps listings with no usable text in that language.
 */
export const ListingFilter = z.strictObject({
  search: z.string().trim().max(200).optional(),
  marketplaces: z.array(Marketplace).max(5).optional(),
  accountIds: z.array(Id).max(1000).optional(),
  statuses: z.array(ListingStatus).max(LISTING_STATUSES.length).optional(),
  syncStates: z.array(SyncState).optional(),
  currency: CurrencyCode.optional(),
  priceMinorMin: MinorUnits.optional(),
  priceMinorMax: MinorUnits.optional(),
  quantityMin: NonNegativeInt.optional(),
  quantityMax: NonNegativeInt.optional(),
  locale: z.string().max(20).optional(),
  missingTranslation: Locale.optional(),
  unlinked: z.boolean().optional(),
});
export type ListingFilter = z.infer<typeof ListingFilter>;

export const LISTING_SORT_FIELDS = [
  'title',
  'sku',
  'price',
  'quantity',
  'status',
  'marketplace',
  'updatedAt',
] as const;
export const ListingSort = z.strictObject({ field: z.enum(LISTING_SORT_FIELDS), dir: SortDir });
export type ListingSort = z.infer<typeof ListingSort>;

export const ListingSelection = z.union([
  z.strictObject({ ids: z.array(Id).min(1).max(MAX_SELECTED_IDS) }),
  z.strictObject({
    filter: ListingFilter,
    exceptIds: z.array(Id).max(MAX_SELECTED_IDS).default([]),
  }),
]);
export type ListingSelection = z.input<typeof ListingSelection>;

/** A decimal amount in the listing's currency ("19.99", "-2.5"); parsed per currency. */
const DecimalAmount = z
  .string()
  .trim()
  .regex(/^-?\d{1,13}(\.\d{1,4})?$/, 'expected a decimal amount such as 19.99');
/** A percentage with at most two decimals, −99.99 … 1000 ("5", "-12.5"). */
const Percentage = z
  .string()
  .trim()
  .regex(/^-?\d{1,4}(\.\d{1,2})?$/, 'expected a percentage such as 5 or -12.5')
  .refine((text) => Number(text) > -100 && Number(text) <= 1000, 'between -99.99 and 1000');

/** Price endings; what each means per currency is documented in engine/store/price-endings.ts. */
export const PRICE_ENDINGS = ['charm', 'half', 'whole'] as const;
export const PriceRounding = z.strictObject({
  ending: z.enum(PRICE_ENDINGS),
  direction: z.enum(['up', 'down', 'nearest']).default('nearest'),
});
export type PriceRounding = z.input<typeof PriceRounding>;

export const FILL_FIELDS = ['price', 'quantity', 'title', 'status'] as const;

export const BulkOperation = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('setPrice'),
    amount: DecimalAmount,
    rounding: PriceRounding.optional(),
  }),
  z.strictObject({
    kind: z.literal('adjustPrice'),
    by: z.enum(['percent', 'amount']),
    value: z.string().trim().max(20),
    rounding: PriceRounding.optional(),
  }),
  z.strictObject({ kind: z.literal('roundPrice'), rounding: PriceRounding }),
  z.strictObject({ kind: z.literal('setQuantity'), quantity: NonNegativeInt.max(1_000_000) }),
  z.strictObject({ kind: z.literal('setBuffer'), buffer: NonNegativeInt.max(1_000_000) }),
  z.strictObject({
    kind: z.literal('replaceTitle'),
    find: z.string().min(1).max(500),
    replace: z.string().max(500),
    regex: z.boolean().default(false),
    caseSensitive: z.boolean().default(false),
  }),
  z.strictObject({ kind: z.literal('setTitle'), title: z.string().trim().min(1).max(500) }),
  z.strictObject({ kind: z.literal('setStatus'), status: z.enum(['active', 'inactive']) }),
  /** Copies one listing's value of `field` into every other selected listing. */
  z.strictObject({ kind: z.literal('fillDown'), field: z.enum(FILL_FIELDS), fromId: Id }),
]);
export type BulkOperation = z.input<typeof BulkOperation>;

/** The value checks of an adjustment depend on `by`; checked here so both paths agree. */
const CheckedOperation = BulkOperation.superRefine((operation, context) => {
  if (operation.kind !== 'adjustPrice') return;
  const valid = operation.by === 'percent' ? Percentage : DecimalAmount;
  const parsed = valid.safeParse(operation.value);
  if (!parsed.success) {
    context.addIssue({
      code: 'custom',
      path: ['value'],
      message: parsed.error.issues[0]?.message ?? 'invalid value',
    });
  }
});

export const BulkEditInput = z.strictObject({
  selection: ListingSelection,
  operation: CheckedOperation,
  /** Shown in the pending changes; the engine writes one when absent. */
  label: z.string().trim().min(1).max(200).optional(),
  /**
   * How many listings the seller saw selected: when the selection now resolves to another count
   * (a sync moved rows in or out of the filter) nothing is written and `conflict` is answered.
   */
  expectedCount: NonNegativeInt.optional(),
});

export const BulkPreviewInput = z.strictObject({
  selection: ListingSelection,
  operation: CheckedOperation,
  /** How many before → after samples to return. */
  samples: z.number().int().min(1).max(200).default(50),
});

/** Outbox states the pending-changes view lists by default: not yet settled. */
export const OPEN_CHANGE_STATES = ['held', 'pending', 'in_flight', 'conflict'] as const;

const JobScope = z
  .strictObject({
    all: z.literal(true).optional(),
    batchIds: z.array(Id).min(1).max(500).optional(),
    jobIds: z.array(Id).min(1).max(MAX_SELECTED_IDS).optional(),
  })
  .refine(
    (scope) =>
      [scope.all, scope.batchIds, scope.jobIds].filter((part) => part !== undefined).length === 1,
    { message: 'give exactly one of all, batchIds or jobIds' },
  );

export const SavedViewState = z.strictObject({
  filter: ListingFilter,
  sort: ListingSort.optional(),
  /** Visible column ids in order. */
  columns: z.array(z.string().min(1).max(40)).max(40),
});
export type SavedViewState = z.infer<typeof SavedViewState>;
const ViewName = z.string().trim().min(1).max(80);

export const workbenchContract = {
  /** The listings grid: every filter, the marketplace's refusal message with each row. */
  'listings.grid': method<Page<WorkbenchListingRow>>()(
    z.strictObject({ filter: ListingFilter, sort: ListingSort.optional(), ...PageWindow }),
  ),
  /** Ids of rows offset…offset+limit in grid order: a shift-click range, resolved by the engine. */
  'listings.ids': method<ListingIdRange>()(
    z.strictObject({
      filter: ListingFilter,
      sort: ListingSort.optional(),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(MAX_SELECTED_IDS),
    }),
  ),
  /** What a bulk edit would do, without writing: counts, refusals and before → after samples. */
  'listings.bulkPreview': method<BulkPreview>()(BulkPreviewInput),
  /**
   * Applies a bulk edit in one transaction as one change batch whose outbox jobs are held until
   * pushed; if any listing refuses the result, nothing is written and the refusals are returned.
   */
  'listings.bulkEdit': method<BulkEditOutcome>()(BulkEditInput),
  /** Outbox jobs per listing and field group, before → after, with their batch and state. */
  'changes.pending': method<Page<PendingChangeRow>>()(
    z.strictObject({
      states: z.array(OutboxState).min(1).max(OUTBOX_STATES.length).optional(),
      batchIds: z.array(Id).min(1).max(500).optional(),
      accountIds: z.array(Id).max(1000).optional(),
      ...PageWindow,
    }),
  ),
  /** Counts of open changes and the latest batches with their jobs' states. */
  'changes.summary': method<ChangesSummary>()(
    z.strictObject({ limit: z.number().int().min(1).max(200).default(30) }),
  ),
  /** Releases held jobs and starts a push-only sync of the accounts involved. */
  'changes.push': method<PushOutcome>()(JobScope),
  /** Cancels held jobs and puts the listings back to what the marketplace shows. */
  'changes.discard': method<DiscardOutcome>()(JobScope),
  /** Undoes a batch with a new held edit back to its before values (redo = undo of the undo). */
  'changes.undo': method<UndoOutcome>()(z.strictObject({ batchId: Id })),
  /** Open conflicts and drifts with what the review needs (currency, shop, listing version). */
  'conflicts.review': method<Page<ConflictReviewRow>>()(
    z.strictObject({
      kind: z.enum(['conflict', 'drift']).optional(),
      accountId: Id.optional(),
      ...PageWindow,
    }),
  ),
  'views.list': method<SavedView[]>()(z.strictObject({ view: z.literal('listings') })),
  /** Saves (or replaces, by name) a view of the grid; answers the list. */
  'views.save': method<SavedView[]>()(
    z.strictObject({ view: z.literal('listings'), name: ViewName, state: SavedViewState }),
  ),
  'views.delete': method<SavedView[]>()(
    z.strictObject({ view: z.literal('listings'), name: ViewName }),
  ),
} as const;
