/**
 * The fake Amazon Selling Partner API, written from the official models and the notes
 * (../../../../shared/marketplace-specs/amazon, ../../../../shared/marketplace-notes.md §1),
 * never from our connector. It doubles as the built-in sandbox shop: `startAmazonSandbox()` serves
 * one seeded seller account on 127.0.0.1 (random port); the same server plays the LWA token host,
 * the Seller Central consent page and the S3 storage behind presigned feed-document URLs.
 *
 * Handle returned by startAmazonSandbox (the same shape as the fake Shopee's):
 * - baseUrl (SP-API), lwaTokenUrl, consentUrl; clientId/clientSecret/applicationId; sellerId,
 *   site, region, marketplaceId, currency: how to reach it and authorise against it;
 * - now() / advance(ms): the simulated clock (epoch ms) shared by tokens, windows, feeds and limits;
 * - groundTruth(): a deep copy of the listings and orders as they stand (for tests);
 * - writes(): every field applied through the write API (patch, put, feed), in order;
 * - feedReports(): every processing report the fake produced;
 * - faults: the FaultInjector (latency, throttles, 5xx, drops, truncated bodies);
 * - control: issue a consent code, expire access tokens, revoke the authorization, change the usage
 *   plans, repeat order pages; place, pay, cancel and ship orders; edit listings in Seller Central;
 * - stats(): requests per operation, throttled count, auth counters;
 * - exchanges(): every request/answer pair when `recordExchanges` was set;
 * - account: a ready-to-use account description for the app and `silkroute sandbox`;
 * - close().
 */
import { SimClock } from '../kit/clock.js';
import { FaultInjector, type FaultCounts } from '../kit/faults.js';
import { createRandom } from '../kit/random.js';
import { startSandboxServer, type SandboxExchange } from '../kit/server.js';
import { AmazonAuthority, type AuthorityStats } from './authority.js';
import { AccountControl, type PlaceOrderLine, type SellerEditChanges } from './control.js';
import { DEFAULT_FEED_TIMING, FeedDesk, type FeedTiming } from './feeds.js';
import { generateAccount } from './generate.js';
import { groundTruthOf, type AmazonGroundTruth } from './ground-truth.js';
import { errorBody } from './protocol.js';
import {
  QUOTA_EXCEEDED,
  createAmazonHandler,
  operationOf,
  type RouterDependencies,
} from './router.js';
import { AMAZON_SITES, type AmazonSite } from './sites.js';
import type { WriteRecord } from './state.js';
import { UsagePlans, type UsagePlanSetting } from './usage-plans.js';

export { AmazonControlError, type PlaceOrderLine, type SellerEditChanges } from './control.js';
export type {
  AmazonGroundTruth,
  AmazonGroundTruthListing,
  AmazonGroundTruthOrder,
} from './ground-truth.js';
export type { WriteRecord as AmazonWrite } from './state.js';
export { AMAZON_SITES, type AmazonSite } from './sites.js';
export { USAGE_PLANS, type AmazonOperation, type UsagePlanSetting } from './usage-plans.js';

/**
 * Obviously fake credentials: they work only against this local sandbox. The client secret is
 * not a secret; it is printed in the docs on purpose.
 */
export const AMAZON_SANDBOX_CREDENTIALS = Object.freeze({
  clientId: 'amzn1.application-oa2-client.sandbox0000000000000000000000000000',
  clientSecret: 'amzn1.oa2-cs.v1.sandbox-NOT-A-SECRET-works-only-on-127.0.0.1',
  applicationId: 'amzn1.sp.solution.sandbox-0000-0000-0000-000000000000',
  sellerId: 'A1SILKROUTESBX',
});

export interface AmazonSandboxOptions {
  /** Seeds prices, stock, statuses and orders (default 1). */
  seed?: number;
  /** Seeds what is sold: SKUs, titles, product types, ASINs (default: `seed`). */
  catalogSeed?: number;
  /** The seller id (merchant token); several accounts in one process need different ones. */
  sellerId?: string;
  /** Marketplace code: US (default), CA, MX, UK, DE, FR, JP, AU. */
  site?: string;
  listings?: number;
  orders?: number;
  /** Orders are spread over this many days before the start time. */
  orderDays?: number;
  /** Simulated epoch milliseconds at start (default: now). */
  startTime?: number;
  /** Simulated milliseconds per real millisecond (default 1). */
  timeScale?: number;
  /** Usage plans: default the models' per-operation plans; null = no limits. */
  rateLimit?: UsagePlanSetting;
  feedTiming?: Partial<FeedTiming>;
  recordExchanges?: boolean;
}

export interface AmazonSandboxAccount {
  marketplace: 'amazon';
  site: string;
  shopId: string;
  displayName: string;
  sandbox: true;
  currency: string;
  locale: string;
  connection: {
    environment: 'local';
    baseUrl: string;
    lwaTokenUrl: string;
    sellerCentralUrl: string;
    clientId: string;
    clientSecret: string;
    applicationId: string;
    region: AmazonSite['region'];
    marketplaceId: string;
  };
  notice: string;
}

