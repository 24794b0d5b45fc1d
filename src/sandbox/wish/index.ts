/**
 * The fake Wish Merchant API v3, written from Wish's v3.0.65 OpenAPI export and the notes in
 * ../../../../shared/marketplace-notes.md §4, never from our connector. It doubles as the built-in
 * sandbox shop: `startWishSandbox()` serves a seeded merchant on 127.0.0.1 (random port).
 *
 * Handle (the same control surface as the fake Shopee, names adapted to Wish):
 * - baseUrl, clientId, clientSecret, merchantId, currency: how to reach and authorise it;
 * - now() / advance(ms): the simulated clock (epoch ms) shared by tokens, windows and limits;
 * - groundTruth(): a deep copy of products and orders as they stand now;
 * - writes(): every field applied through the API, in order;
 * - faults: latency, 5xx, throttles (429 + Wish-Rate-Limit-Reset), drops, truncated bodies;
 * - control: issue a consent code, expire or revoke tokens, set the rate limit; place, cancel and
 *   ship orders as buyers and the merchant would; edit products as in the merchant dashboard;
 * - stats(), exchanges(), account, close().
 */
import { SimClock } from '../kit/clock.js';
import { FaultInjector, type FaultCounts } from '../kit/faults.js';
import { createRandom } from '../kit/random.js';
import type { RateLimitSettings } from '../kit/rate-limit.js';
import { startSandboxServer, type SandboxExchange } from '../kit/server.js';
import { WishAuthority, type WishAuthorityStats } from './authority.js';
import { WishControl, type PlaceOrderLine, type SellerEditChanges } from './control.js';
import { generateWishState } from './generate.js';
import { groundTruthOf, type WishGroundTruth } from './ground-truth.js';
import { createWishHandler, serverErrorAnswer, throttledAnswer } from './router.js';
import type { WishWrite } from './state.js';
import { WindowLimiter } from './window-limit.js';

export { WishControlError, type PlaceOrderLine, type SellerEditChanges } from './control.js';
export type {
  WishGroundTruth,
  WishGroundTruthOrder,
  WishGroundTruthProduct,
  WishGroundTruthVariation,
} from './ground-truth.js';
export type { WishWrite, WriteField } from './state.js';

/**
 * Obviously fake credentials: they work only against this local sandbox. The client secret is not
 * a secret; it is printed in the docs on purpose.
 */
export const WISH_SANDBOX_CREDENTIALS = Object.freeze({
  clientId: 'sandbox-wish-client-0001',
  clientSecret: 'sandbox-wish-secret-NOT-A-SECRET-works-only-on-127.0.0.1',
  merchantId: '5f0000000000000000000001',
  redirectUri: 'http://127.0.0.1/silkroute/wish/callback',
});

/** Wish publishes no numbers: 10 calls per second on average, 50 per 5-second window. */
export const WISH_SANDBOX_DEFAULT_RATE_LIMIT: RateLimitSettings = Object.freeze({
  requestsPerSecond: 10,
  burst: 50,
});

export interface WishSandboxOptions {
  /** Seeds ids, prices, stock, states and orders (default 1). */
  seed?: number;
  /** Seeds what is sold (SKUs, names, variations); default `seed`. */
  catalogSeed?: number;
  /** The merchant id (24 hex digits); several merchants in one process need different ones. */
  shopId?: string;
  items?: number;
  orders?: number;
  orderDays?: number;
  /** Products sharing one updated_at (default 30 % of items) and orders sharing one (30 %). */
  tiedItems?: number;
  tiedOrders?: number;
  startTime?: number;
  timeScale?: number;
  /** null = no limit. */
  rateLimit?: RateLimitSettings | null;
  recordExchanges?: boolean;
}

export interface WishSandboxAccount {
  marketplace: 'wish';
  site: string;
  shopId: string;
  displayName: string;
  sandbox: true;
  currency: string;
  locale: string;
  connection: { baseUrl: string; clientId: string; clientSecret: string; redirectUri: string };
  notice: string;
}

export interface WishSandboxStats {
  /** By route (`GET /api/v3/products/{id}`) or OAuth path. */
  requests: Record<string, number>;
  throttled: number;
  auth: WishAuthorityStats;
  faults: FaultCounts;
}

export interface WishSandbox {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  merchantId: string;
  shopId: string;
  site: string;
  currency: string;
  now(): number;
  advance(simulatedMs: number): void;
  groundTruth(): WishGroundTruth;
  faults: FaultInjector;
  control: {
    issueAuthorizationCode(): string;
    expireAccessTokens(): void;
    revokeAuthorization(): void;
    setRateLimit(settings: RateLimitSettings | null): void;
    placeOrder(lines?: readonly PlaceOrderLine[]): string;
    placeRandomOrders(count: number): string[];
    cancelOrder(orderId: string): void;
    shipOrder(orderId: string, trackingNumber?: string): void;
    sellerEdit(productId: string, changes: SellerEditChanges): void;
  };
  writes(): WishWrite[];
  stats(): WishSandboxStats;
  exchanges(): SandboxExchange[];
  account: WishSandboxAccount;
  close(): Promise<void>;
}

