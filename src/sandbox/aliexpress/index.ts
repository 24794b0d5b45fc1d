/**
 * The fake AliExpress Open Platform (IOP gateway), written from ../../../../shared/marketplace-notes.md
 * §3, never from our connector. It doubles as the built-in sandbox shop: `startAliExpressSandbox()`
 * serves a seeded store on 127.0.0.1 (random port).
 *
 * Handle (the same shape as the fake Shopee's):
 * - baseUrl, appKey, appSecret, sellerId, site, currency: how to reach and sign for it;
 * - now() / advance(ms): the simulated clock (epoch ms) shared by tokens, filters, limits, quota;
 * - groundTruth(), writes(), faults, stats(), exchanges(), account, close();
 * - control: issueAuthorizationCode, expireAccessTokens, revokeAuthorization, setRateLimit,
 *   setDailyQuota / exhaustDailyQuota (the app-key daily ban), placeOrder, placeRandomOrders,
 *   cancelOrder, shipOrder, sellerEdit.
 */
import { SimClock } from '../kit/clock.js';
import { FaultInjector, type FaultCounts } from '../kit/faults.js';
import { createRandom } from '../kit/random.js';
import { RateLimiterTable, type RateLimitSettings } from '../kit/rate-limit.js';
import { startSandboxServer, type SandboxExchange } from '../kit/server.js';
import { AliExpressAuthority, type AuthorityStats } from './authority.js';
import { StoreControl, type PlaceOrderLine, type SellerEditChanges } from './control.js';
import { generateStoreState, idRange } from './generate.js';
import { groundTruthOf, type AliExpressGroundTruth } from './ground-truth.js';
import { nextBeijingMidnight } from './pacific.js';
import {
  createAliExpressHandler,
  serverErrorAnswer,
  throttledAnswer,
  type DailyQuota,
} from './router.js';
import type { WriteRecord } from './state.js';

export { AliExpressControlError, type PlaceOrderLine, type SellerEditChanges } from './control.js';
export type {
  AliExpressGroundTruth,
  AliExpressGroundTruthOrder,
  AliExpressGroundTruthProduct,
  AliExpressGroundTruthSku,
} from './ground-truth.js';
export type { WriteRecord as AliExpressWrite } from './state.js';

/**
 * Obviously fake credentials: they work only against this local sandbox and sign nothing real.
 * The app secret is not a secret; it is printed in the docs on purpose.
 */
export const ALIEXPRESS_SANDBOX_CREDENTIALS = Object.freeze({
  appKey: '500101',
  appSecret: 'sandbox-app-secret-NOT-A-SECRET-works-only-on-127.0.0.1',
  sellerId: 2_200_000_000_101,
});

/** AliExpress publishes no numbers; the fake defaults to 10 calls per second, burst 20. */
export const ALIEXPRESS_SANDBOX_DEFAULT_RATE_LIMIT: RateLimitSettings = Object.freeze({
  requestsPerSecond: 10,
  burst: 20,
});

export interface AliExpressSandboxOptions {
  seed?: number;
  catalogSeed?: number;
  /** The seller id (default ALIEXPRESS_SANDBOX_CREDENTIALS.sellerId); several stores need different ones. */
  shopId?: number;
  /** Products in the store (default 200). */
  items?: number;
  orders?: number;
  orderDays?: number;
  startTime?: number;
  timeScale?: number;
  rateLimit?: RateLimitSettings | null;
  /** Calls per app key per Beijing day before the daily ban (default null: unlimited). */
  dailyQuota?: number | null;
  accessTokenSeconds?: number;
  refreshTokenSeconds?: number;
  recordExchanges?: boolean;
}

export interface AliExpressSandboxAccount {
  marketplace: 'aliexpress';
  site: string;
  shopId: string;
  displayName: string;
  sandbox: true;
  currency: string;
  locale: string;
  connection: { baseUrl: string; appKey: string; appSecret: string };
  notice: string;
}

export interface AliExpressSandboxStats {
  requests: Record<string, number>;
  throttled: number;
  auth: AuthorityStats;
  faults: FaultCounts;
  dailyQuota: { limit: number | null; used: number; bannedUntil: number | null };
}

export interface AliExpressSandbox {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  sellerId: number;
  site: string;
  currency: string;
  now(): number;
  advance(simulatedMs: number): void;
  groundTruth(): AliExpressGroundTruth;
  faults: FaultInjector;
  control: {
    issueAuthorizationCode(): string;
    expireAccessTokens(): void;
    revokeAuthorization(): void;
    setRateLimit(settings: RateLimitSettings | null): void;
    setDailyQuota(limit: number | null): void;
    /** Bans the app key until the next midnight GMT+8, as a used-up daily quota does. */
    exhaustDailyQuota(): void;
    placeOrder(lines?: readonly PlaceOrderLine[]): string;
    placeRandomOrders(count: number): string[];
    cancelOrder(orderId: string): void;
    shipOrder(orderId: string, trackingNumber?: string): void;
    sellerEdit(productId: number, changes: SellerEditChanges): void;
  };
  writes(): WriteRecord[];
  stats(): AliExpressSandboxStats;
  exchanges(): SandboxExchange[];
  account: AliExpressSandboxAccount;
  close(): Promise<void>;
}