export interface AmazonSandboxStats {
  requests: Record<string, number>;
  throttled: number;
  throttledBy: Record<string, number>;
  /**
   * Every request that reached the server, by path kind, faulted ones included (`requests` counts
   * only those that got to the operation): what a usage plan would have counted.
   */
  arrivals: Record<string, number>;
  auth: AuthorityStats;
  faults: FaultCounts;
}

export interface AmazonSandbox {
  baseUrl: string;
  lwaTokenUrl: string;
  consentUrl: string;
  clientId: string;
  clientSecret: string;
  applicationId: string;
  sellerId: string;
  site: string;
  region: AmazonSite['region'];
  marketplaceId: string;
  currency: string;
  now(): number;
  advance(simulatedMs: number): void;
  groundTruth(): AmazonGroundTruth;
  faults: FaultInjector;
  control: {
    issueAuthorizationCode(): string;
    /** What Seller Central's redirect brings back (for the connector's completeAuthorization). */
    issueAuthorization(state?: string): Record<string, string>;
    expireAccessTokens(): void;
    revokeAuthorization(): void;
    setRateLimit(setting: UsagePlanSetting): void;
    /** The next `count` searchOrders continuation pages repeat the page before (a fault). */
    repeatOrderPages(count: number): void;
    placeOrder(lines?: readonly PlaceOrderLine[]): string;
    placeRandomOrders(count: number): string[];
    authorizePayment(orderId: string): void;
    cancelOrder(orderId: string): void;
    shipOrder(orderId: string, trackingNumber?: string): void;
    sellerEdit(sku: string, changes: SellerEditChanges): void;
  };
  writes(): WriteRecord[];
  feedReports(): unknown[];
  stats(): AmazonSandboxStats;
  exchanges(): SandboxExchange[];
  account: AmazonSandboxAccount;
  close(): Promise<void>;
}

/** Counts every request the server sees before deciding its fault. */
class CountingFaults extends FaultInjector {
  constructor(
    seed: number,
    private readonly onArrival: (path: string) => void,
  ) {
    super(seed);
  }

  override decide(path: string) {
    this.onArrival(path);
    return super.decide(path);
  }
}

/** A path's kind, for counting arrivals (methods are not known at that point). */
function pathKind(path: string): string {
  if (/^\/listings\/2021-08-01\/items\/[^/]+$/.test(path)) return 'listings.items';
  if (/^\/listings\/2021-08-01\/items\/[^/]+\/[^/]+$/.test(path)) return 'listings.item';
  if (path === '/orders/2026-01-01/orders') return 'orders.search';
  if (/^\/orders\/2026-01-01\/orders\/[^/]+$/.test(path)) return 'orders.order';
  return path.split('/').slice(0, 3).join('/') || path;
}

function checkOptions(options: AmazonSandboxOptions): AmazonSite {
  const integer = (name: string, value: number | undefined, min: number) => {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= min))
      throw new RangeError(`${name} must be an integer of at least ${min}, got ${value}`);
  };
  integer('seed', options.seed, 0);
  integer('catalogSeed', options.catalogSeed, 0);
  integer('listings', options.listings, 0);
  integer('orders', options.orders, 0);
  integer('orderDays', options.orderDays, 1);
  if (options.sellerId !== undefined && !/^A[0-9A-Z]{5,20}$/.test(options.sellerId))
    throw new RangeError(
      `sellerId must look like an Amazon merchant token (A + 5-20 capitals/digits), got ${options.sellerId}`,
    );
  const site = AMAZON_SITES[options.site ?? 'US'];
  if (!site)
    throw new RangeError(
      `Unknown site ${options.site}; use one of ${Object.keys(AMAZON_SITES).join(', ')}`,
    );
  return site;
}

