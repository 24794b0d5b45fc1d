/**
 * Output types of the operations methods (contract-operations.ts): shipping, stock edits, the sync
 * view's live status, schedule previews and account connections.
 */
import type { Marketplace } from '../domain.js';
import type { AccountId, OrderId, ProductId } from '../ids.js';
import type { OrderRow, Shipment } from './types.js';

export type { AccountSummary } from './types.js';

/** An order row with its latest shipment (null: none recorded). */
export interface OrderShippingRow extends OrderRow {
  shipment: Pick<Shipment, 'carrier' | 'trackingNumber' | 'state'> | null;
}

/** Why one "mark shipped" row was refused; the renderer words each code in the seller's language. */
export const SHIP_ROW_ERRORS = [
  /** Neither an order id nor an order number. */
  'missing_order',
  'unknown_order',
  /** The order number exists on more than one shop. */
  'ambiguous_order',
  /** The order is not waiting to ship (unpaid, shipped, cancelled…). */
  'not_shippable',
  /** A shipment of this order is already recorded (waiting to be sent, or confirmed). */
  'already_shipped',
  'missing_carrier',
  'missing_tracking',
  /** Too long, or characters no tracking number has. */
  'invalid_tracking',
  'invalid_carrier',
  /** The same row again (the first one goes ahead). */
  'duplicate_row',
  /** The same order with a different carrier or tracking number in another row: none goes ahead. */
  'conflicting_rows',
  /** The order's shop is disconnected: nothing could be sent. */
  'account_disconnected',
] as const;
export type ShipRowError = (typeof SHIP_ROW_ERRORS)[number];

export interface ShipRowResult {
  /** Position of the row in the request (0-based). */
  index: number;
  /** The row's line in the pasted text, when given. */
  line: number | null;
  orderId: OrderId | null;
  orderNumber: string | null;
  carrier: string;
  trackingNumber: string;
  ok: boolean;
  error: { code: ShipRowError; message: string } | null;
}

export interface ShipOutcome {
  dryRun: boolean;
  results: ShipRowResult[];
  /** Shipments recorded (0 on a dry run). */
  queued: number;
  /** Shops whose confirmations were queued. */
  accountIds: AccountId[];
}

/** One shipment of an order and where its confirmation to the marketplace stands. */
export interface ShipmentRecord extends Shipment {
  id: number;
  /** The marketplace's message when it refused, or why sending waits. */
  lastError: string | null;
  /** Attempts made to send the confirmation. */
  attempts: number;
  /** When the next attempt is due, when one waits on a backoff. */
  retryAt: string | null;
}

/** Which rule a channel applies to a SKU: its own, its master's, the shop's default, or none. */
export type RuleScope = 'product' | 'master' | 'default' | 'none';

/** One listing of a SKU (or of one of its variants) as its channel sees it. */
export interface SkuChannel {
  listingId: number;
  accountId: AccountId;
  accountName: string;
  marketplace: Marketplace;
  sandbox: boolean;
  productId: ProductId;
  sku: string;
  remoteId: string;
  /** What the listing shows now. */
  shown: number;
  /** What the channel may show now (null: the SKU has no stock records, so it is not managed). */
  allowed: number | null;
  rule: { scope: RuleScope; buffer: number; maxQuantity: number | null; allocationPercent: number };
  /** A quantity update waits in the outbox. */
  pushQueued: boolean;
  /** Shows more than may be sold now. */
  danger: boolean;
}

export interface StockEditOutcome {
  /** False when the numbers were already these: nothing was written. */
  changed: boolean;
  /** Quantity updates queued for the channels. */
  queued: number;
}

export interface RateBucket {
  bucket: string;
  /** Requests waiting for the limiter. */
  waiting: number;
  /** The rate they are admitted at. */
  perSecond: number;
}

export interface AccountSyncStatus {
  accountId: AccountId;
  /** False when this engine has no connection to the shop now (offline, not set up here). */
  reachable: boolean;
  buckets: RateBucket[];
  /** Jobs waiting in the outbox, by kind of work. */
  queued: { listings: number; stock: number; shipments: number; held: number };
}

export interface SyncStatus {
  /** The run under way, if any (this engine's or another process's). */
  running: { runId: number; startedAt: string } | null;
  accounts: AccountSyncStatus[];
}

export type SchedulePreview =
  | { valid: true; schedule: string; next: string[] }
  | { valid: false; schedule: string; message: string };

/** Why a marketplace cannot be connected here now. */
export type ConnectUnavailable =
  /** No connector for this marketplace yet. */
  | 'coming_soon'
  /** The connector exists but this installation has no app credentials for it. */
  | 'needs_app_credentials';

export interface ConnectOption {
  marketplace: Marketplace;
  available: boolean;
  reason: ConnectUnavailable | null;
  /** Sites (regions) a shop can be connected for. */
  sites: string[];
  /** The redirect cannot bring the code back by itself: the seller pastes it. */
  needsShopId: boolean;
}

export interface ConnectStart {
  sessionId: string;
  marketplace: Marketplace;
  site: string;
  /** The marketplace's consent page. */
  consentUrl: string;
  /** The session ends unused at this time. */
  expiresAt: string;
}

export interface DisconnectOutcome {
  accountId: AccountId;
  /** 'disconnected': data kept, syncing stopped; 'removed': a sandbox shop and its data deleted. */
  result: 'disconnected' | 'removed';
  /** Rows removed with a sandbox shop (0 when disconnected). */
  removed: { listings: number; orders: number; skus: number };
  /** Changes that were waiting to be sent and no longer will be. */
  cancelledJobs: number;
}