function checkOptions(options: WishSandboxOptions): void {
  const integer = (name: string, value: number | undefined, min: number) => {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= min)) {
      throw new RangeError(`${name} must be an integer of at least ${min}, got ${value}`);
    }
  };
  integer('seed', options.seed, 0);
  integer('catalogSeed', options.catalogSeed, 0);
  integer('items', options.items, 0);
  integer('orders', options.orders, 0);
  integer('orderDays', options.orderDays, 1);
  integer('tiedItems', options.tiedItems, 0);
  integer('tiedOrders', options.tiedOrders, 0);
  if (options.shopId !== undefined && !/^[0-9a-f]{24}$/.test(options.shopId)) {
    throw new RangeError(
      `shopId must be 24 hex digits (a Wish merchant id), got ${options.shopId}`,
    );
  }
}

export async function startWishSandbox(options: WishSandboxOptions = {}): Promise<WishSandbox> {
  checkOptions(options);
  const seed = options.seed ?? 1;
  const merchantId = options.shopId ?? WISH_SANDBOX_CREDENTIALS.merchantId;
  const clock = new SimClock({ startTime: options.startTime, timeScale: options.timeScale });
  const items = options.items ?? 200;
  const orders = options.orders ?? 300;
  const generated = generateWishState({
    // Another merchant id on the same seed gets other object ids.
    seed:
      merchantId === WISH_SANDBOX_CREDENTIALS.merchantId
        ? seed
        : seed ^ Number.parseInt(merchantId.slice(-6), 16),
    catalogSeed: options.catalogSeed ?? seed,
    merchantId,
    products: items,
    orders,
    orderDays: options.orderDays ?? 90,
    nowMs: clock.now(),
    tiedProducts: options.tiedItems ?? Math.floor(items * 0.3),
    tiedOrders: options.tiedOrders ?? Math.floor(orders * 0.3),
  });
  const { state } = generated;
  const random = createRandom(seed * 7919 + 29);
  const { clientId, clientSecret, redirectUri } = WISH_SANDBOX_CREDENTIALS;
  const authority = new WishAuthority(clock, random, clientId, clientSecret, merchantId);
  const control = new WishControl(state, clock, createRandom(seed * 104_729 + 5));
  const limiter = new WindowLimiter(
    clock,
    options.rateLimit === undefined ? WISH_SANDBOX_DEFAULT_RATE_LIMIT : options.rateLimit,
  );
  const faults = new FaultInjector(seed);
  const requests: Record<string, number> = {};
  const exchanges: SandboxExchange[] = [];
  let throttled = 0;
  const handler = createWishHandler({
    clock,
    random,
    state,
    authority,
    limiter,
    onRequest: (route) => {
      requests[route] = (requests[route] ?? 0) + 1;
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
    rateLimited: (_request, retryAfterMs) => throttledAnswer(clock.now() + retryAfterMs),
    onExchange: options.recordExchanges ? (exchange) => exchanges.push(exchange) : undefined,
  });
  const suffix =
    merchantId === WISH_SANDBOX_CREDENTIALS.merchantId ? '' : ` ${merchantId.slice(-4)}`;

  return {
    baseUrl: server.baseUrl,
    clientId,
    clientSecret,
    redirectUri,
    merchantId,
    shopId: merchantId,
    site: 'US',
    currency: state.currency,
    now: () => clock.now(),
    advance: (simulatedMs) => clock.advance(simulatedMs),
    groundTruth: () =>
      groundTruthOf(state, clock.now(), {
        products: generated.tiedProductsAt,
        orders: generated.tiedOrdersAt,
      }),
    writes: () => state.writes.map((write) => ({ ...write })),
    faults,
    control: {
      issueAuthorizationCode: () => authority.issueCode(),
      expireAccessTokens: () => authority.expireAccessTokens(),
      revokeAuthorization: () => authority.revokeAuthorization(),
      setRateLimit: (settings) => limiter.configure(settings),
      placeOrder: (lines) => control.placeOrder(lines),
      placeRandomOrders: (count) => control.placeRandomOrders(count),
      cancelOrder: (orderId) => control.cancelOrder(orderId),
      shipOrder: (orderId, trackingNumber) => control.shipOrder(orderId, trackingNumber),
      sellerEdit: (productId, changes) => control.sellerEdit(productId, changes),
    },
    stats: () => ({
      requests: { ...requests },
      throttled,
      auth: { ...authority.stats },
      faults: faults.injected(),
    }),
    exchanges: () => exchanges.slice(),
    account: {
      marketplace: 'wish',
      site: 'US',
      shopId: merchantId,
      displayName: `Sandbox shop${suffix} (Wish, simulated)`,
      sandbox: true,
      currency: state.currency,
      locale: 'en-US',
      connection: { baseUrl: server.baseUrl, clientId, clientSecret, redirectUri },
      notice:
        'Simulated shop on this computer. The credentials are fake and work only against this local sandbox.',
    },
    close: () => server.close(),
  };
}
