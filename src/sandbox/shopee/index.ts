/**
 * The fake Shopee Open Platform v2, written from the reference records and the developer guide (see
 * ../../../../shared/marketplace-notes.md §5), never from our connector. It doubles as the
 * built-in sandbox shop: `startShopeeSandbox()` serves a seeded shop on 127.0.0.1 (random port).
 *
 * Handle returned by startShopeeSandbox:
 * - baseUrl, partnerId, partnerKey, shopId, region, currency: how to reach and sign for it;
 * - now() / advance(ms): the simulated clock (Unix ms), shared by tokens, windows and rate limits;
 * - groundTruth(): a deep copy of the shop's items and orders as they stand now (for tests);
 * - writes(): every field applied through the write API, in order (crash tests count them);
 * - faults: the FaultInjector (latency, throttles, 5xx, drops, truncated bodies);
 * - control: issue a consent code, expire access tokens, revoke the authorization, change limits;
 *   place, cancel and ship orders as buyers and carriers would; edit listings as the seller would
 *   in Seller Centre (see control.ts);
 * - stats(): requests per path, throttled count, auth counters (refreshTokenReuse must stay 0);
 * - exchanges(): every request/answer pair when `recordExchanges` was set;
 * - account: a ready-to-use account description for the app and `silkroute sandbox`;
 * - close().
 */
import { SimClock } from '../kit/clock.js';
import { FaultInjector, type FaultCounts } from '../kit/faults.js';
import { createRandom } from '../kit/random.js';
import { RateLimiterTable, type RateLimitSettings } from '../kit/rate-limit.js';
import { startSandboxServer, type SandboxExchange } from '../kit/server.js';
import { ShopeeAuthority, type AuthorityStats } from './authority.js';
import { ShopControl, type PlaceOrderLine, type SellerEditChanges } from './control.js';
import { generateShopState, shopIdRange } from './generate.js';
import { groundTruthOf, type ShopeeGroundTruth } from './ground-truth.js';
import { createShopeeHandler, serverErrorAnswer, throttledAnswer } from './router.js';
import type { WriteRecord as ShopeeWrite } from './state.js';

export { ShopeeControlError, type PlaceOrderLine, type SellerEditChanges } from './control.js';
export type {
  ShopeeGroundTruth,
  ShopeeGroundTruthItem,
  ShopeeGroundTruthModel,
  ShopeeGroundTruthOrder,
} from './ground-truth.js';
export type { WriteField, WriteRecord as ShopeeWrite } from './state.js';

/**
 * Obviously fake credentials: they work only against this local sandbox and sign nothing real.
 * The partner key is not a secret; it is printed in the docs on purpose.
 */
export const SHOPEE_SANDBOX_CREDENTIALS = Object.freeze({
  partnerId: 999_000_001,
  partnerKey: 'sandbox-partner-key-NOT-A-SECRET-works-only-on-127.0.0.1',
  shopId: 999_000_101,
});

/**
 * Shopee publishes no numeric rate limits (every record says [0, 0, 0]). The fake defaults to a
 * deliberately conservative 10 requests per second per shop with a burst of 20; tests and the
 * benchmark set their own.
 */
export const SHOPEE_SANDBOX_DEFAULT_RATE_LIMIT: RateLimitSettings = Object.freeze({
  requestsPerSecond: 10,
  burst: 20,
});

export interface ShopeeSandboxOptions {
  /** Seeds ids, prices, stock, statuses and orders (default 1). */
  seed?: number;
  /**
   * Seeds what is sold: SKUs, names, variations and model SKUs (default: `seed`). Two shops with
   * different seeds and one catalogSeed sell the same SKUs, as one seller's shops on two sites do.
   */
  catalogSeed?: number;
  /**
   * The shop's id (default SHOPEE_SANDBOX_CREDENTIALS.shopId). Accounts are unique by marketplace,
   * site and shop id, so several shops in one process need different ones.
   */
  shopId?: number;
  items?: number;
  orders?: number;
  /** Orders are spread over this many days before the start time. */
  orderDays?: number;
  /** Simulated Unix milliseconds at start (default: now). */
  startTime?: number;
  /** Simulated milliseconds per real millisecond (default 1). */
  timeScale?: number;
  /** null = no limit. */
  rateLimit?: RateLimitSettings | null;
  /** Third-party reports disagree on 200 vs 429 for throttling; the body is the same either way. */
  rateLimitStatus?: 200 | 429;
  authorizationDays?: number;
  recordExchanges?: boolean;
}

export interface ShopeeSandboxAccount {
  marketplace: 'shopee';
  site: string;
  shopId: string;
  displayName: string;
  sandbox: true;
  currency: string;
  locale: string;
  connection: {
    baseUrl: string;
    partnerId: number;
    partnerKey: string;
    shopId: number;
    region: string;
  };
  notice: string;
}

export interface ShopeeSandboxStats {
  requests: Record<string, number>;
  throttled: number;
  auth: AuthorityStats;
  faults: FaultCounts;
}

