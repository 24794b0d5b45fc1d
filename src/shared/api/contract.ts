/**
 * The one contract between the renderer and the engine. Each method maps to a zod input schema
 * and an output type; the preload bridge, the engine's handler table, the HTTP/WebSocket transport
 * and the renderer client are all typed from this table and never restate it.
 */
import { z } from 'zod';
import {
  LISTING_STATUSES,
  ListingStatus,
  Marketplace,
  OrderStatus,
  SyncState,
  TextReviewState,
  Theme,
  UiLocale,
} from '../domain.js';
import { CurrencyCode, MinorUnits } from '../money.js';
import { operationsContract } from './contract-operations.js';
import { insightsContract } from './contract-insights.js';
import { sheetsContract } from './contract-sheets.js';
import type {
  AccountSummary,
  AppInfo,
  ChangeBatchSummary,
  ConflictResolution,
  ConflictRow,
  OversellDangerRow,
  RevertOutcome,
  SyncStartResult,
  ListingDetail,
  ListingRow,
  OrderDetail,
  OrderRow,
  Page,
  Settings,
  SkuDetail,
  SkuRow,
  SyncRunSummary,
  TranslationRow,
} from './types.js';
import { workbenchContract } from './contract-workbench.js';
import { moneyContract } from './contract-money.js';
import { translateContract } from './contract-translate.js';
import { backupContract } from './contract-backup.js';

/** A method: its input schema, and its output type carried as a phantom. */
export interface MethodDef<I extends z.ZodType, O> {
  readonly input: I;
  readonly __output?: O;
}
const method =
  <O>() =>
  <I extends z.ZodType>(input: I): MethodDef<I, O> => ({ input });

const Id = z.number().int().positive();
const SortDir = z.enum(['asc', 'desc']);
const PageWindow = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(200),
};
const Search = z.string().trim().max(200).optional();
const NonNegativeInt = z.number().int().min(0);

export const ListSkusInput = z.strictObject({
  search: Search,
  sort: z
    .strictObject({
      field: z.enum(['sku', 'title', 'onHand', 'available', 'listingCount']),
      dir: SortDir,
    })
    .optional(),
  /** Only master SKUs (parents and standalone); variants are fetched with catalog.getSku. */
  mastersOnly: z.boolean().default(false),
  lowStockBelow: NonNegativeInt.optional(),
  ...PageWindow,
});

export const ListingsQueryInput = z.strictObject({
  search: Search,
  marketplaces: z.array(Marketplace).max(5).optional(),
  accountIds: z.array(Id).max(1000).optional(),
  statuses: z.array(ListingStatus).max(LISTING_STATUSES.length).optional(),
  syncStates: z.array(SyncState).optional(),
  priceMinorMin: MinorUnits.optional(),
  priceMinorMax: MinorUnits.optional(),
  quantityMin: NonNegativeInt.optional(),
  quantityMax: NonNegativeInt.optional(),
  locale: z.string().max(20).optional(),
  unlinked: z.boolean().optional(),
  sort: z
    .strictObject({
      field: z.enum(['title', 'sku', 'price', 'quantity', 'status', 'marketplace', 'updatedAt']),
      dir: SortDir,
    })
    .optional(),
  ...PageWindow,
});

export const ListingChanges = z
  .strictObject({
    title: z.string().trim().min(1).max(500).optional(),
    description: z.string().max(50_000).optional(),
    bulletPoints: z.array(z.string().max(1000)).max(10).optional(),
    keywords: z.array(z.string().max(200)).max(50).optional(),
    priceMinor: MinorUnits.refine((v) => v > 0, 'price must be above zero').optional(),
    quantity: NonNegativeInt.max(1_000_000).optional(),
    status: z.enum(['active', 'inactive']).optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, 'at least one field must change');

export const ListingsUpdateInput = z.strictObject({
  id: Id,
  /** The listing's localVersion the edit was made from: a stale edit is refused, not merged. */
  baseVersion: NonNegativeInt,
  changes: ListingChanges,
  label: z.string().max(200).optional(),
});

export const OrdersQueryInput = z.strictObject({
  search: Search,
  marketplaces: z.array(Marketplace).max(5).optional(),
  accountIds: z.array(Id).max(1000).optional(),
  statuses: z.array(OrderStatus).optional(),
  placedFrom: z.iso.datetime({ offset: true }).optional(),
  placedTo: z.iso.datetime({ offset: true }).optional(),
  overdueOnly: z.boolean().optional(),
  sort: z
    .strictObject({
      field: z.enum(['placedAt', 'updatedAt', 'shipBy', 'total', 'status', 'marketplace']),
      dir: SortDir,
    })
    .optional(),
  ...PageWindow,
});

export const TranslationsQueryInput = z.strictObject({
  search: Search,
  locale: z.string().max(20).optional(),
  states: z.array(TextReviewState).optional(),
  marketplaces: z.array(Marketplace).max(5).optional(),
  ...PageWindow,
});

export const SettingsPatch = z
  .strictObject({
    locale: UiLocale,
    theme: Theme,
    homeCurrency: CurrencyCode,
    timeZone: z.string().refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'unknown IANA time zone'),
    syncSchedule: z.string().trim().min(9).max(100),
  })
  .partial();

