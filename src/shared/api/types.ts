/**
 * Output types of the contract. The engine is the only producer, so these are types, not schemas;
 * inputs (which come from outside) are zod schemas in contract.ts.
 */
import type {
  AuthState,
  ListingStatus,
  Marketplace,
  OrderStatus,
  SyncRunState,
  SyncState,
  TextReviewState,
  Theme,
  UiLocale,
} from '../domain.js';
import type { AccountId, ChangeBatchId, ListingId, OrderId, ProductId, SyncRunId } from '../ids.js';
import type { Money } from '../money.js';
import type { DayInsight } from './types-insights.js';

export interface Page<T> {
  rows: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface AppInfo {
  version: string;
  dataDir: string;
  schemaVersion: number;
  /** True while every account is a sandbox shop (first run): the UI marks it on every screen. */
  sandboxOnly: boolean;
  counts: { accounts: number; skus: number; listings: number; orders: number };
}

export interface AccountSummary {
  id: AccountId;
  marketplace: Marketplace;
  site: string;
  shopId: string;
  displayName: string;
  authState: AuthState;
  /** ISO-8601 UTC: when the seller must re-authorise by, if the marketplace says. */
  reauthorizeBy: string | null;
  sandbox: boolean;
  listingCount: number;
  orderCount: number;
  lastSyncAt: string | null;
}

export interface SkuStock {
  warehouse: string;
  onHand: number;
  reserved: number;
}

export interface SkuRow {
  id: ProductId;
  sku: string;
  parentId: ProductId | null;
  parentSku: string | null;
  title: string;
  variantAttributes: Record<string, string>;
  variantCount: number;
  onHand: number;
  reserved: number;
  available: number;
  listingCount: number;
  cost: Money | null;
}

export interface SkuDetail extends SkuRow {
  attributes: Record<string, string>;
  images: string[];
  weightGrams: number | null;
  dimensionsMm: { length: number; width: number; height: number } | null;
  hsCode: string | null;
  declaredValue: Money | null;
  countryOfOrigin: string | null;
  stock: SkuStock[];
  /** Stock the marketplaces hold and ship themselves (Amazon FBA): not part of on hand. */
  heldStock: SkuHeldStock[];
  channelRules: ChannelRule[];
  variants: SkuRow[];
}

/** One account's marketplace-held stock of a SKU, as the marketplace last reported it. */
export interface SkuHeldStock {
  accountId: AccountId;
  accountName: string;
  marketplace: Marketplace;
  sku: string;
  fulfillable: number;
  inbound: number;
  reserved: number;
  unfulfillable: number;
  updatedAt: string | null;
}

export interface ChannelRule {
  accountId: AccountId;
  buffer: number;
  maxQuantity: number | null;
  allocationPercent: number;
}

export interface ListingRow {
  id: ListingId;
  accountId: AccountId;
  accountName: string;
  marketplace: Marketplace;
  site: string;
  remoteId: string;
  sku: string;
  productId: ProductId | null;
  title: string;
  price: Money;
  quantity: number;
  status: ListingStatus;
  locale: string;
  syncState: SyncState;
  localVersion: number;
  updatedAt: string;
}

export interface ListingDetail extends ListingRow {
  description: string;
  bulletPoints: string[];
  keywords: string[];
  attributes: Record<string, string>;
  remoteUpdatedAt: string | null;
  lastError: string | null;
}

export interface OrderRow {
  id: OrderId;
  accountId: AccountId;
  accountName: string;
  marketplace: Marketplace;
  marketplaceOrderId: string;
  status: OrderStatus;
  rawStatus: string;
  placedAt: string;
  updatedAt: string;
  shipBy: string | null;
  buyerCountry: string | null;
  total: Money;
  lineCount: number;
  units: number;
}

export interface OrderLine {
  lineId: string;
  sku: string;
  productId: ProductId | null;
  title: string;
  quantity: number;
  unitPrice: Money;
}

export interface Shipment {
  carrier: string;
  trackingNumber: string;
  shippedAt: string;
  state: 'pending' | 'confirmed' | 'failed';
}

export interface OrderDetail extends OrderRow {
  lines: OrderLine[];
  shipments: Shipment[];
}

export interface TranslationRow {
  listingId: ListingId;
  marketplace: Marketplace;
  sku: string;
  locale: string;
  sourceLocale: string;
  sourceTitle: string;
  title: string;
  origin: 'machine' | 'human' | null;
  state: TextReviewState;
  updatedAt: string | null;
}

export interface SyncRunSummary {
  id: SyncRunId;
  trigger: 'manual' | 'schedule' | 'cli';
  state: SyncRunState;
  startedAt: string;
  finishedAt: string | null;
  report: SyncRunReport | null;
}

export interface SyncRunReport {
  accounts: SyncAccountReport[];
  needsAttention: SyncAttention[];
  /** Channels showing more than may be sold now (reports written before 0.1 lack it). */
  oversellDanger?: OversellDangerRow[];
  durationMs?: number;
  /** Insights of the day: yesterday's sales per channel, SKUs about to run out (#/insights). */
  insight?: DayInsight;
}

export interface SyncAccountReport {
  accountId: AccountId;
  ordersPulled: number;
  listingsPulled: number;
  editsPushed: number;
  errors: string[];
  stockPushed?: number;
  rejected?: number;
  conflicts?: number;
  drifts?: number;
  /** Milliseconds per step (orders, stock, listings, push). */
  durationsMs?: Partial<Record<'orders' | 'stock' | 'listings' | 'push', number>>;
}

/**
 * What a run found that needs the seller. Kinds: conflict, drift, rejected, unlinked_sku, reauthorize,
 * oversell, offline, stream_failed, push_failed, invalid_payload / unknown_value / missing (objects a
 * connector could not read), more_problems.
 */
export interface SyncAttention {
  kind: string;
  message: string;
  accountId?: AccountId;
  listingId?: ListingId;
  /** For reauthorize: the date by which the seller must act. */
  by?: string;
}

export interface OversellDangerRow {
  listingId: ListingId | null;
  accountId: AccountId | null;
  productId: ProductId;
  sku: string;
  /** What the channel shows (null for a product oversold as a whole). */
  shown: number | null;
  /** What it may show now. */
  allowed: number;
  available: number;
}

/** What `sync.run` answers: the run started in the background, or another one holds the lease. */
export type SyncStartResult =
  | { started: true; runId: SyncRunId }
  | { started: false; heldBy: { holder: string; expiresAt: string } };

/** An unsettled three-way comparison of one listing field (see the engine's conflict policy). */
export interface ConflictRow {
  id: number;
  kind: 'conflict' | 'drift';
  listingId: ListingId;
  accountId: AccountId;
  marketplace: Marketplace;
  sku: string;
  title: string;
  field: string;
  /** JSON values: base = what the last sync saw; mine = the local edit (conflicts only); theirs = the marketplace now. */
  base: unknown;
  mine: unknown;
  theirs: unknown;
  detectedAt: string;
}

export interface ConflictResolution {
  listingId: ListingId;
  queuedJobs: number;
}

export interface RevertOutcome {
  batchId: ChangeBatchId | null;
  reverted: number;
  /**
   * What could not be reverted. `listingId` is the changed record's id: a listing's, or, when
   * `entity` says so, a product's ('stock', 'product') or a channel rule's ('stock_rule').
   */
  skipped: { listingId: ListingId; field: string; reason: string; entity?: string }[];
}

export interface ChangeBatchSummary {
  id: ChangeBatchId;
  label: string;
  createdAt: string;
  changeCount: number;
  reverted: boolean;
}

export interface Settings {
  locale: UiLocale;
  theme: Theme;
  homeCurrency: string;
  timeZone: string;
  syncSchedule: string;
}
