/**
 * The one interface all five marketplace connectors implement. A connector works for ONE account:
 * it authorises, reads and writes that shop through the HTTP kit, and returns normalised objects
 * (shared/marketplace.ts) with the marketplace's raw payload kept in `raw`. Connectors never touch
 * the store: the engine writes what they return, in one transaction per page, together with the
 * page's cursor or checkpoint so a run can resume where it stopped.
 *
 * Capabilities a marketplace lacks are declared in `capabilities`, never faked: calling a method
 * whose capability is false rejects with UnsupportedError without any request.
 *
 * Errors: every method rejects only with a ConnectorError (http/errors.ts), whose `kind` says what
 * to do next. Bad data from the marketplace never rejects a whole page: an object that cannot be
 * read is left out of `items` and reported in `problems` with its raw payload.
 */
import type { Marketplace } from '../shared/domain.js';
import type {
  MarketplaceHeldStock,
  NormalizedListing,
  NormalizedOrder,
} from '../shared/marketplace.js';
import type { Money } from '../shared/money.js';
import type { AuthStatus } from './http/tokens.js';

export interface ConnectorCapabilities {
  listings: {
    /** listListings honours `changedSince`. */
    changedSince: boolean;
    create: boolean;
    /** createListing can create variations (false: single-unit listings only). */
    createVariations: boolean;
    /**
     * Item-level fields updateListing can change. 'languages': the title and description in each
     * language of a site that lists in several (ListingChangesInput.languages).
     */
    updatableFields: readonly ('title' | 'description' | 'status' | 'sku' | 'languages')[];
  };
  prices: BatchCapability;
  stock: BatchCapability;
  orders: {
    /** listOrders filters by last-update time. */
    changedWindow: boolean;
    /** The marketplace's largest time window per query (the connector slices longer ones). */
    maxWindowDays: number | null;
  };
  shipments: {
    confirm: boolean;
    /** A tracking number can be sent with the confirmation. */
    tracking: boolean;
  };
}

export interface BatchCapability {
  supported: boolean;
  /** Most updates one marketplace call carries. */
  batchSize: number;
  /** One call may only touch variants of one listing (Shopee). */
  onePerListing: boolean;
}

/** An entry the connector could not turn into a normalised object; kept for the seller to see. */
export interface PayloadProblem {
  kind: 'invalid_payload' | 'unknown_value' | 'missing';
  operation: string;
  remoteId: string | null;
  message: string;
  issues: string[];
  requestId: string | null;
  raw: unknown;
}

export interface Page<T> {
  items: T[];
  problems: PayloadProblem[];
  /** Opaque; pass back to get the next page. null = no more pages. */
  nextCursor: string | null;
}

export interface ListingPageRequest {
  cursor: string | null;
  /** ISO-8601 UTC; only listings changed at or after this time (when capabilities say so). */
  changedSince: string | null;
}

export interface OrderPageRequest {
  /** ISO-8601 UTC window of last-update times, both ends included. */
  window: { from: string; to: string };
  /** Opaque checkpoint from the previous page of this window; null to start. */
  checkpoint: string | null;
}

export interface OrderPage {
  orders: NormalizedOrder[];
  problems: PayloadProblem[];
  /** Store this with the page; null = the window is done. */
  checkpoint: string | null;
}

export interface PriceUpdate {
  remoteId: string;
  /** '' for a listing without variations. */
  remoteVariantId: string;
  price: Money;
}

export interface StockUpdate {
  remoteId: string;
  remoteVariantId: string;
  quantity: number;
}

export type ItemResult =
  | { remoteId: string; remoteVariantId: string; ok: true }
  | {
      remoteId: string;
      remoteVariantId: string;
      ok: false;
      kind: 'retryable' | 'rate_limited' | 'auth_expired' | 'permanent' | 'needs_user';
      code: string | null;
      message: string;
      requestId: string | null;
    };