function checkOptions(options: AliExpressSandboxOptions): void {
  const integer = (name: string, value: number | null | undefined, min: number) => {
    if (value !== undefined && value !== null && !(Number.isSafeInteger(value) && value >= min)) {
      throw new RangeError(`${name} must be an integer of at least ${min}, got ${value}`);
    }
  };
  integer('seed', options.seed, 0);
  integer('catalogSeed', options.catalogSeed, 0);
  integer('shopId', options.shopId, 1);
  integer('items', options.items, 0);
  integer('orders', options.orders, 0);
  integer('orderDays', options.orderDays, 1);
  integer('dailyQuota', options.dailyQuota, 0);
  integer('accessTokenSeconds', options.accessTokenSeconds, 60);
  integer('refreshTokenSeconds', options.refreshTokenSeconds, 60);
}

export async function startAliExpressSandbox(
  options: AliExpressSandboxOptions = {},
): Promise<AliExpressSandbox> {
  checkOptions(options);
  const seed = options.seed ?? 1;
  const sellerId = options.shopId ?? ALIEXPRESS_SANDBOX_CREDENTIALS.sellerId;
  const { appKey, appSecret } = ALIEXPRESS_SANDBOX_CREDENTIALS;
  const clock = new SimClock({ startTime: options.startTime, timeScale: options.timeScale });
  const random = createRandom(seed * 6151 + 29);
  const state = generateStoreState({
    seed,
    catalogSeed: options.catalogSeed,
    productCount: options.items ?? 200,
    orderCount: options.orders ?? 300,
    orderDays: options.orderDays ?? 90,
    now: clock.now(),
    currency: 'USD',
    firstProductId: idRange(seed, sellerId, ALIEXPRESS_SANDBOX_CREDENTIALS.sellerId),
  });
  const nameSuffix = sellerId === ALIEXPRESS_SANDBOX_CREDENTIALS.sellerId ? '' : ` ${sellerId}`;
  const authority = new AliExpressAuthority(
    clock,
    random,
    sellerId,
    `sandbox_seller${nameSuffix.trim()}`,
    {
      accessTokenSeconds: options.accessTokenSeconds ?? 7 * 86_400,
      refreshTokenSeconds: options.refreshTokenSeconds ?? 30 * 86_400,
    },
  );
  const limiter = new RateLimiterTable(
    clock,
    options.rateLimit === undefined ? ALIEXPRESS_SANDBOX_DEFAULT_RATE_LIMIT : options.rateLimit,
  );
  const quota: DailyQuota = { limit: options.dailyQuota ?? null, used: 0, day: 0, bannedUntil: 0 };
  const control = new StoreControl(state, clock, createRandom(seed * 92_821 + 5));
  const faults = new FaultInjector(seed);
  const requests: Record<string, number> = {};
  const exchanges: SandboxExchange[] = [];
  let throttled = 0;
  const handler = createAliExpressHandler({
    clock,
    random,
    state,
    authority,
    limiter,
    quota,
    app: { appKey, appSecret },
    onRequest: (api) => {
      requests[api] = (requests[api] ?? 0) + 1;
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
    rateLimited: (_request, retryAfterMs) => throttledAnswer(random, retryAfterMs),
    onExchange: options.recordExchanges ? (exchange) => exchanges.push(exchange) : undefined,
  });
  const site = 'GLOBAL';
  return {
    baseUrl: server.baseUrl,
    appKey,
    appSecret,
    sellerId,
    site,
    currency: state.currency,
    now: () => clock.now(),
    advance: (simulatedMs) => clock.advance(simulatedMs),
    groundTruth: () => groundTruthOf(state, clock.now(), sellerId),
    writes: () => state.writes.map((write) => ({ ...write })),
    faults,
    control: {
      issueAuthorizationCode: () => authority.issueCode(),
      expireAccessTokens: () => authority.expireAccessTokens(),
      revokeAuthorization: () => authority.revokeAuthorization(),
      setRateLimit: (settings) => limiter.configure(settings),
      setDailyQuota: (limit) => {
        checkOptions({ dailyQuota: limit });
        quota.limit = limit;
        quota.bannedUntil = 0;
      },
      exhaustDailyQuota: () => {
        quota.bannedUntil = nextBeijingMidnight(clock.now());
      },
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
      dailyQuota: {
        limit: quota.limit,
        used: quota.used,
        bannedUntil: quota.bannedUntil > clock.now() ? quota.bannedUntil : null,
      },
    }),
    exchanges: () => exchanges.slice(),
    account: {
      marketplace: 'aliexpress',
      site,
      shopId: String(sellerId),
      displayName: `Sandbox store${nameSuffix} (AliExpress, simulated)`,
      sandbox: true,
      currency: state.currency,
      locale: 'en-US',
      connection: { baseUrl: server.baseUrl, appKey, appSecret },
      notice:
        'Simulated store on this computer. The credentials are fake and work only against this local sandbox.',
    },
    close: () => server.close(),
  };
}
