/**
 * The fake Shopee Open Platform v2, written from the reference records and the developer guide (see
 * ../../../../shared/marketplace-notes.md §5), never from our connector. It doubles as the
 * built-in sandbox shop: `startShopeeSandbox()` serves a seeded shop on 127.0.0.1 (random port).
 *
 * Handle returned by startShopeeSandbox:
 * - baseUrl, partnerId, partnerKey, shopId, region, currency: how to reach and sign for it;
 * - now() / advance(ms): the simulated clock (Unix ms), shared by tokens, windows and rate limits;
 * - groundTruth(): a deep copy of the shop's items and orders as they stand now (for tests);
 * - faults: the FaultInjector (latency, throttles, 5xx, drops, truncated bodies);
 * - control: issue a consent code, expire access tokens, revoke the authorization, change limits;
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
import { createShopeeHandler, serverErrorAnswer, throttledAnswer } from './router.js';
import {
  applyDueChanges,
  generateShopState,
  type FakeOrderStatus,
  type FakeItemStatus,
} from './state.js';

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
  seed?: number;
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

export interface ShopeeGroundTruthModel {
  model_id: number;
  model_sku: string;
  model_status: string;
  price_cents: number;
  stock: number;
}

export interface ShopeeGroundTruthItem {
  item_id: number;
  item_sku: string;
  item_name: string;
  item_status: FakeItemStatus;
  update_time: number;
  price_cents: number;
  stock: number;
  models: ShopeeGroundTruthModel[];
}

export interface ShopeeGroundTruthOrder {
  order_sn: string;
  order_status: FakeOrderStatus;
  create_time: number;
  update_time: number;
  total_cents: number;
  tracking_number: string | null;
  lines: {
    item_id: number;
    model_id: number;
    quantity: number;
    discounted_cents: number;
    sku: string;
  }[];
}

export interface ShopeeGroundTruth {
  nowSeconds: number;
  region: string;
  currency: string;
  /** Decimal places of the currency: prices are cents / 10^decimals. */
  currencyDecimals: number;
  items: ShopeeGroundTruthItem[];
  orders: ShopeeGroundTruthOrder[];
  /** Status changes still scheduled in the future. */
  pendingChanges: number;
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
  };
  stats(): ShopeeSandboxStats;
  exchanges(): SandboxExchange[];
  account: ShopeeSandboxAccount;
  close(): Promise<void>;
}

export async function startShopeeSandbox(
  options: ShopeeSandboxOptions = {},
): Promise<ShopeeSandbox> {
  const seed = options.seed ?? 1;
  const clock = new SimClock({ startTime: options.startTime, timeScale: options.timeScale });
  const random = createRandom(seed * 7919 + 17);
  const state = generateShopState({
    seed,
    itemCount: options.items ?? 200,
    orderCount: options.orders ?? 300,
    orderDays: options.orderDays ?? 90,
    nowSeconds: clock.nowSeconds(),
    region: 'SG',
    currency: 'SGD',
  });
  const { partnerId, partnerKey, shopId } = SHOPEE_SANDBOX_CREDENTIALS;
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
    shopName: 'Silkroute Sandbox Shop (simulated)',
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

  const groundTruth = (): ShopeeGroundTruth => {
    applyDueChanges(state, clock.nowSeconds());
    return structuredClone({
      nowSeconds: clock.nowSeconds(),
      region: state.region,
      currency: state.currency,
      currencyDecimals: 2,
      items: state.items.map((item) => ({
        item_id: item.item_id,
        item_sku: item.item_sku,
        item_name: item.item_name,
        item_status: item.item_status,
        update_time: item.update_time,
        price_cents: item.price_cents,
        stock: item.stock,
        models: item.models.map((model) => ({
          model_id: model.model_id,
          model_sku: model.model_sku,
          model_status: model.model_status,
          price_cents: model.price_cents,
          stock: model.stock,
        })),
      })),
      orders: state.orders.map((order) => ({
        order_sn: order.order_sn,
        order_status: order.order_status,
        create_time: order.create_time,
        update_time: order.update_time,
        total_cents: order.total_cents,
        tracking_number: order.tracking_number,
        lines: order.lines.map((line) => ({
          item_id: line.item_id,
          model_id: line.model_id,
          quantity: line.quantity,
          discounted_cents: line.discounted_cents,
          sku: line.model_sku || line.item_sku,
        })),
      })),
      pendingChanges: state.scheduled.length,
    });
  };

  return {
    baseUrl: server.baseUrl,
    partnerId,
    partnerKey,
    shopId,
    region: state.region,
    currency: state.currency,
    now: () => clock.now(),
    advance: (simulatedMs) => clock.advance(simulatedMs),
    groundTruth,
    faults,
    control: {
      issueAuthorizationCode: () => authority.issueCode(),
      expireAccessTokens: () => authority.expireAccessTokens(),
      revokeAuthorization: () => authority.revokeAuthorization(),
      setRateLimit: (settings) => limiter.configure(settings),
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
      displayName: 'Sandbox shop (Shopee, simulated)',
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
