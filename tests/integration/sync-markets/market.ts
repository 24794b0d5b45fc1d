/**
 * One simulated marketplace as the sync tests drive it, whatever the marketplace: the fake started
 * with the test's sizes and limits, its connection as the app's sandbox shop gives it (settings
 * and a fresh consent callback, src/cli/sandbox-shop-adapters.ts), and its ground truth, buyers,
 * carriers, seller edits and write log in one vocabulary. Each marketplace's adapter
 * (sync-markets/<marketplace>.ts) maps its fake's own shapes to this one; the expected unified
 * statuses are written there from the marketplace's documentation, never read from the connector.
 */
import type { SandboxShop } from '../../../src/engine/sandbox-shops.js';
import type { FaultSettings, RateLimitSettings } from '../../../src/sandbox/index.js';
import type { FaultCounts } from '../../../src/sandbox/kit/faults.js';
import type { Marketplace } from '../../../src/shared/domain.js';

/** One sellable unit as the marketplace shows it, keyed as our listings are. */
export interface TruthListing {
  remoteId: string;
  /** '' for a unit without variations (where the connector uses '' too). */
  remoteVariantId: string;
  sku: string;
  title: string;
  price: number;
  quantity: number;
  status: string;
}

export interface TruthOrderLine {
  remoteListingId: string;
  sku: string;
  quantity: number;
  unitPrice: number;
}

export interface TruthOrder {
  remoteId: string;
  /** The unified status our side must show. */
  status: string;
  /** The marketplace's own status as stored beside it; null where it is a composite not compared. */
  rawStatus: string | null;
  total: number;
  lines: TruthOrderLine[];
}

/** A unit of a listing on the marketplace (what an order line or a seller edit points at). */
export interface UnitRef {
  remoteId: string;
  remoteVariantId: string;
}

/** What the seller changes by hand on the marketplace's own site (not through the API). */
export interface SellerChange {
  /** The whole listing's title (every unit of it). */
  title?: string;
  /** Minor units of the shop's currency. */
  price?: number;
  quantity?: number;
}

/** One field applied through the marketplace's write API. */
export interface MarketWrite {
  remoteId: string;
  /** The unit written; null for a write to the whole listing (title, description, status). */
  remoteVariantId: string | null;
  /** 'price', 'quantity', 'title', or the fake's own name for other fields. */
  field: string;
  value: unknown;
}

export interface MarketOptions {
  /** Shops of one marketplace in one world need different ids: the n-th gets the n-th id. */
  index: number;
  /** Seeds prices, stock and orders. */
  seed: number;
  /** Seeds what is sold; one catalogue seed gives the same SKUs where the fakes share a scheme. */
  catalogSeed: number;
  items: number;
  orders: number;
  orderDays: number;
  startTime: number;
  /**
   * Simulated ms per real ms (default: the marketplace's test scale, TEST_TIME_SCALES). Where the
   * marketplace makes the client wait in its own time (Wish's bulk jobs, Amazon's feeds), a faster
   * clock keeps a test short without changing what is waited for.
   */
  timeScale?: number;
  /** The fake's own limit. */
  rateLimit: RateLimitSettings;
  /** How fast the connector may call it (kept under the fake's limit). */
  clientRate: RateLimitSettings;
}

/** How a started fake is driven: its clock's scale, and how fast its connector may call it. */
export interface MarketSettings {
  timeScale: number;
  clientRate: RateLimitSettings | null;
}

export interface MarketShop {
  readonly marketplace: Marketplace;
  /** Names the shop in differences and messages. */
  readonly label: string;
  /** The shop as the app's sandbox shop: identity, connector settings, consent callback. */
  readonly shop: SandboxShop;
  now(): number;
  advance(ms: number): void;
  /** Simulated ms per real ms; the connector sleeps on the same scale. */
  readonly timeScale: number;
  readonly faults: {
    set(settings: FaultSettings): void;
    clear(): void;
    injected(): FaultCounts;
  };
  /** Path prefixes of the one-time code exchange (a lost answer there is the seller's to redo). */
  readonly authPaths: readonly string[];
  expireAccessTokens(): void;
  listings(): TruthListing[];
  orders(): TruthOrder[];
  /** Places an order for one unit; returns its id. */
  placeOrder(unit: UnitRef, quantity: number): string;
  placeRandomOrders(count: number): string[];
  /** Orders a buyer may cancel now, and orders the seller may ship now. */
  cancellable(): string[];
  cancelOrder(orderId: string): void;
  shippable(): string[];
  shipOrder(orderId: string): void;
  sellerEdit(unit: UnitRef, change: SellerChange): void;
  writes(): MarketWrite[];
  /** Requests the fake throttled because its limit was reached (not injected faults). */
  throttled(): number;
  close(): Promise<void>;
}

/**
 * Per-marketplace test time scales: Wish applies bulk updates as jobs a few seconds later (polled
 * every 2 s), Amazon processes feeds (polled every second); the others answer at once.
 */
export const TEST_TIME_SCALES: Readonly<Record<Marketplace, number>> = {
  amazon: 5,
  ebay: 1,
  aliexpress: 1,
  wish: 20,
  shopee: 1,
};

export const unitKey = (unit: UnitRef) => `${unit.remoteId}/${unit.remoteVariantId}`;