export interface ShopeeSandbox {
  baseUrl: string;
  partnerId: number;
  partnerKey: string;
  shopId: number;
  region: string;
  currency: string;
  now(): number;
  advance(simulatedMs: number): void;
  groundTruth(): ShopeeGroundTruth;
  faults: FaultInjector;
  control: {
    issueAuthorizationCode(): string;
    expireAccessTokens(): void;
    revokeAuthorization(): void;
    setRateLimit(settings: RateLimitSettings | null): void;
    /** Places an order now (random in-stock lines when none are given); returns its order_sn. */
    placeOrder(lines?: readonly PlaceOrderLine[]): string;
    placeRandomOrders(count: number): string[];
    cancelOrder(orderSn: string): void;
    shipOrder(orderSn: string, trackingNumber?: string): void;
    sellerEdit(itemId: number, changes: SellerEditChanges): void;
  };
  /** Every field applied through the write API, oldest first (a copy). */
  writes(): ShopeeWrite[];
  stats(): ShopeeSandboxStats;
  exchanges(): SandboxExchange[];
  account: ShopeeSandboxAccount;
  close(): Promise<void>;
}

/** Rejects options that would build a shop other than the one asked for. */
function checkOptions(options: ShopeeSandboxOptions): void {
  const integer = (name: string, value: number | undefined, min: number) => {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= min)) {
      throw new RangeError(`${name} must be an integer of at least ${min}, got ${value}`);
    }
  };
  integer('seed', options.seed, 0);
  integer('catalogSeed', options.catalogSeed, 0);
  integer('shopId', options.shopId, 1);
  integer('items', options.items, 0);
  integer('orders', options.orders, 0);
  integer('orderDays', options.orderDays, 1);
}

export async function startShopeeSandbox(
  options: ShopeeSandboxOptions = {},
): Promise<ShopeeSandbox> {
  const seed = options.seed ?? 1;
  const shopId = options.shopId ?? SHOPEE_SANDBOX_CREDENTIALS.shopId;
  checkOptions(options);
  const clock = new SimClock({ startTime: options.startTime, timeScale: options.timeScale });
  const random = createRandom(seed * 7919 + 17);
  const state = generateShopState({
    seed,
    catalogSeed: options.catalogSeed,
    firstId: shopIdRange(seed, shopId, SHOPEE_SANDBOX_CREDENTIALS.shopId),
    itemCount: options.items ?? 200,
    orderCount: options.orders ?? 300,
    orderDays: options.orderDays ?? 90,
    nowSeconds: clock.nowSeconds(),
    region: 'SG',
    currency: 'SGD',
  });
  const { partnerId, partnerKey } = SHOPEE_SANDBOX_CREDENTIALS;
  // Several shops side by side need names a seller can tell apart; the default shop keeps its own.
  const nameSuffix = shopId === SHOPEE_SANDBOX_CREDENTIALS.shopId ? '' : ` ${shopId}`;
  const control = new ShopControl(state, clock, createRandom(seed * 104_729 + 3));
  const authority = new ShopeeAuthority(
    clock,
    random,
    partnerId,
    partnerKey,
    shopId,
    options.authorizationDays ?? 365,
  );
  const limiter = new RateLimiterTable(
    clock,
    options.rateLimit === undefined ? SHOPEE_SANDBOX_DEFAULT_RATE_LIMIT : options.rateLimit,
  );
  const faults = new FaultInjector(seed);
  const requests: Record<string, number> = {};
  const exchanges: SandboxExchange[] = [];
  let throttled = 0;
  const rateLimitStatus = options.rateLimitStatus ?? 429;
  const handler = createShopeeHandler({
    clock,
    random,
    state,
    authority,
    limiter,
    rateLimitStatus: () => rateLimitStatus,
    shopName: `Silkroute Sandbox Shop${nameSuffix} (simulated)`,
    onRequest: (path) => {
      requests[path] = (requests[path] ?? 0) + 1;
    },
    onThrottled: () => {
      throttled += 1;
    },
  });
  const server = await startSandboxServer({
    clock,
    handler,
    faults,
    serverError: () => serverErrorAnswer(random),
    rateLimited: (_request, retryAfterMs) => throttledAnswer(random, rateLimitStatus, retryAfterMs),
    onExchange: options.recordExchanges ? (exchange) => exchanges.push(exchange) : undefined,
  });

  return {
    baseUrl: server.baseUrl,
    partnerId,
    partnerKey,
    shopId,
    region: state.region,
    currency: state.currency,
    now: () => clock.now(),
    advance: (simulatedMs) => clock.advance(simulatedMs),
    groundTruth: () => groundTruthOf(state, clock.nowSeconds(), shopId),
    writes: () => state.writes.map((write) => ({ ...write })),
    faults,
    control: {
      issueAuthorizationCode: () => authority.issueCode(),
      expireAccessTokens: () => authority.expireAccessTokens(),
      revokeAuthorization: () => authority.revokeAuthorization(),
      setRateLimit: (settings) => limiter.configure(settings),
      placeOrder: (lines) => control.placeOrder(lines),
      placeRandomOrders: (count) => control.placeRandomOrders(count),
      cancelOrder: (orderSn) => control.cancelOrder(orderSn),
      shipOrder: (orderSn, trackingNumber) => control.shipOrder(orderSn, trackingNumber),
      sellerEdit: (itemId, changes) => control.sellerEdit(itemId, changes),
    },
    stats: () => ({
      requests: { ...requests },
      throttled,
      auth: { ...authority.stats },
      faults: faults.injected(),
    }),
    exchanges: () => exchanges.slice(),
    account: {
      marketplace: 'shopee',
      site: state.region,
      shopId: String(shopId),
      displayName: `Sandbox shop${nameSuffix} (Shopee, simulated)`,
      sandbox: true,
      currency: state.currency,
      locale: 'en-SG',
      connection: { baseUrl: server.baseUrl, partnerId, partnerKey, shopId, region: state.region },
      notice:
        'Simulated shop on this computer. The credentials are fake and work only against this local sandbox.',
    },
    close: () => server.close(),
  };
}