const Empty = z.strictObject({});

/** The steps of a sync run: pull orders, pull listings, push the outbox. */
export const SYNC_STEPS = ['orders', 'listings', 'push'] as const;

export const contract = {
  'app.info': method<AppInfo>()(Empty),
  'accounts.list': method<AccountSummary[]>()(Empty),
  /**
   * Adds the built-in sandbox shop of a marketplace (simulated on this computer, no credentials)
   * and pulls its listings and orders once. Idempotent: a second call returns the existing one.
   * Every marketplace has one; an engine started without them answers `unavailable`.
   */
  'accounts.addSandbox': method<AccountSummary>()(z.strictObject({ marketplace: Marketplace })),
  'catalog.listSkus': method<Page<SkuRow>>()(ListSkusInput),
  'catalog.getSku': method<SkuDetail>()(z.strictObject({ id: Id })),
  'listings.query': method<Page<ListingRow>>()(ListingsQueryInput),
  'listings.get': method<ListingDetail>()(z.strictObject({ id: Id })),
  'listings.update': method<ListingDetail>()(ListingsUpdateInput),
  'orders.query': method<Page<OrderRow>>()(OrdersQueryInput),
  'orders.get': method<OrderDetail>()(z.strictObject({ id: Id })),
  'translations.query': method<Page<TranslationRow>>()(TranslationsQueryInput),
  'changes.listBatches': method<ChangeBatchSummary[]>()(
    z.strictObject({ limit: z.number().int().min(1).max(200).default(50) }),
  ),
  /** Reverts a change batch as a whole: locally at once, on the marketplaces through the outbox. */
  'changes.revert': method<RevertOutcome>()(z.strictObject({ batchId: Id })),
  'sync.runs': method<SyncRunSummary[]>()(
    z.strictObject({ limit: z.number().int().min(1).max(200).default(20) }),
  ),
  /**
   * Starts the morning run (all accounts, all steps unless narrowed) in the background; progress
   * arrives as `sync.progress` events and the result in `sync.runs`.
   */
  'sync.run': method<SyncStartResult>()(
    z.strictObject({
      accountIds: z.array(Id).min(1).max(200).optional(),
      steps: z.array(z.enum(SYNC_STEPS)).min(1).max(3).optional(),
    }),
  ),
  /** Cancels the run under way in this engine (pages under way finish first). */
  'sync.cancel': method<{ cancelled: boolean }>()(Empty),
  'conflicts.list': method<Page<ConflictRow>>()(
    z.strictObject({
      kind: z.enum(['conflict', 'drift']).optional(),
      accountId: Id.optional(),
      ...PageWindow,
    }),
  ),
  'conflicts.resolve': method<ConflictResolution>()(
    z
      .strictObject({
        conflictId: Id,
        choice: z.enum(['mine', 'theirs', 'edit']),
        /** The value to push, with choice 'edit'. */
        value: z
          .union([z.string().max(20_000), NonNegativeInt, z.array(z.string().max(1000)).max(50)])
          .optional(),
      })
      .refine((input) => (input.choice === 'edit') === (input.value !== undefined), {
        message: "value is required with choice 'edit' and not allowed otherwise",
        path: ['value'],
      }),
  ),
  /** Channels that show more than may be sold now, worst first. */
  'stock.danger': method<OversellDangerRow[]>()(
    z.strictObject({ limit: z.number().int().min(1).max(500).default(100) }),
  ),
  'settings.get': method<Settings>()(Empty),
  'settings.update': method<Settings>()(SettingsPatch),
  ...workbenchContract,
  ...moneyContract,
  ...operationsContract,
  ...insightsContract,
  ...sheetsContract,
  ...translateContract,
  ...backupContract,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller passes (defaults may be omitted). */
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
/** What the engine's handler receives after validation (defaults filled in). */
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type OutputOf<M extends MethodName> = NonNullable<Contract[M]['__output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];
export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}