export async function startAmazonSandbox(
  options: AmazonSandboxOptions = {},
): Promise<AmazonSandbox> {
  const site = checkOptions(options);
  const seed = options.seed ?? 1;
  const sellerId = options.sellerId ?? AMAZON_SANDBOX_CREDENTIALS.sellerId;
  const clock = new SimClock({ startTime: options.startTime, timeScale: options.timeScale });
  const random = createRandom(seed * 7919 + 29);
  const state = generateAccount({
    seed,
    catalogSeed: options.catalogSeed ?? seed,
    site,
    sellerId,
    listingCount: options.listings ?? 200,
    orderCount: options.orders ?? 300,
    orderDays: options.orderDays ?? 90,
    now: clock.now(),
  });
  const { clientId, clientSecret, applicationId } = AMAZON_SANDBOX_CREDENTIALS;
  const authority = new AmazonAuthority(clock, random, clientId, clientSecret);
  const plans = new UsagePlans(clock, options.rateLimit);
  let baseUrl = '';
  const context = { state, clock, random, baseUrl: () => baseUrl };
  const feeds = new FeedDesk(context, { ...DEFAULT_FEED_TIMING, ...options.feedTiming });
  const control = new AccountControl(state, clock, createRandom(seed * 104_729 + 5));
  const arrivals: Record<string, number> = {};
  const faults = new CountingFaults(seed, (path) => {
    const kind = pathKind(path);
    arrivals[kind] = (arrivals[kind] ?? 0) + 1;
  });
  const requests: Record<string, number> = {};
  const throttledBy: Record<string, number> = {};
  const exchanges: SandboxExchange[] = [];
  let repeats = 0;
  const deps: RouterDependencies = {
    context,
    authority,
    plans,
    feeds,
    applicationId,
    repeatOrderPage: () => (repeats > 0 ? (repeats -= 1) >= 0 : false),
    onRequest: (operation) => void (requests[operation] = (requests[operation] ?? 0) + 1),
    onThrottled: (operation) => void (throttledBy[operation] = (throttledBy[operation] ?? 0) + 1),
  };
  const server = await startSandboxServer({
    clock,
    handler: createAmazonHandler(deps),
    faults,
    serverError: () => ({
      status: 500,
      json: errorBody('InternalFailure', 'We encountered an internal error. Please try again.'),
    }),
    rateLimited: (request) => {
      const operation = operationOf(deps, request);
      const limit = operation ? plans.header(operation) : null;
      const headers: Record<string, string> = limit ? { 'x-amzn-RateLimit-Limit': limit } : {};
      return { status: 429, headers, json: QUOTA_EXCEEDED };
    },
    onExchange: options.recordExchanges ? (exchange) => exchanges.push(exchange) : undefined,
  });
  baseUrl = server.baseUrl;
  const lwaTokenUrl = `${baseUrl}/auth/o2/token`;
  const consentUrl = `${baseUrl}/apps/authorize/consent`;
  const suffix = sellerId === AMAZON_SANDBOX_CREDENTIALS.sellerId ? '' : ` ${sellerId}`;
  return {
    baseUrl,
    lwaTokenUrl,
    consentUrl,
    clientId,
    clientSecret,
    applicationId,
    sellerId,
    site: site.code,
    region: site.region,
    marketplaceId: site.marketplaceId,
    currency: site.currency,
    now: () => clock.now(),
    advance: (simulatedMs) => clock.advance(simulatedMs),
    groundTruth: () => {
      feeds.settle();
      return groundTruthOf(state, clock.now());
    },
    faults,
    control: {
      issueAuthorizationCode: () => authority.issueCode(),
      issueAuthorization: (stateValue = 'sandbox') => ({
        spapi_oauth_code: authority.issueCode(),
        state: stateValue,
        selling_partner_id: sellerId,
      }),
      expireAccessTokens: () => authority.expireAccessTokens(),
      revokeAuthorization: () => authority.revokeAuthorization(),
      setRateLimit: (setting) => plans.configure(setting),
      repeatOrderPages: (count) => {
        if (!Number.isSafeInteger(count) || count < 0)
          throw new RangeError('count must be a non-negative integer');
        repeats = count;
      },
      placeOrder: (lines) => control.placeOrder(lines),
      placeRandomOrders: (count) => control.placeRandomOrders(count),
      authorizePayment: (orderId) => control.authorizePayment(orderId),
      cancelOrder: (orderId) => control.cancelOrder(orderId),
      shipOrder: (orderId, trackingNumber) => control.shipOrder(orderId, trackingNumber),
      sellerEdit: (sku, changes) => control.sellerEdit(sku, changes),
    },
    writes: () => state.writes.map((write) => ({ ...write })),
    feedReports: () => feeds.reports.slice(),
    stats: () => ({
      requests: { ...requests },
      throttled: Object.values(throttledBy).reduce((sum, count) => sum + count, 0),
      throttledBy: { ...throttledBy },
      auth: { ...authority.stats },
      faults: faults.injected(),
      arrivals: { ...arrivals },
    }),
    exchanges: () => exchanges.slice(),
    account: {
      marketplace: 'amazon',
      site: site.code,
      shopId: sellerId,
      displayName: `Sandbox seller${suffix} (Amazon ${site.code}, simulated)`,
      sandbox: true,
      currency: site.currency,
      locale: site.locale,
      connection: {
        environment: 'local',
        baseUrl,
        lwaTokenUrl,
        sellerCentralUrl: baseUrl,
        clientId,
        clientSecret,
        applicationId,
        region: site.region,
        marketplaceId: site.marketplaceId,
      },
      notice:
        'Simulated Amazon seller account on this computer. The credentials are fake and work only against this local sandbox.',
    },
    close: () => server.close(),
  };
}