export interface CreateListingInput {
  sku: string;
  title: string;
  description: string;
  price: Money;
  quantity: number;
  status: 'active' | 'inactive';
  weightGrams: number | null;
  /** Marketplace-specific required fields (category, image ids, logistics…), validated by the connector. */
  marketplaceFields: Record<string, unknown>;
}

export interface ListingChangesInput {
  title?: string;
  description?: string;
  sku?: string;
  status?: 'active' | 'inactive';
  /**
   * The text in every language the site lists in (Amazon.ca: en-CA and fr-CA), written together
   * in one call; the account's own language first, its title and description equal to `title` and
   * `description`. Only for connectors whose updatableFields include 'languages'.
   */
  languages?: LanguageText[];
}

/** A listing's title and description in one language (BCP 47 locale, e.g. fr-CA). */
export interface LanguageText {
  locale: string;
  title: string;
  description: string;
}

export interface ShippingOptions {
  remoteOrderId: string;
  /** How this order can be shipped; `tracking_only` = the seller's own carrier with a tracking number. */
  methods: ('pickup' | 'dropoff' | 'tracking_only')[];
  raw: unknown;
}

export interface ShipmentConfirmation {
  remoteOrderId: string;
  trackingNumber: string;
  carrier: string | null;
  /** Marketplace package id when an order ships in several packages. */
  packageId: string | null;
}

export interface ShipmentResult {
  remoteOrderId: string;
  trackingNumber: string;
  state: 'confirmed';
  requestId: string | null;
}

export interface Connector {
  readonly marketplace: Marketplace;
  readonly capabilities: ConnectorCapabilities;

  /** The URL to send the seller to for consent; `state` comes back on the redirect. */
  consentUrl(request: { redirectUrl: string; state: string }): Promise<string>;
  /** Exchanges what the redirect brought back (code, shop id…) for tokens, saved before use. */
  completeAuthorization(callback: Record<string, string>): Promise<AuthStatus & { shopId: string }>;
  /** Refreshes the access token now (normally automatic). */
  refreshAuthorization(): Promise<AuthStatus>;
  /** Where the authorization stands, including "re-authorise by DATE". */
  authStatus(): Promise<AuthStatus>;

  listListings(request: ListingPageRequest): Promise<Page<NormalizedListing>>;
  /** One listing with all its variations. */
  getListing(remoteId: string): Promise<Page<NormalizedListing>>;
  createListing(input: CreateListingInput): Promise<Page<NormalizedListing>>;
  updateListing(remoteId: string, changes: ListingChangesInput): Promise<void>;
  /** One result per update, in input order; split into marketplace-sized calls by the connector. */
  updatePrices(updates: PriceUpdate[]): Promise<ItemResult[]>;
  updateStock(updates: StockUpdate[]): Promise<ItemResult[]>;

  listOrders(request: OrderPageRequest): Promise<OrderPage>;
  /** Orders with their lines, by marketplace order id. */
  getOrders(remoteIds: string[]): Promise<Page<NormalizedOrder>>;
  getShippingOptions(remoteOrderId: string): Promise<ShippingOptions>;
  confirmShipment(confirmation: ShipmentConfirmation): Promise<ShipmentResult>;

  /**
   * What the connector's rate limiter holds per bucket now: requests waiting and the rate they are
   * admitted at (for progress and ETA). Optional: a connector without a limiter omits it.
   */
  rateStatus?(): RateStatus[];

  /**
   * Stock the marketplace holds and ships itself (Amazon FBA), all of it or what changed since an
   * ISO time. Optional: only marketplaces with their own fulfilment network have it.
   */
  marketplaceStock?(changedSince: string | null): Promise<MarketplaceHeldStock[]>;

  /** Releases sockets; the connector is not used afterwards. */
  close(): Promise<void>;
}

export interface RateStatus {
  bucket: string;
  waiting: number;
  perSecond: number;
}

export type { AuthStatus };
